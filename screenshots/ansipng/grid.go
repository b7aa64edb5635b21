package ansipng

// ColorKind says where a cell's colour comes from: the theme's default, one of the 256
// indexed colours (the first 16 from the theme's palette), or an exact RGB value.
type ColorKind uint8

const (
	ColorDefault ColorKind = iota
	ColorIndexed
	ColorRGB
)

// Color is a colour as the escapes named it; the theme resolves it when drawing, so that a
// default or a basic colour looks right on a light and on a dark picture.
type Color struct {
	Kind    ColorKind
	Index   uint8 // ColorIndexed: 0-255
	R, G, B uint8 // ColorRGB
}

// Indexed returns the indexed colour n (0-15 basic and bright, 16-255 the xterm cube and greys).
func Indexed(n uint8) Color { return Color{Kind: ColorIndexed, Index: n} }

// RGB returns an exact truecolor colour.
func RGB(r, g, b uint8) Color { return Color{Kind: ColorRGB, R: r, G: g, B: b} }

// Attr is a set of text attributes.
type Attr uint16

const (
	AttrBold Attr = 1 << iota
	AttrDim
	AttrItalic
	AttrUnderline
	AttrReverse
	AttrHidden
	AttrStrike
)

// Style is what an SGR escape sets: colours and attributes.
type Style struct {
	FG, BG Color
	Attr   Attr
}

// Cell is one terminal cell. Text is the base rune and any combining marks after it; an
// empty Text is a blank. A wide rune (East Asian wide, most emoji) sits in the first of its
// two cells with Wide set, and the second cell is a Continuation that draws nothing.
type Cell struct {
	Text         string
	Style        Style
	Wide         bool
	Continuation bool
}

// Grid is a screen of Rows rows of Cols cells.
type Grid struct {
	Cols, Rows int
	Cells      [][]Cell // [row][col]
}

// NewGrid returns a blank grid of cols x rows in the default style.
func NewGrid(cols, rows int) *Grid {
	g := &Grid{Cols: cols, Rows: rows, Cells: make([][]Cell, rows)}
	for r := range g.Cells {
		g.Cells[r] = make([]Cell, cols)
	}
	return g
}

// Text returns the grid's characters, one line per row with trailing blanks removed, so that
// tests and tools can read what a picture says.
func (g *Grid) Text() string {
	var out []byte
	for r, row := range g.Cells {
		line := make([]byte, 0, g.Cols)
		for _, c := range row {
			switch {
			case c.Continuation:
			case c.Text == "":
				line = append(line, ' ')
			default:
				line = append(line, c.Text...)
			}
		}
		for len(line) > 0 && line[len(line)-1] == ' ' {
			line = line[:len(line)-1]
		}
		out = append(out, line...)
		if r < len(g.Cells)-1 {
			out = append(out, '\n')
		}
	}
	return string(out)
}
