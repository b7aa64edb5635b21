package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
)

// groupNames names groups by id.
type groupNames map[int64]string

var agentCols = []column{
	{title: "Name", min: 12, flex: 3, max: 40},
	{title: "Email", min: 16, flex: 3, max: 44},
	{title: "Role", min: 6, max: 6},
	{title: "Default group", min: 14, flex: 2, max: 32},
}

func agentCells(pc *programContext, r *userRow, c []string) {
	c[0], c[1], c[2] = r.name, r.email, r.role
	if r.defaultGroup != 0 {
		if n, ok := pc.groupNames[r.defaultGroup]; ok {
			c[3] = n
		} else {
			c[3] = "#" + idText(r.defaultGroup)
		}
	}
}

// loadGroupNames reads every group once (accounts have few) so the default group column
// shows names instead of ids.
func loadGroupNames(pc *programContext, to compID) tea.Cmd {
	client := pc.client
	return load(pc, to, func(ctx context.Context) (groupNames, error) {
		names := groupNames{}
		for g, err := range client.Groups.List().All(ctx) {
			if err != nil {
				return names, err
			}
			names[g.ID] = sanitizeLine(g.Name)
		}
		return names, nil
	})
}

// searchAgents searches the people who work tickets: agents, then admins. Zendesk's search
// ANDs its terms, so "role:agent role:admin" would find nobody; two searches read as one
// list do.
func searchAgents(pc *programContext, q string) fetchFunc[userRow] {
	return chainFetch(
		pagesFetch(pc.client.Users.Search("role:agent "+q), 10000, userRowOf),
		pagesFetch(pc.client.Users.Search("role:admin "+q), 10000, userRowOf),
	)
}

func newAgentsView(pc *programContext) *listView[userRow] {
	return newListView(pc, &listSpec[userRow]{
		title:       "Agents",
		noun:        "agents",
		placeholder: "name or email (Zendesk user search, agents and admins)",
		cols:        agentCols,
		list: func(pc *programContext) fetchFunc[userRow] {
			return pagesFetch(pc.client.Users.Agents(), 0, userRowOf)
		},
		search: func(pc *programContext, q string) searchPlan[userRow] {
			return searchPlan[userRow]{fetch: searchAgents(pc, q)}
		},
		cells: agentCells,
		open:  openUser,
		idOf:  userRowID,
		action: func(r *userRow, _ []int64) (actionTarget, bool) {
			if r == nil {
				return actionTarget{}, false
			}
			return userTarget(r.id, r.name, r.email), true
		},
		kind:    "user",
		refetch: refetchUsers,
		gone:    func(r *userRow) { r.state = "deleted" },
		init:    loadGroupNames,
		other: func(pc *programContext, msg tea.Msg) bool {
			m, ok := msg.(loadedMsg[groupNames])
			if !ok {
				return false
			}
			if m.err != nil {
				pc.fail(0, "load group names", m.err)
			}
			for id, n := range m.v {
				pc.groupNames[id] = n
			}
			return true
		},
	})
}
