package ui

import (
	"math"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// scrollBy is how many lines a movement key scrolls a pane of text that shows page lines
// (up and down a line, half pages, pages, the top and the bottom), and whether msg is one.
// The top and the bottom are further than any text is long: the pane clamps them.
func scrollBy(msg tea.KeyMsg, km *keyMap, page int) (int, bool) {
	page = max(page, 1)
	half := max(page/2, 1)
	switch {
	case key.Matches(msg, km.Up):
		return -1, true
	case key.Matches(msg, km.Down):
		return 1, true
	case key.Matches(msg, km.Top):
		return -math.MaxInt32, true
	case key.Matches(msg, km.Bottom):
		return math.MaxInt32, true
	case key.Matches(msg, km.HalfPageDown):
		return half, true
	case key.Matches(msg, km.HalfPageUp):
		return -half, true
	case key.Matches(msg, km.PageDown):
		return page, true
	case key.Matches(msg, km.PageUp):
		return -page, true
	}
	return 0, false
}
