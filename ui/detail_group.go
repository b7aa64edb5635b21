package ui

import (
	"context"

	"github.com/zdops/zdops/zendesk"
)

// groupKind shows a group and its agents.
var groupKind = recordKind[zendesk.Group]{
	noun:  "group",
	label: "Group",
	get: func(c *zendesk.Client, ctx context.Context, id int64) (zendesk.Group, error) {
		return c.Groups.Get(ctx, id)
	},
	members: func(c *zendesk.Client, id int64) zendesk.Pages[zendesk.User] { return c.Groups.Users(id) },
	name:    func(g zendesk.Group) string { return g.Name },
	fields: func(pc *programContext, g zendesk.Group) []field {
		return []field{
			{"Description", g.Description},
			{"Default", yesNo(g.Default)},
			{"Public", yesNo(g.IsPublic)},
			{"ID", idText(g.ID)},
			{"Created", timeField(pc, g.CreatedAt)},
			{"Updated", timeField(pc, g.UpdatedAt)},
		}
	},
}

func newGroupDetail(pc *programContext, groupID int64, title string) *membersDetail[zendesk.Group] {
	return newMembersDetail(pc, groupKind, groupID, title, "Agents")
}
