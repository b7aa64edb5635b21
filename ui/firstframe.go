package ui

import tea "github.com/charmbracelet/bubbletea"

// Start-up is measured from the outside: with Options.ExitAfterFirstFrame the console quits
// as soon as the first view has drawn its first rows, so the time from exec to exit is the
// time an operator waits for a usable screen (BENCHMARKS.md, BenchmarkFirstFrame).

// firstFrameMsg arrives after the frame that showed the first rows has been handed to the
// renderer: Bubble Tea draws the view after every Update, so quitting one message later
// leaves that frame on the screen, and the renderer flushes it when it stops.
type firstFrameMsg struct{}

// rowCounter is a view that can say how many rows it holds.
type rowCounter interface{ loadedRows() int }

func (v *listView[R]) loadedRows() int { return len(v.pane().list.rows) }

// checkFirstFrame asks to quit once, when the active view first holds rows.
func (m *Model) checkFirstFrame() tea.Cmd {
	if !m.exitAfterFirstFrame || m.firstFrameSeen || m.pc.width == 0 {
		return nil
	}
	v, ok := m.tabs[m.active].(rowCounter)
	if !ok || v.loadedRows() == 0 {
		return nil
	}
	m.firstFrameSeen = true
	return func() tea.Msg { return firstFrameMsg{} }
}
