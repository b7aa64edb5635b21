package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// field is one "label  value" line of a detail pane.
type field struct {
	label string
	value string
}

// fieldLines renders fields for width: labels in one column, values truncated to one line.
func fieldLines(st *theme, fields []field, width int) []string {
	lw := 0
	for _, f := range fields {
		lw = max(lw, cellWidth(f.label))
	}
	lw = min(lw, 26, max(width/3, 8))
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		v := sanitizeLine(f.value)
		if v == "" {
			v = "—"
		}
		out = append(out, st.Label.Render(fit(f.label, lw))+"  "+truncate(v, width-lw-2))
	}
	return out
}

// timeField says when, in the operator's time zone, and how long ago.
func timeField(pc *programContext, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(pc.loc).Format("2006-01-02 15:04") + " (" + relTime(t, pc.now()) + ")"
}

// recordPane is the shape of the user, group and organization panes: a title line, the
// record's fields, and a lazily loaded table of related rows (requested tickets, agents,
// members) that enter opens. The fields give way to the table on short terminals.
type recordPane[R any] struct {
	pc      *programContext
	id      compID
	title   string
	fields  []field
	info    []string // fields rendered for width
	section string
	rows    rowsPane[R]
	open    func(from compID, r *R) tea.Cmd

	width, height int
	shownInfo     int
}

func newRecordPane[R any](pc *programContext, id compID, title, section string, cols []column,
	cells func(pc *programContext, r *R, c []string), open func(from compID, r *R) tea.Cmd) recordPane[R] {
	return recordPane[R]{
		pc: pc, id: id, title: sanitizeLine(title), section: section, open: open,
		rows: newRowsPane(pc.styles, strings.ToLower(section), cols, func(r *R, c []string) { cells(pc, r, c) }),
	}
}

func (p *recordPane[R]) setFields(fields []field) {
	p.fields = fields
	p.relayout()
}

func (p *recordPane[R]) SetSize(w, h int) {
	p.width, p.height = w, h
	p.relayout()
}

// relayout gives the fields what they need up to the point where the table would get fewer
// than four rows.
func (p *recordPane[R]) relayout() {
	p.info = fieldLines(p.pc.styles, p.fields, p.width)
	const tableMin = 5 // title line and four rows
	room := max(p.height-2-tableMin, min(2, p.height-2))
	p.shownInfo = min(len(p.info), max(room, 0))
	p.rows.SetSize(p.width, max(p.height-2-p.shownInfo, 1))
}

func (p *recordPane[R]) key(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, p.pc.keys.Open) {
		if r, ok := p.rows.selected(); ok {
			return p.open(p.id, r)
		}
		return nil
	}
	_, cmd := p.rows.key(p.pc, p.id, msg)
	return cmd
}

func (p *recordPane[R]) View() string {
	st := p.pc.styles
	var b strings.Builder
	b.WriteString(st.Title.Render(truncate(p.title, p.width)))
	for i := 0; i < p.shownInfo; i++ {
		b.WriteByte('\n')
		if i == p.shownInfo-1 && p.shownInfo < len(p.info) {
			b.WriteString(st.Dim.Render(truncate("… more fields on a taller terminal", p.width)))
			continue
		}
		b.WriteString(p.info[i])
	}
	b.WriteByte('\n')
	head := p.section
	if s := p.rows.list.summary("", false); s != "" {
		head += " · " + s
	}
	if p.rows.markable() && p.rows.marks.count() > 0 {
		head += " · " + humanInt(p.rows.marks.count()) + " marked"
	}
	if n := len(p.rows.list.rows); n > 0 {
		head += " · " + humanInt(p.rows.table.Cursor()+1) + "/" + humanInt(n)
	}
	b.WriteString(st.Section.Render(truncate(head, p.width)))
	b.WriteByte('\n')
	b.WriteString(p.rows.View())
	return b.String()
}

// detailHelp is the help of a pane with a table.
func detailHelp(km *keyMap) []key.Binding {
	return []key.Binding{km.Up, km.Down, km.Open, km.Back, km.Reload}
}

func detailFullHelp(km *keyMap) [][]key.Binding {
	return [][]key.Binding{
		{km.Up, km.Down, km.Top, km.Bottom},
		{km.HalfPageDown, km.HalfPageUp, km.PageDown, km.PageUp},
		{km.Open, km.Back, km.Reload},
	}
}
