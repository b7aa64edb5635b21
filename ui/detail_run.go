package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/zdops/zdops/actions"
)

// outcomeRow is one planned write of a run and how it went.
type outcomeRow struct {
	id      int64
	user    bool
	step    bool // id is a customer-record run's step number
	subject string
	state   string // "failed", "unknown", "skipped", "succeeded"
	reason  string
}

var outcomeCols = []column{
	{title: "ID", min: 6, max: 14, right: true},
	{title: "Subject", min: 16, flex: 3, max: 60},
	{title: "Outcome", min: 9, max: 9, colour: outcomeColour},
	{title: "Reason", min: 16, flex: 4},
}

func outcomeColour(st *theme, v string) (lipgloss.Style, bool) {
	switch v {
	case "failed":
		return st.Error, true
	case "unknown":
		return st.Warn, true
	case "skipped":
		return st.Dim, true
	case "succeeded":
		return st.Good, true
	}
	return lipgloss.Style{}, false
}

func outcomeCells(_ *programContext, r *outcomeRow, c []string) {
	c[0] = idText(r.id)
	c[1], c[2], c[3] = r.subject, r.state, r.reason
	switch {
	case r.user:
		c[1] = "user " + c[1]
	case r.step:
		c[0] = "step " + c[0]
	}
}

// outcomeRows lists every write of the run with its outcome, failures first, then the
// writes without an outcome, the skipped ones and the ones that went through.
func outcomeRows(r *actions.Run) []outcomeRow {
	p := r.Plan
	if p == nil {
		return nil
	}
	var out []outcomeRow
	add := func(id int64, user bool, subject string, o actions.Outcome, ok bool) {
		row := outcomeRow{id: id, user: user, subject: sanitizeLine(subject), state: "unknown", reason: sanitizeLine(o.Reason)}
		if ok {
			row.state = string(o.State)
		}
		if !ok && row.reason == "" {
			row.reason = "no outcome recorded: resume the run"
		}
		out = append(out, row)
	}
	if p.Write == actions.WriteCreate {
		switch {
		case r.CreatedTicket != 0:
			out = append(out, outcomeRow{id: r.CreatedTicket, subject: sanitizeLine(p.NewTicket.Subject), state: "succeeded", reason: "created"})
		case r.Final != nil:
			for _, f := range r.Final.Failures {
				out = append(out, outcomeRow{state: "failed", reason: sanitizeLine(f.Reason)})
			}
		}
	}
	for _, s := range p.Steps {
		row := outcomeRow{id: int64(s.N), step: true, subject: sanitizeLine(s.Describe()),
			state: "unknown", reason: "no outcome recorded: resume the run"}
		if o, ok := r.StepOutcomes[s.N]; ok {
			row.state, row.reason = string(o.State), sanitizeLine(s.Summary(o))
			if o.State != actions.Succeeded && o.Reason != "" {
				row.reason = sanitizeLine(o.Reason) // the state says it failed; the reason is Zendesk's
			}
		}
		out = append(out, row)
	}
	for _, c := range p.Changes {
		o, ok := r.Outcomes[c.ID]
		add(c.ID, false, c.Subject, o, ok)
	}
	for _, u := range p.UserChanges {
		o, ok := r.UserOutcomes[u.ID]
		if !ok && p.Write == actions.WriteSpamMany {
			continue // suspended by Zendesk with the spam, not written by the run
		}
		add(u.ID, true, u.Name+" <"+u.Email+">", o, ok)
	}
	for _, s := range p.Skipped {
		out = append(out, outcomeRow{id: s.ID, user: s.Kind == "user", subject: sanitizeLine(s.Subject), state: "skipped", reason: sanitizeLine(s.Reason)})
	}
	order := map[string]int{"failed": 0, "unknown": 1, "skipped": 2, "succeeded": 3}
	slices.SortStableFunc(out, func(a, b outcomeRow) int { return cmp.Compare(order[a.state], order[b.state]) })
	return out
}

// runDetail shows one run of the Log: what it did, to what, who ran it and when, how it
// went, and every write's outcome (failures first). u plans its undo, R resumes it.
type runDetail struct {
	pane recordPane[outcomeRow]
	run  *actions.Run
}

func newRunDetail(pc *programContext, run *actions.Run) *runDetail {
	d := &runDetail{run: run}
	rows := outcomeRows(run)
	cols := slices.Clone(outcomeCols)
	for _, r := range rows {
		n := len(strconv.FormatInt(r.id, 10))
		if r.step {
			n += len("step ")
		}
		cols[0].min = max(cols[0].min, min(n, 20))
	}
	cols[0].max = max(cols[0].max, cols[0].min)
	d.pane = newRecordPane(pc, pc.newID(), "Run "+run.ID, "Outcomes", cols, outcomeCells,
		func(compID, *outcomeRow) tea.Cmd { return nil })
	l := &d.pane.rows.list
	l.rows, l.started, l.done, l.count = rows, true, true, len(rows)
	d.pane.rows.table.SetLen(len(rows))
	d.pane.rows.table.empty = "no planned writes"
	d.refresh()
	return d
}

func (d *runDetail) refresh() {
	pc, r := d.pane.pc, d.run
	title := string(r.Action)
	if r.Plan != nil {
		title = r.Plan.Title()
	}
	d.pane.title = sanitizeLine(title)
	s, f, u := r.Counts()
	result := fmt.Sprintf("%s succeeded · %s failed · %s without an outcome", humanInt(s), humanInt(f), humanInt(u))
	if r.Plan != nil {
		result += " · " + humanInt(len(r.Plan.Skipped)) + " skipped"
	}
	state := runRow(r).state
	finished := "never finished: resume it with " + pc.keys.Resume.Help().Key
	if fin := r.Final; fin != nil {
		finished = timeField(pc, fin.Finished) + " · took " + durationText(fin.Finished.Sub(r.Started))
	}
	undo := ""
	switch ok, why := r.Undoable(); {
	case r.UndoOf != "":
		undo = "this run undoes run " + r.UndoOf
	case ok:
		undo = "possible (" + pc.keys.Undo.Help().Key + ")"
		if spec, found := actions.Lookup(string(r.Action)); found && spec.Undo != "" {
			undo += ": " + spec.Undo
		}
	default:
		undo = "not possible: " + why
	}
	who := r.Operator
	if r.Profile != "" {
		who += " · profile " + r.Profile
	}
	target := planTarget(r.Plan)
	if r.Plan != nil && r.Plan.User != nil {
		target = r.Plan.User.String()
	}
	fields := []field{
		{"Run", r.ID + " · " + state},
		{"Target", target},
		{"Result", result},
		{"Started", timeField(pc, r.Started)},
		{"Finished", finished},
		{"Operator", who},
		{"Undo", undo},
	}
	if r.Resumes > 0 {
		fields = append(fields, field{"Resumed", countNoun(r.Resumes, "time")})
	}
	if r.CreatedTicket != 0 {
		fields = append(fields, field{"Created", "ticket #" + idText(r.CreatedTicket)})
	}
	fields = append(fields, field{"Audit log", pc.auditPath})
	d.pane.setFields(fields)
}

func (d *runDetail) ID() compID    { return d.pane.id }
func (d *runDetail) Title() string { return "run " + d.run.ID }
func (d *runDetail) Typing() bool  { return false }
func (d *runDetail) Init() tea.Cmd { return nil }

func (d *runDetail) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok {
		km := d.pane.pc.keys
		if key.Matches(msg, km.Undo) || key.Matches(msg, km.Resume) {
			return runKey(d.pane.pc, d.pane.id, msg, d.run.ID, d.run)
		}
		if key.Matches(msg, km.Open) {
			return nil
		}
		return d.pane.key(msg)
	}
	return nil
}

func (d *runDetail) SetSize(w, h int) { d.pane.SetSize(w, h) }
func (d *runDetail) View() string     { return d.pane.View() }

func (d *runDetail) ShortHelp() []key.Binding {
	km := d.pane.pc.keys
	return []key.Binding{km.Up, km.Down, km.Undo, km.Resume, km.Back}
}

func (d *runDetail) FullHelp() [][]key.Binding {
	km := d.pane.pc.keys
	return [][]key.Binding{
		{km.Up, km.Down, km.Top, km.Bottom},
		{km.HalfPageDown, km.HalfPageUp, km.PageDown, km.PageUp},
		{km.Undo, km.Resume, km.Back},
	}
}
