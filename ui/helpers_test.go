package ui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

func TestMain(m *testing.M) {
	// Goldens are plain text: no colour, whatever the terminal running the tests.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// testNow is the pinned clock; the sandbox's data is all from before 2026.
var testNow = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

const testRateLimit = 100000

type testAccount struct {
	srv    *sandbox.Server
	url    string
	client *zendesk.Client
	// down makes the account unreachable: every connection is cut without an answer, as
	// a network failure would.
	down atomic.Bool
}

// newTestAccount serves a small seeded sandbox on a loopback port for the test.
func newTestAccount(t testing.TB, opts sandbox.Options) *testAccount {
	t.Helper()
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Users == 0 {
		opts.Users = 300
	}
	if opts.Tickets == 0 {
		opts.Tickets = 1500
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = testRateLimit
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	a := &testAccount{srv: srv}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.down.Load() {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	a.url = hs.URL
	email, token, _ := srv.Credentials()
	client, err := zendesk.NewClient(zendesk.Options{
		BaseURL:     a.url,
		Credentials: zendesk.Credentials{Email: email, APIToken: token},
		Profile:     "sandbox",
		// Errors are what some tests are about: no waiting them out.
		MaxWait:     time.Millisecond,
		MaxAttempts: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	a.client = client
	return a
}

func (a *testAccount) routeCount(route string) int { return a.srv.Stats().ByRoute[route] }

func newTestModel(t testing.TB, client *zendesk.Client, keys map[string][]string) *Model {
	t.Helper()
	m, err := New(Options{
		Client:  client,
		Profile: "sandbox",
		Sandbox: true,
		Account: "sandbox (test)",
		Keys:    keys,
		Now:     func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// driver runs a Model without a terminal: Update, then every Cmd it returns, feeding their
// messages back in, until nothing is left. Requests run for real against the sandbox, in
// order, which makes Update tests deterministic.
type driver struct {
	t     testing.TB
	m     *Model
	quit  bool
	views int
}

func newDriver(t testing.TB, m *Model, w, h int) *driver {
	d := &driver{t: t, m: m}
	m.pc.debounce = 5 * time.Millisecond
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(m.Init())
	return d
}

// update hands msg to the model and returns its Cmd without running it.
func (d *driver) update(msg tea.Msg) tea.Cmd {
	_, cmd := d.m.Update(msg)
	d.views++
	_ = d.m.View() // as the program would; View must not change what Update decided
	return cmd
}

func (d *driver) send(msg tea.Msg) { d.run(d.update(msg)) }

// run executes cmd and everything that follows from it.
func (d *driver) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			d.quit = true
		default:
			queue = append(queue, d.update(msg))
		}
	}
}

// collect runs cmd one level down and returns the messages it made, without handing them
// to the model: tests use it to deliver answers late or out of order.
func collect(cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			out = append(out, msg)
		}
	}
	return out
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "ctrl+d":
		return tea.KeyMsg{Type: tea.KeyCtrlD}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "space", " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	if len([]rune(s)) > 1 {
		panic("keyMsg: no key message for " + s + "; add it")
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func (d *driver) key(keys ...string) {
	for _, k := range keys {
		d.send(keyMsg(k))
	}
}

// typeText types s one rune at a time, running everything each keystroke starts.
func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// paste enters s in one message, as a terminal's bracketed paste does.
func (d *driver) paste(s string) {
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})
}

func (d *driver) users() *listView[userRow]     { return d.m.tabs[0].(*listView[userRow]) }
func (d *driver) tickets() *listView[ticketRow] { return d.m.tabs[1].(*listView[ticketRow]) }
func (d *driver) view() string                  { return d.m.View() }

// checkFrame fails when a frame is wider or taller than the terminal.
func checkFrame(t testing.TB, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		t.Errorf("frame has %d lines, terminal has %d:\n%s", len(lines), h, frame)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, terminal has %d: %q", i+1, lw, w, l)
		}
	}
}
