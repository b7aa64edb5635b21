package ui

import (
	"fmt"
	"testing"

	"github.com/zdops/zdops/actions"
)

// BenchmarkKeystroke100kMarked is BenchmarkKeystroke100k with every row marked: the marks
// cost a lookup per row on screen, not per row loaded.
func BenchmarkKeystroke100kMarked(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	v := fillUsers(m, 100000, false)
	m.Update(keyMsg("V"))
	if v.marks.count() != 100000 {
		b.Fatalf("%d marked", v.marks.count())
	}
	down, top := keyMsg("down"), keyMsg("g")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		msg := down
		if v.all.table.Cursor() == len(v.all.list.rows)-1 {
			msg = top
		}
		m.Update(msg)
		_ = m.View()
	}
}

// bigPlan is a set-priority plan of n tickets, as the planner would make it.
func bigPlan(n int) *actions.Plan {
	p := &actions.Plan{ID: "bench", Request: actions.Request{Action: actions.SetPriority, Params: actions.Params{Priority: "urgent"}},
		Write: actions.WriteUpdateMany, Field: "priority"}
	for i := range n {
		p.Changes = append(p.Changes, actions.TicketChange{ID: int64(i + 1), Subject: fmt.Sprintf("Ticket number %06d", i),
			Before: "normal", After: "urgent", BeforeValue: "normal", AfterValue: "urgent"})
		if i%10 == 0 {
			p.Skipped = append(p.Skipped, actions.Skip{ID: int64(n + i), Reason: "closed tickets cannot be updated"})
		}
	}
	p.Calls = []actions.Call{{Method: "PUT", Path: "/api/v2/tickets/update_many", IDs: 100, Times: n / 100, Body: `{"ticket":{"priority":"urgent"}}`}}
	return p
}

// BenchmarkPreview100k scrolls the preview of a plan of 100,000 tickets: a keystroke and
// its frame (the budget is 2 ms).
func BenchmarkPreview100k(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	m.openFlow(newActionFlow(m.pc, userTarget(1, "Ada", "ada@example.com")), nil)
	m.flow.showPreview(bigPlan(100000))
	p := m.flow.preview
	down, top := keyMsg("down"), keyMsg("g")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		msg := down
		if p.table.Cursor() == p.rows-1 {
			msg = top
		}
		m.Update(msg)
		_ = m.View()
	}
}

// The preview draws only the rows on screen, however big the plan.
func TestPreviewRendersVisibleRows(t *testing.T) {
	m := offlineModel(t)
	m.openFlow(newActionFlow(m.pc, userTarget(1, "Ada", "ada@example.com")), nil)
	m.flow.showPreview(bigPlan(100000))
	p := m.flow.preview
	before := p.table.rendered
	frame := m.View()
	if drawn := p.table.rendered - before; drawn != p.table.height {
		t.Fatalf("one frame drew %d rows; %d are on screen", drawn, p.table.height)
	}
	checkFrame(t, frame, 120, 34)
	m.Update(keyMsg("G"))
	if p.table.Cursor() != p.rows-1 {
		t.Fatalf("G: cursor %d of %d", p.table.Cursor(), p.rows)
	}
}
