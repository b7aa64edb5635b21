package ui

import "testing"

// A refetch after a run: a row that came back replaces the old one and keeps its mark; a
// row asked for that did not come back (deleted) is passed to gone and loses its mark,
// once, even when two panes share the marks (a tab's list and its search results).
func TestReplaceRowsUnmarksGoneRows(t *testing.T) {
	var marks markSet
	all := newRowsPane(newStyles(), "tickets", ticketCols, func(*ticketRow, []string) {})
	found := newRowsPane(newStyles(), "tickets", ticketCols, func(*ticketRow, []string) {})
	for _, p := range []*rowsPane[ticketRow]{&all, &found} {
		p.idOf, p.marks = ticketRowID, &marks
		p.list.rows = []ticketRow{{id: 1, status: "open"}, {id: 2, status: "open"}, {id: 3, status: "open"}}
	}
	marks.toggle(1)
	marks.toggle(2)
	fresh := map[int64]ticketRow{1: {id: 1, status: "solved"}}
	asked := map[int64]bool{1: true, 2: true}
	all.replaceRows(fresh, asked, ticketGone)
	found.replaceRows(fresh, asked, ticketGone)
	if got := all.list.rows; got[0].status != "solved" || got[1].status != "deleted" || got[2].status != "open" {
		t.Fatalf("rows after the refetch: %+v", got)
	}
	if !marks.has(1) || marks.has(2) || marks.count() != 1 {
		t.Fatalf("marks after the refetch: %v, want only 1", marks.sorted())
	}
}
