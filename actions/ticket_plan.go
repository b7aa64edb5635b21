package actions

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// planCreateTicket plans create-ticket: for the target user (planCreate), or for a
// requester given by email, whom Zendesk finds or creates; then the status, group,
// assignee and custom fields, each checked before anything is sent.
func (p Planner) planCreateTicket(ctx context.Context, plan *Plan, user *zendesk.User) error {
	r := plan.Request.Params
	if user != nil {
		if err := p.planCreate(plan, user); err != nil {
			return err
		}
	} else {
		req := *r.Requester
		found, err := usersWithEmail(ctx, p.Client, req.Email)
		if err != nil {
			return err
		}
		if len(found) > 1 {
			return fmt.Errorf("%d users have the email %s (%s): Zendesk could not tell which one is the requester", len(found), req.Email, userIDs(found))
		}
		requester := &UserSummary{Name: req.Name, Email: req.Email}
		if len(found) == 1 {
			plan.User = summarize(found[0])
			requester = plan.User
		} else if strings.TrimSpace(req.Name) == "" {
			return fmt.Errorf("no user has the email %s: give the requester's name, so that Zendesk can create them", req.Email)
		}
		plan.Write = WriteCreate
		plan.NewTicket = &zendesk.NewTicket{
			Subject:   firstOf(strings.TrimSpace(r.Subject), clipRunes("Follow-up on "+requesterText(requester), 150)),
			Comment:   zendesk.Comment{Body: firstOf(strings.TrimSpace(r.Body), requesterBody(requester)), Public: zendesk.Ptr(false)},
			Requester: &zendesk.Requester{Name: req.Name, Email: req.Email},
			Priority:  r.Priority, Type: r.Type, Tags: slices.Clone(r.Tags),
		}
		if len(found) == 1 {
			plan.Consequences = append(plan.Consequences, fmt.Sprintf("The requester %s exists: Zendesk uses that user as it is (the name given is not written).", plan.User))
		} else {
			plan.Consequences = append(plan.Consequences, fmt.Sprintf("No user has the email %s: Zendesk creates the requester %s with the ticket.", req.Email, requesterText(requester)))
		}
		plan.Consequences = append(plan.Consequences,
			"Sent with an Idempotency-Key: sending it again within 2 hours (a resumed run) returns the same ticket instead of a second one.")
	}
	t := plan.NewTicket
	t.Status = r.Status
	if r.GroupID != 0 {
		if _, err := p.liveGroup(ctx, r.GroupID); err != nil {
			return err
		}
		t.GroupID = r.GroupID
	}
	if r.AgentID != 0 {
		if _, err := p.assignableAgent(ctx, r.AgentID); err != nil {
			return err
		}
		t.AssigneeID = r.AgentID
	}
	if len(r.CustomFields) > 0 {
		values, _, err := p.ticketCustomFields(ctx, r.CustomFields)
		if err != nil {
			return err
		}
		t.CustomFields = values
	}
	return nil
}

func requesterText(u *UserSummary) string {
	if u.ID != 0 {
		return u.String()
	}
	if u.Name == "" {
		return "<" + u.Email + ">"
	}
	return u.Name + " <" + u.Email + ">"
}

func requesterBody(u *UserSummary) string {
	if u.ID != 0 {
		return defaultBody(u)
	}
	return fmt.Sprintf("Ticket created by zdops (create-ticket) for a new requester:\n\nName: %s\nEmail: %s\n", display(u.Name), u.Email)
}

func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// planUpdateTicket plans update-ticket: one PUT /tickets/{id} with the fields given; the
// requester, when given by email and missing, is created first.
func (p Planner) planUpdateTicket(ctx context.Context, b *stepBuilder) error {
	r := b.plan.Request.Params
	id := b.plan.Request.Target.TicketIDs[0]
	t, err := p.Client.Tickets.Get(ctx, id)
	switch {
	case isNotFound(err):
		return fmt.Errorf("ticket %d not found", id)
	case err != nil:
		return fmt.Errorf("read ticket %d: %w", id, err)
	case t.Status == "closed":
		return fmt.Errorf("ticket %d is closed: Zendesk does not let a closed ticket change (create a follow-up instead)", id)
	}
	var u zendesk.TicketUpdate
	var changes []FieldChange
	change := func(field string, before, after any) {
		changes = append(changes, FieldChange{Field: field, Before: rawJSON(before), After: rawJSON(after)})
	}
	str := func(field, given, current string) *string {
		if given == "" {
			return nil
		}
		if given != current {
			change(field, current, given)
		}
		return zendesk.Ptr(given)
	}
	u.Subject = str("subject", r.Subject, t.Subject)
	u.Priority = str("priority", r.Priority, t.Priority)
	u.Status = str("status", r.Status, t.Status)
	u.Type = str("type", r.Type, t.Type)
	closing := r.Status == "closed" && t.Status != "closed"
	if closing && t.Status != "solved" {
		return fmt.Errorf("ticket %d is %s: only solved tickets can be closed", id, t.Status)
	}
	if len(r.Tags) > 0 {
		u.Tags = slices.Clone(r.Tags)
		if !sameValue(r.Tags, t.Tags) {
			change("tags", t.Tags, r.Tags)
		}
	}
	if r.GroupID != 0 {
		if _, err := p.liveGroup(ctx, r.GroupID); err != nil {
			return err
		}
		u.GroupID = zendesk.Ptr(r.GroupID)
		if r.GroupID != t.GroupID {
			change("group_id", nullID(t.GroupID), r.GroupID)
		}
	}
	if r.AgentID != 0 {
		if _, err := p.assignableAgent(ctx, r.AgentID); err != nil {
			return err
		}
		u.AssigneeID = zendesk.Ptr(r.AgentID)
		if r.AgentID != t.AssigneeID {
			change("assignee_id", nullID(t.AssigneeID), r.AgentID)
		}
	}
	if len(r.CustomFields) > 0 {
		values, titles, err := p.ticketCustomFields(ctx, r.CustomFields)
		if err != nil {
			return err
		}
		u.CustomFields = values
		for i, v := range values {
			var before any
			for _, c := range t.CustomFields {
				if c.ID == v.ID {
					before = c.Value
				}
			}
			if !sameValue(v.Value, before) {
				changes = append(changes, FieldChange{Field: "custom_fields." + titles[i], Before: rawJSON(before), After: rawJSON(v.Value), FieldID: v.ID})
			}
		}
	}
	ids := &bodyIDs{}
	if r.Requester != nil {
		found, err := usersWithEmail(ctx, p.Client, r.Requester.Email)
		if err != nil {
			return err
		}
		var who ref
		switch len(found) {
		case 0:
			k := UserKey{Email: r.Requester.Email, Name: r.Requester.Name}
			if who, err = p.userOrCreate(b, nil, k); err != nil {
				return err
			}
		case 1:
			who = known(found[0].ID)
		default:
			return fmt.Errorf("%d users have the email %s (%s): refusing to guess which one is the requester", len(found), r.Requester.Email, userIDs(found))
		}
		u.RequesterID = zendesk.Ptr(ids.id(who))
		if who.in != nil || who.id != t.RequesterID {
			after := any(who.id)
			if who.in != nil {
				after = who.in.Placeholder()
			}
			change("requester_id", nullID(t.RequesterID), after)
		}
	}
	if len(changes) == 0 {
		b.skip("ticket", id, t.Subject, "already has the values given")
		return nil
	}
	_, err = b.add(Step{
		Kind: StepUpdateTicket, Method: http.MethodPut, Path: apiPrefix + "tickets/" + strconv.FormatInt(id, 10),
		TicketID: id, Subject: fmt.Sprintf("ticket #%d %q", id, t.Subject), Changes: changes, Danger: closing,
		Note: "only the fields given are sent",
	}, map[string]any{"ticket": u}, ids)
	if err != nil {
		return err
	}
	b.consequence("Zendesk runs its triggers on the updated ticket: the requester or agents may be notified.")
	if r.Tags != nil {
		b.consequence("The tags given replace the ticket's tags.")
	}
	if closing {
		b.consequence("A closed ticket cannot be reopened or changed again: this cannot be undone.")
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ticketCustomFields resolves custom field values given by the field's title (or id)
// against the account's ticket fields, checking each value (a tagger's or multiselect's
// against the options) before anything is sent. The values come back in field id order,
// with the fields' titles.
func (p Planner) ticketCustomFields(ctx context.Context, given map[string]any) ([]zendesk.CustomFieldValue, []string, error) {
	fields, err := p.ticketFields(ctx)
	if err != nil {
		return nil, nil, err
	}
	type resolved struct {
		v     zendesk.CustomFieldValue
		title string
	}
	var out []resolved
	for _, name := range sortedKeys(given) {
		f, err := findTicketField(fields, name)
		if err != nil {
			return nil, nil, err
		}
		v, err := fieldValue(f.Type, f.CustomFieldOptions, given[name])
		if err != nil {
			return nil, nil, fmt.Errorf("ticket field %q: %w", f.Title, err)
		}
		for _, o := range out {
			if o.v.ID == f.ID {
				return nil, nil, fmt.Errorf("ticket field %q is given twice", f.Title)
			}
		}
		out = append(out, resolved{zendesk.CustomFieldValue{ID: f.ID, Value: v}, f.Title})
	}
	slices.SortFunc(out, func(a, b resolved) int { return int(a.v.ID - b.v.ID) })
	values := make([]zendesk.CustomFieldValue, len(out))
	titles := make([]string, len(out))
	for i, o := range out {
		values[i], titles[i] = o.v, o.title
	}
	return values, titles, nil
}

// findTicketField finds an active custom ticket field by id or by title (case ignored).
func findTicketField(fields []zendesk.TicketField, name string) (zendesk.TicketField, error) {
	name = strings.TrimSpace(name)
	if id, err := strconv.ParseInt(name, 10, 64); err == nil {
		for _, f := range fields {
			if f.ID == id && f.Custom() {
				return activeField(f)
			}
		}
	}
	var matches []zendesk.TicketField
	for _, f := range fields {
		if strings.EqualFold(strings.TrimSpace(f.Title), name) {
			matches = append(matches, f)
		}
	}
	var custom []zendesk.TicketField
	for _, f := range matches {
		if f.Custom() {
			custom = append(custom, f)
		}
	}
	switch {
	case len(custom) == 1:
		return activeField(custom[0])
	case len(custom) > 1:
		ids := make([]string, len(custom))
		for i, f := range custom {
			ids[i] = strconv.FormatInt(f.ID, 10)
		}
		return zendesk.TicketField{}, fmt.Errorf("%d ticket fields are titled %q (ids %s): name it by its id", len(custom), name, strings.Join(ids, ", "))
	case len(matches) > 0:
		return zendesk.TicketField{}, fmt.Errorf("%q is one of Zendesk's own ticket fields (%s), not a custom field: use its own parameter (subject, status, priority, type, group, assignee)", name, matches[0].Type)
	}
	var titles []string
	for _, f := range fields {
		if f.Custom() && f.Active {
			titles = append(titles, f.Title)
		}
	}
	return zendesk.TicketField{}, fmt.Errorf("no custom ticket field is titled %q (custom fields: %s)", name, strings.Join(titles, ", "))
}

func activeField(f zendesk.TicketField) (zendesk.TicketField, error) {
	if !f.Active {
		return f, fmt.Errorf("ticket field %q is inactive", f.Title)
	}
	return f, nil
}

// assignableAgent checks that a ticket can be assigned to the user.
func (p Planner) assignableAgent(ctx context.Context, id int64) (zendesk.User, error) {
	a, err := p.Client.Users.Get(ctx, id)
	switch {
	case isNotFound(err):
		return a, fmt.Errorf("agent %d not found", id)
	case err != nil:
		return a, fmt.Errorf("read agent %d: %w", id, err)
	case !a.IsAgent():
		return a, fmt.Errorf("user %s is an end user, not an agent: tickets can only be assigned to agents and admins", summarize(a))
	case a.Suspended:
		return a, fmt.Errorf("agent %s is suspended", summarize(a))
	}
	return a, nil
}

// liveGroup checks that tickets can be put in the group.
func (p Planner) liveGroup(ctx context.Context, id int64) (zendesk.Group, error) {
	g, err := p.Client.Groups.Get(ctx, id)
	switch {
	case isNotFound(err):
		return g, fmt.Errorf("group %d not found", id)
	case err != nil:
		return g, fmt.Errorf("read group %d: %w", id, err)
	case g.Deleted:
		return g, fmt.Errorf("group %q (#%d) is deleted", g.Name, g.ID)
	}
	return g, nil
}
