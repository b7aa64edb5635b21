package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// listSpec is what makes a tab's list what it is: its columns, its rows and how it lists,
// searches and opens them. users.go, tickets.go, groups.go, agents.go and
// organizations.go each define one.
type listSpec[R any] struct {
	title       string // "Users"
	noun        string // "users"
	placeholder string // the search input's hint
	cols        []column
	list        func(pc *programContext) fetchFunc[R]
	search      func(pc *programContext, q string) searchPlan[R]
	cells       func(pc *programContext, r *R, cells []string)
	open        func(from compID, r *R) tea.Cmd
	// init starts what the list needs besides its rows (the agents' group names).
	init func(pc *programContext, to compID) tea.Cmd
	// other handles answers to init's requests.
	other func(pc *programContext, msg tea.Msg) bool

	// idOf names a row; with markable, space and V mark rows for a selection.
	idOf     func(r *R) int64
	markable bool
	// action is what a opens the action picker on: the row under the cursor, or the marked
	// ids. nil means the list has no actions.
	action func(r *R, marked []int64) (actionTarget, bool)
	// kind ("ticket" or "user") and refetch reload the rows a run changed, in place;
	// gone marks a row that no longer exists (a deleted ticket).
	kind    string
	refetch func(pc *programContext, ids []int64) func(ctx context.Context) ([]R, error)
	gone    func(r *R)
	// create is the form N opens to make a new record ("new user"), and createHelp says so.
	create     intent
	createHelp string
}

// searchPlan is how one query is answered: by Zendesk (fetch) or, where Zendesk has no
// search for the thing, by filtering the rows already loaded (match), which the info line
// says so nobody takes it for a search of the whole account.
type searchPlan[R any] struct {
	fetch fetchFunc[R]
	match func(r *R) bool
	note  string
}

// listView is one tab: the full list, and the results of a search in its place while a
// query is active. esc puts the full list back as it was, cursor included, without
// reloading it.
type listView[R any] struct {
	id   compID
	pc   *programContext
	spec *listSpec[R]

	all   rowsPane[R]
	found rowsPane[R]

	searching bool   // found is what shows
	query     string // the query found answers
	local     bool   // found is a filter of loaded rows
	localOf   int    // how many loaded rows the filter looked at
	note      string

	marks markSet // shared by the full list and the search results

	input  searchInput
	width  int
	height int
}

func newListView[R any](pc *programContext, spec *listSpec[R]) *listView[R] {
	v := &listView[R]{id: pc.newID(), pc: pc, spec: spec}
	cells := func(r *R, c []string) { spec.cells(pc, r, c) }
	v.all = newRowsPane(pc.styles, spec.noun, spec.cols, cells)
	v.found = newRowsPane(pc.styles, spec.noun+" matching the search", spec.cols, cells)
	v.all.idOf, v.found.idOf = spec.idOf, spec.idOf
	if spec.markable && spec.idOf != nil {
		v.all.marks, v.found.marks = &v.marks, &v.marks
	}
	v.input = newSearchInput(pc.styles, spec.placeholder)
	return v
}

func (v *listView[R]) ID() compID    { return v.id }
func (v *listView[R]) Title() string { return v.spec.title }
func (v *listView[R]) Typing() bool  { return v.input.focused }

// Init loads the first page.
func (v *listView[R]) Init() tea.Cmd {
	cmds := []tea.Cmd{v.all.start(v.pc, v.id, v.spec.list(v.pc))}
	if v.spec.init != nil {
		cmds = append(cmds, v.spec.init(v.pc, v.id))
	}
	return tea.Batch(cmds...)
}

func (v *listView[R]) pane() *rowsPane[R] {
	if v.searching {
		return &v.found
	}
	return &v.all
}

func (v *listView[R]) SetSize(w, h int) {
	v.width, v.height = w, h
	v.input.setWidth(w)
	v.layout()
}

// layout gives the table what is left after the search line (when shown) and the info line.
func (v *listView[R]) layout() {
	th := v.height - 1
	if v.input.open {
		th--
	}
	v.all.SetSize(v.width, max(th, 1))
	v.found.SetSize(v.width, max(th, 1))
}

func (v *listView[R]) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg[R]:
		if ok, cmd := v.all.accept(v.pc, v.id, msg); ok {
			return cmd
		}
		_, cmd := v.found.accept(v.pc, v.id, msg)
		return cmd
	case filteredMsg[R]:
		if msg.seq == v.found.list.seq && v.found.list.loading {
			l := &v.found.list
			l.loading, l.done, l.rows, l.count = false, true, msg.rows, len(msg.rows)
			v.localOf = msg.of
			v.found.table.SetLen(len(msg.rows))
		}
		return nil
	case debounceMsg:
		if msg.seq == v.input.seq {
			return v.runSearch(v.input.value())
		}
		return nil
	case tea.KeyMsg:
		return v.key(msg)
	case loadedMsg[refetched[R]]:
		v.acceptRefetch(msg)
		return nil
	}
	if v.spec.other != nil {
		v.spec.other(v.pc, msg)
	}
	return nil
}

func (v *listView[R]) key(msg tea.KeyMsg) tea.Cmd {
	km := v.pc.keys
	if v.input.focused {
		switch {
		case key.Matches(msg, km.CancelSearch):
			v.clearSearch()
			return nil
		case key.Matches(msg, km.SubmitSearch):
			if v.input.value() == "" {
				v.clearSearch()
				return nil
			}
			v.input.blur()
			v.input.seq++ // the pending debounce tick, if any, is now stale
			return v.runSearch(v.input.value())
		}
		changed, cmd := v.input.update(msg)
		if !changed {
			return cmd
		}
		v.input.seq++
		seq, to := v.input.seq, v.id
		return tea.Batch(cmd, tea.Tick(v.pc.debounce, func(time.Time) tea.Msg { return debounceMsg{to: to, seq: seq} }))
	}
	switch {
	case key.Matches(msg, km.Search):
		wasOpen := v.input.open
		cmd := v.input.focus()
		if !wasOpen {
			v.layout()
		}
		return cmd
	case key.Matches(msg, km.Back):
		if v.searching || v.input.open {
			v.clearSearch()
		} else if v.marks.count() > 0 {
			v.marks.clear()
		}
		return nil
	case key.Matches(msg, km.Mark) && v.spec.markable:
		return v.pane().toggleMark(v.pc, v.id)
	case key.Matches(msg, km.MarkAll) && v.spec.markable:
		v.pane().markAll()
		return nil
	case key.Matches(msg, km.Action):
		return v.startAction()
	case key.Matches(msg, km.Create) && v.spec.create != intentNone:
		if v.pc.refuseWrite(v.id, "creating "+v.spec.noun) {
			return nil
		}
		return profileCmd(actionTarget{from: v.spec.title}, v.spec.create)
	case key.Matches(msg, km.Reload):
		if v.searching {
			if v.found.list.err != nil && len(v.found.list.rows) > 0 {
				return v.found.list.retry(v.pc, v.id)
			}
			q := v.query
			v.query = ""
			return v.runSearch(q)
		}
		return v.all.reload(v.pc, v.id)
	case key.Matches(msg, km.Open):
		if r, ok := v.pane().selected(); ok && v.spec.open != nil {
			return v.spec.open(v.id, r)
		}
		return nil
	}
	_, cmd := v.pane().key(v.pc, v.id, msg)
	return cmd
}

// startAction opens the action picker on the marked rows, or on the row under the cursor.
func (v *listView[R]) startAction() tea.Cmd {
	if v.spec.action == nil {
		v.pc.note(v.id, "no actions on "+v.spec.noun+": open a user or a ticket, or mark some")
		return nil
	}
	r, _ := v.pane().selected()
	var marked []int64
	if v.marks.count() > 0 {
		marked = v.marks.sorted()
	}
	if r == nil && len(marked) == 0 {
		return nil
	}
	t, ok := v.spec.action(r, marked)
	if !ok {
		return nil
	}
	t.from = v.spec.title
	return startActionCmd(t)
}

// refreshAffected reloads, in place, the loaded rows a finished run changed.
func (v *listView[R]) refreshAffected(a *affected) tea.Cmd {
	if v.spec.refetch == nil || v.spec.kind == "" {
		return nil
	}
	want := func(id int64) bool { return a.has(v.spec.kind, id) }
	ids := mergeIDs(v.all.loadedIDs(want), v.found.loadedIDs(want))
	if len(ids) == 0 {
		return nil
	}
	return refetchCmd(v.pc, v.id, ids, v.spec.refetch(v.pc, ids))
}

func (v *listView[R]) acceptRefetch(msg loadedMsg[refetched[R]]) {
	if msg.err != nil {
		v.pc.fail(v.id, "reload the "+v.spec.noun+" the run changed", msg.err)
		return
	}
	fresh, asked := msg.v.byID(v.spec.idOf)
	v.all.replaceRows(fresh, asked, v.spec.gone)
	v.found.replaceRows(fresh, asked, v.spec.gone)
}

// runSearch shows q's results in place of the list: from Zendesk, or by filtering what is
// loaded. An empty query goes back to the full list.
func (v *listView[R]) runSearch(q string) tea.Cmd {
	if q == "" {
		if v.searching {
			v.searching, v.query = false, ""
			v.found.list.reset(nil)
		}
		return nil
	}
	if v.searching && q == v.query && v.found.list.err == nil {
		return nil // already shown or on its way
	}
	plan := v.spec.search(v.pc, q)
	v.searching, v.query, v.note = true, q, plan.note
	if plan.fetch != nil {
		v.local = false
		return v.found.start(v.pc, v.id, plan.fetch)
	}
	// A local filter runs off the program's goroutine too: it reads the loaded rows, which
	// Update only ever appends to, so the slice it was handed does not change under it.
	v.local = true
	v.found.table.Reset()
	l := &v.found.list
	l.reset(nil)
	l.started, l.loading, l.seq = true, true, v.pc.nextSeq()
	rows, match, seq, to := v.all.list.rows, plan.match, l.seq, v.id
	return func() tea.Msg {
		var out []R
		for i := range rows {
			if match(&rows[i]) {
				out = append(out, rows[i])
			}
		}
		return filteredMsg[R]{to: to, seq: seq, rows: out, of: len(rows)}
	}
}

// clearSearch drops the query and its results; answers still on their way are dropped too,
// since the found list's generation no longer matches them.
func (v *listView[R]) clearSearch() {
	v.searching, v.query, v.local, v.note = false, "", false, ""
	v.found.list.reset(nil)
	v.found.table.Reset()
	v.input.seq++
	wasOpen := v.input.open
	v.input.close()
	if wasOpen {
		v.layout()
	}
}

func (v *listView[R]) View() string {
	var b strings.Builder
	b.Grow((v.width + 16) * v.height)
	if v.input.open {
		b.WriteString(v.input.View(v.width))
		b.WriteByte('\n')
	}
	p := v.pane()
	b.WriteString(p.View())
	b.WriteByte('\n')
	b.WriteString(v.infoLine(p))
	return b.String()
}

// infoLine says how much is loaded, whether more exists and where the cursor is.
func (v *listView[R]) infoLine(p *rowsPane[R]) string {
	var s string
	switch {
	case v.searching && v.local:
		if p.list.loading {
			s = "filtering…"
		} else {
			s = fmt.Sprintf("%s of %s loaded %s match", humanInt(len(p.list.rows)), humanInt(v.localOf), v.spec.noun)
		}
		if v.note != "" {
			s += " · " + v.note
		}
	case v.searching:
		s = p.list.summary("", true)
		if v.note != "" {
			s += " · " + v.note
		}
	default:
		s = p.list.summary(v.spec.noun, false)
	}
	if n := v.marks.count(); n > 0 {
		s = humanInt(n) + " marked · " + s
	}
	if n := len(p.list.rows); n > 0 {
		pos := fmt.Sprintf("%s/%s", humanInt(p.table.Cursor()+1), humanInt(n))
		if room := v.width - len(pos) - 2; room > 0 {
			s = truncate(s, room)
			return v.pc.styles.Dim.Render(s + spaces[:min(max(v.width-cellWidth(s)-len(pos), 1), len(spaces))] + pos)
		}
	}
	return v.pc.styles.Dim.Render(truncate(s, v.width))
}

func (v *listView[R]) ShortHelp() []key.Binding {
	km := v.pc.keys
	if v.input.focused {
		return []key.Binding{km.SubmitSearch, km.CancelSearch}
	}
	out := []key.Binding{km.Up, km.Down, km.Open}
	if v.spec.action != nil {
		out = append(out, km.Action)
	}
	out = append(out, km.Search)
	out = append(out, v.createKey()...)
	switch {
	case v.searching:
		back := km.Back
		back.SetHelp(back.Help().Key, "full list")
		out = append(out, back)
	case v.marks.count() > 0:
		back := km.Back
		back.SetHelp(back.Help().Key, "clear marks")
		out = append(out, back)
	}
	return append(out, km.Reload)
}

// createKey is N, for help, on a list that creates records (not in read-only mode).
func (v *listView[R]) createKey() []key.Binding {
	if v.spec.create == intentNone {
		return nil
	}
	b := v.pc.keys.Create
	b.SetHelp(b.Help().Key, v.spec.createHelp)
	return v.pc.writeKeys(b)
}

func (v *listView[R]) FullHelp() [][]key.Binding {
	km := v.pc.keys
	if v.input.focused {
		return [][]key.Binding{{km.SubmitSearch, km.CancelSearch}}
	}
	groups := [][]key.Binding{
		{km.Up, km.Down, km.Top, km.Bottom},
		{km.HalfPageDown, km.HalfPageUp, km.PageDown, km.PageUp},
		{km.Open, km.Search, km.Back, km.Reload},
	}
	var acts []key.Binding
	if v.spec.action != nil {
		acts = append(acts, km.Action)
	}
	if v.spec.markable {
		acts = append(acts, km.Mark, km.MarkAll)
	}
	acts = append(acts, v.createKey()...)
	if len(acts) > 0 {
		groups = append(groups, acts)
	}
	return groups
}
