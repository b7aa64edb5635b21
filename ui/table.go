package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// column describes one table column: how narrow it may get, how wide it may grow and how
// much of the spare width it takes.
type column struct {
	title string
	min   int  // never narrower (the column is dropped instead)
	max   int  // never wider; 0 means no limit
	flex  int  // share of the width left after every column has its min; 0 keeps it at min
	right bool // numbers align right
	// colour gives a short, enum-like value (a status) its colour; the coloured, fitted text
	// is cached per value so drawing a row styles nothing.
	colour func(st *theme, v string) (lipgloss.Style, bool)
}

// table is a virtual table: it knows how many rows exist and asks for the cells of only the
// rows on screen, so drawing it costs the same with 100 or 100,000 rows loaded. (bubbles'
// table renders every row on each change, which is why it is not used.)
type table struct {
	st   *theme
	cols []column

	width, height int // height counts the rows on screen, under the title line
	n             int // rows that exist
	cursor        int
	offset        int // first row on screen

	shown  []int // indexes of the columns that fit
	widths []int // width of each shown column
	header string
	cells  []string
	styled []map[string]string
	empty  string

	// rendered counts rows drawn, so tests can prove only the visible ones are.
	rendered int

	markStyled string // the mark of a marked row, styled once
}

// cursorMark is drawn before the selected row, so the selection shows without colours too.
// A marked row (part of a selection) has a star in the second cell.
const (
	cursorMark       = "> "
	noMark           = "  "
	markedMark       = " *"
	cursorMarkedMark = ">*"
	markWidth        = 2
)

func newTable(st *theme, cols []column) table {
	return table{st: st, cols: cols, cells: make([]string, len(cols)), empty: "nothing here"}
}

// SetSize lays the columns out for width cells and height lines (title line included).
func (t *table) SetSize(width, height int) {
	t.width, t.height = max(width, 0), max(height-1, 0)
	t.layout()
	t.setCursor(t.cursor)
}

// layout picks the columns that fit (dropping from the right) and shares out the width.
func (t *table) layout() {
	avail := t.width - markWidth
	t.shown = t.shown[:0]
	for i := range t.cols {
		t.shown = append(t.shown, i)
	}
	need := func() int {
		n := max(len(t.shown)-1, 0)
		for _, c := range t.shown {
			n += t.cols[c].min
		}
		return n
	}
	for len(t.shown) > 1 && need() > avail {
		t.shown = t.shown[:len(t.shown)-1]
	}
	t.widths = t.widths[:0]
	for _, c := range t.shown {
		t.widths = append(t.widths, t.cols[c].min)
	}
	if len(t.shown) == 1 {
		t.widths[0] = max(avail, 0)
	} else {
		spare := avail - need()
		for spare > 0 {
			flex := 0
			for k, c := range t.shown {
				if col := t.cols[c]; col.flex > 0 && (col.max == 0 || t.widths[k] < col.max) {
					flex += col.flex
				}
			}
			if flex == 0 {
				break
			}
			given := 0
			for k, c := range t.shown {
				col := t.cols[c]
				if col.flex == 0 || (col.max > 0 && t.widths[k] >= col.max) {
					continue
				}
				add := max(spare*col.flex/flex, 1)
				if col.max > 0 {
					add = min(add, col.max-t.widths[k])
				}
				add = min(add, spare-given)
				t.widths[k] += add
				given += add
				if given >= spare {
					break
				}
			}
			if given == 0 {
				break
			}
			spare -= given
		}
	}
	var b strings.Builder
	b.WriteString(noMark)
	for k, c := range t.shown {
		if k > 0 {
			b.WriteByte(' ')
		}
		writeFit(&b, t.cols[c].title, t.widths[k], t.cols[c].right)
	}
	t.header = t.st.Header.Render(truncate(strings.TrimRight(b.String(), " "), t.width))
	t.styled = make([]map[string]string, len(t.shown))
}

// SetLen says how many rows exist now; rows only ever get appended or replaced as a whole,
// so the cursor stays where it is unless it fell off the end.
func (t *table) SetLen(n int) {
	t.n = n
	t.setCursor(t.cursor)
}

func (t *table) Len() int    { return t.n }
func (t *table) Cursor() int { return t.cursor }

func (t *table) setCursor(c int) {
	c = min(c, t.n-1)
	c = max(c, 0)
	t.cursor = c
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.height > 0 && t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = max(min(t.offset, t.n-t.height), 0)
}

// Reset puts the cursor back on the first row (a new list or search result).
func (t *table) Reset() {
	t.cursor, t.offset = 0, 0
	t.SetLen(0)
}

// HandleKey moves the cursor for the movement keys and reports whether it was one.
func (t *table) HandleKey(msg tea.KeyMsg, km *keyMap) bool {
	half := max(t.height/2, 1)
	page := max(t.height, 1)
	switch {
	case key.Matches(msg, km.Up):
		t.setCursor(t.cursor - 1)
	case key.Matches(msg, km.Down):
		t.setCursor(t.cursor + 1)
	case key.Matches(msg, km.Top):
		t.setCursor(0)
	case key.Matches(msg, km.Bottom):
		t.setCursor(t.n - 1)
	case key.Matches(msg, km.HalfPageDown):
		t.offset += half
		t.setCursor(t.cursor + half)
	case key.Matches(msg, km.HalfPageUp):
		t.offset = max(t.offset-half, 0)
		t.setCursor(t.cursor - half)
	case key.Matches(msg, km.PageDown):
		t.offset += page
		t.setCursor(t.cursor + page)
	case key.Matches(msg, km.PageUp):
		t.offset = max(t.offset-page, 0)
		t.setCursor(t.cursor - page)
	default:
		return false
	}
	return true
}

// View draws the title line and the rows on screen; fill gives the cells of row i, one per
// column, in the order the columns were declared.
func (t *table) View(fill func(i int, cells []string)) string {
	return t.ViewMarked(fill, nil)
}

// ViewMarked is View for a table whose rows can be marked: marked(i) says whether row i is.
func (t *table) ViewMarked(fill func(i int, cells []string), marked func(i int) bool) string {
	var b strings.Builder
	b.Grow((t.width + 16) * (t.height + 1))
	b.WriteString(t.header)
	if t.n == 0 {
		if t.height > 0 {
			b.WriteByte('\n')
			b.WriteString(t.st.Dim.Render(truncate(noMark+t.empty, t.width)))
		}
		for i := 1; i < t.height; i++ {
			b.WriteByte('\n')
		}
		return b.String()
	}
	var line strings.Builder
	line.Grow(t.width + 8)
	end := min(t.offset+t.height, t.n)
	for i := t.offset; i < end; i++ {
		for k := range t.cells {
			t.cells[k] = ""
		}
		fill(i, t.cells)
		t.rendered++
		b.WriteByte('\n')
		isMarked := marked != nil && marked(i)
		if i == t.cursor {
			line.Reset()
			if isMarked {
				line.WriteString(cursorMarkedMark)
			} else {
				line.WriteString(cursorMark)
			}
			for k, c := range t.shown {
				if k > 0 {
					line.WriteByte(' ')
				}
				writeFit(&line, t.cells[c], t.widths[k], t.cols[c].right)
			}
			writePad(&line, t.width-markWidth-t.usedWidth())
			b.WriteString(t.st.Cursor.Render(line.String()))
			continue
		}
		if isMarked {
			if t.markStyled == "" {
				t.markStyled = t.st.Marked.Render(markedMark)
			}
			b.WriteString(t.markStyled)
		} else {
			b.WriteString(noMark)
		}
		for k, c := range t.shown {
			if k > 0 {
				b.WriteByte(' ')
			}
			col := &t.cols[c]
			if col.colour != nil {
				if s, ok := t.styled[k][t.cells[c]]; ok {
					b.WriteString(s)
					continue
				}
				if style, ok := col.colour(t.st, t.cells[c]); ok {
					s := style.Render(fit(t.cells[c], t.widths[k]))
					if t.styled[k] == nil {
						t.styled[k] = map[string]string{}
					}
					if len(t.styled[k]) < 64 { // enum-like values only; anything else is drawn plain
						t.styled[k][t.cells[c]] = s
					}
					b.WriteString(s)
					continue
				}
			}
			writeFit(&b, t.cells[c], t.widths[k], col.right)
		}
	}
	for i := end - t.offset; i < t.height; i++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (t *table) usedWidth() int {
	w := max(len(t.widths)-1, 0)
	for _, x := range t.widths {
		w += x
	}
	return w
}
