package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// openGroup opens the group on row i of the Groups tab and returns its detail.
func openGroup(t *testing.T, d *driver, i int) *groupDetail {
	t.Helper()
	d.key("3")
	for range i {
		d.key("j")
	}
	d.key("enter")
	s := d.m.stacks[2]
	if len(s) != 1 {
		t.Fatalf("enter on a group opened %d panes", len(s))
	}
	g, ok := s[0].(*groupDetail)
	if !ok {
		t.Fatalf("enter on a group opened a %T", s[0])
	}
	return g
}

// groupSearch is the first page of what the detail should show, asked of the account
// directly.
func groupSearch(t *testing.T, c *zendesk.Client, groupID int64) zendesk.Page[zendesk.Ticket] {
	t.Helper()
	page, err := c.Search.Tickets(groupTicketsQuery(groupID)).Page(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// A group's detail lists its tickets that are not closed, newest update first, with the
// count Zendesk reports; it pages as the cursor moves down, opens a ticket on enter, marks
// tickets and acts on them as the Tickets tab does, and switches to the agents.
func TestGroupDetailTickets(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	g := openGroup(t, d, 0)
	gid := g.agents.id
	want := groupSearch(t, a.client, gid)
	if want.Count <= 100 {
		t.Fatalf("group %d has %d tickets not closed; the test needs more than a page", gid, want.Count)
	}

	l := &g.tickets.rows.list
	if len(l.rows) != 100 || l.count != want.Count || l.rows[0].id != want.Items[0].ID {
		t.Fatalf("first page: %d rows, count %d, first #%d; want 100, %d, #%d", len(l.rows), l.count, l.rows[0].id, want.Count, want.Items[0].ID)
	}
	for i := range l.rows {
		if r := &l.rows[i]; r.status == "closed" || (i > 0 && r.updated > l.rows[i-1].updated) {
			t.Fatalf("row %d: #%d %s updated %d, after %d", i, r.id, r.status, r.updated, l.rows[max(i-1, 0)].updated)
		}
	}
	v := d.view()
	first := &l.rows[0]
	for _, s := range []string{
		"Groups › " + g.Title(),
		"Tickets not closed · 100 of " + humanInt(want.Count) + " loaded · more · 1/100",
		"ID", "Subject", "Status", "Priority", "Requester",
		strconv.FormatInt(first.id, 10), first.status,
		"Agents · all ", "←/→ shows them",
		"←/→ agents", "space mark",
	} {
		if !strings.Contains(v, s) {
			t.Errorf("the group detail lacks %q:\n%s", s, v)
		}
	}
	if first.requester == "" || !strings.Contains(v, first.requester) {
		t.Errorf("the first ticket's requester %q is not named:\n%s", first.requester, v)
	}
	checkFrame(t, v, 120, 34)

	// Moving to the end loads the next page, 100 more.
	searches := a.routeCount("GET /api/v2/search")
	d.key("G")
	if n := len(l.rows); n != min(200, want.Count) {
		t.Fatalf("after G: %d rows, want %d", n, min(200, want.Count))
	}
	if n := a.routeCount("GET /api/v2/search") - searches; n != 1 {
		t.Fatalf("the next page took %d searches, want 1", n)
	}

	// space marks and moves down; a acts on the marked tickets.
	d.key("g", " ", " ")
	if g.marks.count() != 2 || !g.marks.has(l.rows[0].id) || !g.marks.has(l.rows[1].id) {
		t.Fatalf("marks %v, want rows 0 and 1", g.marks.sorted())
	}
	if v := d.view(); !strings.Contains(v, "2 marked") {
		t.Errorf("the heading does not count the marks:\n%s", v)
	}
	d.key("a")
	if d.m.flow == nil {
		t.Fatal("a opened no action picker")
	}
	if got := d.m.flow.target.ticketIDs; len(got) != 2 || d.m.flow.target.from != "group detail" {
		t.Fatalf("the picker is on %v from %q, want the 2 marked tickets", got, d.m.flow.target.from)
	}
	d.key("esc")
	if d.m.flow != nil {
		t.Fatal("esc did not close the picker")
	}

	// enter opens the ticket under the cursor.
	cur := l.rows[g.tickets.rows.table.Cursor()].id
	d.key("enter")
	td, ok := d.m.top().(*ticketDetail)
	if !ok || td.ticketID != cur {
		t.Fatalf("enter opened %T, want ticket #%d", d.m.top(), cur)
	}
	d.key("esc")

	// → switches to the agents; the tickets shrink to their heading, marks kept.
	d.key("right")
	v = d.view()
	for _, s := range []string{"Agents · all ", "Email", "Role", "Tickets not closed · " + l.summary("", false) + " · 2 marked · ←/→ shows them", "←/→ tickets"} {
		if !strings.Contains(v, s) {
			t.Errorf("the agents section lacks %q:\n%s", s, v)
		}
	}
	agent, ok := g.agents.pane.rows.selected()
	if !ok {
		t.Fatal("the group lists no agents")
	}
	d.key("enter")
	if ud, ok := d.m.top().(*userDetail); !ok || ud.userID != agent.id {
		t.Fatalf("enter on an agent opened %T, want user %d", d.m.top(), agent.id)
	}
	d.key("esc", "a")
	if d.m.flow == nil || d.m.flow.target.user == nil || d.m.flow.target.user.id != agent.id {
		t.Fatal("a on an agent did not open the picker on the agent")
	}
	d.key("esc", "left")
	if g.section != groupTickets {
		t.Fatal("← did not switch back to the tickets")
	}

	// The layout holds on a small terminal.
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	checkFrame(t, d.view(), 80, 24)
	if v := d.view(); !strings.Contains(v, "Agents · all") {
		t.Errorf("the agents' heading is gone at 80x24:\n%s", v)
	}
}

// A ticket assigned to the group through the client shows, at the top, once the detail is
// reloaded with r.
func TestGroupDetailReloadShowsAssignedTicket(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	g := openGroup(t, d, 2)
	gid := g.agents.id
	l := &g.tickets.rows.list
	before := l.count
	if before <= 0 {
		t.Fatalf("group %d: count %d", gid, before)
	}

	// A ticket of another group, not closed.
	ctx := context.Background()
	var moved int64
	for tk, err := range a.client.Tickets.List().All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if tk.GroupID != gid && tk.Status != "closed" {
			moved = tk.ID
			break
		}
	}
	if moved == 0 {
		t.Fatal("no ticket outside the group")
	}
	if _, err := a.client.Tickets.Update(ctx, moved, zendesk.TicketUpdate{GroupID: &gid}); err != nil {
		t.Fatal(err)
	}
	for i := range l.rows {
		if l.rows[i].id == moved {
			t.Fatal("the ticket shows before the reload")
		}
	}
	d.key("r")
	if l.count != before+1 || len(l.rows) == 0 || l.rows[0].id != moved {
		t.Fatalf("after r: count %d (was %d), first #%d, want #%d first", l.count, before, l.rows[0].id, moved)
	}
	if v := d.view(); !strings.Contains(v, strconv.FormatInt(moved, 10)) {
		t.Errorf("the moved ticket is not drawn:\n%s", v)
	}
}

// A group with more tickets than Zendesk's search serves says so, as the Tickets tab does,
// and the status line says where to narrow them.
func TestGroupDetailSearchCap(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{Tickets: 16000})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	g := openGroup(t, d, 0)
	l := &g.tickets.rows.list
	if l.count <= zendesk.SearchLimit {
		t.Fatalf("group %d has %d tickets not closed; the test needs more than %d", g.agents.id, l.count, zendesk.SearchLimit)
	}
	for i := 0; i < 12 && !l.done; i++ {
		d.key("G")
	}
	if !l.capped || len(l.rows) != zendesk.SearchLimit {
		t.Fatalf("%d rows, capped %v", len(l.rows), l.capped)
	}
	v := d.view()
	for _, s := range []string{
		"1,000 of " + humanInt(l.count) + " shown · Zendesk search stops at 1,000",
		"narrow them in the Tickets tab: / group_id:" + idText(g.agents.id) + " status<closed",
	} {
		if !strings.Contains(v, s) {
			t.Errorf("the view lacks %q:\n%s", s, v)
		}
	}
}

// TestGoldenGroupDetail draws a group's detail at 120x34, on its tickets and on its agents,
// and compares the frames with testdata/TestGoldenGroupDetail/*.golden (-update rewrites
// them).
func TestGoldenGroupDetail(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
		want []string
	}{
		{name: "tickets", want: []string{"Tickets not closed · 100 of ", "Agents · all "}},
		{name: "agents", keys: []string{"right"}, want: []string{"Agents · all ", "Tickets not closed · 100 of ", "←/→ tickets"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAccount(t, sandbox.Options{})
			m := newTestModel(t, a.client, nil)
			tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(120, 34))
			s := &screen{t: t, tm: tm}
			s.waitText("100 users loaded · more")
			s.key("3")
			s.waitText("all 8 groups")
			s.key("enter")
			s.waitText("Groups › ", "Tickets not closed · 100 of ")
			for _, k := range tc.keys {
				s.key(k)
			}
			s.settle(a, tc.want...)
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			view := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).View()
			checkFrame(t, view, 120, 34)
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}
