package ansipng

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// DefaultFontDir is where Debian's and Ubuntu's fonts-dejavu-core put the DejaVu fonts.
const DefaultFontDir = "/usr/share/fonts/truetype/dejavu"

// The font files read from the font directory. The mono regular, bold and the DejaVu Sans
// fallback are required; the obliques are used for italic when present.
const (
	monoRegular     = "DejaVuSansMono.ttf"
	monoBold        = "DejaVuSansMono-Bold.ttf"
	monoOblique     = "DejaVuSansMono-Oblique.ttf"
	monoBoldOblique = "DejaVuSansMono-BoldOblique.ttf"
	sansRegular     = "DejaVuSans.ttf"
	sansBold        = "DejaVuSans-Bold.ttf"
)

// ErrNoFonts says the font directory lacks the DejaVu fonts; tests skip on it.
var ErrNoFonts = errors.New("DejaVu fonts not found (install fonts-dejavu-core, or pass the folder holding DejaVuSansMono.ttf)")

// typeface is one font at one size: the face draws, the font answers whether it has a glyph.
type typeface struct {
	font *sfnt.Font
	face font.Face
	buf  sfnt.Buffer
}

func (t *typeface) has(r rune) bool {
	i, err := t.font.GlyphIndex(&t.buf, r)
	return err == nil && i != 0
}

// fontSet holds the faces a cell may need: the mono font in its four styles and the
// proportional fallback for glyphs the mono font lacks.
type fontSet struct {
	regular, bold, italic, boldItalic *typeface
	fallback, fallbackBold            *typeface
}

// loadFonts reads the DejaVu fonts from dir at size pixels (72 dpi, so points are pixels),
// hinted fully so that stems land on whole pixels.
func loadFonts(dir string, size float64) (*fontSet, error) {
	load := func(name string, required bool) (*typeface, error) {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				return nil, fmt.Errorf("load font %s: %w", path, ErrNoFonts)
			}
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("load font: %w", err)
		}
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("load font %s: %w", path, err)
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, fmt.Errorf("load font %s at %gpx: %w", path, size, err)
		}
		return &typeface{font: f, face: face}, nil
	}
	var set fontSet
	var err error
	for _, f := range []struct {
		dst      **typeface
		name     string
		required bool
	}{
		{&set.regular, monoRegular, true},
		{&set.bold, monoBold, true},
		{&set.italic, monoOblique, false},
		{&set.boldItalic, monoBoldOblique, false},
		{&set.fallback, sansRegular, true},
		{&set.fallbackBold, sansBold, false},
	} {
		if *f.dst, err = load(f.name, f.required); err != nil {
			return nil, err
		}
	}
	if set.italic == nil {
		set.italic = set.regular
	}
	if set.boldItalic == nil {
		set.boldItalic = set.bold
	}
	if set.fallbackBold == nil {
		set.fallbackBold = set.fallback
	}
	return &set, nil
}

// pick returns the face that draws r in the attributes given, and whether it is the
// proportional fallback (whose glyphs are centred in the cell). It returns nil when no
// font has the glyph.
func (set *fontSet) pick(r rune, a Attr) (tf *typeface, fallback bool) {
	bold, italic := a&AttrBold != 0, a&AttrItalic != 0
	mono, sans := set.regular, set.fallback
	switch {
	case bold && italic:
		mono, sans = set.boldItalic, set.fallbackBold
	case bold:
		mono, sans = set.bold, set.fallbackBold
	case italic:
		mono = set.italic
	}
	for _, c := range []struct {
		tf       *typeface
		fallback bool
	}{{mono, false}, {set.regular, false}, {sans, true}, {set.fallback, true}} {
		if c.tf.has(r) {
			return c.tf, c.fallback
		}
	}
	return nil, false
}
