package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/zdops/zdops/actions"
)

// flowStage is where the action flow is: picking an action, its parameters, planning,
// the preview, the run.
type flowStage int

const (
	stagePick flowStage = iota
	stageChoose
	stageForm
	stageLoading // reading what a form or list shows
	stagePlanning
	stagePreview
	stageRun
)

// flowKind says what the flow is for.
type flowKind int

const (
	flowAction flowKind = iota // an action on a user or a selection
	flowUndo                   // the undo of a run in the Log
	flowResume                 // finishing an interrupted run
	flowWatch                  // watching a run already going
)

// actionFlow takes the operator from "a" to a finished run: the picker, the parameters
// (a list or one of the forms), planning (a Cmd, with a spinner), the preview and
// its confirmation, and the run's progress. It is a modal over the views; esc during a run
// leaves the run going in the background.
type actionFlow struct {
	pc     *programContext
	id     compID
	kind   flowKind
	target actionTarget
	closed bool // the root drops the flow on its next turn

	stage flowStage
	back  flowStage // where esc from the preview (or planning) goes

	picker *choiceList
	specs  []actions.Spec
	hidden []actions.Spec
	// direct: a key opened the flow at a form or list (flow_profile.go), so esc there
	// closes it instead of going to the picker.
	direct bool

	spec        actions.Spec
	params      actions.Params
	choice      *choiceList
	onChoose    func(it choiceItem) tea.Cmd // what choosing from choice does; nil: the picked value
	choiceStack []chooser                   // the lists shown before choice, for esc
	form        *entryForm
	formBack    flowStage // where esc from the form goes
	prepSeq     uint64
	build       func(formData) tea.Cmd // opens the form or list prepare read for
	planSeq     uint64
	stopPlan    context.CancelFunc
	reading     string // what planning reads, for the spinner line

	preview *preview
	run     *runState
	undoOf  *actions.Run // undo and resume: the run

	spin spinner.Model
	bar  progress.Model

	width, height int
}

func newFlow(pc *programContext, kind flowKind) *actionFlow {
	f := &actionFlow{pc: pc, id: pc.newID(), kind: kind}
	f.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(pc.styles.Running))
	f.bar = progress.New(progress.WithSolidFill("#6cb6ff"), progress.WithoutPercentage(),
		progress.WithColorProfile(lipgloss.ColorProfile()), progress.WithFillCharacters('█', '░'))
	return f
}

// newActionFlow opens the picker on a target.
func newActionFlow(pc *programContext, t actionTarget) *actionFlow {
	f := newFlow(pc, flowAction)
	f.target = t
	f.specs, f.hidden = pickerItems(t, pc.readOnly)
	items := make([]choiceItem, len(f.specs))
	for i, s := range f.specs {
		items[i] = choiceItem{label: s.Title, detail: describeFor(s, t), danger: s.Danger, value: string(s.ID)}
	}
	f.picker = newChoiceList(pc.styles, "Action on "+t.label(), items)
	f.picker.describe = true // the whole description of the highlighted action, under the list
	if len(f.hidden) > 0 {
		names := make([]string, len(f.hidden))
		for i, s := range f.hidden {
			names[i] = strings.ToLower(s.Title)
		}
		f.picker.note = "read-only: destructive actions are hidden (" + strings.Join(names, ", ") + ")"
	}
	if pc.readOnly && t.user != nil && len(t.ticketIDs) == 0 {
		if f.picker.note != "" {
			f.picker.note += ", and profile edits and new tickets"
		} else {
			f.picker.note = "read-only: profile edits and new tickets are hidden"
		}
	}
	f.stage = stagePick
	return f
}

// describeFor words an action's description for the target: the catalog speaks of "the
// user's tickets", a selection is "the selected tickets".
func describeFor(s actions.Spec, t actionTarget) string {
	d := s.Description
	switch {
	case len(t.ticketIDs) > 0:
		d = strings.ReplaceAll(d, "all the user's tickets", "the selected tickets")
		d = strings.ReplaceAll(d, "the user's tickets", "the selected tickets")
	case len(t.userIDs) > 0:
		d = strings.ReplaceAll(d, "the user (or the selected users)", "the selected users")
		d = strings.ReplaceAll(d, "the user or the selected users", "the selected users")
	}
	return d
}

// newUndoFlow plans the undo of a run, checking the tickets' state in Zendesk now.
func newUndoFlow(pc *programContext, run actions.Run) (*actionFlow, tea.Cmd) {
	f := newFlow(pc, flowUndo)
	f.undoOf = &run
	f.back = stagePick // esc from the preview closes the flow
	planner := actions.Planner{Client: pc.client, Now: pc.now}
	cmd := f.startPlanning("reading the run's tickets as they are now", func(ctx context.Context) (*actions.Plan, error) {
		return planner.PlanUndo(ctx, run)
	})
	return f, cmd
}

// newResumeFlow shows an interrupted run's plan before it is finished.
func newResumeFlow(pc *programContext, run actions.Run) *actionFlow {
	f := newFlow(pc, flowResume)
	f.undoOf = &run
	f.showPreview(run.Plan)
	return f
}

// newWatchFlow shows a run already going (reopened from the Log).
func newWatchFlow(pc *programContext, rs *runState) *actionFlow {
	f := newFlow(pc, flowWatch)
	f.run, f.stage = rs, stageRun
	return f
}

func (f *actionFlow) ID() compID { return f.id }

func (f *actionFlow) Title() string {
	switch f.kind {
	case flowUndo:
		return "Undo"
	case flowResume:
		return "Resume"
	case flowWatch:
		return "Run"
	}
	return "Action"
}

func (f *actionFlow) Init() tea.Cmd {
	if f.busy() {
		return f.spin.Tick
	}
	return nil
}

// busy reports whether something is going that the spinner stands for.
func (f *actionFlow) busy() bool {
	return f.stage == stagePlanning || f.stage == stageLoading || (f.stage == stageRun && f.run != nil && !f.run.done)
}

func (f *actionFlow) Typing() bool {
	switch f.stage {
	case stageChoose:
		return f.choice != nil && f.choice.typing()
	case stageForm:
		return true
	case stagePreview:
		return f.preview != nil && f.preview.typed()
	}
	return false
}

func (f *actionFlow) SetSize(w, h int) {
	f.width, f.height = w, h
	if f.picker != nil {
		f.picker.setSize(w, h)
	}
	if f.choice != nil {
		f.choice.setSize(w, h)
	}
	for _, c := range f.choiceStack { // the lists esc goes back to
		c.list.setSize(w, h)
	}
	if f.form != nil {
		f.form.setSize(w, h)
	}
	if f.preview != nil {
		f.preview.setSize(w, h)
	}
	f.bar.Width = max(min(w-2, 72), 10)
}

func (f *actionFlow) close() {
	f.closed = true
	if f.stopPlan != nil {
		f.stopPlan()
		f.stopPlan = nil
	}
}

// planMsg answers planning.
type planMsg struct {
	to   compID
	seq  uint64
	plan *actions.Plan
	err  error
}

func (m planMsg) target() compID { return m.to }

// startPlanning runs plan in a Cmd; esc stops it.
func (f *actionFlow) startPlanning(reading string, plan func(ctx context.Context) (*actions.Plan, error)) tea.Cmd {
	if f.stopPlan != nil {
		f.stopPlan()
	}
	ctx, cancel := context.WithCancel(f.pc.base)
	f.stopPlan = cancel
	f.planSeq = f.pc.nextSeq()
	f.stage, f.reading = stagePlanning, reading
	f.pc.requests++
	seq, to := f.planSeq, f.id
	return tea.Batch(func() tea.Msg {
		p, err := plan(ctx)
		return planMsg{to: to, seq: seq, plan: p, err: err}
	}, f.spin.Tick)
}

// planAction plans the chosen action with its parameters.
func (f *actionFlow) planAction(from flowStage) tea.Cmd {
	req := f.target.request(f.spec.ID, f.params)
	if err := req.Validate(); err != nil {
		f.pc.fail(f.id, "check "+string(f.spec.ID), err)
		return nil
	}
	f.back = from
	planner := actions.Planner{Client: f.pc.client, Now: f.pc.now}
	reading := "reading the tickets"
	switch {
	case f.spec.ID == actions.UpsertUser || f.spec.ID == actions.UpsertOrganization:
		reading = "finding the record and reading its values before"
	case f.spec.ID == actions.AddToOrganization || f.spec.ID == actions.RemoveFromOrganization:
		reading = "reading the organization and the user's memberships"
	case f.spec.ID == actions.MakePrimaryEmail:
		reading = "reading the user's identities"
	case f.spec.ID == actions.TrackEvent:
		reading = "reading the user"
	case f.target.user != nil && len(f.target.ticketIDs) == 0 && f.spec.Targets.Tickets:
		reading = "reading " + f.target.user.label() + "'s tickets"
	case len(f.target.userIDs) > 0 || f.spec.ID == actions.SuspendUser || f.spec.ID == actions.RestoreUser:
		reading = "reading the users"
	case f.spec.ID == actions.CreateTicket:
		reading = "reading the user"
	}
	return f.startPlanning(reading, func(ctx context.Context) (*actions.Plan, error) { return planner.Plan(ctx, req) })
}

func (f *actionFlow) showPreview(plan *actions.Plan) {
	heading, warning := f.spec.Title, ""
	if f.stage == stagePlanning && f.back == stageForm && f.form != nil && f.kind == flowAction {
		heading, warning = f.form.previewHeading(plan) // "Edit Ada <ada@x>", "New user", "Update existing user"
	}
	if heading == "" {
		if s, ok := actions.Lookup(string(plan.Request.Action)); ok {
			heading = s.Title
		}
	}
	if v := paramText(plan); v != "" {
		heading += " → " + v
	}
	target := f.target.label()
	switch {
	case plan.Write == actions.WriteSteps && plan.User == nil:
		target = sanitizeLine(plan.TargetLabel())
	case plan.User != nil && len(plan.Request.Target.TicketIDs) > 0:
		target = countNoun(len(plan.Request.Target.TicketIDs), "selected ticket") + " of " + sanitizeLine(plan.User.String())
	case plan.User != nil:
		target = sanitizeLine(plan.User.String())
	case len(plan.Request.Target.TicketIDs) > 0:
		target = countNoun(len(plan.Request.Target.TicketIDs), "selected ticket")
	case len(plan.Request.Target.UserIDs) > 0:
		target = countNoun(len(plan.Request.Target.UserIDs), "selected user")
	}
	p := newPreview(f.pc, plan, heading, target)
	switch f.kind {
	case flowUndo:
		p.heading = "Undo of: " + heading
		p.note = "undoes run " + plan.UndoOf + "; tickets changed since are left alone"
	case flowResume:
		p.heading = "Resume: " + heading
		if r := f.undoOf; r != nil {
			s, fl, u := r.Counts()
			p.note = fmt.Sprintf("run %s: %s succeeded, %s failed, %s without an outcome (only those are sent again or polled)",
				r.ID, humanInt(s), humanInt(fl), humanInt(u))
			if r.Finished() {
				p.blocked = "the run has finished: there is nothing to resume"
			}
		}
	}
	if warning != "" {
		p.note = warning
	}
	f.preview = p
	f.stage = stagePreview
	p.setSize(f.width, f.height)
}

// paramText is the value a plan sets, for its heading: "urgent", "Ada (#7)".
func paramText(p *actions.Plan) string {
	r := p.Request.Params
	switch p.Request.Action {
	case actions.SetPriority:
		return r.Priority
	case actions.SetStatus:
		return r.Status
	case actions.AssignAgent, actions.AssignGroup:
		if len(p.Changes) > 0 && p.UndoOf == "" {
			return sanitizeLine(p.Changes[0].After)
		}
		if r.AgentID != 0 {
			return "agent #" + idText(r.AgentID)
		}
		if r.GroupID != 0 {
			return "group #" + idText(r.GroupID)
		}
	}
	return ""
}

func (f *actionFlow) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !f.busy() {
			return nil
		}
		var cmd tea.Cmd
		f.spin, cmd = f.spin.Update(msg)
		return cmd
	case planMsg:
		if msg.seq != f.planSeq || f.stage != stagePlanning {
			return nil // stopped, or superseded
		}
		f.stopPlan = nil
		if msg.err != nil {
			what := "plan " + string(f.spec.ID)
			if f.kind == flowUndo {
				what = "plan the undo"
			}
			f.pc.fail(f.id, what, msg.err)
			if f.kind == flowUndo {
				f.close()
				return nil
			}
			f.stage = f.back
			return nil
		}
		f.pc.recovered(f.id)
		f.showPreview(msg.plan)
		return nil
	case loadedMsg[formData]:
		return f.prepared(msg)
	case loadedMsg[choiceLoad]:
		if f.form != nil {
			if ok, cmd := f.form.choices(msg.v, msg.err); ok {
				return cmd
			}
		}
		if f.choice == nil || msg.v.seq != f.choice.seq {
			return nil
		}
		if msg.err != nil {
			f.pc.fail(f.id, "load "+strings.ToLower(f.choice.title), msg.err)
		}
		cmd := f.choice.accept(f.pc, f.id, msg.v, msg.v.items)
		f.choice.setSize(f.width, f.height)
		return cmd
	case debounceMsg:
		return f.listDebounced(msg)
	case tea.KeyMsg:
		return f.key(msg)
	}
	return nil
}

func (f *actionFlow) key(msg tea.KeyMsg) tea.Cmd {
	km := f.pc.keys
	switch f.stage {
	case stagePick:
		switch {
		case key.Matches(msg, km.Back):
			f.close()
			return nil
		case key.Matches(msg, km.Open):
			return f.pick()
		}
		_, cmd := f.picker.key(msg, km)
		return cmd
	case stageChoose:
		switch {
		case key.Matches(msg, km.CancelSearch) && f.choice.typing(), key.Matches(msg, km.Back) && !f.choice.typing():
			f.leave()
			return nil
		case key.Matches(msg, km.SubmitSearch) && f.choice.typing(), key.Matches(msg, km.Open) && !f.choice.typing():
			it, ok := f.choice.selected()
			if !ok {
				return nil
			}
			if f.onChoose != nil {
				return f.onChoose(it)
			}
			switch f.spec.ID {
			case actions.SetPriority:
				f.params = actions.Params{Priority: it.value}
			case actions.SetStatus:
				f.params = actions.Params{Status: it.value}
			case actions.AssignAgent:
				f.params = actions.Params{AgentID: it.id}
			case actions.AssignGroup:
				f.params = actions.Params{GroupID: it.id}
			}
			return f.planAction(stageChoose)
		}
		_, cmd := f.choice.key(msg, km)
		return cmd
	case stageForm:
		out, cmd := f.form.key(msg)
		switch out {
		case formSubmit:
			return f.formSubmitted()
		case formLeave:
			f.leave()
			return nil
		}
		return cmd
	case stageLoading:
		if key.Matches(msg, km.Back) {
			f.stopReading("stopped reading")
			f.leave()
		}
		return nil
	case stagePlanning:
		if key.Matches(msg, km.Back) {
			f.stopReading("planning stopped")
			if f.kind != flowAction {
				f.close()
				return nil
			}
			f.stage = f.back
		}
		return nil
	case stagePreview:
		return f.previewKey(msg)
	case stageRun:
		switch {
		case key.Matches(msg, km.Back), key.Matches(msg, km.Open) && f.run.done:
			if !f.run.done {
				f.pc.note(f.id, "the run goes on in the background; the Log ("+km.Tabs[logTab].Help().Key+") shows it")
			}
			f.close()
		}
		return nil
	}
	return nil
}

// pick takes the action under the picker's cursor to its parameters, or straight to
// planning when it has none.
func (f *actionFlow) pick() tea.Cmd {
	it, ok := f.picker.selected()
	if !ok {
		return nil
	}
	spec, _ := actions.Lookup(it.value)
	f.spec, f.params = spec, actions.Params{}
	st := f.pc.styles
	if in := intentFor(spec.ID); in != intentNone {
		return f.begin(in)
	}
	switch spec.ID {
	case actions.SetPriority:
		f.choice = newChoiceList(st, "Priority for "+f.target.label(), valueItems(actions.Priorities))
	case actions.SetStatus:
		f.choice = newChoiceList(st, "Status for "+f.target.label(), valueItems(actions.Statuses))
		f.choice.note = "closed tickets cannot be reopened; only solved tickets can be closed"
	case actions.AssignAgent:
		f.choice = newFilterList(st, "Agent to assign", "type a name or an email")
		f.choice.seq = f.pc.nextSeq()
		f.choice.setSize(f.width, f.height)
		f.stage = stageChoose
		return loadAgents(f.pc, f.id, f.choice.seq)
	case actions.AssignGroup:
		f.choice = newFilterList(st, "Group to assign", "type a group's name")
		f.choice.seq = f.pc.nextSeq()
		f.choice.setSize(f.width, f.height)
		f.stage = stageChoose
		return loadGroups(f.pc, f.id, f.choice.seq)
	default:
		return f.planAction(stagePick)
	}
	f.choice.setSize(f.width, f.height)
	f.stage = stageChoose
	return nil
}

func (f *actionFlow) previewKey(msg tea.KeyMsg) tea.Cmd {
	km, p := f.pc.keys, f.preview
	goBack := func() tea.Cmd {
		if f.kind != flowAction {
			f.close()
			return nil
		}
		f.stage, f.preview = f.back, nil
		return nil
	}
	if p.typed() {
		switch {
		case key.Matches(msg, km.CancelSearch):
			return goBack()
		case key.Matches(msg, km.SubmitSearch):
			if !p.matches() {
				f.pc.status.set(f.id, "cancelled: confirmation did not match", true)
				f.close()
				return nil
			}
			return f.confirmed()
		}
		return p.key(msg, km)
	}
	switch {
	case key.Matches(msg, km.Back):
		return goBack()
	case key.Matches(msg, km.Confirm), key.Matches(msg, km.Open):
		if p.blocked != "" {
			f.pc.note(f.id, p.blocked)
			return nil
		}
		return f.confirmed()
	}
	return p.key(msg, km)
}

// confirmed starts the run.
func (f *actionFlow) confirmed() tea.Cmd {
	if f.preview.blocked != "" {
		f.pc.note(f.id, f.preview.blocked)
		return nil
	}
	plan := f.preview.plan
	rs, cmd := startRun(f.pc, plan, f.kind == flowResume)
	f.run, f.stage = rs, stageRun
	f.pc.note(f.id, "running "+sanitizeLine(plan.Title()))
	return tea.Batch(cmd, f.spin.Tick)
}

func (f *actionFlow) View() string {
	switch f.stage {
	case stagePick:
		return f.picker.View()
	case stageChoose:
		return f.choice.View()
	case stageForm:
		return f.form.View()
	case stagePlanning, stageLoading:
		return f.planningView()
	case stagePreview:
		return f.preview.View()
	case stageRun:
		return f.runView()
	}
	return ""
}

func (f *actionFlow) planningView() string {
	st := f.pc.styles
	title := f.spec.Title
	switch f.kind {
	case flowUndo:
		title = "Undo"
		if f.undoOf != nil && f.undoOf.Plan != nil {
			title = "Undo: " + sanitizeLine(f.undoOf.Plan.Title())
		}
	default:
		if !f.target.empty() {
			title += " on " + f.target.label()
		}
	}
	lines := []string{
		st.Title.Render(truncate(title, f.width)),
		"",
		truncate(f.spin.View()+" planning: "+f.reading+"…", f.width),
		st.Dim.Render(truncate("nothing is written until you confirm the preview", f.width)),
	}
	return padLines(lines, f.height)
}

// runView is the progress of the run: a bar, the counts, the batches and jobs in flight,
// a wait, the latest failures, and at the end how it went.
func (f *actionFlow) runView() string {
	st, w, rs := f.pc.styles, f.width, f.run
	var lines []string
	state := f.spin.View() + " Running"
	switch {
	case rs.done && rs.res != nil && rs.res.Interrupted:
		state = "Interrupted"
	case rs.done && rs.err != nil && rs.res == nil:
		state = "Failed"
	case rs.done:
		state = "Finished"
	case rs.stopping:
		state = f.spin.View() + " Stopping between batches"
	}
	title := sanitizeLine(rs.plan.Title())
	if rs.resume {
		title = "resume of " + title
	}
	lines = append(lines, st.Title.Render(truncate(state+": "+title, w)), "")
	p := rs.prog
	pct := float64(0)
	if p.total > 0 {
		pct = float64(p.done) / float64(p.total)
	} else if rs.done {
		pct = 1
	}
	lines = append(lines, f.bar.ViewAs(pct)+fmt.Sprintf(" %3d%%", int(pct*100)))
	counts := fmt.Sprintf("%s of %s done · %s failed", humanInt(p.done), humanInt(p.total), humanInt(p.failed))
	steps := rs.plan.Write == actions.WriteSteps
	if steps {
		counts = fmt.Sprintf("%s of %s done · %s failed", humanInt(p.done), countNoun(p.total, "call"), humanInt(p.failed))
	}
	if n := len(rs.plan.Skipped); n > 0 {
		counts += " · " + humanInt(n) + " skipped"
	}
	lines = append(lines, truncate(counts, w))
	var flight []string
	if p.batches > 0 {
		flight = append(flight, fmt.Sprintf("batch %d of %d sent", p.batch, p.batches))
	}
	if !rs.done {
		flight = append(flight, countNoun(p.inFlight, "job")+" in flight")
		if p.job != "" {
			flight = append(flight, "last job "+sanitizeLine(p.job))
		}
	}
	if steps {
		flight = nil // one call at a time: no batches, no jobs
		if p.step != "" && !rs.done {
			flight = append(flight, "last: "+sanitizeLine(p.step))
		}
	}
	if len(flight) > 0 {
		lines = append(lines, st.Dim.Render(truncate(strings.Join(flight, " · "), w)))
	}
	if wait := p.waiting(time.Now()); wait != "" && !rs.done {
		lines = append(lines, st.Warn.Render(truncate(wait, w)))
	}
	// The end, then as many of the latest failures as fit.
	var end []string
	if rs.done {
		end = append(end, "")
		took := rs.finished.Sub(rs.started).Round(100 * time.Millisecond)
		if r := rs.res; r != nil {
			s := fmt.Sprintf("%s in %s: %s succeeded · %s failed · %s skipped", state, took,
				humanInt(r.Succeeded), humanInt(r.Failed), humanInt(r.Skipped))
			if r.Unknown > 0 {
				s += " · " + humanInt(r.Unknown) + " without an outcome"
			}
			style := st.Good
			if r.Failed > 0 || r.Interrupted {
				style = st.Warn
			}
			end = append(end, style.Render(truncate(s, w)))
			if r.CreatedTicket != 0 {
				end = append(end, truncate("created ticket #"+idText(r.CreatedTicket), w))
			}
			end = append(end, stepResults(st, rs.plan, r, w)...)
		}
		if rs.err != nil && (rs.res == nil || !rs.res.Interrupted) {
			end = append(end, st.Error.Render(truncate(describeError(rs.err), w)))
		}
		hint := "The Log (" + f.pc.keys.Tabs[logTab].Help().Key + ") keeps the run"
		if rs.res != nil && rs.res.Interrupted {
			hint += "; " + f.pc.keys.Resume.Help().Key + " there resumes it"
		}
		end = append(end, st.Dim.Render(truncate(hint+" · enter or esc closes", w)))
	} else {
		end = append(end, "", st.Dim.Render(truncate("esc leaves it running in the background · ctrl+c stops it between batches", w)))
	}
	if n := len(rs.failures); n > 0 && !(steps && rs.done) { // a finished step run lists every step
		room := f.height - len(lines) - len(end) - 2
		if room > 0 {
			var head []string
			if rs.nFailed > 0 {
				head = append(head, humanInt(rs.nFailed)+" failed")
			}
			if rs.nUnknown > 0 {
				head = append(head, humanInt(rs.nUnknown)+" without an outcome")
			}
			lines = append(lines, "", st.Section.Render(truncate("Latest problems: "+strings.Join(head, " · "), w)))
			for _, ev := range rs.failures[max(n-room, 0):] {
				lines = append(lines, st.Error.Render(truncate("  "+failureText(ev), w)))
			}
		}
	}
	for len(lines)+len(end) < f.height {
		lines = append(lines, "")
	}
	return padLines(append(lines, end...), f.height)
}

// stepResults says how each call of a customer-record run went, one line each.
func stepResults(st *theme, p *actions.Plan, r *actions.Result, w int) []string {
	if p.Write != actions.WriteSteps || len(r.Steps) == 0 {
		return nil
	}
	out := []string{""}
	for _, o := range r.Steps {
		if o.N < 1 || o.N > len(p.Steps) {
			continue
		}
		mark, style := "✓ ", st.Good
		switch o.State {
		case actions.Failed:
			mark, style = "✗ ", st.Error
		case actions.Unknown:
			mark, style = "? ", st.Warn
		}
		// Zendesk's reason for a failure is the end of a long line: it wraps, up to a few lines.
		text := mark + strconv.Itoa(o.N) + ". " + sanitizeLine(p.Steps[o.N-1].Summary(o))
		wrapped := wrapText(text, max(w-4, 8))
		for i, l := range wrapped[:min(len(wrapped), 4)] {
			if i > 0 {
				l = "    " + l
			}
			if i == 3 && len(wrapped) > 4 {
				l += " …" // the Log's detail has all of it
			}
			out = append(out, style.Render(truncate(l, w)))
		}
	}
	return out
}

func failureText(ev actions.Event) string {
	// A step's event (only steps report an unknown outcome with their place in the run)
	// names the step and what it did.
	if ev.Kind == actions.EventStepFailed || (ev.Kind == actions.EventUnknown && ev.Batches > 0) {
		return sanitizeLine(ev.Reason)
	}
	who := "#" + idText(ev.TicketID)
	if ev.UserID != 0 {
		who = "user " + idText(ev.UserID)
	}
	if ev.TicketID == 0 && ev.UserID == 0 {
		who = "the write"
	}
	what := "failed"
	if ev.Kind == actions.EventUnknown {
		what = "no outcome"
	}
	return who + " " + what + ": " + sanitizeLine(ev.Reason)
}

// padLines joins lines into exactly h of them.
func padLines(lines []string, h int) string {
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (f *actionFlow) ShortHelp() []key.Binding {
	km := f.pc.keys
	back := km.Back
	back.SetHelp(back.Help().Key, "back")
	switch f.stage {
	case stagePick:
		pick := km.Open
		pick.SetHelp(pick.Help().Key, "choose")
		cancel := km.Back
		cancel.SetHelp(cancel.Help().Key, "close")
		return []key.Binding{km.Up, km.Down, pick, cancel}
	case stageChoose:
		if f.choice.typing() {
			sub := km.SubmitSearch
			sub.SetHelp(sub.Help().Key, "choose")
			c := km.CancelSearch
			c.SetHelp(c.Help().Key, "back")
			return []key.Binding{sub, c, scrollHelp()}
		}
		pick := km.Open
		pick.SetHelp(pick.Help().Key, "choose")
		return []key.Binding{km.Up, km.Down, pick, back}
	case stageForm:
		return formHelp(km, f.form)
	case stagePlanning, stageLoading:
		stop := km.Back
		stop.SetHelp(stop.Help().Key, "stop planning")
		if f.stage == stageLoading {
			stop.SetHelp(stop.Help().Key, "stop reading")
		}
		return []key.Binding{stop}
	case stagePreview:
		return previewHelp(km, f.preview)
	case stageRun:
		if f.run.done {
			c := km.Back
			c.SetHelp(c.Help().Key, "close")
			return []key.Binding{c}
		}
		bg := km.Back
		bg.SetHelp(bg.Help().Key, "run in background")
		return []key.Binding{bg, key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "stop"))}
	}
	return nil
}

func (f *actionFlow) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }
