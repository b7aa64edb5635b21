package ansipng

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Options say how a Renderer draws.
type Options struct {
	Theme    Theme
	FontDir  string  // the folder holding the DejaVu fonts; DefaultFontDir when empty
	FontSize float64 // pixels; 15 when zero (cells of 9x19)
	Padding  int     // pixels of background around the grid; one cell's width when zero, none when negative
}

// Renderer draws grids with one theme, font and size. It is not safe for concurrent use:
// font faces keep scratch buffers.
type Renderer struct {
	theme        Theme
	fonts        *fontSet
	cellW, cellH int
	baseline     int // from a cell's top to the text's baseline
	pad          int
	lines        lines
}

// NewRenderer loads the fonts and works out the cell size.
func NewRenderer(opts Options) (*Renderer, error) {
	if opts.FontDir == "" {
		opts.FontDir = DefaultFontDir
	}
	if opts.FontSize == 0 {
		opts.FontSize = 15
	}
	if opts.FontSize < 4 || opts.FontSize > 200 || math.IsNaN(opts.FontSize) {
		return nil, fmt.Errorf("font size %g px: want 4 to 200", opts.FontSize)
	}
	if opts.Theme.Name == "" {
		opts.Theme = Dark
	}
	fonts, err := loadFonts(opts.FontDir, opts.FontSize)
	if err != nil {
		return nil, err
	}
	m := fonts.regular.face.Metrics()
	adv, ok := fonts.regular.face.GlyphAdvance('0')
	if !ok {
		return nil, fmt.Errorf("font %s has no digit zero", monoRegular)
	}
	ascent, descent := m.Ascent.Ceil(), m.Descent.Ceil()
	// A little more than the font's own line: rows of a table breathe, and box lines still
	// join because they are drawn to the cell's edges.
	cellH := max(ascent+descent, int(math.Round(opts.FontSize*1.25)))
	r := &Renderer{
		theme:    opts.Theme,
		fonts:    fonts,
		cellW:    adv.Round(),
		cellH:    cellH,
		baseline: (cellH-ascent-descent)/2 + ascent,
		pad:      opts.Padding,
	}
	if r.pad == 0 {
		r.pad = r.cellW
	}
	r.pad = max(r.pad, 0)
	r.lines = lineSizes(r.cellW)
	return r, nil
}

// CellSize is the size of one cell in pixels.
func (r *Renderer) CellSize() (w, h int) { return r.cellW, r.cellH }

// cellRect is the pixel rectangle of the cell at col, row, span cells wide.
func (r *Renderer) cellRect(col, row, span int) image.Rectangle {
	x, y := r.pad+col*r.cellW, r.pad+row*r.cellH
	return image.Rect(x, y, x+span*r.cellW, y+r.cellH)
}

// Render draws the grid: every background first, then the text, lines and blocks, so that
// a glyph that leans out of its cell (italics, a wide fallback glyph) is not cut by the
// next cell's background.
func (r *Renderer) Render(g *Grid) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 2*r.pad+g.Cols*r.cellW, 2*r.pad+g.Rows*r.cellH))
	fill(img, img.Bounds(), r.theme.BG)
	for row, cells := range g.Cells {
		for col, c := range cells {
			if c.Continuation {
				continue
			}
			_, bg := r.theme.Colors(c.Style)
			fill(img, r.cellRect(col, row, span(c)), bg)
		}
	}
	for row, cells := range g.Cells {
		for col, c := range cells {
			if c.Continuation {
				continue
			}
			r.drawCell(img, c, r.cellRect(col, row, span(c)))
		}
	}
	return img
}

func span(c Cell) int {
	if c.Wide {
		return 2
	}
	return 1
}

func (r *Renderer) drawCell(img *image.RGBA, c Cell, rect image.Rectangle) {
	fg, bg := r.theme.Colors(c.Style)
	if c.Text != "" && c.Text != " " {
		base, size := utf8.DecodeRuneInString(c.Text)
		if isGeometric(base) {
			drawGeometric(img, rect, base, fg, bg, r.lines)
			r.drawRunes(img, c.Text[size:], c.Style.Attr, fg, rect, rect.Max.X) // combining marks, if any
		} else {
			r.drawRunes(img, c.Text, c.Style.Attr, fg, rect, rect.Min.X)
		}
	}
	t := r.lines.light
	if c.Style.Attr&AttrUnderline != 0 {
		y := rect.Min.Y + min(r.baseline+1+t, r.cellH-t)
		fill(img, image.Rect(rect.Min.X, y, rect.Max.X, y+t), fg)
	}
	if c.Style.Attr&AttrStrike != 0 {
		y := rect.Min.Y + r.baseline - r.cellH*3/10
		fill(img, image.Rect(rect.Min.X, y, rect.Max.X, y+t), fg)
	}
}

// drawRunes draws a base rune and its combining marks from x: each rune from the first font
// that has it. A mono glyph starts at the cell's left edge; a fallback glyph is centred in
// the cell, since its advance is not the cell's width. A rune no font has is drawn as an
// empty box, as terminals do.
func (r *Renderer) drawRunes(img *image.RGBA, text string, a Attr, fg color.RGBA, rect image.Rectangle, x int) {
	dot := fixed.P(x, rect.Min.Y+r.baseline)
	for i, ru := range text {
		tf, fallback := r.fonts.pick(ru, a)
		if tf == nil {
			if i == 0 {
				r.drawMissing(img, rect, fg)
			}
			continue
		}
		adv, _ := tf.face.GlyphAdvance(ru)
		if i == 0 && fallback {
			dot.X = fixed.I(rect.Min.X) + (fixed.I(rect.Dx())-adv)/2
		}
		drawGlyph(img, tf.face, dot, ru, fg)
		dot.X += adv
	}
}

// coverageLevels is how many steps of antialiasing a pixel may take. Fewer than 256 keep
// the picture to a few hundred colours, so that WritePNG can store it with a palette (a
// third of the size), and the eye cannot tell 16 steps from 256 on text this size.
const coverageLevels = 16

// quantize rounds a coverage of 0-0xffff to one of coverageLevels+1 steps, as a share.
func quantize(a uint32) float64 {
	return math.Round(float64(a)/0xffff*coverageLevels) / coverageLevels
}

// drawGlyph draws one glyph with its coverage quantized, blending over what is there.
func drawGlyph(img *image.RGBA, face font.Face, dot fixed.Point26_6, ru rune, fg color.RGBA) {
	dr, mask, mp, _, ok := face.Glyph(dot, ru)
	if !ok {
		return
	}
	clip := dr.Intersect(img.Bounds())
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		for x := clip.Min.X; x < clip.Max.X; x++ {
			_, _, _, a := mask.At(mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y).RGBA()
			if share := quantize(a); share > 0 {
				img.SetRGBA(x, y, mix(fg, img.RGBAAt(x, y), share))
			}
		}
	}
}

// drawMissing outlines the cell's inner box: the "tofu" that says a glyph is missing.
func (r *Renderer) drawMissing(img *image.RGBA, rect image.Rectangle, fg color.RGBA) {
	in := rect.Inset(max(1, rect.Dx()/6))
	in.Min.Y, in.Max.Y = rect.Min.Y+r.cellH/5, rect.Max.Y-r.cellH/5
	t := r.lines.light
	fill(img, image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+t), fg)
	fill(img, image.Rect(in.Min.X, in.Max.Y-t, in.Max.X, in.Max.Y), fg)
	fill(img, image.Rect(in.Min.X, in.Min.Y, in.Min.X+t, in.Max.Y), fg)
	fill(img, image.Rect(in.Max.X-t, in.Min.Y, in.Max.X, in.Max.Y), fg)
}

// WritePNG encodes img with the best compression: screenshots are read far more often
// than they are made. A picture of 256 colours or fewer is stored with a palette, losslessly.
func WritePNG(w io.Writer, img *image.RGBA) error {
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	var out image.Image = img
	if p, ok := paletted(img); ok {
		out = p
	}
	if err := enc.Encode(w, out); err != nil {
		return fmt.Errorf("encode png: %w", err)
	}
	return nil
}

// paletted returns img as a paletted image when it has at most 256 colours.
func paletted(img *image.RGBA) (*image.Paletted, bool) {
	b := img.Bounds()
	index := map[color.RGBA]uint8{}
	var pal color.Palette
	p := image.NewPaletted(b, nil)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			i, ok := index[c]
			if !ok {
				if len(pal) == 256 {
					return nil, false
				}
				i = uint8(len(pal))
				index[c] = i
				pal = append(pal, c)
			}
			p.SetColorIndex(x, y, i)
		}
	}
	p.Palette = pal
	return p, true
}
