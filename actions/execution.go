package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// execution is one session of a run: Apply, or one Resume.
type execution struct {
	runLog

	started       time.Time
	tickets       map[int64]Outcome // definitive outcomes
	users         map[int64]Outcome
	created       int64
	createFailure *Outcome

	queue     []batch
	open      []*openJob
	nextIndex int // the number the next new batch gets

	// Writes in doubt (verify.go).
	doubts       []*doubt
	doubted      map[int64]bool // tickets that have been in doubt this session
	sends        map[int64]int  // bulk calls this session that carried the ticket
	retried      map[int64]bool // tickets whose failed job was sent again once
	lastDoneSent time.Time      // the latest send of a job of ours seen finished
	longestJob   time.Duration  // the longest a job of ours took, from send to seen finished
	earlierDone  time.Time      // when the last job an earlier session sent was seen finished
	readFailures int            // read-backs that failed in a row
}

func (r *Runner) newExecution(ctx context.Context, p *Plan, events func(Event)) *execution {
	return &execution{
		runLog:  runLog{r: r, ctx: ctx, plan: p, ev: &emitter{fn: events, runID: p.ID, total: p.Planned()}},
		started: r.now(),
		tickets: map[int64]Outcome{}, users: map[int64]Outcome{},
		doubted: map[int64]bool{}, sends: map[int64]int{}, retried: map[int64]bool{},
	}
}

// settle records outcomes in memory and reports them.
func (x *execution) settle(outs []Outcome) {
	for _, o := range outs {
		if o.definitive() {
			if o.Kind == "user" {
				x.users[o.ID] = o
			} else {
				x.tickets[o.ID] = o
			}
			x.ev.count(o)
		}
		ev := Event{Reason: o.Reason, JobID: o.JobID}
		if o.Kind == "user" {
			ev.UserID = o.ID
			ev.Kind = map[OutcomeState]EventKind{Succeeded: EventUserDone, Failed: EventUserFailed, Unknown: EventUnknown}[o.State]
		} else {
			ev.TicketID = o.ID
			ev.Kind = map[OutcomeState]EventKind{Succeeded: EventTicketDone, Failed: EventTicketFailed, Unknown: EventUnknown}[o.State]
		}
		x.ev.emit(ev)
	}
}

func (x *execution) execute() (*Result, error) {
	detach := x.r.Waits.attach(x.plan.ID, x.ev.emit)
	defer detach()
	switch {
	case x.plan.Write.jobs():
		x.runJobs()
	case x.plan.Write == WriteRestoreMany:
		x.runRestores()
		if x.stopErr == nil && x.ctx.Err() == nil {
			x.runUsers()
		}
	case x.plan.Write == WriteUsers:
		x.runUsers()
	case x.plan.Write == WriteCreate:
		x.runCreate()
	}
	return x.finish()
}

// classify says what a failed call means for its items: failed (Zendesk answered and
// refused: nothing was written) or unknown (the call may have gone through, or was held back
// by the rate limit: either way a resume finishes it).
func classify(ctx context.Context, err error) (OutcomeState, string) {
	var zerr *zendesk.Error
	var aerr *zendesk.AuthError
	var perr *zendesk.PacingError
	switch {
	case errors.As(err, &perr):
		return Unknown, "not sent yet: " + err.Error()
	case ctx.Err() != nil:
		return Unknown, "interrupted while sending: it may have gone through"
	case errors.As(err, &aerr):
		return Failed, err.Error()
	case errors.As(err, &zerr) && zerr.Status >= 400 && zerr.Status < 500 &&
		zerr.Status != 429 && zerr.Status != 408:
		return Failed, err.Error()
	}
	return Unknown, err.Error()
}

func isTooManyJobs(err error) bool {
	var zerr *zendesk.Error
	return errors.As(err, &zerr) && zerr.Code == "TooManyJobs"
}

// finish tallies the outcomes, appends the final entry and reports the end.
func (x *execution) finish() (*Result, error) {
	p := x.plan
	res := &Result{RunID: p.ID, Action: p.Request.Action, UndoOf: p.UndoOf, Planned: p.Planned(),
		Skipped: len(p.Skipped), Started: x.started, CreatedTicket: x.created}
	tally := func(o Outcome, ok bool, id int64, kind string) {
		switch {
		case ok && o.State == Succeeded:
			res.Succeeded++
		case ok && o.State == Failed:
			res.Failed++
			res.Failures = append(res.Failures, Failure{ID: id, Kind: kind, Reason: o.Reason})
		default:
			res.Unknown++
		}
	}
	switch {
	case p.Write == WriteCreate:
		switch {
		case x.created != 0:
			res.Succeeded++
		case x.createFailure != nil && x.createFailure.State == Failed:
			res.Failed++
			res.Failures = append(res.Failures, Failure{Reason: x.createFailure.Reason})
		default:
			res.Unknown++
		}
	default:
		for _, c := range p.Changes {
			o, ok := x.tickets[c.ID]
			tally(o, ok, c.ID, "")
		}
		if p.Write.userWrites() {
			for _, u := range p.UserChanges {
				o, ok := x.users[u.ID]
				tally(o, ok, u.ID, "user")
			}
		}
	}
	res.Interrupted = res.Unknown > 0
	res.Finished = x.r.now()
	var note []string
	if n := len(x.open); n > 0 {
		ids := make([]string, n)
		for i, j := range x.open {
			ids[i] = j.id
		}
		note = append(note, fmt.Sprintf("%s still open at Zendesk (%s): resume to record their outcomes", plural(n, "job"), strings.Join(ids, ", ")))
	}
	if n := len(x.doubts); n > 0 {
		k := 0
		for _, d := range x.doubts {
			k += len(d.ids)
		}
		note = append(note, fmt.Sprintf("%s whose calls lost their answers not yet read back: resume to check and finish them", plural(k, "ticket")))
	}
	if x.stopErr != nil {
		note = append(note, "stopped: "+x.stopErr.Error())
	}
	if x.ctx.Err() != nil {
		note = append(note, "cancelled")
	}
	slices.SortFunc(res.Failures, func(a, b Failure) int {
		if a.Kind != b.Kind {
			return strings.Compare(a.Kind, b.Kind)
		}
		return int(a.ID - b.ID)
	})
	if x.auditErr == nil {
		x.record(Entry{Type: EntryFinal, Result: res, Note: strings.Join(note, "; ")})
	}
	x.ev.emit(Event{Kind: EventFinished, Reason: strings.Join(note, "; ")})
	switch {
	case x.auditErr != nil:
		return res, fmt.Errorf("run %s: the audit log could not be written, so the run stopped: %w", p.ID, x.auditErr)
	case x.ctx.Err() != nil && res.Interrupted:
		return res, fmt.Errorf("run %s interrupted (%d writes without an outcome; resume it): %w", p.ID, res.Unknown, x.ctx.Err())
	case x.stopErr != nil:
		return res, fmt.Errorf("run %s stopped: %w", p.ID, x.stopErr)
	}
	return res, nil
}

// sleepUntil waits until t (at once if it has passed); false when ctx ends first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
