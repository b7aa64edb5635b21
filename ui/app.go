package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// Options configure the console. main builds them from the config and the flags.
type Options struct {
	Client   *zendesk.Client
	Profile  string              // profile name ("sandbox" for the embedded one)
	Sandbox  bool                // show a SANDBOX badge in the header
	Account  string              // e.g. "acme.zendesk.com" or "sandbox on 127.0.0.1:43123"
	Keys     map[string][]string // config [keys]: binding name -> keys; see KeyNames
	ReadOnly bool                // shown in the header; hides the destructive actions
	Theme    string              // "light" or "dark" forces those colours; "" or "auto" asks the terminal
	Now      func() time.Time    // nil means time.Now; tests pin it for stable relative times

	// Audit records every run; without it actions can be previewed but not run.
	Audit *actions.AuditLog
	// AuditPath is the audit log the Log tab reads at start; "" means Audit's path.
	AuditPath string
	// Operator is the signed-in email recorded with every run; "" means the email the
	// sign-in check (users/me) answers with.
	Operator string
	// Waits, when main installs its OnWait as the client's zendesk.Options.OnWait, tells
	// a run's progress view about rate-limit waits ("rate limited, resuming in 12s").
	Waits *actions.WaitRelay
	// ExitAfterFirstFrame quits as soon as the first view shows its first rows, so that
	// start-up can be timed from process start to exit (zdops --exit-after-first-frame).
	ExitAfterFirstFrame bool
}

// component is what the root holds: a tab's list or a detail pane. Each owns its keys'
// meaning, its layout within the size it is given, and its help.
type component interface {
	ID() compID
	Title() string
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// Typing reports whether a text input has the keys, so that q types a q.
	Typing() bool
}

// Model is the root of the console: the header, the tabs, one list per tab with a stack of
// detail panes over it, the status line and the help. It implements tea.Model.
type Model struct {
	pc      *programContext
	tabs    [tabCount]component
	started [tabCount]bool
	stacks  [tabCount][]component
	active  int

	// flow is the action flow (picker, preview, progress) when one is open: a modal over
	// the active tab that has the keys.
	flow *actionFlow
	// ask is a yes/no question on the status line ("stop between batches? y/n").
	ask *question
	// quitting: the runs were asked to stop, and the program ends when they have.
	quitting bool

	header   header
	tabBar   tabBar
	help     help.Model
	fullHelp bool
	footer   string // full help, laid out when it is toggled or the pane changes
	short    string // short help, and the bindings and width it was drawn for
	shortKey string
	bodyH    int

	exitAfterFirstFrame bool
	firstFrameSeen      bool
}

// New builds the console. It makes no request: Init starts the first ones.
func New(opts Options) (*Model, error) {
	if opts.Client == nil {
		return nil, errors.New("ui: no Zendesk client")
	}
	km, err := newKeyMap(opts.Keys)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	setBackground(opts.Theme)
	ctx, cancel := context.WithCancel(context.Background())
	pc := &programContext{
		client:     opts.Client,
		base:       ctx,
		cancel:     cancel,
		styles:     newStyles(),
		keys:       &km,
		now:        now,
		loc:        now().Location(),
		debounce:   300 * time.Millisecond,
		groupNames: map[int64]string{},
		userNames:  newNameCache(),
		fields:     &ticketFieldsCache{},
		audit:      opts.Audit,
		auditPath:  opts.AuditPath,
		profile:    opts.Profile,
		operator:   opts.Operator,
		readOnly:   opts.ReadOnly,
		waits:      opts.Waits,
		runs:       map[string]*runState{},
	}
	if pc.auditPath == "" && opts.Audit != nil {
		pc.auditPath = opts.Audit.Path()
	}
	m := &Model{pc: pc, exitAfterFirstFrame: opts.ExitAfterFirstFrame}
	m.tabs = [tabCount]component{
		newUsersView(pc), newTicketsView(pc), newGroupsView(pc), newAgentsView(pc), newOrganizationsView(pc),
		newLogView(pc),
	}
	m.header = header{profile: opts.Profile, sandbox: opts.Sandbox, account: opts.Account, readOnly: opts.ReadOnly, dirty: true}
	m.help = help.New()
	m.help.Styles = pc.styles.Help
	return m, nil
}

// Init reads who is signed in, loads the first view's first page and reads the audit log
// for the Log (a local file), so earlier runs are there from the start.
func (m *Model) Init() tea.Cmd {
	client := m.pc.client
	m.pc.requests++
	ctx := m.pc.base
	me := func() tea.Msg {
		u, err := client.Users.Me(ctx)
		return meMsg{user: u, err: err}
	}
	return tea.Batch(me, m.startTab(m.active), m.startTab(logTab))
}

func (m *Model) log() *logView { return m.tabs[logTab].(*logView) }

func (m *Model) startTab(i int) tea.Cmd {
	if m.started[i] {
		return nil
	}
	m.started[i] = true
	return m.tabs[i].Init()
}

// front is the component that has the keys and the body: the action flow when one is
// open, else the active tab's topmost pane.
func (m *Model) front() component {
	if m.flow != nil {
		return m.flow
	}
	return m.top()
}

// top is the active tab's topmost detail, or its list.
func (m *Model) top() component {
	if s := m.stacks[m.active]; len(s) > 0 {
		return s[len(s)-1]
	}
	return m.tabs[m.active]
}

// Update routes a message: sizes to everything, keys to the pane that has them (after the
// global ones), answers to the component that asked, if it is still there.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	// Keys typed faster than the terminal is read (a held j, tmux send-keys) arrive as one
	// message with several runes; each is a keystroke of its own. A paste stays whole.
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste {
		cmds := make([]tea.Cmd, 0, len(k.Runes))
		for _, r := range k.Runes {
			_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt})
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	// The budget is the client's last reading: a lock and a copy, no I/O.
	m.pc.rate.observe(m.pc.client.RateLimit())
	cmd := m.update(msg)
	switch {
	case m.flow != nil && m.flow.closed:
		m.flow = nil
		m.layout()
	case m.flow != nil && m.fullHelp:
		m.layout() // the flow's keys change with its stage
	}
	m.log().syncRuns()
	if ff := m.checkFirstFrame(); ff != nil {
		cmd = tea.Batch(cmd, ff)
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.pc.width, m.pc.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.KeyMsg:
		return m.key(msg)
	case firstFrameMsg:
		return tea.Quit
	case meMsg:
		m.header.setUser(msg.user, msg.err)
		if msg.err != nil {
			m.pc.fail(0, "sign in", msg.err)
		} else if m.pc.operator == "" {
			m.pc.operator = msg.user.Email
		}
		return nil
	case ShutdownMsg:
		return m.stopRuns(true)
	case openMsg:
		return m.open(msg)
	case startActionMsg:
		return m.openFlow(newActionFlow(m.pc, msg.target), nil)
	case profileMsg:
		if m.pc.readOnly {
			m.pc.note(0, "read-only: customer records cannot be changed here")
			return nil
		}
		f, cmd := newProfileFlow(m.pc, msg.target, msg.intent)
		return m.openFlow(f, cmd)
	case undoRunMsg:
		f, cmd := newUndoFlow(m.pc, msg.run)
		return m.openFlow(f, cmd)
	case resumeRunMsg:
		if m.pc.readOnly {
			m.pc.note(0, "read-only: zdops writes nothing with this profile, so run "+msg.run.ID+" cannot be resumed here")
			return nil
		}
		return m.openFlow(newResumeFlow(m.pc, msg.run), nil)
	case watchRunMsg:
		if rs, ok := m.pc.runs[msg.id]; ok {
			return m.openFlow(newWatchFlow(m.pc, rs), nil)
		}
		return nil
	case runMsg:
		return m.runUpdate(msg)
	case spinner.TickMsg:
		if m.flow != nil {
			return m.flow.Update(msg)
		}
		return nil
	case addressed:
		if c := m.find(msg.target()); c != nil {
			return c.Update(msg)
		}
		return nil // its component is gone: a closed pane's late answer
	}
	return nil
}

// openFlow puts an action flow over the views.
func (m *Model) openFlow(f *actionFlow, cmd tea.Cmd) tea.Cmd {
	if m.flow != nil {
		m.flow.close()
	}
	m.flow = f
	m.layout()
	return tea.Batch(cmd, f.Init())
}

// runUpdate takes a run's news. When the run has ended it says how it went, reads the
// audit log again for the Log, and reloads the rows and details the run changed.
func (m *Model) runUpdate(msg runMsg) tea.Cmd {
	pc := m.pc
	rs, ok := pc.runs[msg.id]
	if !ok {
		return nil
	}
	rs.accept(msg)
	if !msg.done {
		return rs.feed.wait(pc.base, rs.id)
	}
	delete(pc.runs, rs.id)
	pc.runsVersion++
	title := sanitizeLine(rs.plan.Title())
	switch r := rs.res; {
	case r == nil:
		pc.fail(0, "run "+title, rs.err)
	case r.Interrupted:
		pc.status.set(0, fmt.Sprintf("interrupted: %s — %s succeeded, %s failed, %s without an outcome; %s in the Log resumes it",
			title, humanInt(r.Succeeded), humanInt(r.Failed), humanInt(r.Unknown), pc.keys.Resume.Help().Key), true)
	case rs.err != nil:
		pc.fail(0, "run "+title, rs.err)
	default:
		s := fmt.Sprintf("done: %s — %s succeeded · %s failed · %s skipped", title, humanInt(r.Succeeded), humanInt(r.Failed), humanInt(r.Skipped))
		pc.status.set(0, s, r.Failed > 0)
	}
	cmds := []tea.Cmd{m.log().reload()}
	a := affectedBy(rs.plan, rs.res)
	type refresher interface{ refreshAffected(*affected) tea.Cmd }
	for i := range m.tabs {
		if r, ok := m.tabs[i].(refresher); ok && m.started[i] {
			cmds = append(cmds, r.refreshAffected(a))
		}
		for _, c := range m.stacks[i] {
			if r, ok := c.(refresher); ok {
				cmds = append(cmds, r.refreshAffected(a))
			}
		}
	}
	if m.quitting && activeRuns(pc).active == 0 {
		return m.quit()
	}
	return tea.Batch(cmds...)
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, forceQuit) {
		return m.ctrlC()
	}
	if m.ask != nil {
		return m.answer(msg)
	}
	front := m.front()
	if front.Typing() {
		return front.Update(msg)
	}
	km := m.pc.keys
	switch {
	case key.Matches(msg, km.Quit):
		if n := activeRuns(m.pc).active; n > 0 {
			m.askStop(true)
			return nil
		}
		return m.quit()
	case key.Matches(msg, km.Help):
		m.fullHelp = !m.fullHelp
		m.layout()
		return nil
	}
	if m.flow != nil {
		return m.flow.Update(msg)
	}
	switch {
	case key.Matches(msg, km.NextTab):
		return m.switchTab((m.active + 1) % tabCount)
	case key.Matches(msg, km.PrevTab):
		return m.switchTab((m.active + tabCount - 1) % tabCount)
	case key.Matches(msg, km.Back) && len(m.stacks[m.active]) > 0:
		s := m.stacks[m.active]
		m.stacks[m.active] = s[:len(s)-1]
		m.layout()
		return nil
	}
	for i := range km.Tabs {
		if key.Matches(msg, km.Tabs[i]) {
			return m.switchTab(i)
		}
	}
	return front.Update(msg)
}

// ctrlC quits, unless runs are in progress: then it asks whether to stop them between
// batches first. Pressed again while asked, it stops them and quits once they have
// stopped, so ctrl+c always gets the operator out.
func (m *Model) ctrlC() tea.Cmd {
	if activeRuns(m.pc).active == 0 {
		return m.quit()
	}
	if m.ask != nil && m.ask.stop {
		m.ask = nil
		return m.stopRuns(true)
	}
	m.askStop(false)
	return nil
}

// question is a yes/no question on the status line.
type question struct {
	text string
	yes  func() tea.Cmd
	stop bool // it asks whether to stop the runs
}

func (m *Model) askStop(quit bool) {
	n := activeRuns(m.pc).active
	text := "stop between batches? y/n"
	if n > 1 {
		text = fmt.Sprintf("%d runs in progress: stop them between batches? y/n", n)
	}
	if quit {
		text = countNoun(n, "run") + " in progress: stop between batches and quit? y/n"
	}
	m.ask = &question{text: text, stop: true, yes: func() tea.Cmd { return m.stopRuns(quit) }}
}

func (m *Model) answer(msg tea.KeyMsg) tea.Cmd {
	km := m.pc.keys
	q := m.ask
	switch {
	case key.Matches(msg, km.Confirm):
		m.ask = nil
		return q.yes()
	case key.Matches(msg, km.Deny), key.Matches(msg, km.Back):
		m.ask = nil
		if q.stop {
			m.pc.note(0, "the run goes on")
		}
	}
	return nil
}

// stopRuns cancels the runs in progress: each stops sending, polls once more for the
// jobs Zendesk accepted, records what happened and ends as interrupted (R in the Log
// resumes it). With quit, the program ends when they all have.
func (m *Model) stopRuns(quit bool) tea.Cmd {
	for _, rs := range m.pc.runs {
		if !rs.done && !rs.stopping {
			rs.stopping = true
			rs.cancel()
		}
	}
	m.pc.note(0, "stopping between batches: the audit log records what was done")
	if quit {
		m.quitting = true
		if activeRuns(m.pc).active == 0 {
			return m.quit()
		}
	}
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.pc.cancel() // requests in flight stop
	return tea.Quit
}

func (m *Model) switchTab(i int) tea.Cmd {
	m.active = i
	m.layout()
	return m.startTab(i)
}

// open pushes a detail pane onto the stack of the tab whose component asked.
func (m *Model) open(msg openMsg) tea.Cmd {
	tab := -1
	for i := range m.tabs {
		if m.tabs[i].ID() == msg.from {
			tab = i
		}
		for _, c := range m.stacks[i] {
			if c.ID() == msg.from {
				tab = i
			}
		}
	}
	if tab < 0 {
		return nil
	}
	var d component
	switch msg.kind {
	case userDetailKind:
		d = newUserDetail(m.pc, msg.id, msg.title)
	case ticketDetailKind:
		d = newTicketDetail(m.pc, msg.id, msg.title)
	case groupDetailKind:
		d = newGroupDetail(m.pc, msg.id, msg.title)
	case orgDetailKind:
		d = newOrgDetail(m.pc, msg.id, msg.title)
	case runDetailKind:
		if msg.run == nil {
			return nil
		}
		d = newRunDetail(m.pc, msg.run)
	default:
		return nil
	}
	m.stacks[tab] = append(m.stacks[tab], d)
	m.layout()
	return d.Init()
}

// find is the live component with id, or nil.
func (m *Model) find(id compID) component {
	if m.flow != nil && m.flow.ID() == id {
		return m.flow
	}
	for i := range m.tabs {
		if m.tabs[i].ID() == id {
			return m.tabs[i]
		}
		for _, c := range m.stacks[i] {
			if c.ID() == id {
				return c
			}
		}
	}
	return nil
}

// globalHelp is the part of help that is the same everywhere.
func (m *Model) globalHelp() []key.Binding {
	km := m.pc.keys
	return []key.Binding{km.NextTab, km.Help, km.Quit}
}

func (m *Model) fullHelpGroups() [][]key.Binding {
	km := m.pc.keys
	if m.flow != nil {
		return append(m.flow.FullHelp(), []key.Binding{km.Help, km.Quit})
	}
	tabs := append([]key.Binding{km.NextTab, km.PrevTab}, km.Tabs[:]...)
	return append(m.top().FullHelp(), tabs, []key.Binding{km.Help, km.Quit})
}

// layout sizes everything for the terminal: header, tabs, body, status line, help.
func (m *Model) layout() {
	w, h := m.pc.width, m.pc.height
	m.help.Width = w
	footerH := 1
	m.footer = ""
	if m.fullHelp {
		m.help.ShowAll = true
		m.footer = fullHelpBands(m.help, m.fullHelpGroups(), w)
		m.help.ShowAll = false
		lines := strings.Split(m.footer, "\n")
		for i := range lines {
			lines[i] = truncate(lines[i], w)
		}
		m.footer = strings.Join(lines, "\n")
		footerH = len(lines)
		// Help never takes more than half the screen; what does not fit is cut.
		if limit := max(h/2, 1); footerH > limit {
			m.footer = strings.Join(strings.Split(m.footer, "\n")[:limit], "\n")
			footerH = limit
		}
	}
	m.bodyH = max(h-3-footerH, 1)
	if m.flow != nil {
		m.flow.SetSize(w, m.bodyH)
	}
	for i := range m.tabs {
		m.tabs[i].SetSize(w, m.bodyH)
		for _, c := range m.stacks[i] {
			c.SetSize(w, max(m.bodyH-1, 1)) // under the breadcrumb line
		}
	}
}

// View draws the frame: exactly the terminal's height, no line wider than it.
func (m *Model) View() string {
	w, h := m.pc.width, m.pc.height
	if w <= 0 || h <= 0 {
		return ""
	}
	st := m.pc.styles
	var b strings.Builder
	b.Grow((w + 32) * h)
	b.WriteString(m.header.view(st, w, &m.pc.rate))
	b.WriteByte('\n')
	b.WriteString(m.tabBar.view(st, m.active, w, activeRuns(m.pc)))
	b.WriteByte('\n')
	if m.flow != nil {
		b.WriteString(m.flow.View())
	} else {
		body := m.top().View()
		if s := m.stacks[m.active]; len(s) > 0 {
			b.WriteString(st.Dim.Render(m.breadcrumb(w)))
			b.WriteByte('\n')
		}
		b.WriteString(body)
	}
	b.WriteByte('\n')
	if m.ask != nil {
		b.WriteString(st.Prompt.Render(truncate(m.ask.text, w)))
	} else {
		b.WriteString(m.pc.status.view(st, w))
	}
	b.WriteByte('\n')
	if m.fullHelp {
		b.WriteString(m.footer)
	} else {
		b.WriteString(m.shortHelp())
	}
	frame := b.String()
	// On a terminal too small for the minimum layout, cut the frame rather than scroll.
	if strings.Count(frame, "\n") >= h {
		frame = strings.Join(strings.SplitN(frame, "\n", h+1)[:h], "\n")
	}
	return frame
}

// shortHelp is the one-line help for the pane that has the keys. Rendering it styles every
// binding, which costs more than drawing the table, so it is kept until the bindings shown
// or the width change.
func (m *Model) shortHelp() string {
	top := m.front()
	var bindings []key.Binding
	keep := 0 // the bindings at the end that stay when the line is too narrow for all
	switch {
	case m.ask != nil:
		km := m.pc.keys
		yes, no := km.Confirm, km.Deny
		if m.ask.stop {
			yes.SetHelp(yes.Help().Key, "stop")
			no.SetHelp(no.Help().Key, "keep running")
		}
		bindings = []key.Binding{yes, no}
	case top.Typing():
		bindings = top.ShortHelp()
	case m.flow != nil:
		bindings, keep = append(top.ShortHelp(), m.pc.keys.Help, m.pc.keys.Quit), 2
	default:
		bindings, keep = append(top.ShortHelp(), m.globalHelp()...), 2 // help and quit
	}
	var k strings.Builder
	k.Grow(128)
	k.WriteString(strconv.Itoa(m.pc.width))
	for _, b := range bindings {
		if b.Enabled() {
			h := b.Help()
			k.WriteString("\x00" + h.Key + "\x01" + h.Desc)
		}
	}
	if key := k.String(); key != m.shortKey {
		m.shortKey = key
		m.short = fitShortHelp(m.help, bindings, keep, m.pc.width)
	}
	return m.short
}

// breadcrumb says where the open panes came from: "Users › Ada Lovelace › #12 Printer".
// When it does not fit, the oldest steps give way.
func (m *Model) breadcrumb(w int) string {
	parts := []string{m.tabs[m.active].Title()}
	for _, c := range m.stacks[m.active] {
		parts = append(parts, c.Title())
	}
	s := strings.Join(parts, " › ")
	for cellWidth(s) > w && len(parts) > 2 {
		parts = append([]string{"…"}, parts[2:]...)
		s = strings.Join(parts, " › ")
	}
	return truncate(s, w)
}
