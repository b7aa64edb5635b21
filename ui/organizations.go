package ui

import (
	"context"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// orgRow is what the organizations table shows of an organization.
type orgRow struct {
	id         int64
	name       string
	externalID string
	domains    string
	tags       string
	key        string // lower-cased name, domains and tags, for the local filter
}

func orgRowOf(o *zendesk.Organization) orgRow {
	r := orgRow{
		id:         o.ID,
		name:       sanitizeLine(o.Name),
		externalID: sanitizeLine(o.ExternalID),
		domains:    joinShort(o.DomainNames, ", "),
		tags:       joinShort(o.Tags, " "),
	}
	r.key = strings.ToLower(r.name + "\x00" + r.domains + "\x00" + r.tags + "\x00" + r.externalID)
	return r
}

var orgCols = []column{
	{title: "Name", min: 14, flex: 3, max: 32},
	{title: "External ID", min: 11, flex: 1, max: 16},
	{title: "Domains", min: 12, flex: 3, max: 40},
	{title: "Tags", min: 8, flex: 3},
}

func orgCells(_ *programContext, r *orgRow, c []string) {
	c[0], c[1], c[2], c[3] = r.name, r.externalID, r.domains, r.tags
}

// externalIDQuery tells whether q asks for an external id: "external_id:X" or "ext:X" do,
// and so does one word with a digit in it (ids look like "ORG-1042"), which no name search
// exists for anyway. It returns the id.
func externalIDQuery(q string) (string, bool) {
	for _, p := range []string{"external_id:", "ext:"} {
		if len(q) > len(p) && strings.EqualFold(q[:len(p)], p) {
			return strings.TrimSpace(q[len(p):]), true
		}
	}
	if strings.ContainsFunc(q, unicode.IsSpace) {
		return "", false
	}
	return q, strings.ContainsFunc(q, unicode.IsDigit)
}

func newOrganizationsView(pc *programContext) *listView[orgRow] {
	return newListView(pc, &listSpec[orgRow]{
		title:       "Organizations",
		noun:        "organizations",
		placeholder: "external id (ext:ORG-1), or filter loaded ones by name, domain or tag",
		cols:        orgCols,
		list: func(pc *programContext) fetchFunc[orgRow] {
			return pagesFetch(pc.client.Organizations.List(), 0, orgRowOf)
		},
		search: func(pc *programContext, q string) searchPlan[orgRow] {
			if id, ok := externalIDQuery(q); ok {
				client := pc.client
				return searchPlan[orgRow]{
					fetch: sliceFetch(func(ctx context.Context) ([]zendesk.Organization, error) {
						return client.Organizations.FindByExternalID(ctx, id)
					}, orgRowOf),
					note: "exact external id " + sanitizeLine(id),
				}
			}
			lq := strings.ToLower(q)
			return searchPlan[orgRow]{
				match: func(r *orgRow) bool { return strings.Contains(r.key, lq) },
				note:  localNote("organizations"),
			}
		},
		cells: orgCells,
		open: func(from compID, r *orgRow) tea.Cmd {
			return openCmd(from, orgDetailKind, r.id, r.name)
		},
		idOf:       func(r *orgRow) int64 { return r.id },
		kind:       "organization",
		refetch:    refetchOrganizations,
		create:     intentNewOrg,
		createHelp: "new organization",
	})
}

// refetchOrganizations reads organizations again by id (show_many, 100 a request), after a
// run changed them.
func refetchOrganizations(pc *programContext, ids []int64) func(ctx context.Context) ([]orgRow, error) {
	client := pc.client
	return func(ctx context.Context) ([]orgRow, error) {
		orgs, err := client.Organizations.ShowMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		rows := make([]orgRow, len(orgs))
		for i := range orgs {
			rows[i] = orgRowOf(&orgs[i])
		}
		return rows, nil
	}
}
