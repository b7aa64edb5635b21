package ui

import (
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
