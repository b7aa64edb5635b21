package ansipng

import (
	"strings"
	"testing"
)

func mustParse(t *testing.T, s string, cols, rows int) *Grid {
	t.Helper()
	g, err := Parse([]byte(s), cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestParseText(t *testing.T) {
	g := mustParse(t, "hello\nworld\r\n\tx", 20, 4)
	want := "hello\nworld\n        x\n"
	if got := g.Text(); got != want {
		t.Fatalf("text = %q, want %q", got, want)
	}
}

func TestParseSGR(t *testing.T) {
	red := Indexed(1)
	cases := []struct {
		name, in string
		want     Style
	}{
		{"bold", "\x1b[1mX", Style{Attr: AttrBold}},
		{"dim", "\x1b[2mX", Style{Attr: AttrDim}},
		{"italic", "\x1b[3mX", Style{Attr: AttrItalic}},
		{"underline", "\x1b[4mX", Style{Attr: AttrUnderline}},
		{"curly underline", "\x1b[4:3mX", Style{Attr: AttrUnderline}},
		{"underline off by 4:0", "\x1b[4m\x1b[4:0mX", Style{}},
		{"double underline", "\x1b[21mX", Style{Attr: AttrUnderline}},
		{"reverse", "\x1b[7mX", Style{Attr: AttrReverse}},
		{"hidden", "\x1b[8mX", Style{Attr: AttrHidden}},
		{"strike", "\x1b[9mX", Style{Attr: AttrStrike}},
		{"22 ends bold and dim", "\x1b[1;2;3m\x1b[22mX", Style{Attr: AttrItalic}},
		{"23 24 27 28 29", "\x1b[3;4;7;8;9m\x1b[23;24;27;28;29mX", Style{}},
		{"basic fg", "\x1b[31mX", Style{FG: red}},
		{"basic fg 37", "\x1b[37mX", Style{FG: Indexed(7)}},
		{"bright fg", "\x1b[91mX", Style{FG: Indexed(9)}},
		{"bright fg 97", "\x1b[97mX", Style{FG: Indexed(15)}},
		{"basic bg", "\x1b[42mX", Style{BG: Indexed(2)}},
		{"bright bg", "\x1b[107mX", Style{BG: Indexed(15)}},
		{"256 fg", "\x1b[38;5;208mX", Style{FG: Indexed(208)}},
		{"256 bg", "\x1b[48;5;17mX", Style{BG: Indexed(17)}},
		{"256 fg with colons", "\x1b[38:5:208mX", Style{FG: Indexed(208)}},
		{"truecolor fg", "\x1b[38;2;1;2;3mX", Style{FG: RGB(1, 2, 3)}},
		{"truecolor bg", "\x1b[48;2;250;128;0mX", Style{BG: RGB(250, 128, 0)}},
		{"truecolor with colons and colour space", "\x1b[38:2::10:20:30mX", Style{FG: RGB(10, 20, 30)}},
		{"truecolor with colons", "\x1b[48:2:10:20:30mX", Style{BG: RGB(10, 20, 30)}},
		{"default fg", "\x1b[31;44m\x1b[39mX", Style{BG: Indexed(4)}},
		{"default bg", "\x1b[31;44m\x1b[49mX", Style{FG: red}},
		{"reset", "\x1b[1;31;44m\x1b[0mX", Style{}},
		{"empty reset", "\x1b[1;31m\x1b[mX", Style{}},
		{"combined", "\x1b[1;38;2;1;2;3;48;5;200;4mX", Style{FG: RGB(1, 2, 3), BG: Indexed(200), Attr: AttrBold | AttrUnderline}},
		{"underline colour is no attribute", "\x1b[58;2;1;3;9mX", Style{}},
		{"underline colour 256", "\x1b[58;5;3;1mX", Style{Attr: AttrBold}},
		{"256 colour over 255 ignored", "\x1b[31m\x1b[38;5;300mX", Style{FG: red}},
		{"truecolor over 255 ignored", "\x1b[31m\x1b[38;2;1;256;3mX", Style{FG: red}},
		{"truecolor cut short", "\x1b[31m\x1b[38;2;1;2mX", Style{FG: red}},
		{"extended colour without its kind", "\x1b[31;38mX", Style{FG: red}},
		{"huge number saturates", "\x1b[38;5;99999999999999999999mX", Style{}},
		{"8-bit CSI", "\u009b31mX", Style{FG: red}},
		{"private CSI is no SGR", "\x1b[?1mX", Style{}},
		{"CSI with intermediate is no SGR", "\x1b[1 mX", Style{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := mustParse(t, c.in, 10, 1)
			cell := g.Cells[0][0]
			if cell.Text != "X" {
				t.Fatalf("cell text = %q, want X (grid %q)", cell.Text, g.Text())
			}
			if cell.Style != c.want {
				t.Fatalf("style = %+v, want %+v", cell.Style, c.want)
			}
		})
	}
}

func TestParseStyleCarriesAcrossLines(t *testing.T) {
	g := mustParse(t, "\x1b[1;31ma\nb\x1b[0m\nc", 5, 3)
	if s := g.Cells[1][0].Style; s != (Style{FG: Indexed(1), Attr: AttrBold}) {
		t.Fatalf("second row style = %+v: a newline must not reset the style, as in a terminal", s)
	}
	if s := g.Cells[2][0].Style; s != (Style{}) {
		t.Fatalf("third row style = %+v, want the default after reset", s)
	}
}

func TestReverseVideoSwapsColours(t *testing.T) {
	g := mustParse(t, "\x1b[7mA\x1b[0m\x1b[7;38;2;1;2;3;48;2;4;5;6mB", 5, 1)
	fg, bg := Dark.Colors(g.Cells[0][0].Style)
	if fg != Dark.BG || bg != Dark.FG {
		t.Fatalf("reverse of the defaults: fg %v bg %v, want fg %v bg %v", fg, bg, Dark.BG, Dark.FG)
	}
	fg, bg = Dark.Colors(g.Cells[0][1].Style)
	if fg != hex(0x040506) || bg != hex(0x010203) {
		t.Fatalf("reverse of truecolor: fg %v bg %v", fg, bg)
	}
}

func TestThemeIndexedColours(t *testing.T) {
	cases := []struct {
		n    uint8
		want uint32
	}{{16, 0x000000}, {21, 0x0000ff}, {196, 0xff0000}, {231, 0xffffff}, {232, 0x080808}, {255, 0xeeeeee}}
	for _, c := range cases {
		if got := Light.Resolve(Indexed(c.n), Light.FG); got != hex(c.want) {
			t.Errorf("colour %d = %v, want #%06x", c.n, got, c.want)
		}
	}
	if got := Light.Resolve(Indexed(1), Light.FG); got != Light.Palette[1] {
		t.Errorf("colour 1 = %v, want the theme's red %v", got, Light.Palette[1])
	}
}

func TestParseWideRune(t *testing.T) {
	g := mustParse(t, "日x", 4, 1)
	row := g.Cells[0]
	if row[0].Text != "日" || !row[0].Wide {
		t.Fatalf("cell 0 = %+v, want a wide 日", row[0])
	}
	if !row[1].Continuation || row[1].Text != "" {
		t.Fatalf("cell 1 = %+v, want the wide rune's continuation", row[1])
	}
	if row[2].Text != "x" {
		t.Fatalf("cell 2 = %+v, want x after the two cells of 日", row[2])
	}
	if got := g.Text(); got != "日x" {
		t.Fatalf("text = %q", got)
	}
}

func TestParseWideRuneOverwrittenHalf(t *testing.T) {
	g := mustParse(t, "日\r a", 4, 1)
	row := g.Cells[0]
	if row[0].Wide || row[1].Continuation || row[1].Text != "a" {
		t.Fatalf("row = %+v: writing over half of a wide rune must blank its other half", row)
	}
}

func TestParseWideRuneAtLastColumnDropped(t *testing.T) {
	g := mustParse(t, "ab日", 3, 1)
	if got := g.Text(); got != "ab" {
		t.Fatalf("text = %q: a wide rune that does not fit must be dropped, not split", got)
	}
	if g.Cells[0][2].Wide || g.Cells[0][2].Continuation {
		t.Fatalf("last cell = %+v", g.Cells[0][2])
	}
}

func TestParseCombiningMark(t *testing.T) {
	g := mustParse(t, "e\u0301x", 4, 1)
	if c := g.Cells[0][0].Text; c != "e\u0301" {
		t.Fatalf("cell 0 = %q, want e with its accent", c)
	}
	if c := g.Cells[0][1].Text; c != "x" {
		t.Fatalf("cell 1 = %q, want x: a combining mark takes no cell", c)
	}
	g = mustParse(t, "\u0301a", 4, 1)
	if got := g.Text(); got != "a" {
		t.Fatalf("a mark with nothing before it: text %q, want it dropped", got)
	}
	g = mustParse(t, "a"+strings.Repeat("\u0301", 1000), 4, 1)
	if n := len(g.Cells[0][0].Text); n > maxClusterBytes {
		t.Fatalf("a cell holds %d bytes of marks", n)
	}
}

func TestParseUnknownEscapesIgnored(t *testing.T) {
	in := "\x1b[2J\x1b[Ha\x1b]0;window title\x07b\x1b(Bc\x1b[?25ld\x1bPq#0;1\x1b\\e\x1b]8;;http://x\x1b\\f\x1b=g\x1b_apc\x1b\\h\u009d8;;x\u009ci"
	g := mustParse(t, in, 20, 1)
	if got := g.Text(); got != "abcdefghi" {
		t.Fatalf("text = %q, want abcdefghi: escapes other than SGR must be skipped whole", got)
	}
	for i := range 9 {
		if s := g.Cells[0][i].Style; s != (Style{}) {
			t.Fatalf("cell %d style = %+v, want the default", i, s)
		}
	}
}

func TestParseMalformedAndTruncated(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"lone ESC at the end", "ab\x1b", "ab"},
		{"CSI cut short", "ab\x1b[38;2;1", "ab"},
		{"CSI at the end", "ab\x1b[", "ab"},
		{"OSC never ended", "ab\x1b]0;title", "ab"},
		{"ESC before a control", "a\x1b\nb", "a\nb"},
		{"CSI broken by a newline", "a\x1b[3\nb", "a\nb"},
		{"CSI broken by UTF-8", "a\x1b[3é", "aé"},
		{"invalid UTF-8", "a\xffb", "a\ufffdb"},
		{"8-bit CSI cut short", "a\u009b3", "a"},
		{"C1 control", "a\u0085b", "ab"},
		{"text past the last column", "abcdefgh", "abcd"},
		{"rows past the last", "a\nb\nc\nd", "a\nb"},
		{"backspace and DEL", "ab\bc\x7f", "ac"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := mustParse(t, c.in, 4, 2)
			if got := strings.TrimRight(g.Text(), "\n"); got != c.want {
				t.Fatalf("text = %q, want %q", got, c.want)
			}
		})
	}
}

func TestParseBadSize(t *testing.T) {
	for _, sz := range [][2]int{{0, 10}, {10, 0}, {-1, 5}, {100000, 100000}} {
		if _, err := Parse([]byte("x"), sz[0], sz[1]); err == nil {
			t.Errorf("size %dx%d: no error", sz[0], sz[1])
		}
	}
}

// checkGrid says what is wrong with a grid's shape, or "".
func checkGrid(g *Grid, cols, rows int) string {
	if g.Cols != cols || g.Rows != rows || len(g.Cells) != rows {
		return "grid size changed"
	}
	for _, row := range g.Cells {
		if len(row) != cols {
			return "a row has the wrong length"
		}
		for c, cell := range row {
			if cell.Wide && (c+1 >= cols || !row[c+1].Continuation) {
				return "a wide rune without its continuation"
			}
			if cell.Continuation && (c == 0 || !row[c-1].Wide) {
				return "a continuation without its wide rune"
			}
			if len(cell.Text) > maxClusterBytes {
				return "a cell holds too many marks"
			}
		}
	}
	return ""
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b[1;38;2;1;2;3;48;5;9mX\x1b[0m", "日本\r日", "e\u0301", "\x1b]0;t\x07\x1b[?25l",
		"\x1b[38:2::1:2:3m", "\u009b31m\u009d\x1b", "\x1b[", "a\tb\nc\bd",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Parse(data, 12, 3)
		if err != nil {
			t.Fatal(err)
		}
		if msg := checkGrid(g, 12, 3); msg != "" {
			t.Fatalf("%s after %q", msg, data)
		}
	})
}
