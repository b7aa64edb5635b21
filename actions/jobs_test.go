package actions

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// TestJobCapWaits runs against an account that allows two jobs at a time, both taken by
// somebody else when the run starts, while the runner is willing to keep 30 in flight: the
// TooManyJobs answer makes it wait, never fail, and then it keeps to the free slots that
// Zendesk's inflight-jobs header reports.
func TestJobCapWaits(t *testing.T) {
	opts := smallOptions
	opts.MaxJobs = 2
	opts.JobDuration = 60 * time.Millisecond
	e := newEnv(t, opts)
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: e.heavy(0)}, Params: Params{Priority: "urgent"}})
	batches := ceilDiv(len(p.Changes), 100)
	others := e.userTickets(e.heavy(1))
	for _, id := range others[:2] {
		if _, err := e.c.Tickets.UpdateMany(context.Background(), []int64{id}, zendesk.TicketUpdate{Type: zendesk.Ptr("task")}); err != nil {
			t.Fatal(err)
		}
	}
	e.s.ResetStats()
	rec := &eventLog{}
	most := 0
	rec.hook = func(ev Event) {
		if ev.Kind == EventBatchSent {
			most = max(most, e.s.OpenJobs())
		}
	}
	res, err := e.runner.Apply(context.Background(), p, rec.add)
	if err != nil {
		t.Fatal(err)
	}
	events := rec.all()
	if res.Succeeded != len(p.Changes) || res.Failed != 0 {
		t.Fatalf("result %+v", res)
	}
	st := e.s.Stats()
	if st.ByStatus["429"] == 0 {
		t.Fatal("the job cap was never hit: the test does not test it")
	}
	if got := st.ByRoute["PUT /api/v2/tickets/update_many"] - st.ByStatus["429"]; got != batches {
		t.Errorf("%d accepted batches, want %d", got, batches)
	}
	waits := 0
	for _, ev := range events {
		if ev.Kind == EventWaiting && strings.Contains(ev.Reason, "job limit") {
			waits++
		}
	}
	if waits == 0 {
		t.Error("no waiting event for the job cap")
	}
	if most > 2 {
		t.Errorf("%d jobs open at once on an account that allows 2", most)
	}
	if st.ByStatus["429"] > 4 {
		t.Errorf("%d TooManyJobs answers: the inflight-jobs header is not heeded", st.ByStatus["429"])
	}
}

// TestMaxJobsIsRespected: the runner never has more jobs open than MaxJobs.
func TestMaxJobsIsRespected(t *testing.T) {
	opts := smallOptions
	opts.JobDuration = 40 * time.Millisecond
	e := newEnv(t, opts)
	e.runner.MaxJobs = 2
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: e.heavy(0)}, Params: Params{Priority: "urgent"}})
	rec := &eventLog{}
	most := 0
	rec.hook = func(ev Event) {
		if ev.Kind == EventBatchSent {
			most = max(most, e.s.OpenJobs())
		}
	}
	e.s.ResetStats()
	if _, err := e.runner.Apply(context.Background(), p, rec.add); err != nil {
		t.Fatal(err)
	}
	if most > 2 || most == 0 {
		t.Errorf("%d jobs open at once, MaxJobs 2", most)
	}
	if st := e.s.Stats(); st.ByStatus["429"] > 0 {
		t.Errorf("%d 429 answers", st.ByStatus["429"])
	}
}

// TestItemFailuresAreRecorded: a ticket closed between the preview and the run fails in
// its job (which still completes); the failure is reported and audited with Zendesk's reason.
func TestItemFailuresAreRecorded(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(1)
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "urgent"}})
	var victim int64
	for _, c := range p.Changes {
		if c.Status == "solved" {
			victim = c.ID
			break
		}
	}
	if victim == 0 {
		t.Fatal("no solved ticket in the plan")
	}
	ctx := context.Background()
	if _, err := e.c.Tickets.UpdateMany(ctx, []int64{victim}, zendesk.TicketUpdate{Status: zendesk.Ptr("closed")}); err != nil {
		t.Fatal(err)
	}
	for e.s.OpenJobs() > 0 {
		time.Sleep(5 * time.Millisecond)
	}
	res, events := e.apply(p)
	if res.Failed != 1 || res.Succeeded != len(p.Changes)-1 || len(res.Failures) != 1 || res.Failures[0].ID != victim {
		t.Fatalf("result %+v", res)
	}
	if !strings.Contains(res.Failures[0].Reason, "closed") {
		t.Errorf("reason %q", res.Failures[0].Reason)
	}
	if countKind(events, EventTicketFailed) != 1 {
		t.Errorf("%d ticket-failed events", countKind(events, EventTicketFailed))
	}
	run := e.run(p.ID)
	if o := run.Outcomes[victim]; o.State != Failed || o.Reason != res.Failures[0].Reason {
		t.Errorf("logged outcome %+v", o)
	}
	// Undo leaves the failed ticket alone.
	u, err := PlanUndo(run)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range u.Changes {
		if c.ID == victim {
			t.Error("undo would write the ticket the run failed on")
		}
	}
}

func TestJobOutcomes(t *testing.T) {
	ok, no := true, false
	ids := []int64{10, 11, 12}
	cases := []struct {
		name string
		job  zendesk.JobStatus
		want []OutcomeState
	}{
		{"by id, one failed", zendesk.JobStatus{Status: "completed", Results: zendesk.JobResults{
			{ID: 10, Success: &ok}, {ID: 11, Error: "TicketUpdateFailed", Details: "closed"}, {ID: 12, Success: &ok}}},
			[]OutcomeState{Succeeded, Failed, Succeeded}},
		{"by index", zendesk.JobStatus{Status: "completed", Results: zendesk.JobResults{
			{Index: 0, Success: &ok}, {Index: 1, Success: &ok}, {Index: 2, Success: &no}}},
			[]OutcomeState{Succeeded, Succeeded, Failed}},
		{"one missing", zendesk.JobStatus{Status: "completed", Results: zendesk.JobResults{
			{ID: 10, Success: &ok}, {ID: 12, Success: &ok}, {ID: 99, Error: "other batch"}}},
			[]OutcomeState{Succeeded, Unknown, Succeeded}},
		{"no results", zendesk.JobStatus{Status: "completed"}, []OutcomeState{Succeeded, Succeeded, Succeeded}},
		{"whole job", zendesk.JobStatus{Status: "completed", Results: zendesk.JobResults{{Success: &ok}}}, []OutcomeState{Succeeded, Succeeded, Succeeded}},
		{"failed job", zendesk.JobStatus{Status: "failed", Message: "boom", Results: zendesk.JobResults{{ID: 10, Success: &ok}}}, []OutcomeState{Failed, Failed, Failed}},
		{"killed job", zendesk.JobStatus{Status: "killed"}, []OutcomeState{Failed, Failed, Failed}},
	}
	for _, c := range cases {
		outs := jobOutcomes(ids, c.job)
		for i, o := range outs {
			if o.ID != ids[i] || o.State != c.want[i] {
				t.Errorf("%s: item %d: %+v, want %s", c.name, i, o, c.want[i])
			}
		}
	}
	if o := jobOutcomes(ids, zendesk.JobStatus{Status: "failed", Message: "boom"})[0]; o.Reason != "the job failed: boom" {
		t.Errorf("failed job reason %q", o.Reason)
	}
	if o := jobOutcomes(ids, cases[0].job)[1]; o.Reason != "TicketUpdateFailed: closed" {
		t.Errorf("item reason %q", o.Reason)
	}
}

func TestWaitRelay(t *testing.T) {
	relay := &WaitRelay{}
	relay.OnWait(zendesk.Wait{Delay: time.Second}) // nobody listening: dropped
	rec := &eventLog{}
	detach := relay.attach("run-1", rec.add)
	relay.OnWait(zendesk.Wait{Method: "GET", Path: "/api/v2/users", Reason: "rate limited (429)", Delay: 3 * time.Second, Attempt: 2})
	detach()
	relay.OnWait(zendesk.Wait{Delay: time.Second})
	evs := rec.all()
	if len(evs) != 1 || evs[0].Kind != EventWaiting || evs[0].RunID != "run-1" || evs[0].Wait != 3*time.Second || !strings.Contains(evs[0].Reason, "rate limited") {
		t.Errorf("events %+v", evs)
	}
	var got []Event
	ForwardWaits("r", func(ev Event) { got = append(got, ev) })(zendesk.Wait{Delay: time.Millisecond})
	if len(got) != 1 || got[0].RunID != "r" {
		t.Errorf("forward %+v", got)
	}
}

// TestRateLimitWaitsAreEvents: the client's waits on 429 reach the run's events through the
// relay installed as zendesk.Options.OnWait.
func TestRateLimitWaitsAreEvents(t *testing.T) {
	opts := smallOptions
	opts.RateLimit, opts.RateWindow = 12, 400*time.Millisecond
	opts.JobDuration = 200 * time.Millisecond
	e := newEnv(t, opts)
	user, _ := e.s.SampleUser("end-user")
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "urgent"}})
	if len(p.Changes) == 0 {
		t.Skip("the sample user's tickets are all urgent or closed")
	}
	time.Sleep(opts.RateWindow) // a fresh window for the run
	res, events := e.apply(p)
	if res.Succeeded != len(p.Changes) {
		t.Fatalf("result %+v", res)
	}
	waits := 0
	for _, ev := range events {
		if ev.Kind == EventWaiting && strings.Contains(ev.Reason, "rate limited") && ev.RunID == p.ID && ev.Wait > 0 {
			waits++
		}
	}
	if waits == 0 {
		t.Errorf("no rate-limit waiting event; events: %v", events)
	}
}

// TestEmptyPlan: a plan with nothing to write is applied as a run that writes nothing.
func TestEmptyPlan(t *testing.T) {
	e := newEnv(t, smallOptions)
	user, _ := e.s.SampleUser("end-user")
	e.apply(e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "low"}}))
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "low"}})
	if !p.Empty() || len(p.Calls) != 0 {
		t.Fatalf("second plan: %d changes, calls %v", len(p.Changes), p.Calls)
	}
	e.s.ResetStats()
	res, events := e.apply(p)
	if res.Planned != 0 || res.Skipped != len(p.Skipped) || e.s.Stats().Total != 0 || events[len(events)-1].Kind != EventFinished {
		t.Errorf("empty run: %+v, %d requests", res, e.s.Stats().Total)
	}
	if !e.run(p.ID).Finished() {
		t.Error("empty run not finished in the log")
	}
}
