package ansipng

import (
	"fmt"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// MaxCells bounds the grid Parse builds, so that a wrong -cols/-rows cannot ask for gigabytes.
const MaxCells = 1 << 20

// maxClusterBytes bounds how many combining marks one cell collects; a stream of them
// (a fuzzer's favourite) must not grow a cell without end.
const maxClusterBytes = 32

// Parse reads terminal text with SGR escapes, as `tmux capture-pane -e -p` prints it, into a
// grid of cols x rows. A newline starts the next row at its first column, as the capture's
// lines are meant; text past the last column or row is dropped rather than wrapped, since
// each captured line is exactly one row. Colours and attributes carry across lines, as
// they do in a terminal. Escapes other than SGR (cursor moves, OSC titles, DCS strings)
// and malformed or truncated ones are skipped; invalid UTF-8 becomes U+FFFD.
func Parse(data []byte, cols, rows int) (*Grid, error) {
	if cols <= 0 || rows <= 0 {
		return nil, fmt.Errorf("parse screen: size %dx%d: columns and rows must be at least 1", cols, rows)
	}
	if cols*rows > MaxCells || cols > MaxCells || rows > MaxCells {
		return nil, fmt.Errorf("parse screen: size %dx%d is over %d cells; pass the terminal's real size", cols, rows, MaxCells)
	}
	p := &parser{grid: NewGrid(cols, rows), lastRow: -1}
	p.run(data)
	return p.grid, nil
}

type parser struct {
	grid             *Grid
	row, col         int
	style            Style
	lastRow, lastCol int // the cell written last, where a combining mark goes
}

// C1 controls as runes (U+0080-U+009F): the 8-bit forms of ESC [, ESC ], ESC P and so on.
const (
	c1DCS = 0x90
	c1SOS = 0x98
	c1CSI = 0x9b
	c1ST  = 0x9c
	c1OSC = 0x9d
	c1PM  = 0x9e
	c1APC = 0x9f
)

func (p *parser) run(data []byte) {
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b == 0x1b:
			i = p.escape(data, i)
			continue
		case b < 0x20 || b == 0x7f:
			p.control(b)
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		i += size
		switch {
		case r == c1CSI:
			i = p.csi(data, i)
		case r == c1OSC || r == c1DCS || r == c1SOS || r == c1PM || r == c1APC:
			i = skipString(data, i)
		case r >= 0x80 && r <= 0x9f:
			// Other C1 controls do nothing on a screen capture.
		default:
			p.put(r)
		}
	}
}

func (p *parser) control(b byte) {
	switch b {
	case '\n':
		p.row++
		p.col = 0
	case '\r':
		p.col = 0
	case '\t':
		p.col = min((p.col/8+1)*8, p.grid.Cols)
	case '\b':
		if p.col > 0 {
			p.col--
		}
	}
}

// escape handles the sequence that starts with the ESC at data[i] and returns the index
// after it.
func (p *parser) escape(data []byte, i int) int {
	if i+1 >= len(data) {
		return len(data) // a lone ESC at the end: nothing to do
	}
	switch next := data[i+1]; {
	case next == '[':
		return p.csi(data, i+2)
	case next == ']' || next == 'P' || next == 'X' || next == '^' || next == '_':
		return skipString(data, i+2)
	case next == 'c': // full reset
		p.style = Style{}
		return i + 2
	case next >= 0x20 && next <= 0x2f: // ESC ( B and friends: intermediates, then one final byte
		j := i + 1
		for j < len(data) && data[j] >= 0x20 && data[j] <= 0x2f {
			j++
		}
		if j < len(data) && data[j] >= 0x30 && data[j] <= 0x7e {
			j++
		}
		return j
	case next >= 0x30 && next <= 0x7e:
		return i + 2
	default:
		return i + 1 // ESC before a control or a non-ASCII byte: drop the ESC, keep the rest
	}
}

// csi reads a control sequence whose parameters start at data[j] and applies it when it is
// SGR. A byte that cannot be part of a CSI ends it unapplied and is read as normal text.
func (p *parser) csi(data []byte, j int) int {
	start := j
	for j < len(data) && data[j] >= 0x30 && data[j] <= 0x3f {
		j++
	}
	params := data[start:j]
	inter := j
	for j < len(data) && data[j] >= 0x20 && data[j] <= 0x2f {
		j++
	}
	if j >= len(data) {
		return len(data) // truncated
	}
	final := data[j]
	if final < 0x40 || final > 0x7e {
		return j // malformed: drop what was read, go on from here
	}
	private := len(params) > 0 && params[0] >= '<' && params[0] <= '?'
	if final == 'm' && inter == j && !private {
		p.sgr(splitParams(params))
	}
	return j + 1
}

// skipString skips an OSC, DCS, SOS, PM or APC string: up to BEL, ESC \ or the 8-bit ST.
func skipString(data []byte, j int) int {
	for j < len(data) {
		switch {
		case data[j] == 0x07:
			return j + 1
		case data[j] == 0x1b:
			if j+1 < len(data) && data[j+1] == '\\' {
				return j + 2
			}
			return j // an ESC that is no ST ends the string and starts a new escape
		case data[j] == 0xc2 && j+1 < len(data) && data[j+1] == c1ST:
			return j + 2
		}
		j++
	}
	return len(data)
}

// maxParam saturates numbers so that a 40-digit parameter cannot overflow.
const maxParam = 65535

// splitParams splits "38;2;1;2;3" into [[38] [2] [1] [2] [3]] and "38:2::1:2:3" into one
// parameter with sub-parameters; an empty field is 0.
func splitParams(b []byte) [][]int {
	if len(b) == 0 {
		return [][]int{{0}}
	}
	params := [][]int{{0}}
	for _, c := range b {
		cur := params[len(params)-1]
		switch {
		case c == ';':
			params = append(params, []int{0})
		case c == ':':
			params[len(params)-1] = append(cur, 0)
		case c >= '0' && c <= '9':
			v := &cur[len(cur)-1]
			*v = min(*v*10+int(c-'0'), maxParam)
		}
	}
	return params
}

func (p *parser) sgr(params [][]int) {
	for k := 0; k < len(params); k++ {
		sub := params[k]
		s := &p.style
		switch n := sub[0]; {
		case n == 0:
			*s = Style{}
		case n == 1:
			s.Attr |= AttrBold
		case n == 2:
			s.Attr |= AttrDim
		case n == 3:
			s.Attr |= AttrItalic
		case n == 4:
			if len(sub) > 1 && sub[1] == 0 {
				s.Attr &^= AttrUnderline // 4:0 is "no underline"
			} else {
				s.Attr |= AttrUnderline // 4, and 4:1-4:5 (double, curly, dotted, dashed)
			}
		case n == 7:
			s.Attr |= AttrReverse
		case n == 8:
			s.Attr |= AttrHidden
		case n == 9:
			s.Attr |= AttrStrike
		case n == 21:
			s.Attr |= AttrUnderline
		case n == 22:
			s.Attr &^= AttrBold | AttrDim
		case n == 23:
			s.Attr &^= AttrItalic
		case n == 24:
			s.Attr &^= AttrUnderline
		case n == 27:
			s.Attr &^= AttrReverse
		case n == 28:
			s.Attr &^= AttrHidden
		case n == 29:
			s.Attr &^= AttrStrike
		case n >= 30 && n <= 37:
			s.FG = Indexed(uint8(n - 30))
		case n == 38, n == 48, n == 58:
			c, ok, skip := extendedColor(params, k)
			k += skip
			if ok && n == 38 {
				s.FG = c
			} else if ok && n == 48 {
				s.BG = c
			} // 58 (underline colour) is read only so that its numbers are not taken for attributes
		case n == 39:
			s.FG = Color{}
		case n >= 40 && n <= 47:
			s.BG = Indexed(uint8(n - 40))
		case n == 49:
			s.BG = Color{}
		case n >= 90 && n <= 97:
			s.FG = Indexed(uint8(n - 90 + 8))
		case n >= 100 && n <= 107:
			s.BG = Indexed(uint8(n - 100 + 8))
		}
	}
}

// extendedColor reads the colour of a 38, 48 or 58 at params[k]: 5;n or 2;r;g;b after it
// (skip says how many parameters that took), or :5:n, :2:r:g:b or :2:cs:r:g:b inside it.
// Values over 255 or missing ones give ok false.
func extendedColor(params [][]int, k int) (c Color, ok bool, skip int) {
	sub := params[k]
	if len(sub) > 1 {
		switch {
		case sub[1] == 5 && len(sub) >= 3:
			return indexedColor(sub[2])
		case sub[1] == 2 && len(sub) >= 6:
			c, ok = rgbColor(sub[3], sub[4], sub[5])
		case sub[1] == 2 && len(sub) == 5:
			c, ok = rgbColor(sub[2], sub[3], sub[4])
		}
		return c, ok, 0
	}
	rest := len(params) - k - 1
	if rest < 1 {
		return Color{}, false, 0
	}
	switch params[k+1][0] {
	case 5:
		if rest < 2 {
			return Color{}, false, rest
		}
		c, ok, _ = indexedColor(params[k+2][0])
		return c, ok, 2
	case 2:
		if rest < 4 {
			return Color{}, false, rest
		}
		c, ok = rgbColor(params[k+2][0], params[k+3][0], params[k+4][0])
		return c, ok, 4
	}
	return Color{}, false, 1
}

func indexedColor(n int) (Color, bool, int) {
	if n > 255 {
		return Color{}, false, 0
	}
	return Indexed(uint8(n)), true, 0
}

func rgbColor(r, g, b int) (Color, bool) {
	if r > 255 || g > 255 || b > 255 {
		return Color{}, false
	}
	return RGB(uint8(r), uint8(g), uint8(b)), true
}

// put writes one printable rune at the cursor.
func (p *parser) put(r rune) {
	g := p.grid
	w := runeWidth(r)
	if w == 0 {
		p.combine(r)
		return
	}
	if p.row >= g.Rows || p.col+w > g.Cols {
		p.col = min(p.col+w, g.Cols) // off the screen: dropped, as the capture's lines are rows
		return
	}
	row := g.Cells[p.row]
	p.clearWideAt(row, p.col)
	if w == 2 {
		p.clearWideAt(row, p.col+1)
	}
	row[p.col] = Cell{Text: string(r), Style: p.style, Wide: w == 2}
	if w == 2 {
		row[p.col+1] = Cell{Style: p.style, Continuation: true}
	}
	p.lastRow, p.lastCol = p.row, p.col
	p.col += w
}

// clearWideAt blanks the other half of a wide rune that is about to be overwritten in part.
func (p *parser) clearWideAt(row []Cell, col int) {
	c := row[col]
	switch {
	case c.Continuation && col > 0:
		row[col-1] = Cell{Style: row[col-1].Style}
	case c.Wide && col+1 < len(row):
		row[col+1] = Cell{Style: row[col+1].Style}
	}
}

// combine adds a zero-width rune (a combining accent, a joiner) to the cell written last.
func (p *parser) combine(r rune) {
	if p.lastRow < 0 || p.lastRow != p.row {
		return // nothing on this row to combine with
	}
	c := &p.grid.Cells[p.lastRow][p.lastCol]
	if c.Text == "" || len(c.Text)+utf8.RuneLen(r) > maxClusterBytes {
		return
	}
	c.Text += string(r)
}

// runeWidth is the cells a rune takes, as wcwidth (and so tmux) counts them.
func runeWidth(r rune) int {
	if r < 0x7f {
		return 1
	}
	return max(0, min(2, ansi.StringWidthWc(string(r))))
}
