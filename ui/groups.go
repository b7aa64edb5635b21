package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// groupRow is what the groups table shows of a group.
type groupRow struct {
	id          int64
	name        string
	description string
	isDefault   bool
	key         string // lower-cased name and description, for the local filter
}

func groupRowOf(g *zendesk.Group) groupRow {
	r := groupRow{id: g.ID, name: sanitizeLine(g.Name), description: sanitizeLine(g.Description), isDefault: g.Default}
	r.key = strings.ToLower(r.name + "\x00" + r.description)
	return r
}

var groupCols = []column{
	{title: "Name", min: 14, flex: 2, max: 40},
	{title: "Description", min: 16, flex: 5},
	{title: "Default", min: 7, max: 7},
}

func groupCells(_ *programContext, r *groupRow, c []string) {
	c[0], c[1] = r.name, r.description
	if r.isDefault {
		c[2] = "default"
	}
}

// localNote says a result is a filter of what is loaded, not a search of the account.
func localNote(noun string) string {
	return "filtered locally: Zendesk has no name search for " + noun
}

func newGroupsView(pc *programContext) *listView[groupRow] {
	return newListView(pc, &listSpec[groupRow]{
		title:       "Groups",
		noun:        "groups",
		placeholder: "filter loaded groups by name or description",
		cols:        groupCols,
		list: func(pc *programContext) fetchFunc[groupRow] {
			return pagesFetch(pc.client.Groups.List(), 0, groupRowOf)
		},
		search: func(_ *programContext, q string) searchPlan[groupRow] {
			q = strings.ToLower(q)
			return searchPlan[groupRow]{
				match: func(r *groupRow) bool { return strings.Contains(r.key, q) },
				note:  localNote("groups"),
			}
		},
		cells: groupCells,
		open: func(from compID, r *groupRow) tea.Cmd {
			return openCmd(from, groupDetailKind, r.id, r.name)
		},
	})
}
