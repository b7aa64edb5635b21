package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// Fitting the help to a narrow terminal. bubbles' help cuts what does not fit at the right
// edge, and the keys at the right are the ones that lead everywhere else: help itself,
// quit, the other views. At 80 columns that left the short help without "? help" and the
// full help without the views, help and quit.

// fitShortHelp renders bindings as one line of at most w cells. When they do not all fit,
// the bindings before the last keep give way, from the end, so that the last keep (help
// and quit) stay on screen at any width.
func fitShortHelp(h help.Model, bindings []key.Binding, keep, w int) string {
	h.Width = 0 // measure whole lines; the fitting is done here
	bindings = slices.Clone(bindings)
	for {
		s := h.ShortHelpView(bindings)
		if cellWidth(s) <= w || len(bindings) <= keep {
			return truncate(s, w)
		}
		cut := len(bindings) - keep - 1
		bindings = slices.Delete(bindings, cut, cut+1)
	}
}

// fullHelpBands renders the groups in columns as bubbles' full help does, but the columns
// that do not fit beside the others continue in a band underneath instead of being cut:
// the full help shows every key.
func fullHelpBands(h help.Model, groups [][]key.Binding, w int) string {
	h.Width = 0
	var bands []string
	var band [][]key.Binding
	for _, g := range groups {
		wider := append(slices.Clone(band), g)
		if len(band) > 0 && widestLine(h.FullHelpView(wider)) > w {
			bands = append(bands, h.FullHelpView(band))
			band = [][]key.Binding{g}
			continue
		}
		band = wider
	}
	if len(band) > 0 {
		bands = append(bands, h.FullHelpView(band))
	}
	return strings.Join(bands, "\n")
}

func widestLine(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, cellWidth(l))
	}
	return n
}
