package actions

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// TestResumeAfterCancel cancels a run after two batches were accepted and resumes it:
// the accepted jobs are polled, not sent again, and the end state is that of a whole run.
func TestResumeAfterCancel(t *testing.T) {
	opts := smallOptions
	opts.JobDuration = 400 * time.Millisecond // jobs still run when the run is cancelled
	e := newEnv(t, opts)
	user := e.heavy(0)
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "low"}})
	batches := ceilDiv(len(p.Changes), 100)
	if batches < 4 {
		t.Fatalf("only %d batches", batches)
	}
	e.s.ResetStats()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &eventLog{}
	sent := 0
	rec.hook = func(ev Event) {
		if ev.Kind == EventBatchSent {
			if sent++; sent == 2 {
				cancel()
			}
		}
	}
	res, err := e.runner.Apply(ctx, p, rec.add)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || res == nil || !res.Interrupted || res.Unknown == 0 {
		t.Fatalf("cancelled apply: %+v, %v", res, err)
	}
	if got := writes(e.s.Stats())["PUT /api/v2/tickets/update_many"]; got != 2 {
		t.Fatalf("%d batches sent before the cancel took hold, want 2", got)
	}
	run := e.run(p.ID)
	if run.Finished() || run.Final == nil || !run.Final.Interrupted {
		t.Fatalf("the log does not show an interrupted run: %+v", run.Final)
	}
	if len(run.PendingJobs()) == 0 {
		t.Fatal("no pending jobs recorded: the cancel came after the jobs finished (raise JobDuration)")
	}

	e.s.ResetStats()
	res, err = e.runner.Resume(context.Background(), p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Succeeded != len(p.Changes) || res.Failed != 0 || res.Unknown != 0 || res.Interrupted {
		t.Fatalf("resumed: %+v", res)
	}
	if got := writes(e.s.Stats())["PUT /api/v2/tickets/update_many"]; got != batches-2 {
		t.Errorf("resume sent %d batches, want %d", got, batches-2)
	}
	for _, c := range p.Changes {
		if got := e.ticket(c.ID); got.Priority != "low" {
			t.Errorf("ticket %d: %q", c.ID, got.Priority)
		}
	}
	checkFinished(t, e, p, res)
	if _, err := e.runner.Resume(context.Background(), p.ID, nil); err == nil || !strings.Contains(err.Error(), "nothing to resume") {
		t.Errorf("resume of a finished run: %v", err)
	}

	// The same request on a twin account, uninterrupted, ends in the same state.
	twin := newEnv(t, opts)
	twin.apply(twin.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "low"}}))
	for _, id := range e.userTickets(user) {
		a, b := e.ticket(id), twin.ticket(id)
		if a.Priority != b.Priority || a.Status != b.Status || a.AssigneeID != b.AssigneeID || a.GroupID != b.GroupID || a.Deleted != b.Deleted {
			t.Errorf("ticket %d: resumed %+v, uninterrupted %+v", id, a, b)
		}
	}
}

// TestResumeAfterCrash writes what a process that died would have left: an intent, one
// batch accepted and recorded, one accepted but never recorded, no final.
func TestResumeAfterCrash(t *testing.T) {
	e := newEnv(t, smallOptions)
	p, batches, job := crashAfterUnrecordedBatch(t, e, 3)
	ctx := context.Background()
	if run := e.run(p.ID); run.Finished() || len(run.PendingJobs()) != 1 {
		t.Fatalf("crashed run: finished %v, pending %v", run.Finished(), run.PendingJobs())
	}

	e.s.ResetStats()
	res, err := e.runner.Resume(ctx, p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Succeeded != len(p.Changes) || res.Failed != 0 || res.Unknown != 0 {
		t.Fatalf("resumed: %+v", res)
	}
	// The recorded job is polled, not resent; the unrecorded batch is read back, found
	// written, and not sent again either.
	if got := writes(e.s.Stats())["PUT /api/v2/tickets/update_many"]; got != len(batches)-2 {
		t.Errorf("resume sent %d batches, want %d", got, len(batches)-2)
	}
	for _, id := range batches[1].IDs {
		if n := e.s.TicketWrites(id); n != 1 {
			t.Errorf("ticket %d of the unrecorded batch written %d times", id, n)
		}
	}
	for _, c := range p.Changes {
		if e.ticket(c.ID).Priority != "urgent" {
			t.Errorf("ticket %d not urgent", c.ID)
		}
	}
	run := checkFinished(t, e, p, res)
	if run.Resumes != 1 || run.Outcomes[batches[0].IDs[0]].JobID != job.ID {
		t.Errorf("resumes %d, outcome of the first batch %+v", run.Resumes, run.Outcomes[batches[0].IDs[0]])
	}
}

// A resume that starts while the crashed session's jobs are still running must not read the
// unrecorded batch back before its job (queued behind them) has had time to run, or it
// would find the tickets unwritten and write them a second time.
func TestResumeWaitsForEarlierJobsBeforeReadingBack(t *testing.T) {
	opts := smallOptions
	opts.JobDuration = 2 * resumeSettle // outlasts the settle time a resume waits at least
	e := newEnv(t, opts)
	p, batches, _ := crashAfterUnrecordedBatch(t, e, 2)
	res, err := e.runner.Resume(context.Background(), p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Succeeded != len(p.Changes) || res.Failed != 0 || res.Unknown != 0 {
		t.Fatalf("resumed: %+v", res)
	}
	for _, id := range batches[1].IDs {
		if n := e.s.TicketWrites(id); n != 1 {
			t.Fatalf("ticket %d of the unrecorded batch written %d times", id, n)
		}
	}
}

// TestCreateTicketResumeIsIdempotent: the POST went through but the process died before
// recording the ticket; the resumed run sends the same key and gets the same ticket back.
func TestCreateTicketResumeIsIdempotent(t *testing.T) {
	e := newEnv(t, smallOptions)
	user, _ := e.s.SampleUser("end-user")
	n := e.s.RequestedCount(user)
	p := e.plan(Request{Action: CreateTicket, Target: Target{UserID: user}, Params: Params{Subject: "Refund follow-up", Body: "Check the refund."}})
	if err := e.audit.Append(Entry{Type: EntryIntent, RunID: p.ID, Action: p.Request.Action, Plan: p}); err != nil {
		t.Fatal(err)
	}
	first, err := e.c.Tickets.Create(context.Background(), *p.NewTicket, idempotencyKey(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.runner.Resume(context.Background(), p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.CreatedTicket != first.Ticket.ID || res.Succeeded != 1 {
		t.Errorf("resumed create: %+v, first ticket %d", res, first.Ticket.ID)
	}
	if got := e.s.RequestedCount(user); got != n+1 {
		t.Errorf("the user has %d tickets, want %d: a second ticket was created", got, n+1)
	}
	run := e.run(p.ID)
	if run.CreatedTicket != first.Ticket.ID || !run.Finished() {
		t.Errorf("log: created %d finished %v", run.CreatedTicket, run.Finished())
	}

	// After the key's two hours, resume refuses rather than risk a second ticket.
	p2 := e.plan(Request{Action: CreateTicket, Target: Target{UserID: user}})
	if err := e.audit.Append(Entry{Type: EntryIntent, RunID: p2.ID, Time: time.Now().Add(-3 * time.Hour), Plan: p2}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.runner.Resume(context.Background(), p2.ID, nil); err == nil || !strings.Contains(err.Error(), "Idempotency-Key") {
		t.Errorf("stale create resume: %v", err)
	}
}

func TestResumeChecks(t *testing.T) {
	e := newEnv(t, smallOptions)
	if _, err := e.runner.Resume(context.Background(), "no-such-run", nil); err == nil || !strings.Contains(err.Error(), "no run no-such-run") {
		t.Errorf("unknown run: %v", err)
	}
	p := e.plan(Request{Action: SuspendUser, Target: Target{UserID: e.heavy(0)}})
	if err := e.audit.Append(Entry{Type: EntryIntent, RunID: p.ID, Profile: "prod", Plan: p}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.runner.Resume(context.Background(), p.ID, nil); err == nil || !strings.Contains(err.Error(), `profile "prod"`) {
		t.Errorf("other profile: %v", err)
	}
	if _, err := PlanUndo(e.run(p.ID)); err == nil || !strings.Contains(err.Error(), "resume it first") {
		t.Errorf("undo of an unfinished run: %v", err)
	}
}

// TestResumeForgottenJob: the log names a job Zendesk no longer knows (statuses are kept
// for a day). An update is sent again; the run ends as if nothing had been lost.
func TestResumeForgottenJob(t *testing.T) {
	e := newEnv(t, smallOptions)
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: e.heavy(2)}, Params: Params{Priority: "urgent"}})
	batches, _ := ticketBatches(p, nil, 1)
	if err := e.audit.Append(Entry{Type: EntryIntent, RunID: p.ID, Plan: p, Profile: "test", Operator: "op@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := e.audit.Append(Entry{Type: EntryBatchSent, RunID: p.ID, Batch: 1, JobID: "V3-forgotten", IDs: batches[0].IDs}); err != nil {
		t.Fatal(err)
	}
	e.s.ResetStats()
	res, err := e.runner.Resume(context.Background(), p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Succeeded != len(p.Changes) || res.Unknown != 0 {
		t.Fatalf("result %+v", res)
	}
	st := e.s.Stats()
	if got := st.ByRoute["PUT /api/v2/tickets/update_many"]; got != len(batches) {
		t.Errorf("%d batches sent, want %d (the forgotten one again)", got, len(batches))
	}
	if polls := st.ByRoute["GET /api/v2/job_statuses/show_many"]; polls < maxMissingPollsResumed {
		t.Errorf("gave up on the job after %d polls", polls)
	}
	for _, c := range p.Changes {
		if e.ticket(c.ID).Priority != "urgent" {
			t.Errorf("ticket %d not urgent", c.ID)
		}
	}
	checkFinished(t, e, p, res)
}

// crashAfterUnrecordedBatch starts a set-priority run of a heavy requester's tickets (at
// least minBatches batches) the way a session that then died would have: the intent and
// batch 1 are recorded, batch 2 was sent but never recorded. It returns the plan, its
// batches and batch 1's job.
func crashAfterUnrecordedBatch(t *testing.T, e *env, minBatches int) (*Plan, []batch, zendesk.JobStatus) {
	t.Helper()
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: e.heavy(1)}, Params: Params{Priority: "urgent"}})
	batches, err := ticketBatches(p, nil, 1)
	if err != nil || len(batches) < minBatches {
		t.Fatalf("%d batches, %v", len(batches), err)
	}
	ctx := context.Background()
	change := zendesk.TicketUpdate{Priority: zendesk.Ptr("urgent")}
	if err := e.audit.Append(Entry{Type: EntryIntent, RunID: p.ID, Action: p.Request.Action, Profile: "test", Operator: "op@x", Plan: p}); err != nil {
		t.Fatal(err)
	}
	job, err := e.c.Tickets.UpdateMany(ctx, batches[0].IDs, change)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.audit.Append(Entry{Type: EntryBatchSent, RunID: p.ID, Batch: 1, JobID: job.ID, IDs: batches[0].IDs}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.Tickets.UpdateMany(ctx, batches[1].IDs, change); err != nil { // the crash: never recorded
		t.Fatal(err)
	}
	return p, batches, job
}
