package actions

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// chaosFaults is every fault at once, at the rates of the issue, with the latency and
// Retry-After kept small so that a run of thousands of tickets takes seconds.
var chaosFaults = sandbox.Faults{
	Latency: time.Millisecond, Jitter: time.Millisecond,
	ServerError: 0.1, RateLimit: 0.05, Reset: 0.02, JobFail: 0.05, ItemFail: 0.01,
	RetryAfter: 10 * time.Millisecond,
}

// chaosEnv is an env whose sandbox injects faults and whose client may try a call more
// often than by default, so that planning survives a run of bad luck.
func chaosEnv(t *testing.T, opts sandbox.Options, attempts int) *env {
	t.Helper()
	e := newEnv(t, opts)
	email, token, _ := e.s.Credentials()
	c, err := zendesk.NewClient(zendesk.Options{BaseURL: e.url, Credentials: zendesk.Credentials{Email: email, APIToken: token},
		Profile: "test", OnWait: e.relay.OnWait, MaxAttempts: attempts})
	if err != nil {
		t.Fatal(err)
	}
	e.c, e.planner.Client, e.runner.Client = c, c, c
	return e
}

// injectAll queues faults for the next requests to route.
func injectAll(t *testing.T, s *sandbox.Server, route string, kinds ...string) {
	t.Helper()
	for _, k := range kinds {
		if err := s.InjectFault(route, k); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSetStatusUnderFaults runs set-status on 5,000 tickets while the sandbox injects every
// fault at once. The run must end with each planned ticket either in the target state or
// reported failed with Zendesk's reason, its counts must match what the API shows
// afterwards, and no ticket may be written by two batches, although some bulk calls lose
// their answers after Zendesk started their jobs.
func TestSetStatusUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000 tickets under injected faults")
	}
	const target, want = "pending", 5000
	opts := sandbox.Options{Seed: 21, Users: 400, Tickets: 11000, RateLimit: 1_000_000, RateWindow: time.Second,
		JobDuration: 150 * time.Millisecond, Faults: chaosFaults}
	opts.Faults.Seed = 77
	e := chaosEnv(t, opts, 8)
	e.runner.PollEvery = 20 * time.Millisecond

	var ids []int64
	for id := int64(1); len(ids) < want; id++ {
		tk, ok := e.s.Ticket(id)
		if !ok {
			t.Fatalf("only %d tickets can be set %s", len(ids), target)
		}
		if !tk.Deleted && tk.Status != "closed" && tk.Status != target {
			ids = append(ids, id)
		}
	}
	p := e.plan(Request{Action: SetStatus, Target: Target{TicketIDs: ids}, Params: Params{Status: target}})
	if len(p.Changes) != want {
		t.Fatalf("plan has %d changes, want %d (skipped %v)", len(p.Changes), want, p.Skipped[:min(3, len(p.Skipped))])
	}
	// The random faults make every kind likely; these make sure of the hardest ones: bulk
	// calls whose jobs ran although their answers were lost, a call that never reached the
	// endpoint, and jobs that failed.
	const bulk = "PUT /api/v2/tickets/update_many"
	injectAll(t, e.s, bulk, sandbox.FaultResetAfter, sandbox.FaultResetAfter, sandbox.FaultReset,
		sandbox.FaultResetAfter, sandbox.Fault500, sandbox.FaultJobFailed, sandbox.FaultJobFailed)
	e.s.ResetStats()

	start := time.Now()
	res, events := e.apply(p)
	elapsed := time.Since(start)
	st := e.s.Stats()
	if res.Unknown != 0 || res.Interrupted || res.Succeeded+res.Failed != want {
		t.Fatalf("result: %d succeeded, %d failed, %d unknown, interrupted %v", res.Succeeded, res.Failed, res.Unknown, res.Interrupted)
	}

	// Read every ticket back through the API (the faults still apply).
	after := map[int64]string{}
	got, err := e.c.Tickets.ShowMany(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range got {
		after[tk.ID] = tk.Status
	}
	failures := map[int64]string{}
	for _, f := range res.Failures {
		failures[f.ID] = f.Reason
	}
	inTarget := 0
	for _, id := range ids {
		reason, failed := failures[id]
		writes := e.s.TicketWrites(id)
		switch {
		case after[id] == target:
			inTarget++
			if failed {
				t.Errorf("ticket %d is %s but reported failed: %s", id, target, reason)
			}
			if writes != 1 {
				t.Errorf("ticket %d written by %d successful batch items", id, writes)
			}
		case !failed:
			t.Errorf("ticket %d is %q, not %s, and not reported failed", id, after[id], target)
		case !strings.Contains(reason, "TicketUpdateFailed") && !strings.Contains(reason, "the job failed"):
			t.Errorf("ticket %d failed without Zendesk's reason: %q", id, reason)
		case writes != 0:
			t.Errorf("ticket %d reported failed but written %d times", id, writes)
		}
	}
	if res.Succeeded != inTarget || res.Failed != want-inTarget {
		t.Errorf("result says %d succeeded and %d failed; the API shows %d of %d %s", res.Succeeded, res.Failed, inTarget, want, target)
	}

	// The faults did happen, the hard case among them, and the log tells the story.
	for _, kind := range []string{sandbox.Fault429, sandbox.FaultReset, sandbox.FaultResetAfter, sandbox.FaultJobFailed, sandbox.FaultItemFailed} {
		if st.Faults[kind] == 0 {
			t.Errorf("no %s fault happened: %v", kind, st.Faults)
		}
	}
	if st.Faults[sandbox.Fault500]+st.Faults[sandbox.Fault502]+st.Faults[sandbox.Fault503] == 0 {
		t.Errorf("no 5xx fault happened: %v", st.Faults)
	}
	confirmed, lost, retried := 0, 0, 0
	runs, problems, err := ReadAudit(e.audit.Path())
	if err != nil || len(problems) > 0 || len(runs) != 1 || !runs[0].Finished() {
		t.Fatalf("audit log: %d runs, problems %v, %v", len(runs), problems, err)
	}
	for _, o := range runs[0].Outcomes {
		switch {
		case strings.HasPrefix(o.Reason, "confirmed by reading"):
			confirmed++
		case o.State == Unknown:
			t.Errorf("ticket %d left unknown in the log: %s", o.ID, o.Reason)
		}
	}
	for _, ev := range events {
		switch {
		case ev.Kind == EventUnknown && strings.Contains(ev.Reason, "before sending them again"):
			lost++
		case ev.Kind == EventUnknown && strings.Contains(ev.Reason, "sending them once more"):
			retried++
		}
	}
	if confirmed == 0 || lost == 0 || retried == 0 {
		t.Errorf("%d tickets confirmed by reading back, %d with lost answers, %d retried after a failed job: the hard cases did not happen",
			confirmed, lost, retried)
	}
	t.Logf("%d tickets in %v: %d succeeded (%d confirmed by reading back), %d failed; %d requests, %d update_many, %d show_many reads, faults %v",
		want, elapsed.Round(time.Millisecond), res.Succeeded, confirmed, res.Failed, st.Total, st.ByRoute[bulk],
		st.ByRoute["GET /api/v2/tickets/show_many"], st.Faults)
}

// TestLostDeleteIsNotSentAgain: destroy_many's answers are lost after the jobs ran. The
// runner reads the tickets back, finds them gone, and does not delete them again; a
// resumed run does the same for the batches it never recorded.
func TestLostDeleteIsNotSentAgain(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(0)
	p := e.plan(Request{Action: DeleteTickets, Target: Target{UserID: user}})
	batches := ceilDiv(len(p.Changes), 100)
	if batches < 3 {
		t.Fatalf("only %d batches", batches)
	}
	const bulk = "DELETE /api/v2/tickets/destroy_many"
	injectAll(t, e.s, bulk, sandbox.FaultResetAfter, sandbox.FaultResetAfter)
	e.s.ResetStats()
	res, _ := e.apply(p)
	if res.Succeeded != len(p.Changes) || res.Failed != 0 || res.Unknown != 0 {
		t.Fatalf("result %+v", res)
	}
	if got := e.s.Stats().ByRoute[bulk]; got != batches {
		t.Errorf("%d destroy_many calls for %d batches: lost ones were sent again", got, batches)
	}
	for _, c := range p.Changes {
		if tk := e.ticket(c.ID); !tk.Deleted || e.s.TicketWrites(c.ID) != 1 {
			t.Errorf("ticket %d: deleted %v, written %d times", c.ID, tk.Deleted, e.s.TicketWrites(c.ID))
		}
	}

	// A crashed session: intent, one batch sent and never recorded. Resume reads it back.
	p2 := e.plan(Request{Action: DeleteTickets, Target: Target{UserID: e.heavy(1)}})
	b2, _ := ticketBatches(p2, nil, 1)
	if err := e.audit.Append(Entry{Type: EntryIntent, RunID: p2.ID, Plan: p2, Profile: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.Tickets.DestroyMany(context.Background(), b2[0].IDs); err != nil {
		t.Fatal(err)
	}
	e.s.ResetStats()
	res, err := e.runner.Resume(context.Background(), p2.ID, nil)
	if err != nil || res.Succeeded != len(p2.Changes) || res.Failed != 0 {
		t.Fatalf("resumed delete: %+v, %v", res, err)
	}
	if got := e.s.Stats().ByRoute[bulk]; got != len(b2)-1 {
		t.Errorf("resume made %d destroy_many calls, want %d: the unrecorded batch was deleted again", got, len(b2)-1)
	}
	for _, c := range p2.Changes {
		if e.s.TicketWrites(c.ID) != 1 {
			t.Errorf("ticket %d deleted %d times", c.ID, e.s.TicketWrites(c.ID))
		}
	}
}

// TestFailedJobIsRetriedOnce: a job that ends failed is read back and sent once more; a
// second failure is reported with Zendesk's message.
func TestFailedJobIsRetriedOnce(t *testing.T) {
	e := newEnv(t, smallOptions)
	const bulk = "PUT /api/v2/tickets/update_many"
	plan := func() *Plan { // one batch
		p := e.plan(Request{Action: SetPriority, Target: Target{TicketIDs: e.userTickets(e.heavy(2))[:90]}, Params: Params{Priority: "urgent"}})
		if len(p.Changes) == 0 || len(p.Changes) > 100 {
			t.Fatalf("%d changes", len(p.Changes))
		}
		return p
	}

	// One failure: the retry goes through.
	p := plan()
	injectAll(t, e.s, bulk, sandbox.FaultJobFailed)
	e.s.ResetStats()
	res, _ := e.apply(p)
	if res.Succeeded != len(p.Changes) || res.Unknown != 0 || e.s.Stats().ByRoute[bulk] != 2 {
		t.Fatalf("result after one failed job: %+v, %d calls", res, e.s.Stats().ByRoute[bulk])
	}
	for _, c := range p.Changes {
		if e.ticket(c.ID).Priority != "urgent" || e.s.TicketWrites(c.ID) != 1 {
			t.Errorf("ticket %d: %q, %d writes", c.ID, e.ticket(c.ID).Priority, e.s.TicketWrites(c.ID))
		}
	}

	// Two failures: the tickets fail with the job's message.
	p = e.plan(Request{Action: SetPriority, Target: Target{TicketIDs: e.userTickets(e.heavy(2))[:90]}, Params: Params{Priority: "low"}})
	injectAll(t, e.s, bulk, sandbox.FaultJobFailed, sandbox.FaultJobFailed)
	e.s.ResetStats()
	res, _ = e.apply(p)
	if res.Failed != len(p.Changes) || res.Unknown != 0 || e.s.Stats().ByRoute[bulk] != 2 {
		t.Fatalf("result after two failed jobs: %d succeeded, %d failed, %d unknown; %d calls", res.Succeeded, res.Failed, res.Unknown, e.s.Stats().ByRoute[bulk])
	}
	for _, f := range res.Failures {
		if !strings.Contains(f.Reason, "the job failed: Failed at") {
			t.Errorf("ticket %d: reason %q", f.ID, f.Reason)
		}
		if e.ticket(f.ID).Priority == "low" {
			t.Errorf("ticket %d failed but is low", f.ID)
		}
	}
	if n := e.s.Stats().Faults[sandbox.FaultJobFailed]; n != 2 {
		t.Errorf("%d jobs failed, want 2", n)
	}
}

// TestCreateTicketsUnderFaults creates 200 tickets, one run each, while the sandbox injects
// every fault at once: exactly 200 are created. Every POST carries the run's
// Idempotency-Key, the client sends it again after a lost answer, and a run that gives up
// is resumed with the same key and body.
func TestCreateTicketsUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("200 runs under injected faults")
	}
	const n = 200
	opts := smallOptions
	opts.RateWindow, opts.Faults = time.Second, chaosFaults
	opts.Faults.Seed = 5
	e := chaosEnv(t, opts, 3)
	e.runner.Waits = nil // the runs go in parallel; waits need not reach their events
	user, _ := e.s.SampleUser("end-user")
	before := e.s.RequestedCount(user)
	const create = "POST /api/v2/tickets"
	// The first creation loses every answer the client waits for: the run gives up, and
	// its resume gets the ticket the first attempt made.
	injectAll(t, e.s, create, sandbox.FaultResetAfter, sandbox.FaultResetAfter, sandbox.FaultResetAfter)
	e.s.ResetStats()

	// The first run alone, so that it is the one the injected resets hit.
	first, resumed, err := createUnderFaults(e, user, 0)
	if err != nil {
		t.Fatal(err)
	}
	if resumed == 0 {
		t.Error("the run that lost every answer was not resumed")
	}
	var mu sync.Mutex
	created := map[int64]string{first: "0"}
	work := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range work {
				id, resumes, err := createUnderFaults(e, user, k)
				mu.Lock()
				if err != nil {
					t.Errorf("ticket %d: %v", k, err)
				} else if other, dup := created[id]; dup {
					t.Errorf("ticket %d created by two runs: %s and %d", id, other, k)
				} else {
					created[id] = fmt.Sprint(k)
				}
				resumed += resumes
				mu.Unlock()
			}
		}()
	}
	for k := 1; k < n; k++ {
		work <- k
	}
	close(work)
	wg.Wait()
	if t.Failed() {
		return
	}
	st := e.s.Stats()
	if got := e.s.RequestedCount(user); got != before+n {
		t.Errorf("the sandbox holds %d tickets of the user, want %d + %d", got, before, n)
	}
	if got := len(e.userTickets(user)); got != before+n {
		t.Errorf("the API lists %d tickets of the user, want %d + %d", got, before, n)
	}
	if resumed == 0 || st.ByRoute[create] <= n || st.Faults[sandbox.FaultResetAfter] < 3 {
		t.Errorf("%d resumes, %d POSTs, faults %v: the hard cases did not happen", resumed, st.ByRoute[create], st.Faults)
	}
	t.Logf("%d tickets created with %d POSTs and %d resumes; faults %v", n, st.ByRoute[create], resumed, st.Faults)
}

// createUnderFaults plans and applies one create-ticket run, resuming it until it has an
// outcome. Planning is tried again when a read fails: it writes nothing.
func createUnderFaults(e *env, user int64, k int) (ticket int64, resumes int, err error) {
	ctx := context.Background()
	r := Request{Action: CreateTicket, Target: Target{UserID: user}, Params: Params{Subject: fmt.Sprintf("Chaos %d", k), Body: "Created under faults."}}
	var p *Plan
	for try := 0; p == nil; try++ {
		if p, err = e.planner.Plan(ctx, r); err != nil && try == 10 {
			return 0, 0, fmt.Errorf("plan: %w", err)
		}
	}
	// A run id has 32 random bits after the second it was planned in; the test's runs are
	// told apart anyway, so that a clash could never make Apply refuse one.
	p.ID += fmt.Sprintf("-%d", k)
	res, err := e.runner.Apply(ctx, p, nil)
	for try := 0; res == nil || res.Unknown > 0; try++ {
		if try == 10 {
			return 0, resumes, fmt.Errorf("still unknown after %d resumes: %v", try, err)
		}
		resumes++
		res, err = e.runner.Resume(ctx, p.ID, nil)
	}
	switch {
	case err != nil:
		return 0, resumes, err
	case res.CreatedTicket == 0:
		return 0, resumes, fmt.Errorf("run %s created nothing: %+v", p.ID, res)
	}
	run, err := FindRun(filepath.Clean(e.audit.Path()), p.ID)
	if err != nil || run.CreatedTicket != res.CreatedTicket || !run.Finished() {
		return 0, resumes, fmt.Errorf("audit of run %s: created %d, finished %v, %v", p.ID, run.CreatedTicket, run.Finished(), err)
	}
	return res.CreatedTicket, resumes, nil
}

// TestLostAnswerIsReadBackAfterItsJob: the answer to a bulk call is lost after Zendesk
// queued its job. The runner must not read the tickets back while that job may still run,
// or it would send again tickets the job is about to write.
func TestLostAnswerIsReadBackAfterItsJob(t *testing.T) {
	const bulk = "PUT /api/v2/tickets/update_many"
	check := func(t *testing.T, e *env, p *Plan, batches int) {
		t.Helper()
		e.s.ResetStats()
		res, _ := e.apply(p)
		if res.Succeeded != len(p.Changes) || res.Unknown != 0 {
			t.Fatalf("result %+v", res)
		}
		if got := e.s.Stats().ByRoute[bulk]; got != batches {
			t.Errorf("%d update_many calls for %d batches: the lost one was sent again", got, batches)
		}
		for _, c := range p.Changes {
			if n := e.s.TicketWrites(c.ID); n != 1 {
				t.Errorf("ticket %d written %d times", c.ID, n)
			}
		}
	}
	opts := smallOptions
	opts.JobDuration = 300 * time.Millisecond

	t.Run("a later job shows it finished", func(t *testing.T) {
		e := newEnv(t, opts)
		p := e.plan(Request{Action: SetPriority, Target: Target{UserID: e.heavy(0)}, Params: Params{Priority: "low"}})
		injectAll(t, e.s, bulk, sandbox.FaultResetAfter) // the first batch
		check(t, e, p, ceilDiv(len(p.Changes), 100))
	})
	t.Run("no later job: waited out", func(t *testing.T) {
		e := newEnv(t, opts)
		e.runner.PollEvery = 150 * time.Millisecond // three polls outlast a job
		p := e.plan(Request{Action: SetPriority, Target: Target{TicketIDs: e.userTickets(e.heavy(1))[:100]}, Params: Params{Priority: "low"}})
		injectAll(t, e.s, bulk, sandbox.FaultResetAfter) // the only batch
		check(t, e, p, 1)
	})
}
