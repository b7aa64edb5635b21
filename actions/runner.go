package actions

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// Runner applies plans and resumes interrupted runs, writing every step to the audit log.
type Runner struct {
	Client   *zendesk.Client
	Audit    *AuditLog // required: nothing is written that is not audited
	Profile  string    // recorded in the audit log
	Operator string    // the operator's email, recorded
	// MaxJobs is how many Zendesk jobs may be in flight at once; 0 means 30, Zendesk's
	// account cap, and more than 30 is taken as 30.
	MaxJobs int
	// PollEvery is how often the open jobs are polled (one job_statuses/show_many call for
	// all of them); 0 means one second.
	PollEvery time.Duration
	Now       func() time.Time // nil means time.Now
	// Waits, when set, forwards the client's rate-limit waits as "waiting" events of the
	// run in progress (install Waits.OnWait as the client's zendesk.Options.OnWait).
	Waits *WaitRelay
}

// MaxJobsCap is Zendesk's limit of queued or running jobs per account.
const MaxJobsCap = 30

const (
	// finalPollTimeout bounds the last poll after a cancellation.
	finalPollTimeout = 5 * time.Second
	// maxPollFailures consecutive failed polls stop the run (its jobs stay resumable).
	maxPollFailures = 10
	// A job that show_many leaves out this many polls in a row is taken as forgotten: its
	// items become unknown (resumable). Jobs from an earlier session get fewer chances.
	maxMissingPolls        = 30
	maxMissingPollsResumed = 3
	// maxCapRetry bounds the wait between tries when the job cap is held by jobs that are
	// not ours (we cannot poll them).
	maxCapRetry = 15 * time.Second
	// idempotencyWindow is how long Zendesk remembers an Idempotency-Key.
	idempotencyWindow = 2 * time.Hour
)

// Result is how a run went.
type Result struct {
	RunID         string    `json:"run_id"`
	Action        ActionID  `json:"action"`
	UndoOf        string    `json:"undo_of,omitempty"`
	Planned       int       `json:"planned"`
	Succeeded     int       `json:"succeeded"`
	Failed        int       `json:"failed"`
	Skipped       int       `json:"skipped"`
	Unknown       int       `json:"unknown,omitempty"` // no outcome yet: resume sends or polls them
	Failures      []Failure `json:"failures,omitempty"`
	CreatedTicket int64     `json:"created_ticket,omitempty"`
	Started       time.Time `json:"started"`
	Finished      time.Time `json:"finished"`
	// Steps are a profile run's step outcomes, in step order (Planned, Succeeded, Failed
	// and Unknown count steps).
	Steps []StepOutcome `json:"steps,omitempty"`
	// Interrupted is set when some writes have no outcome (cancelled, stopped by an error):
	// the run can be resumed.
	Interrupted bool `json:"interrupted,omitempty"`
}

// Failure is one write that did not go through.
type Failure struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind,omitempty"` // "ticket" ("") or "user"
	Reason string `json:"reason"`
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Runner) maxJobs() int {
	if r.MaxJobs <= 0 || r.MaxJobs > MaxJobsCap {
		return MaxJobsCap
	}
	return r.MaxJobs
}

func (r *Runner) pollEvery() time.Duration {
	if r.PollEvery <= 0 {
		return time.Second
	}
	return r.PollEvery
}

func (r *Runner) ready() error {
	switch {
	case r == nil || r.Client == nil:
		return errors.New("runner: no Zendesk client")
	case r.Audit == nil:
		return errors.New("runner: no audit log: every write must be recorded")
	}
	return nil
}

// Apply writes what the plan shows, and nothing else: only the planned ids, 100 per bulk
// call, several jobs in flight (at most MaxJobs), all open jobs polled together. It writes
// the intent to the audit log before the first write, every batch as it is sent and done,
// and a final entry. On cancellation it stops sending, polls once more for the jobs
// Zendesk already accepted, and returns an Interrupted result (with ctx's error) that
// Resume can finish. events may be nil; it is never called concurrently.
func (r *Runner) Apply(ctx context.Context, p *Plan, events func(Event)) (*Result, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	if err := checkPlan(p); err != nil {
		return nil, err
	}
	if p.Account != r.Client.BaseURL() {
		return nil, fmt.Errorf("run %s was planned on %s, but this client talks to %s: plan it again", p.ID, p.Account, r.Client.BaseURL())
	}
	if p.UndoOf != "" {
		if by := r.Audit.undoneBy(p.UndoOf); by != "" {
			return nil, fmt.Errorf("run %s was already undone by run %s", p.UndoOf, by)
		}
	}
	x := r.newExecution(ctx, p, events)
	if err := r.Audit.Append(Entry{Type: EntryIntent, RunID: p.ID, Time: x.started, Action: p.Request.Action,
		UndoOf: p.UndoOf, Profile: r.Profile, Operator: r.Operator, Plan: p}); err != nil {
		return nil, fmt.Errorf("run %s not started: %w", p.ID, err)
	}
	if p.Write == WriteSteps {
		return r.applySteps(ctx, p, x.started, events)
	}
	batches, err := ticketBatches(p, nil, 1)
	if err != nil {
		return nil, err
	}
	x.queue = batches
	x.nextIndex = len(batches) + 1
	return x.execute()
}

// Resume finishes a run that has no final entry, or whose final entry says it was
// interrupted. Jobs Zendesk accepted whose outcomes were not recorded are polled first (Zendesk
// keeps job statuses for a day); then only the writes with no recorded outcome and no
// pending job are sent. A finished run is refused.
func (r *Runner) Resume(ctx context.Context, runID string, events func(Event)) (*Result, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	run, err := FindRun(r.Audit.Path(), runID)
	if err != nil {
		return nil, err
	}
	if run.Finished() {
		s, f, _ := run.Counts()
		return nil, fmt.Errorf("run %s finished at %s (%d succeeded, %d failed): there is nothing to resume",
			run.ID, run.Final.Finished.Local().Format(time.DateTime), s, f)
	}
	p := run.Plan
	if err := checkPlan(p); err != nil {
		return nil, fmt.Errorf("resume run %s: %w", runID, err)
	}
	if p.Account != r.Client.BaseURL() {
		return nil, fmt.Errorf("run %s ran on %s, but this client talks to %s", runID, p.Account, r.Client.BaseURL())
	}
	if run.Profile != "" && r.Profile != "" && run.Profile != r.Profile {
		return nil, fmt.Errorf("run %s ran with profile %q; resume it with that profile, not %q", runID, run.Profile, r.Profile)
	}
	if p.Write == WriteSteps {
		return r.resumeSteps(ctx, run, events)
	}
	if p.Write == WriteCreate && run.CreatedTicket == 0 && r.now().Sub(run.Started) > idempotencyWindow {
		return nil, fmt.Errorf("run %s started %s ago: Zendesk has forgotten its Idempotency-Key (kept 2 hours), so sending it again could create a second ticket; check the user's tickets for %q and plan a new run if it is missing",
			runID, r.now().Sub(run.Started).Round(time.Minute), p.NewTicket.Subject)
	}

	x := r.newExecution(ctx, p, events)
	x.started = run.Started
	for id, o := range run.Outcomes {
		if o.definitive() {
			x.tickets[id] = o
			x.ev.count(o)
		}
	}
	for id, o := range run.UserOutcomes {
		if o.definitive() {
			x.users[id] = o
			x.ev.count(o)
		}
	}
	x.created = run.CreatedTicket
	if err := r.Audit.Append(Entry{Type: EntryResume, RunID: runID, Time: r.now(), Profile: r.Profile, Operator: r.Operator}); err != nil {
		return nil, fmt.Errorf("resume run %s: %w", runID, err)
	}
	pending := map[int64]bool{}
	last := 0
	for _, b := range run.Batches {
		last = max(last, b.Batch)
		if b.Done {
			continue
		}
		var ids []int64
		for _, id := range b.IDs {
			if _, known := x.tickets[id]; !known {
				ids = append(ids, id)
				pending[id] = true
			}
		}
		if len(ids) > 0 {
			x.open = append(x.open, &openJob{batch: batch{Index: b.Batch, IDs: b.IDs}, id: b.JobID, maxMissing: maxMissingPollsResumed})
		}
	}
	x.queue, err = ticketBatches(p, func(id int64) bool {
		_, known := x.tickets[id]
		return !known && !pending[id]
	}, last+1)
	if err != nil {
		return nil, err
	}
	x.nextIndex = last + 1 + len(x.queue)
	x.doubtQueued(r.now().Sub(run.Updated)) // read back before sending again (verify.go)
	return x.execute()
}

// checkPlan refuses a plan Apply could not follow exactly.
func checkPlan(p *Plan) error {
	if p == nil {
		return errors.New("no plan")
	}
	if p.ID == "" {
		return errors.New("the plan has no run id")
	}
	seen := map[int64]bool{}
	for _, c := range p.Changes {
		if c.ID <= 0 || seen[c.ID] {
			return fmt.Errorf("plan %s: ticket %d is not a valid id or appears twice", p.ID, c.ID)
		}
		seen[c.ID] = true
	}
	seenUsers := map[int64]bool{}
	for _, u := range p.UserChanges {
		if u.ID <= 0 || seenUsers[u.ID] {
			return fmt.Errorf("plan %s: user %d is not a valid id or appears twice", p.ID, u.ID)
		}
		seenUsers[u.ID] = true
	}
	switch p.Write {
	case WriteUpdateMany, WriteUpdateEach:
		for _, c := range p.Changes {
			if _, err := fieldUpdate(p.Field, c.AfterValue); err != nil {
				return fmt.Errorf("plan %s: %w", p.ID, err)
			}
		}
	case WriteDestroyMany, WriteSpamMany, WriteRestoreMany:
	case WriteUsers:
		if len(p.Changes) > 0 {
			return fmt.Errorf("plan %s: a user plan with ticket changes", p.ID)
		}
	case WriteCreate:
		if p.NewTicket == nil {
			return fmt.Errorf("plan %s: create-ticket without a ticket", p.ID)
		}
	case WriteSteps:
		if err := checkSteps(p); err != nil {
			return err
		}
	default:
		return fmt.Errorf("plan %s: unknown write %q", p.ID, p.Write)
	}
	if p.UndoOf == "" {
		if err := p.Request.Validate(); err != nil {
			return fmt.Errorf("plan %s: %w", p.ID, err)
		}
	}
	return nil
}
