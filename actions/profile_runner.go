package actions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// The events of a profile run, besides "unknown" and "finished". Batch is the step's
// number, Batches the number of steps, Reason what the step did or why it failed.
const (
	EventStepDone   EventKind = "step-done"
	EventStepFailed EventKind = "step-failed"
)

// stepRun is one session of a profile run: Apply, or one Resume. Steps go one at a time,
// in order, each audited as it ends. A step that fails is reported and the steps that need
// its result fail with it (not sent); the others still go. A step whose outcome is unknown
// stops the run, which can then be resumed.
type stepRun struct {
	runLog
	started time.Time

	outcomes map[int]StepOutcome // definitive outcomes, by step number
	unknown  map[int]StepOutcome // outcomes not known (this session or an earlier one)
	// resend marks the steps an earlier session left with an unknown outcome.
	resend map[int]bool
}

func (r *Runner) newStepRun(ctx context.Context, p *Plan, started time.Time, events func(Event)) *stepRun {
	return &stepRun{
		runLog:   runLog{r: r, ctx: ctx, plan: p, ev: &emitter{fn: events, runID: p.ID, total: len(p.Steps)}},
		started:  started,
		outcomes: map[int]StepOutcome{}, unknown: map[int]StepOutcome{}, resend: map[int]bool{},
	}
}

// applySteps runs a profile plan whose intent is written.
func (r *Runner) applySteps(ctx context.Context, p *Plan, started time.Time, events func(Event)) (*Result, error) {
	return r.newStepRun(ctx, p, started, events).execute()
}

// resumeSteps finishes a profile run: steps with a recorded outcome are kept; the others
// are sent, in order. Sending again is safe for every step but a tracked event: upserts
// match the record they wrote, an existing membership or identity counts as done, a
// membership or organization already gone counts as removed. A tracked event whose outcome
// was unknown is sent again, and its outcome says so.
func (r *Runner) resumeSteps(ctx context.Context, run Run, events func(Event)) (*Result, error) {
	x := r.newStepRun(ctx, run.Plan, run.Started, events)
	for n, o := range run.StepOutcomes {
		if o.State == Unknown {
			x.resend[n] = true
			continue
		}
		x.outcomes[n] = o
		x.ev.count(Outcome{State: o.State})
	}
	if err := r.Audit.Append(Entry{Type: EntryResume, RunID: run.ID, Time: r.now(), Profile: r.Profile, Operator: r.Operator}); err != nil {
		return nil, fmt.Errorf("resume run %s: %w", run.ID, err)
	}
	return x.execute()
}

func (x *stepRun) execute() (*Result, error) {
	detach := x.r.Waits.attach(x.plan.ID, x.ev.emit)
	defer detach()
	for _, s := range x.plan.Steps {
		if _, done := x.outcomes[s.N]; done {
			continue
		}
		if x.ctx.Err() != nil || x.stopErr != nil {
			break
		}
		o := x.run(s)
		x.record(Entry{Type: EntryStepDone, Step: &o})
		x.settle(s, o)
		var aerr *zendesk.AuthError
		switch {
		case o.State == Unknown:
			x.stop(fmt.Errorf("step %d (%s): %s", s.N, s.Kind, o.Reason))
		case o.State == Failed && errors.As(o.err, &aerr):
			x.stop(o.err)
		}
	}
	return x.finish()
}

func (x *stepRun) settle(s Step, o StepOutcome) {
	kind := map[OutcomeState]EventKind{Succeeded: EventStepDone, Failed: EventStepFailed, Unknown: EventUnknown}[o.State]
	if o.State == Unknown {
		x.unknown[s.N] = o
	} else {
		x.outcomes[s.N] = o
		x.ev.count(Outcome{State: o.State})
	}
	x.ev.emit(Event{Kind: kind, Batch: s.N, Batches: len(x.plan.Steps), UserID: o.UserID, TicketID: o.TicketID,
		Reason: fmt.Sprintf("step %d, %s: %s", s.N, s.Describe(), s.Summary(o))})
}

// run sends one step: its inputs filled in from the steps before it.
func (x *stepRun) run(s Step) (o StepOutcome) {
	o = StepOutcome{N: s.N, Kind: s.Kind, UserID: s.UserID, OrganizationID: s.OrganizationID,
		IdentityID: s.IdentityID, MembershipID: s.MembershipID, TicketID: s.TicketID, Resent: x.resend[s.N]}
	path, body := s.Path, []byte(s.Body)
	for _, in := range s.Inputs {
		src, ok := x.outcomes[in.From]
		if !ok || src.State != Succeeded {
			o.State, o.Reason = Failed, fmt.Sprintf("not sent: step %d, which gives the %s, did not succeed", in.From, in.Value)
			return o
		}
		id := src.input(in.Value)
		if id <= 0 {
			o.State, o.Reason = Failed, fmt.Sprintf("not sent: step %d did not return the %s", in.From, in.Value)
			return o
		}
		digits := strconv.FormatInt(id, 10)
		path = strings.ReplaceAll(path, in.Placeholder(), digits)
		body = bytes.ReplaceAll(body, []byte(strconv.Quote(in.Placeholder())), []byte(digits))
		switch in.Value {
		case InputUserID:
			o.UserID = id
		case InputOrganizationID:
			o.OrganizationID = id
		case InputIdentityID:
			o.IdentityID = id
		}
	}
	err := x.send(s, &o, path, body)
	switch {
	case err == nil:
		o.State = Succeeded
		switch {
		case o.Resent && s.Kind == StepTrackEvent:
			o.Note = "sent again after an unknown outcome: Zendesk may now hold the event twice"
		case o.Resent && s.Creates && !o.Created:
			o.Note = "sent again after an unknown outcome: the first attempt had created it"
		}
	default:
		var ns notSent
		if errors.As(err, &ns) {
			o.State, o.Reason = Failed, err.Error()
		} else {
			o.State, o.Reason = classify(x.ctx, err)
		}
		o.err = err
	}
	return o
}

// notSent is a step refused before anything went out.
type notSent struct{ error }

func refuse(format string, args ...any) error { return notSent{fmt.Errorf(format, args...)} }

// send makes the step's call with the client's typed method, after checking that the path
// and body are the ones planned.
func (x *stepRun) send(s Step, o *StepOutcome, path string, body []byte) error {
	c, ctx := x.r.Client, x.ctx
	want := func(p string) error {
		if p != path {
			return refuse("the planned path %s is not the call's %s: nothing sent", path, p)
		}
		return nil
	}
	bad := func(err error) error { return notSent{err} }
	switch s.Kind {
	case StepUpsertUser:
		if err := want(apiPrefix + "users/create_or_update"); err != nil {
			return err
		}
		u, err := decodeUserUpsert(body)
		if err != nil {
			return bad(err)
		}
		user, created, err := c.Users.CreateOrUpdate(ctx, u)
		if err != nil {
			return err
		}
		if user.ID == 0 {
			return errors.New("Zendesk answered without the user's id")
		}
		o.UserID, o.Created = user.ID, created
	case StepAddIdentity:
		if err := want(apiPrefix + fmt.Sprintf("users/%d/identities", o.UserID)); err != nil {
			return err
		}
		ni, err := decodeNewIdentity(body)
		if err != nil {
			return bad(err)
		}
		id, err := c.Users.AddIdentity(ctx, o.UserID, ni)
		if err != nil {
			// Added by an earlier attempt whose answer was lost, or by someone else: the
			// identity is there, which is what the step is for.
			if existing := x.existingIdentity(o.UserID, ni.Value, err); existing != 0 {
				o.IdentityID, o.AlreadyDone, o.Note = existing, true, "the user already had this email"
				return nil
			}
			return err
		}
		o.IdentityID = id.ID
	case StepMakePrimary:
		if err := want(apiPrefix + fmt.Sprintf("users/%d/identities/%d/make_primary", o.UserID, o.IdentityID)); err != nil {
			return err
		}
		if _, err := c.Users.MakePrimaryIdentity(ctx, o.UserID, o.IdentityID); err != nil {
			return err
		}
	case StepUpsertOrganization:
		if err := want(apiPrefix + "organizations/create_or_update"); err != nil {
			return err
		}
		u, err := decodeOrganizationUpsert(body)
		if err != nil {
			return bad(err)
		}
		org, created, err := c.Organizations.CreateOrUpdate(ctx, u)
		if err != nil {
			return err
		}
		if org.ID == 0 {
			return errors.New("Zendesk answered without the organization's id")
		}
		o.OrganizationID, o.Created = org.ID, created
	case StepDeleteOrganization:
		if err := want(apiPrefix + fmt.Sprintf("organizations/%d", o.OrganizationID)); err != nil {
			return err
		}
		if err := c.Organizations.Delete(ctx, o.OrganizationID); err != nil {
			if !isNotFound(err) {
				return err
			}
			o.AlreadyDone, o.Note = true, "already deleted"
		}
	case StepAddMembership:
		if err := want(apiPrefix + "organization_memberships"); err != nil {
			return err
		}
		uid, oid, err := decodeMembership(body)
		if err != nil {
			return bad(err)
		}
		o.UserID, o.OrganizationID = uid, oid
		m, err := c.Organizations.AddMember(ctx, uid, oid)
		if err != nil {
			if !zendesk.IsAlreadyMember(err) {
				return err
			}
			o.AlreadyDone, o.Note = true, "already a member"
			if mems, lerr := c.Users.OrganizationMemberships(uid).Collect(ctx); lerr == nil {
				if m := membershipOf(mems, oid); m != nil {
					o.MembershipID = m.ID
				}
			}
			return nil
		}
		o.MembershipID = m.ID
	case StepRemoveMembership:
		if err := want(apiPrefix + fmt.Sprintf("organization_memberships/%d", o.MembershipID)); err != nil {
			return err
		}
		if err := c.Organizations.RemoveMembership(ctx, o.MembershipID); err != nil {
			if !isNotFound(err) {
				return err
			}
			o.AlreadyDone, o.Note = true, "already gone"
		}
	case StepUpdateTicket:
		if err := want(apiPrefix + fmt.Sprintf("tickets/%d", o.TicketID)); err != nil {
			return err
		}
		u, err := decodeTicketUpdate(body)
		if err != nil {
			return bad(err)
		}
		if _, err := c.Tickets.Update(ctx, o.TicketID, u); err != nil {
			return err
		}
	case StepTrackEvent:
		if err := want(apiPrefix + fmt.Sprintf("users/%d/events", o.UserID)); err != nil {
			return err
		}
		e, err := decodeUserEvent(body)
		if err != nil {
			return bad(err)
		}
		if err := c.Users.TrackEvent(ctx, o.UserID, e); err != nil {
			return err
		}
	default:
		return refuse("unknown step kind %q: nothing sent", s.Kind)
	}
	return nil
}

// existingIdentity is the id of the user's email identity with the value, when Zendesk
// refused to add it (422) because it is there already; else 0.
func (x *stepRun) existingIdentity(userID int64, email string, err error) int64 {
	var zerr *zendesk.Error
	if !errors.As(err, &zerr) || zerr.Status != 422 {
		return 0
	}
	idents, lerr := x.r.Client.Users.Identities(userID).Collect(x.ctx)
	if lerr != nil {
		return 0
	}
	if i := emailIdentity(idents, email); i != nil {
		return i.ID
	}
	return 0
}

// finish tallies the steps, appends the final entry and reports the end.
func (x *stepRun) finish() (*Result, error) {
	p := x.plan
	res := &Result{RunID: p.ID, Action: p.Request.Action, UndoOf: p.UndoOf, Planned: len(p.Steps),
		Skipped: len(p.Skipped), Started: x.started, Steps: make([]StepOutcome, 0, len(p.Steps))}
	for _, s := range p.Steps {
		o, ok := x.outcomes[s.N]
		if !ok {
			if o, ok = x.unknown[s.N]; !ok {
				o = StepOutcome{N: s.N, Kind: s.Kind, State: Unknown, Reason: "not sent yet"}
			}
		}
		switch o.State {
		case Succeeded:
			res.Succeeded++
		case Failed:
			res.Failed++
			res.Failures = append(res.Failures, Failure{ID: int64(s.N), Kind: "step", Reason: s.Describe() + ": " + o.Reason})
		default:
			res.Unknown++
		}
		res.Steps = append(res.Steps, o)
	}
	res.Interrupted = res.Unknown > 0
	res.Finished = x.r.now()
	var note []string
	if x.stopErr != nil {
		note = append(note, "stopped: "+x.stopErr.Error())
	}
	if x.ctx.Err() != nil {
		note = append(note, "cancelled")
	}
	if x.auditErr == nil {
		x.record(Entry{Type: EntryFinal, Result: res, Note: strings.Join(note, "; ")})
	}
	x.ev.emit(Event{Kind: EventFinished, Reason: strings.Join(note, "; ")})
	switch {
	case x.auditErr != nil:
		return res, fmt.Errorf("run %s: the audit log could not be written, so the run stopped: %w", p.ID, x.auditErr)
	case x.ctx.Err() != nil && res.Interrupted:
		return res, fmt.Errorf("run %s interrupted (%d steps without an outcome; resume it): %w", p.ID, res.Unknown, x.ctx.Err())
	case x.stopErr != nil:
		return res, fmt.Errorf("run %s stopped: %w", p.ID, x.stopErr)
	}
	return res, nil
}

// checkSteps refuses a profile plan the runner could not follow exactly.
func checkSteps(p *Plan) error {
	if len(p.Changes) > 0 || len(p.UserChanges) > 0 || p.NewTicket != nil {
		return fmt.Errorf("plan %s: a steps plan with ticket or user changes", p.ID)
	}
	for i, s := range p.Steps {
		if s.N != i+1 {
			return fmt.Errorf("plan %s: step %d is numbered %d", p.ID, i+1, s.N)
		}
		if s.Method == "" || !strings.HasPrefix(s.Path, apiPrefix) {
			return fmt.Errorf("plan %s: step %d has no call", p.ID, s.N)
		}
		for _, in := range s.Inputs {
			if in.From < 1 || in.From >= s.N {
				return fmt.Errorf("plan %s: step %d needs step %d, which does not come before it", p.ID, s.N, in.From)
			}
		}
	}
	return nil
}
