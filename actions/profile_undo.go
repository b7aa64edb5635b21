package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// Undoing a profile run goes back through its steps, last first, and puts back what
// Zendesk lets be put back: a membership added is removed and one removed is added again,
// a primary email made primary gives way to the one before, an upsert that updated a user
// or an organization writes back the values before of the fields it changed, a ticket
// update writes back its fields. Records the run created (users, organizations, email
// identities) stay, and tracked events and deleted organizations cannot come back: the
// undo plan lists each of those with the reason.
//
// Offline (PlanUndo) the undo is planned from the audit log alone; Planner.PlanUndo also
// reads each record as it is now, leaves alone every field that changed since the run, and
// finds users by their external_id or email as they are now.

// undoSteps fills u, the undo of a profile run. With live set it reads the records as they
// are now through p.Client.
func (p Planner) undoSteps(ctx context.Context, run Run, u *Plan, live bool) error {
	orig := run.Plan
	u.Write, u.Steps, u.Skipped, u.Consequences = WriteSteps, nil, nil, nil
	b := &stepBuilder{plan: u}
	for i := len(orig.Steps) - 1; i >= 0; i-- {
		s := orig.Steps[i]
		o, ok := run.StepOutcomes[s.N]
		skip := func(reason string) { b.skip("step", int64(s.N), s.Describe(), reason) }
		switch {
		case !ok || o.State == Unknown:
			skip("the run never learned whether this was done (resume it first)")
			continue
		case o.State == Failed:
			skip("the run did not do it (" + o.Reason + ")")
			continue
		}
		var err error
		switch s.Kind {
		case StepUpsertUser:
			if o.Created {
				skip(fmt.Sprintf("the run created user #%d: an undo does not delete users (delete it in Zendesk if it should go)", o.UserID))
				continue
			}
			err = p.revertUser(ctx, b, s, o, live)
		case StepUpsertOrganization:
			if o.Created {
				skip(fmt.Sprintf("the run created organization #%d: an undo does not delete organizations (delete it if it should go)", o.OrganizationID))
				continue
			}
			err = p.revertOrganization(ctx, b, s, o, live)
		case StepAddIdentity:
			skip("the email identity the run added stays, as a secondary email")
		case StepMakePrimary:
			err = p.revertPrimary(ctx, b, s, o, live)
		case StepDeleteOrganization:
			skip("Zendesk cannot restore a deleted organization")
		case StepAddMembership:
			err = p.revertAddMembership(ctx, b, s, o, live)
		case StepRemoveMembership:
			err = p.revertRemoveMembership(ctx, b, s, o, live)
		case StepUpdateTicket:
			err = p.revertTicket(ctx, b, s, o, live)
		case StepTrackEvent:
			skip("Zendesk keeps tracked events: they cannot be deleted")
		default:
			skip("zdops cannot undo a " + string(s.Kind) + " step")
		}
		if err != nil {
			return fmt.Errorf("undo step %d of run %s: %w", s.N, run.ID, err)
		}
	}
	u.Steps = b.steps
	u.Calls = stepCalls(u.Steps)
	return nil
}

// stepsUndoable says whether a finished profile run has any step an undo could reverse.
func stepsUndoable(r Run) (bool, string) {
	for _, s := range r.Plan.Steps {
		o, ok := r.StepOutcomes[s.N]
		if !ok || o.State != Succeeded {
			continue
		}
		switch s.Kind {
		case StepUpsertUser, StepUpsertOrganization:
			if !o.Created && len(s.Changes) > 0 {
				return true, ""
			}
		case StepMakePrimary:
			if s.PrimaryBefore != 0 {
				return true, ""
			}
		case StepAddMembership, StepRemoveMembership:
			if !o.AlreadyDone {
				return true, ""
			}
		case StepUpdateTicket:
			return true, ""
		}
	}
	return false, "nothing it did can be undone: created records stay, tracked events and deleted organizations cannot come back"
}

// restoreValue reads the value a change puts back (its Before) for the revert.
func restoreValue(c FieldChange) any {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(c.Before)))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

func restoreString(c FieldChange) string {
	s, _ := restoreValue(c).(string)
	return s
}

func restoreStrings(c FieldChange) []string {
	list, _ := restoreValue(c).([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// reversed turns a change the run made into the change the undo makes.
func reversed(c FieldChange) FieldChange {
	return FieldChange{Field: c.Field, Before: c.After, After: c.Before, FieldID: c.FieldID}
}

// keepUnchanged keeps the changes whose field still holds the value the run wrote; now
// reads a field's current value (ok false when the field is unknown).
func keepUnchanged(b *stepBuilder, s Step, changes []FieldChange, now func(field string) (any, bool)) []FieldChange {
	var kept []FieldChange
	for _, c := range changes {
		v, ok := now(c.Field)
		var written any
		_ = json.Unmarshal(c.After, &written)
		if ok && !sameValue(v, written) {
			b.skip("field", int64(s.N), c.Field, fmt.Sprintf("changed since the run (now %s): left alone", shownJSON(rawJSON(v))))
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// emptiable reports whether create_or_update can put back an empty value for the field:
// custom fields take null; the others are left out of the body when empty.
func emptiable(field string) bool {
	return strings.HasPrefix(field, "user_fields.") || strings.HasPrefix(field, "organization_fields.")
}

// settable drops the changes whose value before cannot be written back, saying why.
func settable(b *stepBuilder, s Step, changes []FieldChange) []FieldChange {
	var kept []FieldChange
	for _, c := range changes {
		switch {
		case c.Field == "secondary email" || c.Field == "identity":
			b.skip("field", int64(s.N), c.Field, "the email the run added stays as a secondary email")
		case shownJSON(c.Before) == "(none)" && !emptiable(c.Field):
			b.skip("field", int64(s.N), c.Field, "was empty before the run, and create_or_update cannot empty it: clear it in Zendesk if it should be empty")
		default:
			kept = append(kept, c)
		}
	}
	return kept
}

func (p Planner) revertUser(ctx context.Context, b *stepBuilder, s Step, o StepOutcome, live bool) error {
	changes := settable(b, s, s.Changes)
	// Who the user is after the run, as far as the step knows.
	user := zendesk.User{ID: o.UserID}
	if field, value, ok := strings.Cut(s.Match, " "); ok {
		switch field {
		case "external_id":
			user.ExternalID = value
		case "email":
			user.Email = value
		}
	}
	if live {
		now, err := p.Client.Users.Get(ctx, o.UserID)
		if isNotFound(err) {
			b.skip("user", o.UserID, s.Subject, "no longer exists")
			return nil
		}
		if err != nil {
			return fmt.Errorf("read user %d: %w", o.UserID, err)
		}
		user = now
		changes = keepUnchanged(b, s, changes, func(field string) (any, bool) { return userFieldNow(now, field) })
	} else {
		for _, c := range s.Changes {
			if c.Field == "external_id" {
				user.ExternalID = restoreString(reversed(c))
			}
		}
	}
	if len(changes) == 0 {
		return nil
	}
	var body zendesk.UserUpsert
	var ext *FieldChange
	for i := range changes {
		c := changes[i]
		switch {
		case c.Field == "name":
			body.Name = restoreString(c)
		case c.Field == "phone":
			body.Phone = restoreString(c)
		case c.Field == "time_zone":
			body.TimeZone = restoreString(c)
		case c.Field == "tags":
			body.Tags = restoreStrings(c)
		case c.Field == "external_id":
			ext = &changes[i]
		case strings.HasPrefix(c.Field, "user_fields."):
			if body.UserFields == nil {
				body.UserFields = map[string]any{}
			}
			body.UserFields[strings.TrimPrefix(c.Field, "user_fields.")] = restoreValue(c)
		}
	}
	var match string
	switch {
	case ext == nil && user.ExternalID != "":
		body.ExternalID, match = user.ExternalID, "external_id "+user.ExternalID
	case ext != nil && strings.EqualFold(restoreString(*ext), user.ExternalID):
		body.ExternalID, match = restoreString(*ext), "external_id "+user.ExternalID
	case user.Email != "":
		body.Email, match = user.Email, "email "+user.Email
		if ext != nil {
			body.ExternalID = restoreString(*ext)
		}
	default:
		b.skip("user", o.UserID, s.Subject, "neither an external_id nor an email is known to find the user by: undo it by hand")
		return nil
	}
	rev := make([]FieldChange, len(changes))
	for i, c := range changes {
		rev[i] = reversed(c)
	}
	_, err := b.add(Step{
		Kind: StepUpsertUser, Method: http.MethodPost, Path: apiPrefix + "users/create_or_update",
		UserID: o.UserID, Subject: s.Subject, Match: match, Changes: rev,
		Note: "writes back the values before the run",
	}, map[string]any{"user": body}, nil)
	return err
}

// userFieldNow reads a field of a user as a FieldChange names it.
func userFieldNow(u zendesk.User, field string) (any, bool) {
	switch field {
	case "name":
		return u.Name, true
	case "phone":
		return u.Phone, true
	case "time_zone":
		return u.TimeZone, true
	case "external_id":
		return u.ExternalID, true
	case "tags":
		return u.Tags, true
	}
	if k, ok := strings.CutPrefix(field, "user_fields."); ok {
		return u.UserFields[k], true
	}
	return nil, false
}

func (p Planner) revertOrganization(ctx context.Context, b *stepBuilder, s Step, o StepOutcome, live bool) error {
	changes := settable(b, s, s.Changes)
	if live {
		now, err := p.Client.Organizations.Get(ctx, o.OrganizationID)
		if isNotFound(err) {
			b.skip("organization", o.OrganizationID, s.Subject, "no longer exists")
			return nil
		}
		if err != nil {
			return fmt.Errorf("read organization %d: %w", o.OrganizationID, err)
		}
		changes = keepUnchanged(b, s, changes, func(field string) (any, bool) { return orgFieldNow(now, field) })
	}
	if len(changes) == 0 {
		return nil
	}
	body := zendesk.OrganizationUpsert{ID: o.OrganizationID}
	rev := make([]FieldChange, len(changes))
	for i, c := range changes {
		rev[i] = reversed(c)
		switch {
		case c.Field == "name":
			body.Name = restoreString(c)
		case c.Field == "external_id":
			body.ExternalID = restoreString(c)
		case c.Field == "details":
			body.Details = restoreString(c)
		case c.Field == "notes":
			body.Notes = restoreString(c)
		case c.Field == "domain_names":
			body.DomainNames = restoreStrings(c)
		case c.Field == "tags":
			body.Tags = restoreStrings(c)
		case strings.HasPrefix(c.Field, "organization_fields."):
			if body.OrganizationFields == nil {
				body.OrganizationFields = map[string]any{}
			}
			body.OrganizationFields[strings.TrimPrefix(c.Field, "organization_fields.")] = restoreValue(c)
		}
	}
	_, err := b.add(Step{
		Kind: StepUpsertOrganization, Method: http.MethodPost, Path: apiPrefix + "organizations/create_or_update",
		OrganizationID: o.OrganizationID, Subject: s.Subject, Match: fmt.Sprintf("id %d", o.OrganizationID), Changes: rev,
		Note: "writes back the values before the run",
	}, map[string]any{"organization": body}, nil)
	return err
}

func orgFieldNow(o zendesk.Organization, field string) (any, bool) {
	switch field {
	case "name":
		return o.Name, true
	case "external_id":
		return o.ExternalID, true
	case "details":
		return o.Details, true
	case "notes":
		return o.Notes, true
	case "domain_names":
		return o.DomainNames, true
	case "tags":
		return o.Tags, true
	}
	if k, ok := strings.CutPrefix(field, "organization_fields."); ok {
		return o.OrganizationFields[k], true
	}
	return nil, false
}

func (p Planner) revertPrimary(ctx context.Context, b *stepBuilder, s Step, o StepOutcome, live bool) error {
	if s.PrimaryBefore == 0 {
		b.skip("step", int64(s.N), s.Describe(), "the user had no primary email before the run")
		return nil
	}
	if live {
		idents, err := p.identities(ctx, o.UserID)
		if err != nil {
			return err
		}
		var primary, before *zendesk.Identity
		for i := range idents {
			if idents[i].Primary && idents[i].Type == "email" {
				primary = &idents[i]
			}
			if idents[i].ID == s.PrimaryBefore {
				before = &idents[i]
			}
		}
		switch {
		case before == nil:
			b.skip("identity", s.PrimaryBefore, s.PrimaryBeforeValue, "the email that was primary before the run no longer exists")
			return nil
		case primary == nil || primary.ID != o.IdentityID:
			b.skip("identity", o.IdentityID, s.Subject, "the primary email changed since the run: left alone")
			return nil
		}
	}
	var rev []FieldChange
	for _, c := range s.Changes {
		rev = append(rev, reversed(c))
	}
	_, err := b.add(Step{
		Kind: StepMakePrimary, Method: http.MethodPut,
		Path:   apiPrefix + fmt.Sprintf("users/%d/identities/%d/make_primary", o.UserID, s.PrimaryBefore),
		UserID: o.UserID, IdentityID: s.PrimaryBefore, Subject: s.Subject, Changes: rev,
		PrimaryBefore: o.IdentityID, Note: "makes " + s.PrimaryBeforeValue + " primary again",
	}, nil, nil)
	return err
}

func (p Planner) revertAddMembership(ctx context.Context, b *stepBuilder, s Step, o StepOutcome, live bool) error {
	switch {
	case o.AlreadyDone && o.Resent:
		b.skip("membership", o.UserID, s.Subject, "the run cannot tell whether it added this membership (its first answer was lost): left alone")
		return nil
	case o.AlreadyDone:
		b.skip("membership", o.UserID, s.Subject, "the user was a member already: left alone")
		return nil
	case o.MembershipID == 0:
		b.skip("membership", o.UserID, s.Subject, "Zendesk did not say which membership it made: remove it by hand")
		return nil
	}
	m := zendesk.OrganizationMembership{ID: o.MembershipID, UserID: o.UserID, OrganizationID: o.OrganizationID}
	if live {
		mems, err := p.memberships(ctx, o.UserID)
		if err != nil {
			return err
		}
		found := false
		for _, x := range mems {
			found = found || x.ID == o.MembershipID
		}
		if !found {
			b.skip("membership", o.UserID, s.Subject, "the membership is already gone")
			return nil
		}
	}
	return removeMembershipStep(b, m, strings.Replace(s.Subject, " to ", " from ", 1))
}

func (p Planner) revertRemoveMembership(ctx context.Context, b *stepBuilder, s Step, o StepOutcome, live bool) error {
	if o.AlreadyDone {
		b.skip("membership", o.UserID, s.Subject, "the membership was gone already: left alone")
		return nil
	}
	if live {
		mems, err := p.memberships(ctx, o.UserID)
		if err != nil {
			return err
		}
		if membershipOf(mems, o.OrganizationID) != nil {
			b.skip("membership", o.UserID, s.Subject, "the user is a member again: left alone")
			return nil
		}
	}
	if err := addMembershipStep(b, known(o.UserID), known(o.OrganizationID), strings.Replace(s.Subject, " from ", " to ", 1)); err != nil {
		return err
	}
	b.consequence("The tickets Zendesk unassigned from the organization when the user left stay unassigned.")
	return nil
}

func (p Planner) revertTicket(ctx context.Context, b *stepBuilder, s Step, o StepOutcome, live bool) error {
	var changes []FieldChange
	for _, c := range s.Changes {
		if c.Field == "requester_id" && o.UserID != 0 {
			c.After = rawJSON(o.UserID) // the requester the run created, once known
		}
		switch {
		case c.Field == "status" && restoreString(c) == "new":
			b.skip("field", int64(s.N), c.Field, "was new: Zendesk cannot set a ticket back to new")
		case c.Field == "status" && shownJSON(c.After) == "closed":
			b.skip("field", int64(s.N), c.Field, "closed by the run: Zendesk cannot reopen a closed ticket")
		case c.Field == "subject" && restoreString(c) == "":
			b.skip("field", int64(s.N), c.Field, "had no subject before: left as it is")
		default:
			changes = append(changes, c)
		}
	}
	if live {
		t, err := p.Client.Tickets.Get(ctx, o.TicketID)
		switch {
		case isNotFound(err):
			b.skip("ticket", o.TicketID, s.Subject, "no longer exists (deleted since the run)")
			return nil
		case err != nil:
			return fmt.Errorf("read ticket %d: %w", o.TicketID, err)
		case t.Status == "closed":
			b.skip("ticket", o.TicketID, s.Subject, "closed since the run: Zendesk cannot reopen a closed ticket")
			return nil
		}
		changes = keepUnchanged(b, s, changes, func(field string) (any, bool) { return ticketFieldNow(t, field, changes) })
	}
	if len(changes) == 0 {
		return nil
	}
	var u zendesk.TicketUpdate
	rev := make([]FieldChange, len(changes))
	for i, c := range changes {
		rev[i] = reversed(c)
		id := func() *int64 {
			n, _ := restoreValue(c).(json.Number)
			v, _ := n.Int64()
			return zendesk.Ptr(v) // 0 clears
		}
		switch {
		case c.Field == "subject":
			u.Subject = zendesk.Ptr(restoreString(c))
		case c.Field == "priority":
			u.Priority = zendesk.Ptr(restoreString(c))
		case c.Field == "status":
			u.Status = zendesk.Ptr(restoreString(c))
		case c.Field == "type":
			u.Type = zendesk.Ptr(restoreString(c))
		case c.Field == "tags":
			u.Tags = restoreStrings(c)
		case c.Field == "group_id":
			u.GroupID = id()
		case c.Field == "assignee_id":
			u.AssigneeID = id()
		case c.Field == "requester_id":
			u.RequesterID = id()
		case c.FieldID != 0:
			u.CustomFields = append(u.CustomFields, zendesk.CustomFieldValue{ID: c.FieldID, Value: restoreValue(c)})
		}
	}
	_, err := b.add(Step{
		Kind: StepUpdateTicket, Method: http.MethodPut, Path: apiPrefix + fmt.Sprintf("tickets/%d", o.TicketID),
		TicketID: o.TicketID, Subject: s.Subject, Changes: rev, Note: "writes back the values before the run",
	}, map[string]any{"ticket": u}, nil)
	if err == nil {
		b.consequence("Zendesk runs its triggers on the updated ticket: the requester or agents may be notified.")
	}
	return err
}

// ticketFieldNow reads a ticket field as a FieldChange names it.
func ticketFieldNow(t zendesk.Ticket, field string, changes []FieldChange) (any, bool) {
	switch field {
	case "subject":
		return t.Subject, true
	case "priority":
		return t.Priority, true
	case "status":
		return t.Status, true
	case "type":
		return t.Type, true
	case "tags":
		return t.Tags, true
	case "group_id":
		return nullID(t.GroupID), true
	case "assignee_id":
		return nullID(t.AssigneeID), true
	case "requester_id":
		return nullID(t.RequesterID), true
	}
	for _, c := range changes {
		if c.Field == field && c.FieldID != 0 {
			for _, v := range t.CustomFields {
				if v.ID == c.FieldID {
					return v.Value, true
				}
			}
			return nil, true
		}
	}
	return nil, false
}
