package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"

	"github.com/zdops/zdops/zendesk"
)

// addressed is a message for one component: the answer to a request it made. The root
// hands it to that component, or drops it when the component is gone.
type addressed interface{ target() compID }

// loadedMsg answers a single read (a user, a ticket, a list read whole).
type loadedMsg[T any] struct {
	to  compID
	v   T
	err error
}

func (m loadedMsg[T]) target() compID { return m.to }

// load runs read in a Cmd and answers with a loadedMsg for to.
func load[T any](pc *programContext, to compID, read func(ctx context.Context) (T, error)) tea.Cmd {
	pc.requests++
	ctx := pc.base
	return func() tea.Msg {
		v, err := read(ctx)
		return loadedMsg[T]{to: to, v: v, err: err}
	}
}

// debounceMsg arrives when typing has paused; only the latest keystroke's one counts.
type debounceMsg struct {
	to  compID
	seq uint64
}

func (m debounceMsg) target() compID { return m.to }

// filteredMsg carries a local filter's result over the rows already loaded.
type filteredMsg[R any] struct {
	to   compID
	seq  uint64
	rows []R
	of   int
}

func (m filteredMsg[R]) target() compID { return m.to }

// detailKind says which detail pane to open.
type detailKind int

const (
	userDetailKind detailKind = iota
	ticketDetailKind
	groupDetailKind
	orgDetailKind
	runDetailKind
)

// openMsg asks the root to push a detail pane onto the stack of the tab that from is in.
type openMsg struct {
	from  compID
	kind  detailKind
	id    int64
	title string
	run   *actions.Run // runDetailKind: the run, as the audit log tells it
}

func openCmd(from compID, kind detailKind, id int64, title string) tea.Cmd {
	return func() tea.Msg { return openMsg{from: from, kind: kind, id: id, title: title} }
}

// meMsg answers the signed-in user read at start.
type meMsg struct {
	user zendesk.User
	err  error
}

// ShutdownMsg asks the console to end the way a confirmed ctrl+c does: runs in progress
// stop between batches and record what was done, then the program quits. main sends it on
// SIGTERM and SIGHUP, which would otherwise end the program with a batch unrecorded.
type ShutdownMsg struct{}
