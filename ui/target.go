package ui

import (
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
)

// userRef is the user an action was opened on, as the view that opened it knew them.
type userRef struct {
	id    int64
	name  string
	email string
}

func (u userRef) label() string {
	switch {
	case u.name != "" && u.email != "":
		return u.name + " <" + u.email + ">"
	case u.email != "":
		return u.email
	case u.name != "":
		return u.name
	}
	return "user #" + idText(u.id)
}

// orgRef is the organization a customer-record form was opened on.
type orgRef struct {
	id   int64
	name string
}

// actionTarget is what the operator opened the action picker on: one user, a selection of
// tickets (of a user, when picked in the user's detail), or a selection of users; or what a
// customer-record form was opened on: a user, an organization, or nothing (a new record).
type actionTarget struct {
	user      *userRef
	ticketIDs []int64
	userIDs   []int64
	org       *orgRef
	from      string // the view it was opened from, for create-ticket's default body
}

// empty reports whether the target names nothing: a new user or organization.
func (t actionTarget) empty() bool {
	return t.user == nil && t.org == nil && len(t.ticketIDs) == 0 && len(t.userIDs) == 0
}

func userTarget(id int64, name, email string) actionTarget {
	return actionTarget{user: &userRef{id: id, name: name, email: email}}
}

// label says what the action works on: "Ada Lovelace <ada@x>", "12 selected tickets".
func (t actionTarget) label() string {
	switch {
	case len(t.ticketIDs) > 0:
		s := countNoun(len(t.ticketIDs), "selected ticket")
		if t.user != nil {
			s += " of " + t.user.label()
		}
		return s
	case len(t.userIDs) > 0:
		return countNoun(len(t.userIDs), "selected user")
	case t.user != nil:
		return t.user.label()
	case t.org != nil && t.org.name != "":
		return "organization " + t.org.name
	case t.org != nil:
		return "organization #" + idText(t.org.id)
	}
	return "nothing"
}

// accepts reports whether the action can work on the target.
func (t actionTarget) accepts(s actions.Spec) bool {
	switch {
	case len(t.ticketIDs) > 0:
		return s.Targets.Tickets
	case len(t.userIDs) > 0:
		return s.Targets.UserIDs
	case t.user != nil:
		return s.Targets.User
	}
	return false
}

func (t actionTarget) request(id actions.ActionID, p actions.Params) actions.Request {
	r := actions.Request{Action: id, Params: p}
	if t.user != nil {
		r.Target.UserID = t.user.id
	}
	r.Target.TicketIDs = slices.Clone(t.ticketIDs)
	r.Target.UserIDs = slices.Clone(t.userIDs)
	return r
}

// startActionMsg asks the root to open the action picker.
type startActionMsg struct{ target actionTarget }

func startActionCmd(t actionTarget) tea.Cmd {
	return func() tea.Msg { return startActionMsg{target: t} }
}

// countNoun is "1 ticket", "12 tickets".
func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return humanInt(n) + " " + noun + "s"
}

// affected is what a finished run changed, so the views can reload those rows.
type affected struct {
	tickets map[int64]bool
	users   map[int64]bool
	// requesters are users whose list of requested tickets changed (a ticket was created
	// or deleted): their detail reloads the list.
	requesters map[int64]bool
	// deleted says the tickets were deleted (or marked as spam), not changed.
	deleted bool
	// profiles are users whose identities, memberships or fields a customer-record run
	// changed; orgs the organizations it wrote or changed the members of.
	profiles map[int64]bool
	orgs     map[int64]bool
}

func (a *affected) has(kind string, id int64) bool {
	switch kind {
	case "ticket":
		return a.tickets[id]
	case "user":
		return a.users[id]
	case "organization":
		return a.orgs[id]
	}
	return false
}

// affectedBy reads what a plan changes, and what its result says it made (the ticket
// create-ticket made, the records a customer-record run created).
func affectedBy(p *actions.Plan, res *actions.Result) *affected {
	a := &affected{tickets: map[int64]bool{}, users: map[int64]bool{}, requesters: map[int64]bool{},
		profiles: map[int64]bool{}, orgs: map[int64]bool{}}
	if p == nil {
		return a
	}
	created := int64(0)
	if res != nil {
		created = res.CreatedTicket
	}
	if p.Write == actions.WriteSteps {
		touch := func(user, org, ticket int64) {
			if user != 0 {
				a.users[user], a.profiles[user] = true, true
			}
			if org != 0 {
				a.orgs[org] = true
			}
			if ticket != 0 {
				a.tickets[ticket] = true
			}
		}
		for _, s := range p.Steps {
			touch(s.UserID, s.OrganizationID, s.TicketID)
		}
		if res != nil {
			for _, o := range res.Steps {
				touch(o.UserID, o.OrganizationID, o.TicketID)
			}
		}
		if p.User != nil {
			touch(p.User.ID, 0, 0)
		}
		return a
	}
	a.deleted = p.Write == actions.WriteDestroyMany || p.Write == actions.WriteSpamMany
	removes := p.Write == actions.WriteDestroyMany || p.Write == actions.WriteSpamMany || p.Write == actions.WriteRestoreMany
	for _, c := range p.Changes {
		a.tickets[c.ID] = true
		if removes && c.RequesterID != 0 {
			a.requesters[c.RequesterID] = true
		}
	}
	for _, u := range p.UserChanges {
		a.users[u.ID] = true
	}
	if p.User != nil && (removes || p.Write == actions.WriteCreate || p.Write == actions.WriteUsers) {
		a.users[p.User.ID] = true
		if p.Write != actions.WriteUsers {
			a.requesters[p.User.ID] = true
		}
	}
	if created != 0 {
		a.tickets[created] = true
	}
	return a
}

// refetched answers a reload of rows a run changed.
type refetched[R any] struct {
	asked []int64
	rows  []R
}

func (r refetched[R]) byID(idOf func(*R) int64) (map[int64]R, map[int64]bool) {
	fresh := make(map[int64]R, len(r.rows))
	for i := range r.rows {
		fresh[idOf(&r.rows[i])] = r.rows[i]
	}
	asked := make(map[int64]bool, len(r.asked))
	for _, id := range r.asked {
		asked[id] = true
	}
	return fresh, asked
}

// refetchCmd reloads the rows with ids (show_many, 100 a request) for the component to.
func refetchCmd[R any](pc *programContext, to compID, ids []int64, fetch func(ctx context.Context) ([]R, error)) tea.Cmd {
	return load(pc, to, func(ctx context.Context) (refetched[R], error) {
		rows, err := fetch(ctx)
		return refetched[R]{asked: ids, rows: rows}, err
	})
}

// mergeIDs joins id lists without repeats.
func mergeIDs(lists ...[]int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, l := range lists {
		for _, id := range l {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}
