package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// Options configure the console. main builds them from the config and the flags.
type Options struct {
	Client   *zendesk.Client
	Profile  string              // profile name ("sandbox" for the embedded one)
	Sandbox  bool                // show a SANDBOX badge in the header
	Account  string              // e.g. "acme.zendesk.com" or "sandbox on 127.0.0.1:43123"
	Keys     map[string][]string // config [keys]: binding name -> keys; see KeyNames
	ReadOnly bool                // shown in the header
	Now      func() time.Time    // nil means time.Now; tests pin it for stable relative times
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

	header   header
	tabBar   tabBar
	help     help.Model
	fullHelp bool
	footer   string // full help, laid out when it is toggled or the pane changes
	short    string // short help, and the bindings and width it was drawn for
	shortKey string
	bodyH    int
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
	}
	m := &Model{pc: pc}
	m.tabs = [tabCount]component{
		newUsersView(pc), newTicketsView(pc), newGroupsView(pc), newAgentsView(pc), newOrganizationsView(pc),
	}
	m.header = header{profile: opts.Profile, sandbox: opts.Sandbox, account: opts.Account, readOnly: opts.ReadOnly, dirty: true}
	m.help = help.New()
	m.help.Styles = pc.styles.Help
	return m, nil
}

// Init reads who is signed in and loads the first view's first page.
func (m *Model) Init() tea.Cmd {
	client := m.pc.client
	m.pc.requests++
	ctx := m.pc.base
	me := func() tea.Msg {
		u, err := client.Users.Me(ctx)
		return meMsg{user: u, err: err}
	}
	return tea.Batch(me, m.startTab(m.active))
}

func (m *Model) startTab(i int) tea.Cmd {
	if m.started[i] {
		return nil
	}
	m.started[i] = true
	return m.tabs[i].Init()
}

// top is the component that has the keys: the active tab's topmost detail, or its list.
func (m *Model) top() component {
	if s := m.stacks[m.active]; len(s) > 0 {
		return s[len(s)-1]
	}
	return m.tabs[m.active]
}

// Update routes a message: sizes to everything, keys to the pane that has them (after the
// global ones), answers to the component that asked, if it is still there.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	// The budget is the client's last reading: a lock and a copy, no I/O.
	m.pc.rate.observe(m.pc.client.RateLimit())
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.pc.width, m.pc.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	case meMsg:
		m.header.setUser(msg.user, msg.err)
		if msg.err != nil {
			m.pc.fail(0, "sign in", msg.err)
		}
		return m, nil
	case openMsg:
		return m, m.open(msg)
	case addressed:
		if c := m.find(msg.target()); c != nil {
			return m, c.Update(msg)
		}
		return m, nil // its component is gone: a closed pane's late answer
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, forceQuit) {
		return m.quit()
	}
	top := m.top()
	if top.Typing() {
		return top.Update(msg)
	}
	km := m.pc.keys
	switch {
	case key.Matches(msg, km.Quit):
		return m.quit()
	case key.Matches(msg, km.Help):
		m.fullHelp = !m.fullHelp
		m.layout()
		return nil
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
	return top.Update(msg)
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
	default:
		return nil
	}
	m.stacks[tab] = append(m.stacks[tab], d)
	m.layout()
	return d.Init()
}

// find is the live component with id, or nil.
func (m *Model) find(id compID) component {
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
		m.footer = m.help.FullHelpView(m.fullHelpGroups())
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
	b.WriteString(m.tabBar.view(st, m.active, w))
	b.WriteByte('\n')
	body := m.top().View()
	if s := m.stacks[m.active]; len(s) > 0 {
		b.WriteString(st.Dim.Render(m.breadcrumb(w)))
		b.WriteByte('\n')
	}
	b.WriteString(body)
	b.WriteByte('\n')
	b.WriteString(m.pc.status.view(st, w))
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
	top := m.top()
	bindings := top.ShortHelp()
	if !top.Typing() {
		bindings = append(bindings, m.globalHelp()...)
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
		// help stops adding bindings at its width only while its ellipsis still fits after
		// them; past that it adds them all, so the line is cut here as well.
		m.short = truncate(m.help.ShortHelpView(bindings), m.pc.width)
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
