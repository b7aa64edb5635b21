package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// With ExitAfterFirstFrame the console quits one message after its first view holds rows,
// and not before: an empty first frame would make the start-up benchmark flatter than the
// wait an operator has.
func TestExitAfterFirstFrame(t *testing.T) {
	m := offlineModel(t)
	m.exitAfterFirstFrame = true
	if cmd := m.checkFirstFrame(); cmd != nil {
		t.Fatal("asked to quit before any row arrived")
	}
	fillUsers(m, 1, false)
	if !m.firstFrameSeen {
		t.Fatal("the first rows did not end the timing run")
	}
	if _, cmd := m.Update(firstFrameMsg{}); cmd == nil {
		t.Fatal("firstFrameMsg did not quit")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("firstFrameMsg did not quit")
	}
	if cmd := m.checkFirstFrame(); cmd != nil {
		t.Fatal("asked to quit twice")
	}
}
