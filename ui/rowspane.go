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
	return p.table.View(func(i int, cells []string) { p.cells(&p.list.rows[i], cells) })
}
