package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// PlanUndo plans putting back what a finished (or interrupted) run changed, from the audit
// log alone: the values before of the tickets it changed successfully, suspend <-> restore,
// deleted and spammed tickets restored (and the requesters spam suspended, unless they
// were suspended before), a created ticket deleted. Apply the plan with Runner.Apply; it is
// itself a run, audited, whose intent names the run it undoes. A run is undone at most once,
// and an undo cannot be undone.
//
// Planner.PlanUndo does the same and also checks the current state in Zendesk.
func PlanUndo(run Run) (*Plan, error) { return planUndo(run, time.Now()) }

func planUndo(run Run, now time.Time) (*Plan, error) {
	orig := run.Plan
	switch {
	case orig == nil:
		return nil, fmt.Errorf("run %s has no plan in the audit log: nothing to undo from", run.ID)
	case run.UndoOf != "" || orig.UndoOf != "":
		return nil, fmt.Errorf("run %s is itself an undo (of run %s) and cannot be undone: plan the action again instead", run.ID, firstOf(run.UndoOf, orig.UndoOf))
	case run.UndoneBy != "":
		return nil, fmt.Errorf("run %s was already undone by run %s", run.ID, run.UndoneBy)
	case run.Final == nil:
		return nil, fmt.Errorf("run %s has no final entry: it may still be running, or it was cut off; resume it first", run.ID)
	}
	u := &Plan{
		ID:        newRunID(now, "undo-"+string(orig.Request.Action)),
		Request:   cloneRequest(orig.Request),
		Account:   orig.Account,
		UndoOf:    run.ID,
		User:      orig.User,
		Field:     orig.Field,
		PlannedAt: now,
	}
	// outcome says whether the run changed the item, or why it is skipped.
	outcome := func(m map[int64]Outcome, id int64) string {
		o, ok := m[id]
		switch {
		case !ok || o.State == Unknown:
			return "the run never learned whether it changed this (resume it first to find out)"
		case o.State == Failed:
			return "the run did not change it (" + o.Reason + ")"
		}
		return ""
	}
	switch orig.Write {
	case WriteUpdateMany, WriteUpdateEach:
		closedByRun := 0
		// assign-agent and assign-group can move the other field too: put both back, when
		// the plan recorded them.
		assignment := orig.Field == "assignee" || orig.Field == "group"
		for _, c := range orig.Changes {
			assignment = assignment && c.Assignment != ""
		}
		for _, c := range orig.Changes {
			skip := outcome(run.Outcomes, c.ID)
			switch {
			case skip != "":
			case orig.Field == "status" && c.AfterValue == "closed":
				skip = "closed by the run: Zendesk cannot reopen a closed ticket, so solved -> closed cannot be undone"
				closedByRun++
			case orig.Field == "status" && c.BeforeValue == "new":
				skip = "was new: Zendesk cannot set a ticket back to new"
			}
			if skip != "" {
				u.Skipped = append(u.Skipped, Skip{ID: c.ID, Subject: c.Subject, Reason: skip})
				continue
			}
			status := c.Status
			if orig.Field == "status" {
				status = c.AfterValue
			}
			back := c.BeforeValue
			if assignment {
				back = c.Assignment // assignee and group together
			}
			u.Changes = append(u.Changes, TicketChange{
				ID: c.ID, Subject: c.Subject, Before: c.After, After: c.Before,
				BeforeValue: c.AfterValue, AfterValue: back, Status: status, RequesterID: c.RequesterID,
			})
		}
		if assignment {
			u.Field = "assignment"
		}
		u.Write = chooseUpdateWrite(u.Changes)
		if closedByRun > 0 {
			u.Consequences = append(u.Consequences, fmt.Sprintf("%s closed by the run cannot be reopened: Zendesk does not allow it.", plural(closedByRun, "ticket")))
		}
		u.Consequences = append(u.Consequences,
			"Tickets that were closed since the run cannot be changed back: Zendesk cannot reopen a closed ticket.",
			"Zendesk runs its triggers on every updated ticket: requesters or agents may be notified.")

	case WriteDestroyMany, WriteSpamMany:
		restored := map[int64]bool{} // requesters with a ticket coming back
		for _, c := range orig.Changes {
			if skip := outcome(run.Outcomes, c.ID); skip != "" {
				u.Skipped = append(u.Skipped, Skip{ID: c.ID, Subject: c.Subject, Reason: skip})
				continue
			}
			restored[c.RequesterID] = true
			u.Changes = append(u.Changes, TicketChange{
				ID: c.ID, Subject: c.Subject, Before: c.After, After: "restored (" + c.Before + ")",
				BeforeValue: "deleted", AfterValue: c.BeforeValue, Status: c.Status, RequesterID: c.RequesterID,
			})
		}
		u.Write = WriteRestoreMany
		u.Field = ""
		if orig.Write == WriteSpamMany {
			for _, uc := range orig.UserChanges {
				if !restored[uc.ID] {
					continue
				}
				u.UserChanges = append(u.UserChanges, UserChange{ID: uc.ID, Email: uc.Email, Name: uc.Name,
					Before: "suspended", After: "active", Suspended: false, SuspendedBefore: true})
			}
			for _, s := range orig.Skipped {
				if s.Kind == "user" {
					u.Skipped = append(u.Skipped, Skip{ID: s.ID, Kind: "user", Subject: s.Subject, Reason: "was suspended before the spam run: stays suspended"})
				}
			}
		}
		u.Consequences = append(u.Consequences, "Deleted tickets can be restored only for 30 days after they were deleted; older ones will fail.")

	case WriteUsers:
		for _, uc := range orig.UserChanges {
			if skip := outcome(run.UserOutcomes, uc.ID); skip != "" {
				u.Skipped = append(u.Skipped, Skip{ID: uc.ID, Kind: "user", Subject: uc.Email, Reason: skip})
				continue
			}
			u.UserChanges = append(u.UserChanges, UserChange{ID: uc.ID, Email: uc.Email, Name: uc.Name,
				Before: uc.After, After: uc.Before, Suspended: uc.SuspendedBefore, SuspendedBefore: uc.Suspended})
		}
		u.Write = WriteUsers
		if orig.Request.Action == RestoreUser {
			u.Danger = len(u.UserChanges) > 0
			u.Consequences = append(u.Consequences, "Suspended users cannot sign in, and tickets they send go to Suspended tickets.")
		}

	case WriteCreate:
		if run.CreatedTicket == 0 {
			return nil, fmt.Errorf("run %s created no ticket: there is nothing to undo", run.ID)
		}
		subject := ""
		if orig.NewTicket != nil {
			subject = orig.NewTicket.Subject
		}
		u.Write = WriteDestroyMany
		u.Field = "status"
		u.Changes = []TicketChange{{ID: run.CreatedTicket, Subject: subject, Before: "created by the run", After: "deleted"}}
		u.Consequences = append(u.Consequences, "The ticket goes to Deleted tickets and can be restored from there for 30 days.")
		// Undoing a creation deletes a ticket: as dangerous as delete-tickets, so it asks
		// for the same typed confirmation and read-only refuses it.
		u.Danger = true

	case WriteSteps:
		if err := (Planner{}).undoSteps(context.Background(), run, u, false); err != nil {
			return nil, err
		}

	default:
		return nil, fmt.Errorf("run %s: a %q run cannot be undone", run.ID, orig.Write)
	}
	if err := finishUndo(u); err != nil {
		return nil, err
	}
	return u, nil
}

func finishUndo(u *Plan) error {
	if u.Write == WriteSteps {
		u.Calls, u.ConfirmPhrase = stepCalls(u.Steps), stepsConfirmPhrase(u)
		return nil
	}
	var err error
	if u.Calls, err = planCalls(u); err != nil {
		return err
	}
	u.ConfirmPhrase = confirmPhrase(u)
	return nil
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// PlanUndo plans the undo of a run from the audit log (see the package function PlanUndo)
// and checks each item against Zendesk now: tickets that are closed or gone, and tickets
// or users that changed since the run, are skipped and left alone, so the undo never
// overwrites somebody else's later change.
func (p Planner) PlanUndo(ctx context.Context, run Run) (*Plan, error) {
	if p.Client == nil {
		return nil, errors.New("plan undo: no Zendesk client")
	}
	u, err := planUndo(run, p.now())
	if err != nil {
		return nil, err
	}
	if u.Account != p.Client.BaseURL() {
		return nil, fmt.Errorf("run %s ran on %s, but this client talks to %s", run.ID, u.Account, p.Client.BaseURL())
	}
	switch u.Write {
	case WriteSteps:
		if err := p.undoSteps(ctx, run, u, true); err != nil {
			return nil, err
		}
	case WriteUpdateMany, WriteUpdateEach:
		if err := p.checkUndoTickets(ctx, u); err != nil {
			return nil, err
		}
		u.Write = chooseUpdateWrite(u.Changes)
	case WriteDestroyMany:
		var kept []TicketChange
		for _, c := range u.Changes {
			_, err := p.Client.Tickets.Get(ctx, c.ID)
			switch {
			case isNotFound(err):
				u.Skipped = append(u.Skipped, Skip{ID: c.ID, Subject: c.Subject, Reason: "already deleted"})
			case err != nil:
				return nil, fmt.Errorf("read ticket %d: %w", c.ID, err)
			default:
				kept = append(kept, c)
			}
		}
		u.Changes = kept
	}
	if len(u.UserChanges) > 0 {
		if err := p.checkUndoUsers(ctx, u); err != nil {
			return nil, err
		}
	}
	if err := finishUndo(u); err != nil {
		return nil, err
	}
	return u, nil
}

func (p Planner) checkUndoTickets(ctx context.Context, u *Plan) error {
	ids := make([]int64, len(u.Changes))
	for i, c := range u.Changes {
		ids[i] = c.ID
	}
	tickets, err := p.Client.Tickets.ShowMany(ctx, ids)
	if err != nil {
		return fmt.Errorf("read the %s to undo: %w", plural(len(ids), "ticket"), err)
	}
	byID := make(map[int64]zendesk.Ticket, len(tickets))
	for _, t := range tickets {
		byID[t.ID] = t
	}
	var kept []TicketChange
	for _, c := range u.Changes {
		t, ok := byID[c.ID]
		now := ticketValue(t, primaryField(u))
		var reason string
		switch {
		case !ok:
			reason = "no longer exists (deleted since the run)"
		case t.Status == "closed":
			reason = "closed since the run: Zendesk cannot reopen a closed ticket"
		case now != c.BeforeValue:
			reason = fmt.Sprintf("changed since the run (now %s, the run set %s): left alone", display(now), c.Before)
		}
		if reason != "" {
			u.Skipped = append(u.Skipped, Skip{ID: c.ID, Subject: c.Subject, Reason: reason})
			continue
		}
		c.Status = t.Status
		kept = append(kept, c)
	}
	u.Changes = kept
	return nil
}

// primaryField is the field an update plan is about: for an undo that puts assignee and
// group back together, the one the undone action set.
func primaryField(p *Plan) string {
	if p.Field != "assignment" {
		return p.Field
	}
	if p.Request.Action == AssignGroup {
		return "group"
	}
	return "assignee"
}

func (p Planner) checkUndoUsers(ctx context.Context, u *Plan) error {
	ids := make([]int64, len(u.UserChanges))
	for i, c := range u.UserChanges {
		ids[i] = c.ID
	}
	users, err := p.Client.Users.ShowMany(ctx, ids)
	if err != nil {
		return fmt.Errorf("read the %s to undo: %w", plural(len(ids), "user"), err)
	}
	byID := map[int64]zendesk.User{}
	for _, x := range users {
		byID[x.ID] = x
	}
	var kept []UserChange
	for _, c := range u.UserChanges {
		x, ok := byID[c.ID]
		switch {
		case !ok:
			u.Skipped = append(u.Skipped, Skip{ID: c.ID, Kind: "user", Subject: c.Email, Reason: "no longer exists"})
		case x.Suspended != c.SuspendedBefore:
			u.Skipped = append(u.Skipped, Skip{ID: c.ID, Kind: "user", Subject: c.Email,
				Reason: fmt.Sprintf("changed since the run (now %s): left alone", activeWord(x.Suspended))})
		default:
			kept = append(kept, c)
		}
	}
	u.UserChanges = kept
	return nil
}

// Undoable says whether PlanUndo would accept the run, and if not, why.
func (r Run) Undoable() (bool, string) {
	switch {
	case r.Plan == nil:
		return false, "no plan recorded"
	case r.UndoOf != "":
		return false, "it is an undo"
	case r.UndoneBy != "":
		return false, "already undone by run " + r.UndoneBy
	case r.Final == nil:
		return false, "not finished: resume it first"
	case r.Plan.Write == WriteCreate && r.CreatedTicket == 0:
		return false, "it created no ticket"
	case r.Plan.Write == WriteSteps:
		return stepsUndoable(r)
	case !slices.Contains([]WriteKind{WriteUpdateMany, WriteUpdateEach, WriteDestroyMany, WriteSpamMany, WriteUsers, WriteCreate}, r.Plan.Write):
		return false, "a " + string(r.Plan.Write) + " run cannot be undone"
	}
	return true, ""
}
