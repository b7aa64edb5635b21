package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/zdops/zdops/actions"
)

// logRow is one run in the Log: from the audit log, or a run of this session that the
// audit log has not been read back for yet.
type logRow struct {
	id                string
	run               *actions.Run // nil for a run of this session not read back yet
	started           time.Time
	action            string
	target            string
	ok, failed, skips string
	took              string
	state             string // for runs not in progress here
}

var logCols = []column{
	{title: "Started", min: 12, max: 12},
	{title: "Action", min: 12, flex: 2, max: 28},
	{title: "State", min: 11, max: 16, colour: logStateColour},
	{title: "OK", min: 5, max: 7, right: true},
	{title: "Failed", min: 6, max: 7, right: true},
	{title: "Skipped", min: 7, max: 7, right: true},
	{title: "Took", min: 6, max: 7, right: true},
	{title: "Target", min: 8, flex: 4},
}

func logStateColour(st *theme, v string) (lipgloss.Style, bool) {
	switch {
	case strings.HasPrefix(v, "running"), strings.HasPrefix(v, "stopping"):
		return st.Running, true
	case v == "interrupted", v == "cut off", strings.HasSuffix(v, "unknown"):
		return st.Warn, true
	case v == "undone":
		return st.Dim, true
	case v == "failed":
		return st.Error, true
	}
	return lipgloss.Style{}, false
}

// logView is the Log tab: every run in the audit log, newest first, read at start and again
// when a run ends. enter shows a run's outcomes, u plans its undo, R resumes it.
type logView struct {
	pc *programContext
	id compID

	runs    []actions.Run // newest first
	rows    []logRow
	table   table
	version uint64 // of pc.runs the rows were built for

	loading  bool
	loaded   bool
	err      error
	problems []actions.AuditProblem
	seq      uint64

	width, height int
}

func newLogView(pc *programContext) *logView {
	v := &logView{pc: pc, id: pc.newID()}
	v.table = newTable(pc.styles, logCols)
	v.table.empty = "no runs yet: pick an action with a on a user or a selection"
	return v
}

func (v *logView) ID() compID    { return v.id }
func (v *logView) Title() string { return "Log" }
func (v *logView) Typing() bool  { return false }

func (v *logView) Init() tea.Cmd { return v.reload() }

// auditRead answers a read of the audit log.
type auditRead struct {
	seq      uint64
	runs     []actions.Run
	problems []actions.AuditProblem
}

// reload reads the audit log again, off the program's goroutine (it is a local file, not
// an API request).
func (v *logView) reload() tea.Cmd {
	path := v.pc.auditPath
	if path == "" {
		v.loaded = true
		v.table.empty = "no audit log: runs are not recorded, so actions cannot run"
		return nil
	}
	v.loading = true
	v.seq = v.pc.nextSeq()
	seq, to := v.seq, v.id
	return func() tea.Msg {
		runs, problems, err := actions.ReadAudit(path)
		return loadedMsg[auditRead]{to: to, v: auditRead{seq: seq, runs: runs, problems: problems}, err: err}
	}
}

func (v *logView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg[auditRead]:
		if msg.v.seq != v.seq {
			return nil
		}
		v.loading, v.loaded = false, true
		if msg.err != nil {
			v.err = msg.err
			v.pc.fail(v.id, "read the audit log", msg.err)
			return nil
		}
		v.err = nil
		runs := msg.v.runs
		slices.Reverse(runs)
		v.runs, v.problems = runs, msg.v.problems
		if n := len(v.problems); n > 0 {
			v.pc.note(v.id, fmt.Sprintf("audit log: %s could not be read (%s)", countNoun(n, "line"), v.problems[0]))
		}
		v.rebuild()
		return nil
	case tea.KeyMsg:
		return v.key(msg)
	}
	return nil
}

// syncRuns rebuilds the rows when runs of this session started or ended.
func (v *logView) syncRuns() {
	if v.version != v.pc.runsVersion {
		v.rebuild()
	}
}

func (v *logView) rebuild() {
	v.version = v.pc.runsVersion
	var sel string
	if r, ok := v.selected(); ok && v.table.Cursor() > 0 {
		sel = r.id // on the newest row, the cursor stays on the newest
	}
	v.rows = v.rows[:0]
	known := map[string]bool{}
	for i := range v.runs {
		known[v.runs[i].ID] = true
	}
	// Runs of this session the audit log has not been read back for come first.
	var fresh []*runState
	for id, rs := range v.pc.runs {
		if !known[id] && !rs.resume {
			fresh = append(fresh, rs)
		}
	}
	slices.SortFunc(fresh, func(a, b *runState) int { return b.started.Compare(a.started) })
	for _, rs := range fresh {
		v.rows = append(v.rows, logRow{id: rs.id, started: rs.plan.PlannedAt, action: planAction(rs.plan), target: planTarget(rs.plan)})
	}
	for i := range v.runs {
		v.rows = append(v.rows, runRow(&v.runs[i]))
	}
	v.table.SetLen(len(v.rows))
	if sel != "" {
		for i := range v.rows {
			if v.rows[i].id == sel {
				v.table.setCursor(i)
			}
		}
	}
}

// planAction and planTarget are the plan's labels, made safe to draw.
func planAction(p *actions.Plan) string { return sanitizeLine(p.ActionLabel()) }
func planTarget(p *actions.Plan) string { return sanitizeLine(p.TargetLabel()) }

func runRow(r *actions.Run) logRow {
	row := logRow{id: r.ID, run: r, started: r.Started, action: planAction(r.Plan), target: planTarget(r.Plan)}
	if r.Plan == nil {
		row.action = string(r.Action)
	}
	s, f, u := r.Counts()
	skipped := 0
	if r.Plan != nil {
		skipped = len(r.Plan.Skipped)
	}
	if fin := r.Final; fin != nil {
		s, f, u, skipped = fin.Succeeded, fin.Failed, fin.Unknown, fin.Skipped
		row.took = durationText(fin.Finished.Sub(r.Started))
	} else {
		row.took = durationText(r.Updated.Sub(r.Started))
	}
	row.ok, row.failed, row.skips = humanInt(s), humanInt(f), humanInt(skipped)
	switch {
	case u > 0 && r.Final != nil && !r.Final.Interrupted:
		row.state = "done, " + humanInt(u) + " unknown"
	case r.Final == nil:
		row.state = "cut off"
	case r.Final.Interrupted:
		row.state = "interrupted"
	case r.UndoneBy != "":
		row.state = "undone"
	case r.UndoOf != "":
		row.state = "done (undo)"
	default:
		row.state = "done"
	}
	if r.Resumes > 0 && r.Final != nil && !r.Final.Interrupted {
		row.state += " (resumed)"
	}
	return row
}

// durationText is a duration in the fewest characters that stay useful: "0s", "1.2s",
// "3m12s", "2h5m".
func durationText(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	s := d.Round(time.Minute).String()
	return strings.TrimSuffix(s, "0s")
}

func (v *logView) cells(i int, c []string) {
	r := &v.rows[i]
	if !r.started.IsZero() {
		c[0] = r.started.In(v.pc.loc).Format("Jan 02 15:04")
	}
	c[1], c[2], c[3], c[4], c[5], c[6], c[7] = r.action, r.state, r.ok, r.failed, r.skips, r.took, r.target
	if rs, ok := v.pc.runs[r.id]; ok && !rs.done {
		word := "running "
		if rs.stopping {
			word = "stopping "
		}
		c[2] = word + fmt.Sprintf("%d%%", rs.prog.percent())
		c[3], c[4], c[5] = humanInt(rs.prog.done-rs.prog.failed), humanInt(rs.prog.failed), humanInt(len(rs.plan.Skipped))
		c[6] = durationText(time.Since(rs.started))
	}
}

func (v *logView) selected() (*logRow, bool) {
	i := v.table.Cursor()
	if i < 0 || i >= len(v.rows) {
		return nil, false
	}
	return &v.rows[i], true
}

// Messages the Log sends the root: watch a run of this session, undo or resume one.
type (
	watchRunMsg  struct{ id string }
	undoRunMsg   struct{ run actions.Run }
	resumeRunMsg struct{ run actions.Run }
)

func (v *logView) key(msg tea.KeyMsg) tea.Cmd {
	km := v.pc.keys
	switch {
	case key.Matches(msg, km.Reload):
		return v.reload()
	case key.Matches(msg, km.Open), key.Matches(msg, km.Undo), key.Matches(msg, km.Resume):
		r, ok := v.selected()
		if !ok {
			return nil
		}
		return runKey(v.pc, v.id, msg, r.id, r.run)
	}
	v.table.HandleKey(msg, km)
	return nil
}

// runKey is what enter, u and R do on a run, in the Log and in a run's detail.
func runKey(pc *programContext, from compID, msg tea.KeyMsg, id string, run *actions.Run) tea.Cmd {
	km := pc.keys
	rs, live := pc.runs[id]
	live = live && !rs.done
	switch {
	case key.Matches(msg, km.Open):
		if live || run == nil {
			return func() tea.Msg { return watchRunMsg{id: id} }
		}
		r := run
		return func() tea.Msg { return openMsg{from: from, kind: runDetailKind, title: "run " + r.ID, run: r} }
	case live || run == nil:
		pc.note(from, "the run is still in progress")
		return nil
	case key.Matches(msg, km.Undo):
		if ok, why := run.Undoable(); !ok {
			pc.note(from, "cannot undo run "+run.ID+": "+why)
			return nil
		}
		r := *run
		return func() tea.Msg { return undoRunMsg{run: r} }
	case key.Matches(msg, km.Resume):
		if run.Finished() {
			pc.note(from, "run "+run.ID+" finished: there is nothing to resume")
			return nil
		}
		if run.Plan == nil {
			pc.note(from, "run "+run.ID+" has no plan in the audit log: it cannot be resumed")
			return nil
		}
		r := *run
		return func() tea.Msg { return resumeRunMsg{run: r} }
	}
	return nil
}

func (v *logView) SetSize(w, h int) {
	v.width, v.height = w, h
	v.table.SetSize(w, max(h-1, 1))
}

func (v *logView) View() string {
	st := v.pc.styles
	var b strings.Builder
	if v.loading && len(v.rows) == 0 {
		v.table.empty = "loading…"
	} else if v.pc.auditPath != "" {
		v.table.empty = "no runs yet: pick an action with " + v.pc.keys.Action.Help().Key + " on a user or a selection"
	}
	b.WriteString(v.table.View(v.cells))
	b.WriteByte('\n')
	var info string
	switch {
	case v.pc.auditPath == "":
		info = "no audit log"
	case v.err != nil:
		info = "the audit log could not be read · r retries"
	default:
		info = countNoun(len(v.rows), "run") + " in the audit log (a run's detail says where it is)"
		if len(v.rows) == 0 {
			info = "the audit log is " + v.pc.auditPath
		}
		if n := len(v.problems); n > 0 {
			info += " · " + countNoun(n, "unreadable line")
		}
	}
	if n := len(v.rows); n > 0 {
		pos := humanInt(v.table.Cursor()+1) + "/" + humanInt(n)
		if room := v.width - len(pos) - 2; room > 0 {
			info = truncate(info, room)
			return b.String() + st.Dim.Render(info+spaces[:min(max(v.width-cellWidth(info)-len(pos), 1), len(spaces))]+pos)
		}
	}
	b.WriteString(st.Dim.Render(truncate(info, v.width)))
	return b.String()
}

func (v *logView) ShortHelp() []key.Binding {
	km := v.pc.keys
	open := km.Open
	open.SetHelp(open.Help().Key, "details")
	return []key.Binding{km.Up, km.Down, open, km.Undo, km.Resume, km.Reload}
}

func (v *logView) FullHelp() [][]key.Binding {
	km := v.pc.keys
	open := km.Open
	open.SetHelp(open.Help().Key, "details")
	return [][]key.Binding{
		{km.Up, km.Down, km.Top, km.Bottom},
		{km.HalfPageDown, km.HalfPageUp, km.PageDown, km.PageUp},
		{open, km.Undo, km.Resume, km.Reload},
	}
}
