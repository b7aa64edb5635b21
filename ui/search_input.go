package ui

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// maxQueryRunes bounds a search query; Zendesk's own limit is far above what anyone types,
// and a runaway paste should not become a request of any size.
const maxQueryRunes = 512

// searchInput is the one-line query editor of a list. It only edits: the list decides when
// typing has paused long enough to search (debounce), so no request goes per keystroke.
type searchInput struct {
	ti      textinput.Model
	focused bool
	open    bool   // the line shows: while typing and while a query's results are shown
	seq     uint64 // bumped on every edit; the debounce tick of an older edit is ignored
}

func newSearchInput(st *theme, placeholder string) searchInput {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.PromptStyle = st.Prompt
	ti.Placeholder = placeholder
	ti.PlaceholderStyle = st.Dim
	ti.CharLimit = maxQueryRunes
	// A blinking cursor would redraw the screen twice a second for nothing and make
	// screenshots differ; the clipboard paste key would run a program from Update's Cmd.
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.KeyMap.Paste.SetEnabled(false)
	return searchInput{ti: ti}
}

func (s *searchInput) focus() tea.Cmd {
	s.open, s.focused = true, true
	return s.ti.Focus()
}

func (s *searchInput) blur() {
	s.focused = false
	s.ti.Blur()
}

func (s *searchInput) close() {
	s.blur()
	s.open = false
	s.ti.SetValue("")
}

// value is the query as typed, trimmed.
func (s *searchInput) value() string { return strings.TrimSpace(s.ti.Value()) }

func (s *searchInput) setWidth(w int) { s.ti.Width = max(w-3, 1) }

// update edits the query and reports whether it changed. Pasted text loses its control and
// format characters (escape sequences, bidi overrides) before the input sees it.
func (s *searchInput) update(msg tea.KeyMsg) (changed bool, cmd tea.Cmd) {
	if msg.Type == tea.KeyRunes {
		runes := make([]rune, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			switch {
			case r == '\n' || r == '\r' || r == '\t':
				runes = append(runes, ' ')
			case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			default:
				runes = append(runes, r)
			}
		}
		if len(runes) == 0 {
			return false, nil
		}
		msg.Runes = runes
	}
	before := s.ti.Value()
	s.ti, cmd = s.ti.Update(msg)
	return s.ti.Value() != before, cmd
}

func (s *searchInput) View(width int) string {
	return truncate(s.ti.View(), width)
}
