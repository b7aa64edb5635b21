package ansipng

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// newTestRenderer returns a 1x renderer with no padding, or skips when the DejaVu fonts
// are not installed (CI machines may lack fonts-dejavu-core).
func newTestRenderer(t *testing.T, theme Theme) *Renderer {
	t.Helper()
	r, err := NewRenderer(Options{Theme: theme, Padding: -1})
	if errors.Is(err, ErrNoFonts) {
		t.Skipf("drawing tests need the DejaVu fonts in %s (apt-get install fonts-dejavu-core): %v", DefaultFontDir, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t *testing.T, r *Renderer, s string, cols, rows int) *image.RGBA {
	t.Helper()
	return r.Render(mustParse(t, s, cols, rows))
}

func TestRenderSize(t *testing.T) {
	r := newTestRenderer(t, Dark)
	w, h := r.CellSize()
	if w < 8 || w > 10 || h < 17 || h > 21 {
		t.Fatalf("cell %dx%d at 15px, want about 9x19", w, h)
	}
	img := render(t, r, "x", 7, 3)
	if b := img.Bounds(); b.Dx() != 7*w || b.Dy() != 3*h {
		t.Fatalf("image %v, want %dx%d", b, 7*w, 3*h)
	}
	padded, err := NewRenderer(Options{Padding: 5})
	if err != nil {
		t.Fatal(err)
	}
	if b := padded.Render(NewGrid(2, 1)).Bounds(); b.Dx() != 2*w+10 || b.Dy() != h+10 {
		t.Fatalf("padded image %v", b)
	}
}

func TestRenderBackgroundExact(t *testing.T) {
	r := newTestRenderer(t, Dark)
	img := render(t, r, "\x1b[48;2;12;34;56mM\x1b[0m ", 2, 1)
	want := color.RGBA{12, 34, 56, 255}
	w, h := r.CellSize()
	bgPixels := 0
	for y := range h {
		for x := range w {
			if img.RGBAAt(x, y) == want {
				bgPixels++
			}
		}
	}
	if bgPixels < w*h/2 {
		t.Fatalf("%d of %d pixels of the cell have the exact background %v", bgPixels, w*h, want)
	}
	for y := range h {
		for x := w; x < 2*w; x++ {
			if got := img.RGBAAt(x, y); got != Dark.BG {
				t.Fatalf("default cell pixel (%d,%d) = %v, want the theme's background %v", x, y, got, Dark.BG)
			}
		}
	}
}

func TestRenderReverseUsesThemeForeground(t *testing.T) {
	r := newTestRenderer(t, Light)
	img := render(t, r, "\x1b[7m \x1b[0m", 1, 1)
	if got := img.RGBAAt(0, 0); got != Light.FG {
		t.Fatalf("a reversed blank = %v, want the foreground %v as its background", got, Light.FG)
	}
}

func TestRenderGlyphDrawn(t *testing.T) {
	r := newTestRenderer(t, Dark)
	w, h := r.CellSize()
	for _, s := range []string{"M", "\x1b[1mM", "\x1b[3mM", "⣾", "✓", "\ue000"} {
		img := render(t, r, s, 1, 1)
		ink := 0
		for y := range h {
			for x := range w {
				if img.RGBAAt(x, y) != Dark.BG {
					ink++
				}
			}
		}
		if ink < 4 {
			t.Errorf("%q: %d pixels drawn, want a glyph (or the missing-glyph box)", s, ink)
		}
	}
}

// cellCentre returns the centre pixel of cell col of row 0, where ─ and │ run.
func cellCentre(r *Renderer, col int) (x, y int) {
	w, h := r.CellSize()
	return col*w + w/2, h / 2
}

func TestRenderBoxCornersTouchCellEdges(t *testing.T) {
	r := newTestRenderer(t, Dark)
	w, h := r.CellSize()
	fg := Dark.FG
	for _, corner := range []string{"┌", "╭", "┏"} {
		img := render(t, r, corner, 1, 2)
		cx, cy := cellCentre(r, 0)
		if got := img.RGBAAt(w-1, cy); got != fg {
			t.Errorf("%s: the right arm's last pixel (%d,%d) = %v, want %v: it must reach the cell's edge", corner, w-1, cy, got, fg)
		}
		if got := img.RGBAAt(cx, h-1); got != fg {
			t.Errorf("%s: the down arm's last pixel (%d,%d) = %v, want %v", corner, cx, h-1, got, fg)
		}
		if got := img.RGBAAt(0, 0); got != Dark.BG {
			t.Errorf("%s: the top-left pixel = %v, want the background", corner, got)
		}
		if got := img.RGBAAt(cx, h); got != Dark.BG {
			t.Errorf("%s: the row below is drawn on (%v): a line must stay in its cell", corner, got)
		}
	}
}

func TestRenderBoxLinesJoin(t *testing.T) {
	r := newTestRenderer(t, Dark)
	_, h := r.CellSize()
	// ─┐ over │: the line runs unbroken from the left edge to the corner, and down through
	// the cell below.
	img := render(t, r, "─┐\n │", 2, 2)
	cx, cy := cellCentre(r, 1)
	for x := 0; x <= cx; x++ {
		if got := img.RGBAAt(x, cy); got != Dark.FG {
			t.Fatalf("pixel (%d,%d) of ─┐ = %v: the horizontal line has a gap", x, cy, got)
		}
	}
	for y := cy; y < 2*h; y++ {
		if got := img.RGBAAt(cx, y); got != Dark.FG {
			t.Fatalf("pixel (%d,%d) of ┐ over │ = %v: the vertical line has a gap", cx, y, got)
		}
	}
}

func TestRenderDoubleCorner(t *testing.T) {
	r := newTestRenderer(t, Dark)
	w, _ := r.CellSize()
	img := render(t, r, "╔", 1, 1)
	_, cy := cellCentre(r, 0)
	gap := r.lines.gap
	if img.RGBAAt(w-1, cy-gap) != Dark.FG || img.RGBAAt(w-1, cy+gap) != Dark.FG {
		t.Fatalf("╔: both strokes of the double line must reach the right edge")
	}
	if img.RGBAAt(w-1, cy) != Dark.BG {
		t.Fatalf("╔: the double line's strokes must have a gap between them")
	}
}

func TestRenderBlocks(t *testing.T) {
	r := newTestRenderer(t, Dark)
	w, h := r.CellSize()
	red := color.RGBA{255, 0, 0, 255}
	img := render(t, r, "\x1b[38;2;255;0;0m█▌░", 3, 1)
	for y := range h {
		for x := range w {
			if got := img.RGBAAt(x, y); got != red {
				t.Fatalf("█ pixel (%d,%d) = %v, want the whole cell %v", x, y, got, red)
			}
		}
	}
	if img.RGBAAt(w, 0) != red || img.RGBAAt(2*w-1, 0) != Dark.BG {
		t.Fatalf("▌ must fill the left half of its cell only")
	}
	shade := img.RGBAAt(2*w+w/2, h/2)
	if shade == red || shade == Dark.BG {
		t.Fatalf("░ = %v, want a tone between the foreground and the background", shade)
	}
}

func TestWritePNGLossless(t *testing.T) {
	r := newTestRenderer(t, Dark)
	img := render(t, r, "\x1b[1;38;2;200;100;50mHello\x1b[0m ╭─╮ █░ \x1b[7mrev", 20, 1)
	var buf bytes.Buffer
	if err := WritePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := back.(*image.Paletted); !ok {
		t.Errorf("a picture of few colours was stored as %T, want a paletted PNG", back)
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if got := color.RGBAModel.Convert(back.At(x, y)).(color.RGBA); got != img.RGBAAt(x, y) {
				t.Fatalf("pixel (%d,%d) = %v after encoding, want %v", x, y, got, img.RGBAAt(x, y))
			}
		}
	}
}

func TestWritePNGManyColours(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for i := range 1024 {
		img.SetRGBA(i%32, i/32, color.RGBA{uint8(i), uint8(i >> 2), 7, 255})
	}
	var buf bytes.Buffer
	if err := WritePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := color.RGBAModel.Convert(back.At(31, 31)).(color.RGBA); got != img.RGBAAt(31, 31) {
		t.Fatalf("pixel = %v, want %v: over 256 colours must be kept exactly", got, img.RGBAAt(31, 31))
	}
}

func TestNewRendererErrors(t *testing.T) {
	if _, err := NewRenderer(Options{FontDir: t.TempDir()}); !errors.Is(err, ErrNoFonts) {
		t.Fatalf("an empty font folder: err = %v, want ErrNoFonts", err)
	}
	if _, err := NewRenderer(Options{FontSize: 1000}); err == nil {
		t.Fatal("font size 1000: no error")
	}
}

// Every box-drawing and block character draws something, and only inside its own cell.
func TestRenderEveryGeometricRuneStaysInItsCell(t *testing.T) {
	r := newTestRenderer(t, Dark)
	w, h := r.CellSize()
	for ru := rune(0x2500); ru <= 0x259f; ru++ {
		img := render(t, r, " "+string(ru)+" \n", 3, 2)
		inside := image.Rect(w, 0, 2*w, h)
		ink := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if img.RGBAAt(x, y) == Dark.BG {
					continue
				}
				if !image.Pt(x, y).In(inside) {
					t.Fatalf("%c (U+%04X) drew pixel (%d,%d) outside its cell %v", ru, ru, x, y, inside)
				}
				ink++
			}
		}
		if ink == 0 {
			t.Errorf("%c (U+%04X) drew nothing", ru, ru)
		}
	}
}
