package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/zdops/zdops/zendesk"
)

// userRow is what a users or agents table shows of a user, and no more: 100,000 of them
// must stay small. The detail pane reads the whole user when it opens.
type userRow struct {
	id           int64
	name         string
	email        string
	role         string // one of the interned role names
	state        string // "active", "suspended" or "deleted", interned
	created      int64  // unix seconds
	defaultGroup int64
}

// internRole maps Zendesk's role to a constant, so 100,000 rows share three strings.
func internRole(r string) string {
	switch r {
	case "end-user":
		return "end-user"
	case "agent":
		return "agent"
	case "admin":
		return "admin"
	}
	return sanitizeLine(r)
}

func userRowOf(u *zendesk.User) userRow {
	state := "active"
	switch {
	case u.Suspended:
		state = "suspended"
	case !u.Active:
		state = "deleted"
	}
	return userRow{
		id:           u.ID,
		name:         sanitizeLine(u.Name),
		email:        sanitizeLine(u.Email),
		role:         internRole(u.Role),
		state:        state,
		created:      unixTime(u.CreatedAt),
		defaultGroup: u.DefaultGroupID,
	}
}

func userStateColour(st *theme, v string) (lipgloss.Style, bool) {
	if v == "suspended" || v == "deleted" {
		return st.Suspended, true
	}
	return lipgloss.Style{}, false
}

var userCols = []column{
	{title: "Name", min: 12, flex: 3, max: 40},
	{title: "Email", min: 16, flex: 3, max: 44},
	{title: "Role", min: 8, max: 8},
	{title: "Status", min: 9, max: 9, colour: userStateColour},
	{title: "Created", min: 10, max: 10},
}

func userCells(pc *programContext, r *userRow, c []string) {
	c[0], c[1], c[2], c[3] = r.name, r.email, r.role, r.state
	if r.created != 0 {
		c[4] = fromUnix(r.created).In(pc.loc).Format("2006-01-02")
	}
}

func openUser(from compID, r *userRow) tea.Cmd {
	return openCmd(from, userDetailKind, r.id, r.name)
}

func newUsersView(pc *programContext) *listView[userRow] {
	return newListView(pc, &listSpec[userRow]{
		title:       "Users",
		noun:        "users",
		placeholder: "name or email (Zendesk user search)",
		cols:        userCols,
		list: func(pc *programContext) fetchFunc[userRow] {
			return pagesFetch(pc.client.Users.List(zendesk.UserListOptions{}), 0, userRowOf)
		},
		search: func(pc *programContext, q string) searchPlan[userRow] {
			return searchPlan[userRow]{fetch: pagesFetch(pc.client.Users.Search(q), 10000, userRowOf)}
		},
		cells:    userCells,
		open:     openUser,
		idOf:     userRowID,
		markable: true,
		action: func(r *userRow, marked []int64) (actionTarget, bool) {
			if len(marked) > 0 {
				return actionTarget{userIDs: marked}, true
			}
			if r == nil {
				return actionTarget{}, false
			}
			return userTarget(r.id, r.name, r.email), true
		},
		kind:       "user",
		refetch:    refetchUsers,
		gone:       func(r *userRow) { r.state = "deleted" },
		create:     intentNewUser,
		createHelp: "new user",
	})
}

func userRowID(r *userRow) int64 { return r.id }

// refetchUsers reads users again by id (show_many, 100 a request).
func refetchUsers(pc *programContext, ids []int64) func(ctx context.Context) ([]userRow, error) {
	client := pc.client
	return func(ctx context.Context) ([]userRow, error) {
		users, err := client.Users.ShowMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		rows := make([]userRow, len(users))
		for i := range users {
			rows[i] = userRowOf(&users[i])
		}
		return rows, nil
	}
}

// joinShort joins a few strings for one cell.
func joinShort(items []string, sep string) string {
	return sanitizeLine(strings.Join(items, sep))
}
