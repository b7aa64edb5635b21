package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// rowsPane is a lazily loaded list shown in a virtual table: a tab's list, a search result,
// a user's requested tickets, a group's agents. It asks for the next page when the cursor
// comes within half a screen of the end of what is loaded.
type rowsPane[R any] struct {
	list  pagedList[R]
	table table
	cells func(r *R, cells []string)

	// idOf and marks make the rows markable (space, V); nil when they are not.
	idOf  func(r *R) int64
	marks *markSet
}

func newRowsPane[R any](st *theme, what string, cols []column, cells func(r *R, cells []string)) rowsPane[R] {
	return rowsPane[R]{list: pagedList[R]{what: what, count: -1}, table: newTable(st, cols), cells: cells}
}

// start (re)loads from the first page with fetch.
func (p *rowsPane[R]) start(pc *programContext, owner compID, fetch fetchFunc[R]) tea.Cmd {
	p.list.fetch = fetch
	p.table.Reset()
	return p.list.start(pc, owner)
}

// accept takes a page answer; it reports whether the answer was this pane's and asks for
// the next page when the cursor is already near the end (a screen taller than a page).
func (p *rowsPane[R]) accept(pc *programContext, owner compID, msg pageMsg[R]) (bool, tea.Cmd) {
	if !p.list.accept(pc, owner, msg) {
		return false, nil
	}
	p.table.SetLen(len(p.list.rows))
	return true, p.maybeMore(pc, owner)
}

func (p *rowsPane[R]) maybeMore(pc *programContext, owner compID) tea.Cmd {
	if p.list.nearEnd(p.table.Cursor(), p.table.height) {
		return p.list.more(pc, owner)
	}
	return nil
}

// key moves the cursor and reports whether msg was a movement key.
func (p *rowsPane[R]) key(pc *programContext, owner compID, msg tea.KeyMsg) (bool, tea.Cmd) {
	if !p.table.HandleKey(msg, pc.keys) {
		return false, nil
	}
	return true, p.maybeMore(pc, owner)
}

// reload retries a failed page, or loads everything again.
func (p *rowsPane[R]) reload(pc *programContext, owner compID) tea.Cmd {
	if p.list.err != nil && len(p.list.rows) > 0 {
		return p.list.retry(pc, owner)
	}
	return p.start(pc, owner, p.list.fetch)
}

func (p *rowsPane[R]) selected() (*R, bool) {
	i := p.table.Cursor()
	if i < 0 || i >= len(p.list.rows) {
		return nil, false
	}
	return &p.list.rows[i], true
}

func (p *rowsPane[R]) SetSize(w, h int) { p.table.SetSize(w, h) }

func (p *rowsPane[R]) markable() bool { return p.idOf != nil && p.marks != nil }

// toggleMark marks or unmarks the row under the cursor and moves down, so space space
// space marks three rows.
func (p *rowsPane[R]) toggleMark(pc *programContext, owner compID) tea.Cmd {
	r, ok := p.selected()
	if !ok || !p.markable() {
		return nil
	}
	p.marks.toggle(p.idOf(r))
	p.table.setCursor(p.table.Cursor() + 1)
	return p.maybeMore(pc, owner)
}

// markAll marks every loaded row, or unmarks them when all are marked.
func (p *rowsPane[R]) markAll() {
	if !p.markable() {
		return
	}
	ids := make([]int64, len(p.list.rows))
	for i := range p.list.rows {
		ids[i] = p.idOf(&p.list.rows[i])
	}
	p.marks.toggleAll(ids)
}

// loadedIDs lists the ids of the loaded rows that want reports true for.
func (p *rowsPane[R]) loadedIDs(want func(id int64) bool) []int64 {
	if p.idOf == nil {
		return nil
	}
	var out []int64
	for i := range p.list.rows {
		if id := p.idOf(&p.list.rows[i]); want(id) {
			out = append(out, id)
		}
	}
	return out
}

// replaceRows puts fresh copies of rows in place (same position, so the cursor and the
// marks stay); rows that were asked for and did not come back (deleted) are passed to gone
// and lose their mark: there is nothing more to act on.
func (p *rowsPane[R]) replaceRows(fresh map[int64]R, asked map[int64]bool, gone func(r *R)) {
	if p.idOf == nil {
		return
	}
	for i := range p.list.rows {
		id := p.idOf(&p.list.rows[i])
		if r, ok := fresh[id]; ok {
			p.list.rows[i] = r
			continue
		}
		if !asked[id] {
			continue
		}
		if gone != nil {
			gone(&p.list.rows[i])
		}
		if p.marks != nil && p.marks.has(id) {
			p.marks.toggle(id)
		}
	}
}

func (p *rowsPane[R]) View() string {
	switch {
	case p.list.loading:
		p.table.empty = "loading…"
	case p.list.err != nil:
		p.table.empty = "load failed · r retries"
	case p.list.started:
		p.table.empty = "nothing here"
	default:
		p.table.empty = ""
	}
	fill := func(i int, cells []string) { p.cells(&p.list.rows[i], cells) }
	if !p.markable() || p.marks.count() == 0 {
		return p.table.View(fill)
	}
	return p.table.ViewMarked(fill, func(i int) bool { return p.marks.has(p.idOf(&p.list.rows[i])) })
}
