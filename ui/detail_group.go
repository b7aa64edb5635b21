package ui

import (
	"context"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// groupKind reads a group and its agents for the group detail.
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

// groupSection is which of a group's two lists has the keys.
type groupSection int

const (
	groupTickets groupSection = iota
	groupAgents
)

// groupDetail shows a group: its fields, the tickets in it that are not closed (newest
// update first) and its agents. The list that has the keys shows as a table under the
// fields, as a user's requested tickets do; the other one shrinks to its heading on the
// last line, and the section key switches them. The tickets open, mark and act as in the
// Tickets tab.
type groupDetail struct {
	// agents reads the group and lists its agents, as an organization's detail lists its
	// members; the tickets pane repeats its title and fields.
	agents  *membersDetail[zendesk.Group]
	tickets recordPane[ticketRow]
	section groupSection
	marks   markSet // tickets marked for an action

	capNoted bool // the status line has said how to see past the search cap
	height   int
}

func newGroupDetail(pc *programContext, groupID int64, title string) *groupDetail {
	d := &groupDetail{agents: newMembersDetail(pc, groupKind, groupID, title, "Agents")}
	d.tickets = newRecordPane(pc, d.agents.ID(), title, "Tickets not closed", ticketCols, ticketCells, openTicket)
	d.tickets.rows.idOf, d.tickets.rows.marks = ticketRowID, &d.marks
	return d
}

func (d *groupDetail) ID() compID    { return d.agents.ID() }
func (d *groupDetail) Title() string { return d.agents.Title() }
func (d *groupDetail) Typing() bool  { return false }

// groupTicketsQuery finds a group's tickets that are not closed. Zendesk has no list of a
// group's tickets, so they come from search, which serves at most zendesk.SearchLimit of
// them (the heading says when more exist).
func groupTicketsQuery(groupID int64) string {
	return "group_id:" + strconv.FormatInt(groupID, 10) + " status<closed"
}

func (d *groupDetail) Init() tea.Cmd {
	cmd := d.agents.Init()
	d.syncFields()
	return tea.Batch(cmd, d.loadTickets())
}

// loadTickets (re)starts the tickets list from its first page, newest update first.
func (d *groupDetail) loadTickets() tea.Cmd {
	pc := d.tickets.pc
	d.capNoted = false
	pages := pc.client.Search.Tickets(groupTicketsQuery(d.agents.id))
	return d.tickets.rows.start(pc, d.ID(), ticketsFetch(pc, pages, zendesk.SearchLimit))
}

// syncFields gives the tickets pane the title and fields the agents pane has built.
func (d *groupDetail) syncFields() {
	d.tickets.title = d.agents.pane.title
	d.tickets.setFields(d.agents.pane.fields)
}

func (d *groupDetail) Update(msg tea.Msg) tea.Cmd {
	pc, id := d.tickets.pc, d.ID()
	switch msg := msg.(type) {
	case pageMsg[ticketRow]:
		_, cmd := d.tickets.rows.accept(pc, id, msg)
		d.noteCap()
		return cmd
	case loadedMsg[refetched[ticketRow]]:
		if msg.err != nil {
			pc.fail(id, "reload the tickets the run changed", msg.err)
			return nil
		}
		fresh, asked := msg.v.byID(ticketRowID)
		d.tickets.rows.replaceRows(fresh, asked, ticketGone)
		return nil
	case loadedMsg[zendesk.Group]:
		cmd := d.agents.Update(msg)
		d.syncFields()
		return cmd
	case tea.KeyMsg:
		return d.key(msg)
	}
	return d.agents.Update(msg) // the agents' pages
}

func (d *groupDetail) key(msg tea.KeyMsg) tea.Cmd {
	pc, id := d.tickets.pc, d.ID()
	km := pc.keys
	switch {
	case key.Matches(msg, km.Section):
		d.section = groupAgents - d.section
		return nil
	case key.Matches(msg, km.Reload):
		return d.Init()
	}
	if d.section == groupAgents {
		if key.Matches(msg, km.Action) {
			r, ok := d.agents.pane.rows.selected()
			if !ok {
				return nil
			}
			t := userTarget(r.id, r.name, r.email)
			t.from = "group detail"
			return startActionCmd(t)
		}
		return d.agents.Update(msg)
	}
	switch {
	case key.Matches(msg, km.Mark):
		return d.tickets.rows.toggleMark(pc, id)
	case key.Matches(msg, km.MarkAll):
		d.tickets.rows.markAll()
		return nil
	case key.Matches(msg, km.Action):
		r, _ := d.tickets.rows.selected()
		var marked []int64
		if d.marks.count() > 0 {
			marked = d.marks.sorted()
		}
		t, ok := ticketsTarget(r, marked)
		if !ok {
			return nil
		}
		t.from = "group detail"
		return startActionCmd(t)
	}
	return d.tickets.key(msg)
}

// noteCap says once, when the last page Zendesk serves has come, how to reach the tickets
// past the search cap: the heading says they exist ("1,000 of 1,208 shown"), the status
// line where to narrow them.
func (d *groupDetail) noteCap() {
	l := &d.tickets.rows.list
	if !l.capped || d.capNoted {
		return
	}
	d.capNoted = true
	d.tickets.pc.note(d.ID(), "narrow them in the Tickets tab: / "+groupTicketsQuery(d.agents.id)+" …")
}

// refreshAffected reloads, in place, the loaded tickets a finished run changed (so the
// cursor and the marks stay); r reloads the whole list, tickets that came into the group
// included.
func (d *groupDetail) refreshAffected(a *affected) tea.Cmd {
	pc := d.tickets.pc
	cmds := []tea.Cmd{d.agents.refreshAffected(a)}
	if ids := d.tickets.rows.loadedIDs(func(t int64) bool { return a.tickets[t] }); len(ids) > 0 {
		cmds = append(cmds, refetchCmd(pc, d.ID(), ids, refetchTickets(pc, ids)))
	}
	return tea.Batch(cmds...)
}

// SetSize keeps the last line for the heading of the list that does not have the keys.
func (d *groupDetail) SetSize(w, h int) {
	d.height = h
	inner := h
	if h > 2 {
		inner = h - 1
	}
	d.agents.SetSize(w, inner)
	d.tickets.SetSize(w, inner)
}

func (d *groupDetail) View() string {
	var body, other string
	if d.section == groupTickets {
		body, other = d.tickets.View(), collapsedSection(&d.agents.pane)
	} else {
		body, other = d.agents.View(), collapsedSection(&d.tickets)
	}
	if d.height <= 2 {
		return body
	}
	pc := d.tickets.pc
	other += " · " + pc.keys.Section.Help().Key + " shows them"
	return body + "\n" + pc.styles.Dim.Render(truncate(other, d.tickets.width))
}

// collapsedSection is the heading of a list that does not have the keys: what it is, how
// much of it is loaded, how many rows are marked.
func collapsedSection[R any](p *recordPane[R]) string {
	s := p.section
	if sum := p.rows.list.summary("", false); sum != "" {
		s += " · " + sum
	}
	if p.rows.markable() && p.rows.marks.count() > 0 {
		s += " · " + humanInt(p.rows.marks.count()) + " marked"
	}
	return s
}

// sectionKey is the section binding, described by the list it switches to.
func (d *groupDetail) sectionKey() key.Binding {
	b := d.tickets.pc.keys.Section
	to := "agents"
	if d.section == groupAgents {
		to = "tickets"
	}
	b.SetHelp(b.Help().Key, to)
	return b
}

func (d *groupDetail) ShortHelp() []key.Binding {
	km := d.tickets.pc.keys
	if d.section == groupAgents {
		return []key.Binding{km.Open, d.sectionKey(), km.Action, km.Back, km.Reload}
	}
	return []key.Binding{km.Open, d.sectionKey(), km.Action, km.Mark, km.Back, km.Reload}
}

func (d *groupDetail) FullHelp() [][]key.Binding {
	km := d.tickets.pc.keys
	section := []key.Binding{d.sectionKey(), km.Action}
	if d.section == groupTickets {
		section = append(section, km.Mark, km.MarkAll)
	}
	return append(detailFullHelp(km), section)
}
