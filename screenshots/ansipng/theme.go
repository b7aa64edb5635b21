package ansipng

import (
	"fmt"
	"image/color"
)

// Theme is the terminal the picture pretends to be: its default foreground and background
// and its 16 basic colours. Indexed colours 16-255 and truecolor are the same in every theme.
type Theme struct {
	Name    string
	FG, BG  color.RGBA
	Palette [16]color.RGBA
}

func hex(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// Dark is a dark terminal: near-black with a hint of blue, light grey text.
var Dark = Theme{
	Name: "dark",
	FG:   hex(0xe4e4e4),
	BG:   hex(0x1e1e2e),
	Palette: [16]color.RGBA{
		hex(0x45475a), hex(0xf38ba8), hex(0xa6e3a1), hex(0xf9e2af),
		hex(0x89b4fa), hex(0xcba6f7), hex(0x94e2d5), hex(0xbac2de),
		hex(0x585b70), hex(0xf5a3b8), hex(0xb8ebb3), hex(0xfbe9c0),
		hex(0xa3c5fb), hex(0xd7baf9), hex(0xa9ebe0), hex(0xe4e4e4),
	},
}

// Light is a light terminal: white with near-black text, and basic colours dark enough to
// read on white.
var Light = Theme{
	Name: "light",
	FG:   hex(0x1a1a1a),
	BG:   hex(0xffffff),
	Palette: [16]color.RGBA{
		hex(0x1a1a1a), hex(0xc4182b), hex(0x2d7d2d), hex(0x8a5a00),
		hex(0x1f5fbf), hex(0x8839ef), hex(0x137a86), hex(0xbcc0cc),
		hex(0x6c6f85), hex(0xd20f39), hex(0x40a02b), hex(0xa76a00),
		hex(0x1e66f5), hex(0xa157f2), hex(0x179299), hex(0xdce0e8),
	},
}

// ThemeByName returns "dark" or "light".
func ThemeByName(name string) (Theme, error) {
	switch name {
	case "dark":
		return Dark, nil
	case "light":
		return Light, nil
	}
	return Theme{}, fmt.Errorf("theme %q: want dark or light", name)
}

// Resolve turns a cell's colour into RGBA; def is what ColorDefault means here (the
// theme's foreground or background).
func (t *Theme) Resolve(c Color, def color.RGBA) color.RGBA {
	switch c.Kind {
	case ColorRGB:
		return color.RGBA{R: c.R, G: c.G, B: c.B, A: 0xff}
	case ColorIndexed:
		return t.indexed(c.Index)
	}
	return def
}

// cubeLevels are the six steps of the xterm 6x6x6 colour cube.
var cubeLevels = [6]uint8{0, 95, 135, 175, 215, 255}

func (t *Theme) indexed(n uint8) color.RGBA {
	switch {
	case n < 16:
		return t.Palette[n]
	case n < 232:
		i := n - 16
		return color.RGBA{R: cubeLevels[i/36], G: cubeLevels[i/6%6], B: cubeLevels[i%6], A: 0xff}
	}
	v := 8 + 10*(n-232)
	return color.RGBA{R: v, G: v, B: v, A: 0xff}
}

// Colors returns a cell's foreground and background as they are drawn: reverse video
// swaps them, dim mixes the foreground halfway into the background, hidden text takes the
// background's colour.
func (t *Theme) Colors(s Style) (fg, bg color.RGBA) {
	fg = t.Resolve(s.FG, t.FG)
	bg = t.Resolve(s.BG, t.BG)
	if s.Attr&AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if s.Attr&AttrDim != 0 {
		fg = mix(fg, bg, 0.5)
	}
	if s.Attr&AttrHidden != 0 {
		fg = bg
	}
	return fg, bg
}

// mix returns a blended with b: share 1 is all a, 0 all b.
func mix(a, b color.RGBA, share float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x)*share + float64(y)*(1-share) + 0.5) }
	return color.RGBA{R: m(a.R, b.R), G: m(a.G, b.G), B: m(a.B, b.B), A: 0xff}
}
