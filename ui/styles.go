package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// theme holds the styles, built once per program: View only uses them. Every colour is
// adaptive, so the console reads on light and dark terminals. lipgloss takes its colour profile from
// termenv's EnvColorProfile, which answers Ascii when NO_COLOR is set; with Ascii no
// attribute is written at all, which is why everything that matters (the cursor row, the
// active tab, the sandbox badge) is also marked with text.
type theme struct {
	App        lipgloss.Style
	Badge      lipgloss.Style // the SANDBOX badge
	BadgeText  string
	Profile    lipgloss.Style
	Account    lipgloss.Style
	User       lipgloss.Style
	Budget     lipgloss.Style
	BudgetLow  lipgloss.Style
	ReadOnly   lipgloss.Style
	Sep        lipgloss.Style
	TabActive  lipgloss.Style
	TabIdle    lipgloss.Style
	TabBar     lipgloss.Style
	Header     lipgloss.Style // table column titles
	Cursor     lipgloss.Style // the selected row
	Dim        lipgloss.Style
	Error      lipgloss.Style
	Info       lipgloss.Style
	Title      lipgloss.Style // a detail pane's first line
	Label      lipgloss.Style
	Section    lipgloss.Style
	Prompt     lipgloss.Style
	TicketStat map[string]lipgloss.Style
	Suspended  lipgloss.Style
	Help       help.Styles

	// The action flow: a run in progress, marked rows, the DANGER header of a destructive
	// action (its text says DANGER without colours too), a warning, a success.
	Running    lipgloss.Style
	Marked     lipgloss.Style
	Danger     lipgloss.Style
	DangerText string
	DangerLine lipgloss.Style
	Warn       lipgloss.Style
	Good       lipgloss.Style
	Selected   lipgloss.Style // the highlighted entry of a picker
}

// setBackground forces the light or dark half of every adaptive colour. Left to itself,
// lipgloss asks the terminal for its background, and a terminal that does not answer (tmux
// before 3.4, many ssh sessions) is taken for dark: unreadable on a light one.
func setBackground(name string) {
	switch name {
	case "light":
		lipgloss.SetHasDarkBackground(false)
	case "dark":
		lipgloss.SetHasDarkBackground(true)
	}
}

func newStyles() *theme {
	var (
		fg      = lipgloss.AdaptiveColor{Light: "#1a1a1a", Dark: "#e4e4e4"}
		dim     = lipgloss.AdaptiveColor{Light: "#767676", Dark: "#8a8a8a"}
		accent  = lipgloss.AdaptiveColor{Light: "#5a3fc0", Dark: "#a48bff"}
		red     = lipgloss.AdaptiveColor{Light: "#b00020", Dark: "#ff6b6b"}
		amber   = lipgloss.AdaptiveColor{Light: "#8a5a00", Dark: "#ffb454"}
		green   = lipgloss.AdaptiveColor{Light: "#1f7a1f", Dark: "#7bd88f"}
		blue    = lipgloss.AdaptiveColor{Light: "#0050a0", Dark: "#6cb6ff"}
		cursorB = lipgloss.AdaptiveColor{Light: "#dcd3ff", Dark: "#3b3260"}
		sep     = lipgloss.AdaptiveColor{Light: "#b0b0b0", Dark: "#5a5a5a"}
	)
	s := &theme{
		App:        lipgloss.NewStyle().Bold(true).Foreground(accent),
		Badge:      lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(amber),
		BadgeText:  " SANDBOX ",
		Profile:    lipgloss.NewStyle().Foreground(accent),
		Account:    lipgloss.NewStyle().Foreground(fg),
		User:       lipgloss.NewStyle().Foreground(fg),
		Budget:     lipgloss.NewStyle().Foreground(dim),
		BudgetLow:  lipgloss.NewStyle().Bold(true).Foreground(red),
		ReadOnly:   lipgloss.NewStyle().Bold(true).Foreground(amber),
		Sep:        lipgloss.NewStyle().Foreground(sep),
		TabActive:  lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent),
		TabIdle:    lipgloss.NewStyle().Foreground(dim),
		TabBar:     lipgloss.NewStyle(),
		Header:     lipgloss.NewStyle().Bold(true).Foreground(fg),
		Cursor:     lipgloss.NewStyle().Bold(true).Foreground(fg).Background(cursorB),
		Dim:        lipgloss.NewStyle().Foreground(dim),
		Error:      lipgloss.NewStyle().Foreground(red),
		Info:       lipgloss.NewStyle().Foreground(blue),
		Title:      lipgloss.NewStyle().Bold(true).Foreground(accent),
		Label:      lipgloss.NewStyle().Foreground(dim),
		Section:    lipgloss.NewStyle().Bold(true).Foreground(fg),
		Prompt:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Suspended:  lipgloss.NewStyle().Foreground(red),
		Running:    lipgloss.NewStyle().Bold(true).Foreground(blue),
		Marked:     lipgloss.NewStyle().Bold(true).Foreground(amber),
		Danger:     lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(red),
		DangerText: " DANGER ",
		DangerLine: lipgloss.NewStyle().Bold(true).Foreground(red),
		Warn:       lipgloss.NewStyle().Foreground(amber),
		Good:       lipgloss.NewStyle().Foreground(green),
		Selected:   lipgloss.NewStyle().Bold(true).Foreground(fg).Background(cursorB),
		TicketStat: map[string]lipgloss.Style{
			"new":     lipgloss.NewStyle().Foreground(amber),
			"open":    lipgloss.NewStyle().Foreground(red),
			"pending": lipgloss.NewStyle().Foreground(blue),
			"hold":    lipgloss.NewStyle().Foreground(dim),
			"solved":  lipgloss.NewStyle().Foreground(green),
			"closed":  lipgloss.NewStyle().Foreground(dim),
			"deleted": lipgloss.NewStyle().Foreground(red),
		},
	}
	// Without colours the badge's reverse video is gone too; brackets keep it unmistakable.
	if lipgloss.ColorProfile() == termenv.Ascii {
		s.BadgeText = "[SANDBOX]"
		s.DangerText = "[DANGER]"
	}
	key := lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#4a4a4a", Dark: "#b0b0b0"})
	desc := lipgloss.NewStyle().Foreground(dim)
	hsep := lipgloss.NewStyle().Foreground(sep)
	s.Help = help.Styles{
		Ellipsis: hsep, ShortKey: key, ShortDesc: desc, ShortSeparator: hsep,
		FullKey: key, FullDesc: desc, FullSeparator: hsep,
	}
	return s
}
