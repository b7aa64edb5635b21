package ui

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// The terminal-input rows of TESTING.md: what an operator (or a paste, or a resize) can
// throw at the console. Nothing typed may reach the screen or Zendesk as a control
// character, nothing may grow without bound, and nothing may panic.

// clean reports whether s holds no control or format character (escape sequences start
// with ESC; bidi overrides and zero-width characters are format characters).
func clean(s string, newlines bool) bool {
	for _, r := range s {
		if r == '\n' && newlines {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

const hostilePaste = "ab\x1b[31mc\x1b]0;pwned\x07d\u202eefg\u200bh\x00i\x7fj"

func TestBadInputSearch(t *testing.T) {
	cases := []struct {
		name  string
		paste string
		want  string // the query as it stands in the input
	}{
		{"pasted escape sequences and control characters", hostilePaste, "ab[31mc]0;pwneddefghij"},
		{"pasted line breaks and tabs", "status:open\npriority:urgent\r\n\tx", "status:open priority:urgent   x"},
		{"only control characters", "\x1b\x07\u202e\u200b", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAccount(t, sandbox.Options{})
			d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
			d.key("/")
			d.paste(tc.paste)
			if got := d.users().input.ti.Value(); got != tc.want {
				t.Fatalf("the input holds %q, want %q", got, tc.want)
			}
			f := d.view()
			checkFrame(t, f, 120, 34)
			if !clean(f, true) {
				t.Fatalf("a control character reached the screen: %q", f)
			}
		})
	}
}

// A 10,000-character paste is cut at the query limit; the frame keeps its width and the
// debounced search goes out once, with the cut query.
func TestBadInputTenThousandCharacterSearch(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	before := a.routeCount("GET /api/v2/users/search")
	d.key("/")
	d.paste(strings.Repeat("ü", 10_000))
	v := d.users().input.ti.Value()
	if n := len([]rune(v)); n != maxQueryRunes {
		t.Fatalf("the input holds %d runes, want the %d limit", n, maxQueryRunes)
	}
	d.paste("more") // the limit holds for what follows, too
	if n := len([]rune(d.users().input.ti.Value())); n != maxQueryRunes {
		t.Fatalf("the input grew to %d runes", n)
	}
	d.key("enter")
	checkFrame(t, d.view(), 120, 34)
	if n := a.routeCount("GET /api/v2/users/search") - before; n > 1 {
		t.Fatalf("%d searches for one paste", n)
	}
}

// The typed confirmation of a destructive plan: a paste loses its control and format
// characters (so a phrase copied with a zero-width space or a line break still matches, while
// escape sequences leave their visible part and do not), and a flood is cut at the input's limit
// and then does not match; no write happens until enter on the right phrase.
func TestBadInputTypedConfirmation(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, email := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	d.pickAction("Delete tickets")
	p := d.m.flow.preview
	d.paste("\u200b" + email + "\u202e\x07\r\n")
	if got := p.confirm.Value(); got != email+"  " || !p.matches() {
		t.Fatalf("the confirmation holds %q (matches %v), want %q", got, p.matches(), email)
	}
	p.confirm.SetValue("")
	d.paste("\x1b[2J" + email)
	if got := p.confirm.Value(); got != "[2J"+email || p.matches() {
		t.Fatalf("the confirmation holds %q (matches %v)", got, p.matches())
	}
	d.paste(strings.Repeat("x", 100_000))
	if n := len([]rune(p.confirm.Value())); n > 320 {
		t.Fatalf("the confirmation grew to %d runes", n)
	}
	if p.matches() {
		t.Fatal("a flood matches the phrase")
	}
	f := d.view()
	checkFrame(t, f, 120, 34)
	if !clean(f, true) {
		t.Fatalf("a control character reached the screen: %q", f)
	}
	d.key("enter")
	if d.m.flow != nil || !strings.Contains(d.view(), "cancelled: confirmation did not match") {
		t.Fatalf("a wrong phrase did not cancel:\n%s", d.view())
	}
	if n := writes(a); n != 0 {
		t.Fatalf("%d writes", n)
	}
}

// create-ticket's form: the one-line fields drop control characters and turn line breaks
// into spaces; the body keeps line breaks; every field stops at its limit.
func TestBadInputTicketForm(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	d.pickAction("Create ticket")
	form := d.m.flow.form
	subject, body := &form.field("subject").line, &form.field("body").area
	subject.SetValue("")
	d.paste("Refund\x1b[2J\nnow\u202e")
	if got := subject.Value(); got != "Refund[2J now" {
		t.Fatalf("subject %q", got)
	}
	d.paste(strings.Repeat("s", 10_000))
	if n := len([]rune(subject.Value())); n > 150 {
		t.Fatalf("the subject grew to %d runes", n)
	}
	d.key("tab") // the body
	body.SetValue("")
	d.paste("line one\x1b[31m\nline two\x07")
	if got := body.Value(); got != "line one[31m\nline two" {
		t.Fatalf("body %q", got)
	}
	d.paste(strings.Repeat("b", 50_000))
	if n := len([]rune(body.Value())); n > 20_000 {
		t.Fatalf("the body grew to %d runes", n)
	}
	f := d.view()
	checkFrame(t, f, 120, 34)
	if !clean(f, true) {
		t.Fatalf("a control character reached the screen: %q", f)
	}
	r, err := form.read(form)
	if err != nil {
		t.Fatal(err)
	}
	if params := r.params; !clean(params.Subject, false) || !clean(params.Body, true) {
		t.Fatalf("control characters would reach Zendesk: %+v", params)
	}
}

// Resizing to nothing, or to a sliver, and keys no binding knows: every view draws within
// the terminal and nothing panics.
func TestBadInputResizeAndStrayKeys(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	stray := []tea.KeyMsg{
		{Type: tea.KeyF20}, {Type: tea.KeyCtrlBackslash}, {Type: tea.KeyRunes, Runes: []rune("é"), Alt: true},
		{Type: tea.KeyRunes, Runes: []rune{0x1b}}, {Type: tea.KeyRunes, Runes: nil}, {Type: tea.KeyInsert}, {Type: tea.KeyCtrlAt},
	}
	for tab := 1; tab <= 6; tab++ {
		d.key(strconv.Itoa(tab))
		for _, k := range stray {
			d.send(k)
		}
		for _, size := range [][2]int{{0, 0}, {1, 1}, {3, 2}, {20, 5}, {120, 34}} {
			d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			if size[0] > 0 {
				checkFrame(t, d.view(), size[0], size[1])
			}
		}
	}
	d.key("enter") // a detail at full size, then squeezed
	d.send(tea.WindowSizeMsg{Width: 2, Height: 2})
	checkFrame(t, d.view(), 2, 2)
	if d.quit {
		t.Fatal("a stray key quit the console")
	}
}

// Names, subjects and emails come from Zendesk and can hold anything: a proxy in front of
// the sandbox gives every user a name full of escape sequences, and the screen shows none.
func TestBadInputHostileNamesOnScreen(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Seed: 1, Users: 300, Tickets: 1500, RateLimit: testRateLimit})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		body := bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"name":"`), []byte(`"name":"\u001b[2J\u001b]0;pwned\u0007\u202e\r\n`))
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	}))
	t.Cleanup(hs.Close)
	email, token, _ := srv.Credentials()
	c, err := zendesk.NewClient(zendesk.Options{BaseURL: hs.URL, Credentials: zendesk.Credentials{Email: email, APIToken: token}, MaxAttempts: 1, MaxWait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newTestModel(t, c, nil), 120, 34)
	for _, k := range []string{"1", "enter", "esc", "2", "enter", "esc", "3", "4", "5", "enter"} {
		d.key(k)
		f := d.view()
		checkFrame(t, f, 120, 34)
		if !clean(f, true) {
			t.Fatalf("after %q a control character reached the screen: %q", k, f)
		}
	}
	if !strings.Contains(d.view(), "[2J]0;pwned") {
		// The names must still show, only without their control characters.
		d.key("1")
		if !strings.Contains(d.view(), "[2J]0;pwned") {
			t.Fatalf("the hostile names are not shown at all:\n%s", d.view())
		}
	}
}
