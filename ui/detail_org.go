package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// orgDetail shows an organization and its members (enter opens one).
type orgDetail struct {
	pane  recordPane[userRow]
	orgID int64
	org   *zendesk.Organization
	err   error
}

func newOrgDetail(pc *programContext, orgID int64, title string) *orgDetail {
	d := &orgDetail{orgID: orgID}
	d.pane = newRecordPane(pc, pc.newID(), title, "Members", userCols, userCells, openUser)
	return d
}

func (d *orgDetail) ID() compID    { return d.pane.id }
func (d *orgDetail) Title() string { return d.pane.title }
func (d *orgDetail) Typing() bool  { return false }

func (d *orgDetail) Init() tea.Cmd {
	pc, id, oid, client := d.pane.pc, d.pane.id, d.orgID, d.pane.pc.client
	d.org, d.err = nil, nil
	d.refresh()
	return tea.Batch(
		load(pc, id, func(ctx context.Context) (zendesk.Organization, error) { return client.Organizations.Get(ctx, oid) }),
		d.pane.rows.start(pc, id, pagesFetch(client.Organizations.Users(oid), 0, userRowOf)),
	)
}

func (d *orgDetail) Update(msg tea.Msg) tea.Cmd {
	pc, id := d.pane.pc, d.pane.id
	switch msg := msg.(type) {
	case pageMsg[userRow]:
		_, cmd := d.pane.rows.accept(pc, id, msg)
		return cmd
	case loadedMsg[zendesk.Organization]:
		if msg.err != nil {
			d.err = msg.err
			pc.fail(id, fmt.Sprintf("read organization %d", d.orgID), msg.err)
		} else {
			o := msg.v
			d.org = &o
			d.pane.title = sanitizeLine(o.Name)
		}
		d.refresh()
	case tea.KeyMsg:
		if key.Matches(msg, pc.keys.Reload) {
			return d.Init()
		}
		return d.pane.key(msg)
	}
	return nil
}

func (d *orgDetail) refresh() {
	o := d.org
	if o == nil {
		v := "loading…"
		if d.err != nil {
			v = "failed (r retries)"
		}
		d.pane.setFields([]field{{"Organization", v}})
		return
	}
	pc := d.pane.pc
	shared := []string{}
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
	d.pane.setFields([]field{
		{"External ID", o.ExternalID},
		{"Domains", strings.Join(o.DomainNames, ", ")},
		{"Tags", strings.Join(o.Tags, " ")},
		{"Group", group},
		{"Shared", strings.Join(shared, ", ")},
		{"Details", o.Details},
		{"Notes", o.Notes},
		{"ID", idText(o.ID)},
		{"Created", timeField(pc, o.CreatedAt)},
	})
}

func (d *orgDetail) SetSize(w, h int)          { d.pane.SetSize(w, h) }
func (d *orgDetail) View() string              { return d.pane.View() }
func (d *orgDetail) ShortHelp() []key.Binding  { return detailHelp(d.pane.pc.keys) }
func (d *orgDetail) FullHelp() [][]key.Binding { return detailFullHelp(d.pane.pc.keys) }
