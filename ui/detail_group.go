package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// groupDetail shows a group and its agents (enter opens one).
type groupDetail struct {
	pane    recordPane[userRow]
	groupID int64
	group   *zendesk.Group
	err     error
}

func newGroupDetail(pc *programContext, groupID int64, title string) *groupDetail {
	d := &groupDetail{groupID: groupID}
	d.pane = newRecordPane(pc, pc.newID(), title, "Agents", userCols, userCells, openUser)
	return d
}

func (d *groupDetail) ID() compID    { return d.pane.id }
func (d *groupDetail) Title() string { return d.pane.title }
func (d *groupDetail) Typing() bool  { return false }

func (d *groupDetail) Init() tea.Cmd {
	pc, id, gid, client := d.pane.pc, d.pane.id, d.groupID, d.pane.pc.client
	d.group, d.err = nil, nil
	d.refresh()
	return tea.Batch(
		load(pc, id, func(ctx context.Context) (zendesk.Group, error) { return client.Groups.Get(ctx, gid) }),
		d.pane.rows.start(pc, id, pagesFetch(client.Groups.Users(gid), 0, userRowOf)),
	)
}

func (d *groupDetail) Update(msg tea.Msg) tea.Cmd {
	pc, id := d.pane.pc, d.pane.id
	switch msg := msg.(type) {
	case pageMsg[userRow]:
		_, cmd := d.pane.rows.accept(pc, id, msg)
		return cmd
	case loadedMsg[zendesk.Group]:
		if msg.err != nil {
			d.err = msg.err
			pc.fail(id, fmt.Sprintf("read group %d", d.groupID), msg.err)
		} else {
			g := msg.v
			d.group = &g
			d.pane.title = sanitizeLine(g.Name)
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

func (d *groupDetail) refresh() {
	g := d.group
	if g == nil {
		v := "loading…"
		if d.err != nil {
			v = "failed (r retries)"
		}
		d.pane.setFields([]field{{"Group", v}})
		return
	}
	pc := d.pane.pc
	d.pane.setFields([]field{
		{"Description", g.Description},
		{"Default", yesNo(g.Default)},
		{"Public", yesNo(g.IsPublic)},
		{"ID", idText(g.ID)},
		{"Created", timeField(pc, g.CreatedAt)},
		{"Updated", timeField(pc, g.UpdatedAt)},
	})
}

func (d *groupDetail) SetSize(w, h int)          { d.pane.SetSize(w, h) }
func (d *groupDetail) View() string              { return d.pane.View() }
func (d *groupDetail) ShortHelp() []key.Binding  { return detailHelp(d.pane.pc.keys) }
func (d *groupDetail) FullHelp() [][]key.Binding { return detailFullHelp(d.pane.pc.keys) }
