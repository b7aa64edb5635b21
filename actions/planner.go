package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// Planner reads what an action would touch and returns the Plan. It never writes.
type Planner struct {
	Client *zendesk.Client
	Now    func() time.Time // nil means time.Now
	// Fields keeps the user, organization and ticket field lists between plans (zdops
	// apply plans one event after another); nil reads them for each plan that needs them.
	Fields *FieldCache
}

func (p Planner) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// namesLookupLimit bounds how many distinct assignees a preview resolves to names (one
// users/show_many call per 100); beyond it they are shown by id.
const namesLookupLimit = 300

// Plan reads the target and returns the exact preview of the request. It lists the user's
// tickets with cursor pages (ceil(N/100) requests) or reads a selection with show_many
// (100 per request), plus a few single reads (the user, the agent or group).
func (p Planner) Plan(ctx context.Context, r Request) (*Plan, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if p.Client == nil {
		return nil, errors.New("plan: no Zendesk client")
	}
	spec, _ := r.Action.spec()
	now := p.now()
	plan := &Plan{
		ID:        newRunID(now, string(r.Action)),
		Request:   cloneRequest(r),
		Account:   p.Client.BaseURL(),
		PlannedAt: now,
		Danger:    spec.Danger,
	}
	var user *zendesk.User
	if r.Target.HasUser() {
		u, err := p.resolveUser(ctx, r.Target)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Action, err)
		}
		user = &u
		plan.User = summarize(u)
		plan.Request.Target.UserID = u.ID
	}
	var err error
	switch {
	case r.Action.isTicketUpdate():
		err = p.planUpdate(ctx, plan, user)
	case r.Action == DeleteTickets || r.Action == SpamTickets:
		err = p.planRemoval(ctx, plan, user)
	case r.Action.isUserAction():
		err = p.planUsers(ctx, plan, user)
	case r.Action == CreateTicket:
		err = p.planCreateTicket(ctx, plan, user)
	case r.Action.isProfileAction():
		err = p.planProfile(ctx, plan, user)
	default:
		err = fmt.Errorf("no planner for %q", r.Action)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Action, err)
	}
	if plan.Write == WriteSteps {
		plan.Calls, plan.ConfirmPhrase = stepCalls(plan.Steps), stepsConfirmPhrase(plan)
		return plan, nil
	}
	if plan.Calls, err = planCalls(plan); err != nil {
		return nil, err
	}
	plan.ConfirmPhrase = confirmPhrase(plan)
	return plan, nil
}

func cloneRequest(r Request) Request {
	r.Target.TicketIDs = slices.Clone(r.Target.TicketIDs)
	r.Target.UserIDs = slices.Clone(r.Target.UserIDs)
	r.Params.Tags = slices.Clone(r.Params.Tags)
	r.Target.UserEmail = strings.TrimSpace(r.Target.UserEmail)
	cloneProfileParams(&r.Params)
	return r
}

// confirmPhrase is what a dangerous plan asks the operator to type: the user's email (or
// id) for a user, the number of items for a selection.
func confirmPhrase(p *Plan) string {
	if !p.Danger {
		return ""
	}
	if p.User != nil {
		if p.User.Email != "" {
			return p.User.Email
		}
		return strconv.FormatInt(p.User.ID, 10)
	}
	if p.Write == WriteUsers {
		return strconv.Itoa(len(p.UserChanges))
	}
	return strconv.Itoa(len(p.Changes))
}

// resolveUser reads the target user by id, or finds the one user whose email is exactly
// the one given. With both, they must agree.
func (p Planner) resolveUser(ctx context.Context, t Target) (zendesk.User, error) {
	email := strings.TrimSpace(t.UserEmail)
	if t.UserID != 0 {
		u, err := p.Client.Users.Get(ctx, t.UserID)
		if err != nil {
			if isNotFound(err) {
				return u, fmt.Errorf("user %d not found", t.UserID)
			}
			return u, fmt.Errorf("read user %d: %w", t.UserID, err)
		}
		if email != "" && !strings.EqualFold(u.Email, email) {
			return u, fmt.Errorf("user %d has the email %q, not %q", u.ID, u.Email, email)
		}
		return u, nil
	}
	return FindUserByEmail(ctx, p.Client, email)
}

// FindUserByEmail finds the one user whose email is exactly email (case-insensitive) with
// Zendesk's user search ("email:..."). None, or more than one, is an error naming the email.
func FindUserByEmail(ctx context.Context, c *zendesk.Client, email string) (zendesk.User, error) {
	found, err := usersWithEmail(ctx, c, email)
	if err != nil {
		return zendesk.User{}, err
	}
	switch len(found) {
	case 0:
		return zendesk.User{}, fmt.Errorf("no user has the email %s", email)
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, u := range found {
		ids[i] = strconv.FormatInt(u.ID, 10)
	}
	return zendesk.User{}, fmt.Errorf("%d users have the email %s (ids %s): give the user's id instead", len(found), email, strings.Join(ids, ", "))
}

func isNotFound(err error) bool {
	var zerr *zendesk.Error
	return errors.As(err, &zerr) && zerr.Status == 404
}

// tickets reads the tickets the request works on: the user's requested tickets (every
// cursor page), or the selection with show_many. Selected tickets that do not exist, or
// that the target user did not request, are skipped.
func (p Planner) tickets(ctx context.Context, plan *Plan, user *zendesk.User) ([]zendesk.Ticket, error) {
	sel := dedupe(plan.Request.Target.TicketIDs)
	if len(sel) == 0 {
		var out []zendesk.Ticket
		seen := map[int64]bool{}
		for t, err := range p.Client.Tickets.Requested(user.ID).All(ctx) {
			if err != nil {
				return nil, fmt.Errorf("list tickets of user %d: %w", user.ID, err)
			}
			if !seen[t.ID] {
				seen[t.ID] = true
				out = append(out, t)
			}
		}
		return out, nil
	}
	got, err := p.Client.Tickets.ShowMany(ctx, sel)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", plural(len(sel), "selected ticket"), err)
	}
	byID := make(map[int64]zendesk.Ticket, len(got))
	for _, t := range got {
		byID[t.ID] = t
	}
	var out []zendesk.Ticket
	for _, id := range sel {
		t, ok := byID[id]
		switch {
		case !ok:
			plan.Skipped = append(plan.Skipped, Skip{ID: id, Reason: "not found (deleted, or no such ticket)"})
		case user != nil && t.RequesterID != user.ID:
			plan.Skipped = append(plan.Skipped, Skip{ID: id, Subject: t.Subject, Reason: fmt.Sprintf("not the user's ticket (requester #%d)", t.RequesterID)})
		default:
			out = append(out, t)
		}
	}
	return out, nil
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// planUpdate plans set-priority, set-status, assign-agent and assign-group.
func (p Planner) planUpdate(ctx context.Context, plan *Plan, user *zendesk.User) error {
	r := plan.Request
	var target, shown string
	var agent *zendesk.User
	var groupNames map[int64]string
	switch r.Action {
	case SetPriority:
		plan.Field, target = "priority", r.Params.Priority
		shown = target
	case SetStatus:
		plan.Field, target = "status", r.Params.Status
		shown = target
		if target == "closed" {
			plan.Danger = true
		}
	case AssignAgent:
		plan.Field, target = "assignee", idValue(r.Params.AgentID)
		a, err := p.Client.Users.Get(ctx, r.Params.AgentID)
		switch {
		case isNotFound(err):
			return fmt.Errorf("agent %d not found", r.Params.AgentID)
		case err != nil:
			return fmt.Errorf("read agent %d: %w", r.Params.AgentID, err)
		case !a.IsAgent():
			return fmt.Errorf("user %s is an end user, not an agent: tickets can only be assigned to agents and admins", summarize(a))
		case a.Suspended:
			return fmt.Errorf("agent %s is suspended", summarize(a))
		}
		agent = &a
		shown = summarize(a).String()
	case AssignGroup:
		plan.Field, target = "group", idValue(r.Params.GroupID)
		g, err := p.Client.Groups.Get(ctx, r.Params.GroupID)
		switch {
		case isNotFound(err):
			return fmt.Errorf("group %d not found", r.Params.GroupID)
		case err != nil:
			return fmt.Errorf("read group %d: %w", r.Params.GroupID, err)
		case g.Deleted:
			return fmt.Errorf("group %q (#%d) is deleted", g.Name, g.ID)
		}
		shown = fmt.Sprintf("%s (#%d)", g.Name, g.ID)
	}
	plan.Write = WriteUpdateMany
	tickets, err := p.tickets(ctx, plan, user)
	if err != nil {
		return err
	}

	// Names for the values before, when there are few enough to look up.
	names := map[string]string{}
	switch plan.Field {
	case "assignee":
		names = p.assigneeNames(ctx, tickets)
	case "group":
		if groupNames, err = p.groupNames(ctx); err == nil {
			for id, n := range groupNames {
				names[idValue(id)] = fmt.Sprintf("%s (#%d)", n, id)
			}
		}
	}
	show := func(v string) string {
		if n, ok := names[v]; ok {
			return n
		}
		if v != "" && (plan.Field == "assignee" || plan.Field == "group") {
			return "#" + v
		}
		return display(v)
	}

	for _, t := range tickets {
		before := ticketValue(t, plan.Field)
		var reason string
		switch {
		case t.Status == "closed" && target == "closed":
			reason = "already closed"
		case t.Status == "closed":
			reason = "closed tickets cannot be updated"
		case before == target:
			switch plan.Field {
			case "assignee":
				reason = "already assigned to " + shown
			case "group":
				reason = "already in group " + shown
			default:
				reason = "already " + target
			}
		case plan.Field == "status" && target == "closed" && t.Status != "solved":
			reason = fmt.Sprintf("only solved tickets can be closed (this one is %s)", t.Status)
		}
		if reason != "" {
			plan.Skipped = append(plan.Skipped, Skip{ID: t.ID, Subject: t.Subject, Reason: reason})
			continue
		}
		plan.Changes = append(plan.Changes, TicketChange{
			ID: t.ID, Subject: t.Subject,
			Before: show(before), After: shown,
			BeforeValue: before, AfterValue: target,
			Status: t.Status, RequesterID: t.RequesterID,
		})
	}

	if plan.Field == "assignee" || plan.Field == "group" {
		byID := make(map[int64]zendesk.Ticket, len(tickets))
		for _, t := range tickets {
			byID[t.ID] = t
		}
		for i := range plan.Changes {
			plan.Changes[i].Assignment = ticketValue(byID[plan.Changes[i].ID], "assignment")
		}
	}

	plan.Consequences = append(plan.Consequences, "Zendesk runs its triggers on every updated ticket: requesters or agents may be notified.")
	switch {
	case plan.Field == "status" && target == "closed":
		plan.Consequences = append(plan.Consequences, "Closed tickets cannot be reopened or changed again: this cannot be undone.")
	case plan.Field == "status" && target == "solved":
		plan.Consequences = append(plan.Consequences, "Solved tickets close by themselves after a few days; once closed they cannot be reopened, so an undo cannot reach them.")
	}
	switch plan.Field {
	case "assignee":
		p.assigneeSideEffects(ctx, plan, agent, tickets)
	case "group":
		p.groupSideEffects(ctx, plan, r.Params.GroupID, shown, tickets)
	}
	return nil
}

// assigneeSideEffects says what else assigning to the agent changes: Zendesk moves a ticket
// whose group the agent is not in to the agent's default group, and opens new tickets.
func (p Planner) assigneeSideEffects(ctx context.Context, plan *Plan, agent *zendesk.User, tickets []zendesk.Ticket) {
	byID := make(map[int64]zendesk.Ticket, len(tickets))
	for _, t := range tickets {
		byID[t.ID] = t
	}
	mems, err := p.Client.Users.GroupMemberships(agent.ID).Collect(ctx)
	in := map[int64]bool{}
	for _, m := range mems {
		in[m.GroupID] = true
	}
	var moved, opened int
	for _, c := range plan.Changes {
		t := byID[c.ID]
		if err == nil && (t.GroupID == 0 || !in[t.GroupID]) {
			moved++
		}
		if t.Status == "new" {
			opened++
		}
	}
	if moved > 0 {
		plan.Consequences = append(plan.Consequences, fmt.Sprintf("%d of the tickets are in no group %s belongs to: Zendesk moves them to the agent's default group (undo puts the group back too).", moved, agent.Name))
	}
	if opened > 0 {
		plan.Consequences = append(plan.Consequences, fmt.Sprintf("%d of the tickets are new and become open once assigned; undo cannot make them new again.", opened))
	}
}

// groupSideEffects says what else moving tickets to the group changes: Zendesk drops an
// assignee who is not a member of the new group.
func (p Planner) groupSideEffects(ctx context.Context, plan *Plan, groupID int64, shown string, tickets []zendesk.Ticket) {
	mems, err := p.Client.Groups.Memberships(groupID).Collect(ctx)
	if err != nil {
		return
	}
	in := map[int64]bool{}
	for _, m := range mems {
		in[m.UserID] = true
	}
	byID := make(map[int64]zendesk.Ticket, len(tickets))
	for _, t := range tickets {
		byID[t.ID] = t
	}
	dropped := 0
	for _, c := range plan.Changes {
		if a := byID[c.ID].AssigneeID; a != 0 && !in[a] {
			dropped++
		}
	}
	if dropped > 0 {
		plan.Consequences = append(plan.Consequences, fmt.Sprintf("%d of the tickets have an assignee who is not a member of %s: Zendesk unassigns them (undo puts the assignee back too).", dropped, shown))
	}
}

// assigneeNames names the current assignees for the preview when there are few of them.
func (p Planner) assigneeNames(ctx context.Context, tickets []zendesk.Ticket) map[string]string {
	var ids []int64
	seen := map[int64]bool{}
	for _, t := range tickets {
		if t.AssigneeID != 0 && !seen[t.AssigneeID] {
			seen[t.AssigneeID] = true
			ids = append(ids, t.AssigneeID)
		}
	}
	names := map[string]string{}
	if len(ids) == 0 || len(ids) > namesLookupLimit {
		return names
	}
	users, err := p.Client.Users.ShowMany(ctx, ids)
	if err != nil {
		return names // the preview shows ids instead
	}
	for _, u := range users {
		names[idValue(u.ID)] = summarize(u).String()
	}
	return names
}

func (p Planner) groupNames(ctx context.Context) (map[int64]string, error) {
	out := map[int64]string{}
	for g, err := range p.Client.Groups.List().All(ctx) {
		if err != nil {
			return out, err
		}
		out[g.ID] = g.Name
	}
	return out, nil
}

// planRemoval plans delete-tickets and spam-tickets: every ticket, closed ones included.
func (p Planner) planRemoval(ctx context.Context, plan *Plan, user *zendesk.User) error {
	tickets, err := p.tickets(ctx, plan, user)
	if err != nil {
		return err
	}
	after, write := "deleted", WriteDestroyMany
	if plan.Request.Action == SpamTickets {
		after, write = "spam (deleted)", WriteSpamMany
	}
	plan.Write = write
	plan.Field = "status"
	for _, t := range tickets {
		plan.Changes = append(plan.Changes, TicketChange{
			ID: t.ID, Subject: t.Subject, Before: t.Status, After: after,
			BeforeValue: t.Status, Status: t.Status, RequesterID: t.RequesterID,
		})
	}
	plan.Consequences = append(plan.Consequences, "Deleted tickets can be restored from Deleted tickets for 30 days; after that they are gone for good.")
	if write != WriteSpamMany {
		return nil
	}
	// Spam suspends the requesters: show who, and remember who was suspended already so
	// that an undo restores only the others.
	var ids []int64
	seen := map[int64]bool{}
	for _, c := range plan.Changes {
		if c.RequesterID != 0 && !seen[c.RequesterID] {
			seen[c.RequesterID] = true
			ids = append(ids, c.RequesterID)
		}
	}
	var requesters []zendesk.User
	if user != nil && len(ids) == 1 && ids[0] == user.ID {
		requesters = []zendesk.User{*user}
	} else if len(ids) > 0 {
		if requesters, err = p.Client.Users.ShowMany(ctx, ids); err != nil {
			return fmt.Errorf("read the requesters of the tickets: %w", err)
		}
	}
	var names []string
	for _, u := range requesters {
		if u.Suspended {
			plan.Skipped = append(plan.Skipped, Skip{ID: u.ID, Kind: "user", Subject: summarize(u).String(), Reason: "requester already suspended"})
			continue
		}
		plan.UserChanges = append(plan.UserChanges, UserChange{
			ID: u.ID, Email: u.Email, Name: u.Name, Before: "active", After: "suspended", Suspended: true,
		})
		names = append(names, summarize(u).String())
	}
	switch {
	case len(names) == 1:
		plan.Consequences = append(plan.Consequences, "Spam suspends the requester: "+names[0]+".")
	case len(names) > 1:
		plan.Consequences = append(plan.Consequences, fmt.Sprintf("Spam suspends the requesters: %s.", plural(len(names), "user")))
	}
	return nil
}

// planUsers plans suspend-user and restore-user.
func (p Planner) planUsers(ctx context.Context, plan *Plan, user *zendesk.User) error {
	suspend := plan.Request.Action == SuspendUser
	plan.Write = WriteUsers
	var users []zendesk.User
	if user != nil {
		users = []zendesk.User{*user}
	} else {
		sel := dedupe(plan.Request.Target.UserIDs)
		got, err := p.Client.Users.ShowMany(ctx, sel)
		if err != nil {
			return fmt.Errorf("read %s: %w", plural(len(sel), "selected user"), err)
		}
		byID := map[int64]zendesk.User{}
		for _, u := range got {
			byID[u.ID] = u
		}
		for _, id := range sel {
			if u, ok := byID[id]; ok {
				users = append(users, u)
			} else {
				plan.Skipped = append(plan.Skipped, Skip{ID: id, Kind: "user", Reason: "not found"})
			}
		}
	}
	for _, u := range users {
		if u.Suspended == suspend {
			plan.Skipped = append(plan.Skipped, Skip{ID: u.ID, Kind: "user", Subject: summarize(u).String(), Reason: "already " + activeWord(suspend)})
			continue
		}
		plan.UserChanges = append(plan.UserChanges, UserChange{
			ID: u.ID, Email: u.Email, Name: u.Name,
			Before: activeWord(u.Suspended), After: activeWord(suspend),
			Suspended: suspend, SuspendedBefore: u.Suspended,
		})
	}
	if suspend {
		plan.Consequences = append(plan.Consequences, "Suspended users cannot sign in, and tickets they send go to Suspended tickets.")
	}
	return nil
}

// planCreate plans create-ticket: the user is the requester, the first comment is a
// private note describing the user unless a body is given.
func (p Planner) planCreate(plan *Plan, user *zendesk.User) error {
	r := plan.Request.Params
	u := summarize(*user)
	subject := strings.TrimSpace(r.Subject)
	if subject == "" {
		subject = fmt.Sprintf("Follow-up on %s", u)
		if r := []rune(subject); len(r) > 150 {
			subject = string(r[:150])
		}
	}
	body := strings.TrimSpace(r.Body)
	if body == "" {
		body = defaultBody(u)
	}
	plan.Write = WriteCreate
	plan.NewTicket = &zendesk.NewTicket{
		Subject:     subject,
		Comment:     zendesk.Comment{Body: body, Public: zendesk.Ptr(false)},
		RequesterID: u.ID,
		Priority:    r.Priority,
		Type:        r.Type,
		Tags:        slices.Clone(r.Tags),
	}
	plan.Consequences = append(plan.Consequences,
		fmt.Sprintf("The ticket's requester is %s and its first comment is private; Zendesk triggers may still notify the requester.", u),
		"Sent with an Idempotency-Key: sending it again within 2 hours (a resumed run) returns the same ticket instead of a second one.")
	return nil
}

func defaultBody(u *UserSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Ticket created by zdops (create-ticket) about this user:\n\n")
	fmt.Fprintf(&b, "Name: %s\nEmail: %s\nZendesk id: %d\n", display(u.Name), display(u.Email), u.ID)
	if u.Role != "" {
		fmt.Fprintf(&b, "Role: %s\n", u.Role)
	}
	fmt.Fprintf(&b, "Status: %s\n", activeWord(u.Suspended))
	return b.String()
}
