package ui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// ZDOPS_THEME / theme = "light" must give the light half of every colour, whatever the
// terminal answered: a terminal that does not answer is taken for dark.
func TestThemeForcesBackground(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() {
		lipgloss.SetColorProfile(termenv.Ascii)
		lipgloss.SetHasDarkBackground(true)
	})
	for _, tt := range []struct{ theme, want string }{
		{"light", "38;2;176;0;32"},   // #b00020
		{"dark", "38;2;255;107;107"}, // #ff6b6b
	} {
		setBackground(tt.theme)
		if got := newStyles().Error.Render("failed"); !strings.Contains(got, tt.want) {
			t.Errorf("theme %s: an error renders %q, want the colour %s", tt.theme, got, tt.want)
		}
	}
	setBackground("light")
	setBackground("auto") // leaves what is known of the terminal alone
	if lipgloss.HasDarkBackground() {
		t.Error("auto changed the background")
	}
}

// The active tab's underline covers its bracketed label only, not the gap before it.
func TestActiveTabUnderlineStartsAtItsBracket(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	st := newStyles()
	for active := range tabCount {
		var bar tabBar
		line := bar.view(st, active, 120, runIndicator{})
		label := "[" + strconv.Itoa(active+1) + " " + tabTitles[active] + "]"
		i := strings.Index(line, st.TabActive.Render(label))
		if i < 0 {
			t.Fatalf("tab %d: the bar %q does not hold the styled %q", active, line, label)
		}
		// Before it: the start of the line, or a plain space after the previous tab's reset.
		if active > 0 && !strings.HasSuffix(line[:i], "\x1b[0m ") {
			t.Errorf("tab %d: the gap before %q is styled: %q", active, label, line[:i])
		}
	}
}
