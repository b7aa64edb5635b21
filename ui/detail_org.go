package ui

import (
	"context"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// orgKind shows an organization and its members.
var orgKind = recordKind[zendesk.Organization]{
	noun:  "organization",
	label: "Organization",
	get: func(c *zendesk.Client, ctx context.Context, id int64) (zendesk.Organization, error) {
		return c.Organizations.Get(ctx, id)
	},
	members:  func(c *zendesk.Client, id int64) zendesk.Pages[zendesk.User] { return c.Organizations.Users(id) },
	name:     func(o zendesk.Organization) string { return o.Name },
	editable: true,
	fields: func(pc *programContext, o zendesk.Organization) []field {
		var shared []string
		if o.SharedTickets {
			shared = append(shared, "tickets")
		}
		if o.SharedComments {
			shared = append(shared, "comments")
		}
		group := ""
		if o.GroupID != 0 {
			group = "#" + idText(o.GroupID)
			if n, ok := pc.groupNames[o.GroupID]; ok {
				group = n
			}
		}
		return []field{
			{"External ID", o.ExternalID},
			{"Domains", strings.Join(o.DomainNames, ", ")},
			{"Tags", strings.Join(o.Tags, " ")},
			{"Group", group},
			{"Shared", strings.Join(shared, ", ")},
			{"Details", o.Details},
			{"Notes", o.Notes},
			{"ID", idText(o.ID)},
			{"Created", timeField(pc, o.CreatedAt)},
		}
	},
}

func newOrgDetail(pc *programContext, orgID int64, title string) *membersDetail[zendesk.Organization] {
	return newMembersDetail(pc, orgKind, orgID, title, "Members")
}
