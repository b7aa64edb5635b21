package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/zdops/zdops/zendesk"
)

// planProfile plans the customer-profile actions as a sequence of single calls. It reads
// (lookups by external_id and email, memberships, identities, the field lists) and never
// writes. user is the target user, when the request names one.
func (p Planner) planProfile(ctx context.Context, plan *Plan, user *zendesk.User) error {
	plan.Write = WriteSteps
	b := &stepBuilder{plan: plan}
	var err error
	switch plan.Request.Action {
	case UpsertUser:
		err = p.planUpsertUser(ctx, b, user)
	case MakePrimaryEmail:
		err = p.planMakePrimary(ctx, b, user)
	case UpsertOrganization:
		err = p.planUpsertOrganization(ctx, b)
	case DeleteOrganization:
		err = p.planDeleteOrganization(ctx, b)
	case AddToOrganization, RemoveFromOrganization:
		err = p.planMembership(ctx, b, user)
	case UpdateTicket:
		err = p.planUpdateTicket(ctx, b)
	case TrackEvent:
		err = p.planTrackEvent(ctx, b, user)
	default:
		err = fmt.Errorf("no profile planner for %q", plan.Request.Action)
	}
	if err != nil {
		return err
	}
	plan.Steps = b.steps
	// Dangerous by what it will do, not by its name: a deletion of an organization that is
	// not there (nothing to delete) asks for no typed confirmation.
	plan.Danger = false
	for _, s := range plan.Steps {
		plan.Danger = plan.Danger || s.Danger
	}
	return nil
}

// stepsConfirmPhrase is what a dangerous profile plan asks the operator to type: the
// organization's name for a deletion, the ticket's id for closing it, else the user's email.
func stepsConfirmPhrase(p *Plan) string {
	switch {
	case !p.Danger:
		return ""
	case p.ConfirmPhrase != "":
		return p.ConfirmPhrase // set by the planner: the organization's name
	}
	for _, s := range p.Steps {
		switch {
		case s.Kind == StepDeleteOrganization:
			return strconv.FormatInt(s.OrganizationID, 10)
		case s.Kind == StepUpdateTicket && s.Danger:
			return strconv.FormatInt(s.TicketID, 10)
		}
	}
	if p.User != nil && p.User.Email != "" {
		return p.User.Email
	}
	return strconv.Itoa(len(p.Steps))
}

// stepBuilder collects the steps of a plan.
type stepBuilder struct {
	plan  *Plan
	steps []Step
}

// ref is an id: known when planning, or one an earlier step will return.
type ref struct {
	id int64
	in *StepInput
}

func known(id int64) ref { return ref{id: id} }

// from is the id step n returns.
func from(n int, k InputKind) ref { return ref{in: &StepInput{From: n, Value: k}} }

// path is the id as a path segment: digits, or the placeholder.
func (r ref) path() string {
	if r.in != nil {
		return r.in.Placeholder()
	}
	return strconv.FormatInt(r.id, 10)
}

// knownID is the id when it is known now, else 0.
func (r ref) knownID() int64 {
	if r.in != nil {
		return 0
	}
	return r.id
}

// bodyIDs hands out the numbers a body is encoded with: the id when it is known, else a
// marker that withPlaceholders turns into the input's placeholder.
type bodyIDs struct{ inputs []StepInput }

func (b *bodyIDs) id(r ref) int64 {
	if r.in == nil {
		return r.id
	}
	b.inputs = append(b.inputs, *r.in)
	return placeholderMarker(len(b.inputs) - 1)
}

// add appends a step: it encodes the body (nil for none), puts the placeholders in, and
// numbers the step. pathRefs are the refs the path was built from.
func (b *stepBuilder) add(s Step, body any, ids *bodyIDs, pathRefs ...ref) (int, error) {
	s.N = len(b.steps) + 1
	for _, r := range pathRefs {
		if r.in != nil {
			s.Inputs = appendInput(s.Inputs, *r.in)
		}
	}
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return 0, fmt.Errorf("encode the body of step %d (%s): %w", s.N, s.Kind, err)
		}
		var inputs []StepInput
		if ids != nil {
			inputs = ids.inputs
		}
		if raw, err = withPlaceholders(raw, inputs); err != nil {
			return 0, err
		}
		if err := checkNoPlaceholderText(raw, inputs); err != nil {
			return 0, err
		}
		s.Body = raw
		for _, in := range inputs {
			s.Inputs = appendInput(s.Inputs, in)
		}
	}
	for _, in := range s.Inputs {
		if in.From < 1 || in.From >= s.N {
			return 0, fmt.Errorf("step %d needs the %s from step %d, which does not come before it", s.N, in.Value, in.From)
		}
	}
	b.steps = append(b.steps, s)
	return s.N, nil
}

func appendInput(ins []StepInput, in StepInput) []StepInput {
	if slices.Contains(ins, in) {
		return ins
	}
	return append(ins, in)
}

// skip records something the plan leaves alone, with the reason.
func (b *stepBuilder) skip(kind string, id int64, subject, reason string) {
	b.plan.Skipped = append(b.plan.Skipped, Skip{ID: id, Kind: kind, Subject: subject, Reason: reason})
}

func (b *stepBuilder) consequence(s string) {
	if !slices.Contains(b.plan.Consequences, s) {
		b.plan.Consequences = append(b.plan.Consequences, s)
	}
}

// userRef names the user a step works on: "Ada <ada@x> (#12)", or the new user's key.
func userSubject(u *zendesk.User, k UserKey) string {
	if u != nil {
		return summarize(*u).String()
	}
	return "new " + k.String()
}
