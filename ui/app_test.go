package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

func TestMoveAndPage(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	u := d.users()
	if got := len(u.all.list.rows); got != 100 {
		t.Fatalf("first page: %d rows loaded, want 100", got)
	}
	cur := func() int { return u.all.table.Cursor() }
	d.key("j", "j", "down")
	if cur() != 3 {
		t.Fatalf("after j j down: cursor %d, want 3", cur())
	}
	d.key("k")
	if cur() != 2 {
		t.Fatalf("after k: cursor %d, want 2", cur())
	}
	h := u.all.table.height
	d.key("ctrl+d")
	if cur() != 2+h/2 {
		t.Fatalf("ctrl+d: cursor %d, want %d", cur(), 2+h/2)
	}
	d.key("ctrl+u")
	if cur() != 2 {
		t.Fatalf("ctrl+u: cursor %d, want 2", cur())
	}
	d.key("pgdown")
	if cur() != 2+h {
		t.Fatalf("pgdown: cursor %d, want %d", cur(), 2+h)
	}
	d.key("pgup", "g")
	if cur() != 0 {
		t.Fatalf("g: cursor %d, want 0", cur())
	}
	// G goes to the last loaded row, which is near the end: the next page comes.
	d.key("G")
	if cur() != 99 {
		t.Fatalf("G: cursor %d, want 99", cur())
	}
	if got := len(u.all.list.rows); got != 200 {
		t.Fatalf("after G: %d rows loaded, want 200 (the next page)", got)
	}
	d.key("end", "end")
	if cur() != 299 || !u.all.list.done {
		t.Fatalf("end: cursor %d, done %v; want 299 and the list complete", cur(), u.all.list.done)
	}
	if !strings.Contains(d.view(), "all 300") {
		t.Fatalf("a complete list says so:\n%s", d.view())
	}
	d.key("home")
	if cur() != 0 {
		t.Fatalf("home: cursor %d", cur())
	}
}

func TestTabSwitching(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	if d.m.active != 0 {
		t.Fatalf("starts on tab %d", d.m.active)
	}
	if n := a.routeCount("GET /api/v2/tickets"); n != 0 {
		t.Fatalf("tickets loaded before their tab was opened (%d requests)", n)
	}
	d.key("tab")
	if d.m.active != 1 || !strings.Contains(d.view(), "[2 Tickets]") {
		t.Fatalf("tab: active %d\n%s", d.m.active, d.view())
	}
	if n := a.routeCount("GET /api/v2/tickets"); n != 1 {
		t.Fatalf("opening Tickets made %d list requests, want 1", n)
	}
	d.key("shift+tab")
	if d.m.active != 0 {
		t.Fatalf("shift+tab: active %d", d.m.active)
	}
	d.key("shift+tab")
	if d.m.active != tabCount-1 {
		t.Fatalf("shift+tab wraps to the last view (the Log): active %d", d.m.active)
	}
	for i, k := range []string{"1", "2", "3", "4", "5"} {
		d.key(k)
		if d.m.active != i {
			t.Fatalf("key %s: active %d", k, d.m.active)
		}
	}
	d.key("2", "1", "2")
	if n := a.routeCount("GET /api/v2/tickets"); n != 1 {
		t.Fatalf("coming back to Tickets reloaded it (%d requests)", n)
	}
	if n := a.routeCount("GET /api/v2/groups"); n != 2 {
		t.Fatalf("groups: %d requests, want 2 (the Groups tab and the agents' group names)", n)
	}
}

// Nearing the end of what is loaded asks for the next page once, however many keys arrive
// before it does.
func TestLazyLoadOneRequest(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	u := d.users()
	var loads []tea.Cmd
	before := d.m.pc.requests
	for range 99 {
		if cmd := d.update(keyMsg("j")); cmd != nil {
			loads = append(loads, cmd)
		}
	}
	if len(loads) != 1 || d.m.pc.requests != before+1 {
		t.Fatalf("99 keys towards the end started %d loads (%d requests), want 1", len(loads), d.m.pc.requests-before)
	}
	if u.all.table.Cursor() != 99 || !u.all.list.loading {
		t.Fatalf("cursor %d, loading %v", u.all.table.Cursor(), u.all.list.loading)
	}
	if n := a.routeCount("GET /api/v2/users"); n != 1 {
		t.Fatalf("the page went out before its Cmd ran (%d list requests)", n)
	}
	d.run(loads[0])
	if got := len(u.all.list.rows); got != 200 {
		t.Fatalf("%d rows after the page arrived, want 200", got)
	}
	if n := a.routeCount("GET /api/v2/users"); n != 2 {
		t.Fatalf("%d list requests, want 2", n)
	}
	// The cursor is no longer near the end: moving does not load.
	if cmd := d.update(keyMsg("j")); cmd != nil {
		t.Fatalf("a key far from the end started a load")
	}
}

// The page loads when the cursor comes within half a screen of the end, not before.
func TestLazyLoadThreshold(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	u := d.users()
	half := u.all.table.height / 2
	for i := 1; i < 99-half; i++ {
		if cmd := d.update(keyMsg("j")); cmd != nil {
			t.Fatalf("key %d (cursor %d, %d rows loaded) started a load too early", i, u.all.table.Cursor(), 100)
		}
	}
	if cmd := d.update(keyMsg("j")); cmd == nil {
		t.Fatalf("cursor %d, half a screen (%d) from the end: no load", u.all.table.Cursor(), half)
	}
}

func TestSearchDebounce(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("/")
	if !d.m.top().Typing() {
		t.Fatal("/ did not focus the search input")
	}
	// Five keys typed fast: each starts a debounce tick, none a request.
	var ticks []tea.Cmd
	for _, r := range "maria" {
		ticks = append(ticks, d.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
	}
	if n := a.routeCount("GET /api/v2/users/search"); n != 0 {
		t.Fatalf("typing sent %d searches", n)
	}
	// Then the ticks fire: only the last keystroke's one searches.
	for _, c := range ticks {
		d.run(c)
	}
	if n := a.routeCount("GET /api/v2/users/search"); n != 1 {
		t.Fatalf("typing 5 characters sent %d searches, want 1", n)
	}
	u := d.users()
	if !u.searching || u.query != "maria" || len(u.found.list.rows) == 0 {
		t.Fatalf("searching %v, query %q, %d results", u.searching, u.query, len(u.found.list.rows))
	}
	for _, r := range u.found.list.rows {
		if !strings.Contains(strings.ToLower(r.name+r.email), "maria") {
			t.Fatalf("result %q does not match", r.name)
		}
	}
	// q types a q while the input has the keys; enter with an unchanged query sends nothing.
	d.key("enter")
	if n := a.routeCount("GET /api/v2/users/search"); n != 1 {
		t.Fatalf("enter on the same query searched again (%d)", n)
	}
	if d.quit {
		t.Fatal("quit while typing")
	}
}

func TestQDoesNotQuitWhileTyping(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("/", "q")
	if d.quit {
		t.Fatal("q quit while typing in the search input")
	}
	if got := d.users().input.ti.Value(); got != "q" {
		t.Fatalf("input holds %q, want q", got)
	}
	d.key("esc", "q")
	if !d.quit {
		t.Fatal("q did not quit outside the input")
	}
}

func TestCtrlCQuitsWhileTyping(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("/", "ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c did not quit")
	}
}

// An older query's results arriving after a newer one's are dropped.
func TestStaleSearchDropped(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("/")
	d.typeText("maria")
	u := d.users()
	// Type a new query and submit both without delivering the answers yet.
	u.input.ti.SetValue("anna")
	first := d.update(keyMsg("enter")) // searches "anna" (maria's results are shown already)
	d.key("/")
	u.input.ti.SetValue("lee")
	second := d.update(keyMsg("enter"))
	oldMsgs, newMsgs := collect(first), collect(second)
	for _, m := range newMsgs {
		d.run(d.update(m))
	}
	for _, m := range oldMsgs {
		d.run(d.update(m))
	}
	if u.query != "lee" {
		t.Fatalf("query %q, want lee", u.query)
	}
	if len(u.found.list.rows) == 0 {
		t.Fatal("no results for lee")
	}
	for _, r := range u.found.list.rows {
		if !strings.Contains(strings.ToLower(r.name+" "+r.email), "lee") {
			t.Fatalf("stale result %q (%s) shown for lee", r.name, r.email)
		}
	}
}

func TestEscReturns(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	u := d.users()
	d.key("j", "j", "j", "j", "j")
	d.key("/")
	d.typeText("maria")
	d.key("enter")
	if !u.searching || u.input.focused {
		t.Fatalf("after enter: searching %v, input focused %v", u.searching, u.input.focused)
	}
	if u.found.table.Cursor() != 0 {
		t.Fatalf("results start at the top, cursor %d", u.found.table.Cursor())
	}
	// enter on a result opens it; esc closes the detail, then the search.
	d.key("enter")
	if len(d.m.stacks[0]) != 1 {
		t.Fatalf("enter opened %d panes", len(d.m.stacks[0]))
	}
	ud := d.m.stacks[0][0].(*userDetail)
	if ud.user == nil || !strings.Contains(strings.ToLower(ud.user.Name+ud.user.Email), "maria") {
		t.Fatalf("detail shows %+v", ud.user)
	}
	d.key("esc")
	if len(d.m.stacks[0]) != 0 || !u.searching {
		t.Fatalf("esc from the detail: %d panes, searching %v", len(d.m.stacks[0]), u.searching)
	}
	d.key("esc")
	if u.searching || u.input.open {
		t.Fatalf("esc did not leave the search")
	}
	if u.all.table.Cursor() != 5 || len(u.all.list.rows) != 100 {
		t.Fatalf("full list back with cursor %d and %d rows; want 5 and 100", u.all.table.Cursor(), len(u.all.list.rows))
	}
	if n := a.routeCount("GET /api/v2/users"); n != 1 {
		t.Fatalf("returning from search reloaded the list (%d requests)", n)
	}
	// esc while typing cancels the search too.
	d.key("/")
	d.typeText("zzz")
	d.key("esc")
	if u.searching || u.input.open || u.input.focused {
		t.Fatal("esc while typing did not cancel")
	}
}

// enter inside a detail opens another detail on the stack: user -> requested ticket.
func TestDetailStack(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	u := d.users()
	// An end user with requested tickets.
	idx := -1
	for i, r := range u.all.list.rows {
		if r.role == "end-user" {
			idx = i
			break
		}
	}
	if idx < 0 {
		t.Fatal("no end user on the first page")
	}
	for range idx {
		d.key("j")
	}
	var ud *userDetail
	for tries := 0; ; tries++ {
		d.key("enter")
		ud = d.m.stacks[0][len(d.m.stacks[0])-1].(*userDetail)
		if len(ud.pane.rows.list.rows) > 0 {
			break
		}
		d.key("esc", "j")
		if tries > 50 {
			t.Fatal("no user with requested tickets")
		}
	}
	want := ud.pane.rows.list.rows[0]
	d.key("enter")
	if len(d.m.stacks[0]) != 2 {
		t.Fatalf("stack depth %d, want 2", len(d.m.stacks[0]))
	}
	td := d.m.stacks[0][1].(*ticketDetail)
	if td.data == nil || td.data.t.ID != want.id {
		t.Fatalf("ticket detail for %d shows %+v", want.id, td.data)
	}
	view := d.view()
	for _, s := range []string{"Users › ", "Requester", "Description", "Custom fields"} {
		if !strings.Contains(view, s) {
			t.Errorf("ticket detail lacks %q:\n%s", s, view)
		}
	}
	if n := a.routeCount("GET /api/v2/ticket_fields"); n != 1 {
		t.Fatalf("ticket fields read %d times", n)
	}
	d.key("esc")
	d.key("enter")
	if n := a.routeCount("GET /api/v2/ticket_fields"); n != 1 {
		t.Fatalf("ticket fields read %d times; they are cached for the session", n)
	}
	d.key("esc", "esc")
	if len(d.m.stacks[0]) != 0 {
		t.Fatalf("stack depth %d after esc esc", len(d.m.stacks[0]))
	}
}

// A late answer for a closed pane finds nobody and is dropped.
func TestClosedPaneAnswerDropped(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	cmd := d.update(keyMsg("enter"))
	open := collect(cmd)
	if len(open) != 1 {
		t.Fatalf("enter made %d messages", len(open))
	}
	loads := d.update(open[0])
	msgs := collect(loads)
	d.key("esc")
	for _, m := range msgs {
		d.run(d.update(m)) // must not panic or change anything
	}
	if len(d.m.stacks[0]) != 0 {
		t.Fatal("a closed pane came back")
	}
}

func TestErrorsInStatusLine(t *testing.T) {
	t.Run("404", func(t *testing.T) {
		a := newTestAccount(t, sandbox.Options{})
		d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
		d.run(d.update(openMsg{from: d.users().id, kind: ticketDetailKind, id: 999999999, title: "#999999999"}))
		if !strings.Contains(d.view(), "not found (404)") {
			t.Fatalf("404 not on the status line:\n%s", d.view())
		}
		d.key("esc", "j")
		if d.users().all.table.Cursor() != 1 {
			t.Fatal("keys stopped working after an error")
		}
	})
	t.Run("401", func(t *testing.T) {
		a := newTestAccount(t, sandbox.Options{})
		bad, err := zendesk.NewClient(zendesk.Options{
			BaseURL: a.url, Credentials: zendesk.Credentials{Email: "admin@sandbox.zdops.test", APIToken: "wrong"},
			Profile: "sandbox", MaxWait: 1, MaxAttempts: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		d := newDriver(t, newTestModel(t, bad, nil), 120, 34)
		v := d.view()
		if !strings.Contains(v, "authentication failed") || !strings.Contains(v, "not signed in") {
			t.Fatalf("auth error not shown:\n%s", v)
		}
		if !strings.Contains(v, "✗") {
			t.Fatalf("no error marker:\n%s", v)
		}
	})
	t.Run("429", func(t *testing.T) {
		a := newTestAccount(t, sandbox.Options{RateLimit: 2})
		d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
		d.key("2")
		// The client paces from the budget Zendesk reported, so the call is held back
		// ("rate limited: not sent") rather than answered 429; either way the status says so.
		if v := d.view(); !strings.Contains(v, "rate limited") {
			t.Fatalf("the rate limit is not on the status line:\n%s", v)
		}
		d.key("1", "j")
		if d.users().all.table.Cursor() != 1 {
			t.Fatal("keys stopped working after a 429")
		}
	})
	t.Run("network, then r retries", func(t *testing.T) {
		a := newTestAccount(t, sandbox.Options{})
		d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
		u := d.users()
		a.down.Store(true)
		d.key("G") // the next page fails
		if u.all.list.err == nil || !strings.Contains(d.view(), "load users") {
			t.Fatalf("failed page not reported:\n%s", d.view())
		}
		if !strings.Contains(d.view(), "r retries") {
			t.Fatalf("no retry hint:\n%s", d.view())
		}
		// Moving on does not hammer the dead server: the failed page waits for r.
		if cmd := d.update(keyMsg("k")); cmd != nil {
			t.Fatal("a key retried the failed page by itself")
		}
		a.down.Store(false)
		d.key("r")
		if u.all.list.err != nil || len(u.all.list.rows) != 200 {
			t.Fatalf("retry: err %v, %d rows", u.all.list.err, len(u.all.list.rows))
		}
		if strings.Contains(d.view(), "✗") {
			t.Fatalf("the error stayed after the retry worked:\n%s", d.view())
		}
	})
}

func TestReloadStartsOver(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("G", "r")
	u := d.users()
	if len(u.all.list.rows) != 100 || u.all.table.Cursor() != 0 {
		t.Fatalf("after r: %d rows, cursor %d", len(u.all.list.rows), u.all.table.Cursor())
	}
	if n := a.routeCount("GET /api/v2/users"); n != 3 {
		t.Fatalf("%d list requests, want 3", n)
	}
}

func TestKeyRebinding(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	m := newTestModel(t, a.client, map[string][]string{"down": {"s", "down"}, "quit": {"x"}})
	d := newDriver(t, m, 120, 34)
	d.key("j")
	if c := d.users().all.table.Cursor(); c != 0 {
		t.Fatalf("j still moves down after rebinding (cursor %d)", c)
	}
	d.key("s", "down")
	if c := d.users().all.table.Cursor(); c != 2 {
		t.Fatalf("s and down: cursor %d, want 2", c)
	}
	v := d.view()
	if !strings.Contains(v, "s/↓ down") || !strings.Contains(v, "x quit") {
		t.Fatalf("help does not show the bound keys:\n%s", v)
	}
	d.key("q")
	if d.quit {
		t.Fatal("q quit after quit was rebound to x")
	}
	d.key("x")
	if !d.quit {
		t.Fatal("x did not quit")
	}

	for name, keys := range map[string]map[string][]string{
		"unknown":   {"frobnicate": {"f"}},
		"empty":     {"down": {}},
		"duplicate": {"down": {"k"}},
		"ctrl+c":    {"reload": {"ctrl+c"}},
		"printable": {"submit_search": {"s"}},
	} {
		_, err := New(Options{Client: a.client, Keys: keys})
		if err == nil {
			t.Errorf("%s: New accepted %v", name, keys)
		}
	}
	if _, err := New(Options{Client: a.client, Keys: map[string][]string{"frobnicate": {"f"}}}); err == nil || !strings.Contains(err.Error(), `"frobnicate"`) {
		t.Errorf("the error should name the binding: %v", err)
	}
	if _, err := New(Options{}); err == nil {
		t.Error("New without a client")
	}
}

func TestKeyNames(t *testing.T) {
	names := KeyNames()
	for _, want := range []string{"down", "up", "quit", "search", "view_users", "view_organizations", "submit_search"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("KeyNames lacks %q: %v", want, names)
		}
	}
	// Every name can be rebound.
	for _, n := range names {
		k := "ctrl+" + "f" // a key no default uses
		if n == "submit_search" || n == "cancel_search" {
			k = "ctrl+g"
		}
		if _, err := newKeyMap(map[string][]string{n: {k}}); err != nil {
			t.Errorf("rebinding %s: %v", n, err)
		}
	}
}

// Everything at 80x24: no line wider than 80 cells, no more than 24 lines, in every view,
// in a detail of each kind and with the full help open.
func TestFitsIn80x24(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 80, 24)
	check := func(what string) {
		t.Helper()
		f := d.view()
		checkFrame(t, f, 80, 24)
		if n := strings.Count(f, "\n") + 1; n != 24 {
			t.Errorf("%s: frame has %d lines, want exactly 24:\n%s", what, n, f)
		}
	}
	for i, k := range []string{"1", "2", "3", "4", "5"} {
		d.key(k)
		check(tabTitles[i])
		d.key("enter")
		check(tabTitles[i] + " detail")
		d.key("enter") // a row of the detail's table, when it has one
		check(tabTitles[i] + " detail of the detail")
		d.key("esc", "esc")
	}
	d.key("1", "/")
	d.typeText(strings.Repeat("w", 100))
	d.key("enter")
	check("search")
	d.key("esc", "?")
	check("full help")
	d.key("?")
	// A long status line and a resize both keep the frame inside the terminal.
	d.m.pc.fail(0, "test", errors.New(strings.Repeat("very long error ", 20)))
	check("long error")
	d.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	checkFrame(t, d.view(), 60, 15)
	for _, size := range [][2]int{{30, 6}, {10, 3}, {1, 1}} {
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		checkFrame(t, d.view(), size[0], size[1])
		d.key("?")
		checkFrame(t, d.view(), size[0], size[1])
		d.key("?")
	}
	d.send(tea.WindowSizeMsg{Width: 200, Height: 50})
	checkFrame(t, d.view(), 200, 50)
}

// Organizations: an external id goes to Zendesk; a name filters the loaded rows and says so.
func TestOrganizationSearch(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("5", "/")
	d.paste("org-00002")
	d.key("enter")
	o := d.m.tabs[4].(*listView[orgRow])
	if len(o.found.list.rows) != 1 || o.found.list.rows[0].externalID != "org-00002" {
		t.Fatalf("external id search: %+v", o.found.list.rows)
	}
	if n := a.routeCount("GET /api/v2/organizations/search"); n != 1 {
		t.Fatalf("%d organization searches", n)
	}
	d.key("esc", "/")
	name := strings.Fields(o.all.list.rows[0].name)[0]
	d.typeText(strings.ToLower(name))
	d.key("enter")
	if len(o.found.list.rows) == 0 || !o.local {
		t.Fatalf("local filter for %q: %d rows, local %v", name, len(o.found.list.rows), o.local)
	}
	if v := d.view(); !strings.Contains(v, "filtered locally") {
		t.Fatalf("a local filter does not say so:\n%s", v)
	}
}

func TestAgentsSearch(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("4")
	ag := d.m.tabs[3].(*listView[userRow])
	first := ag.all.list.rows[1] // an admin other than the signed-in one
	d.key("/")
	d.typeText(strings.Fields(first.name)[0])
	d.key("enter")
	found := false
	for _, r := range ag.found.list.rows {
		if r.role == "end-user" {
			t.Fatalf("agents search found end user %q", r.name)
		}
		found = found || r.id == first.id
	}
	if !found {
		t.Fatalf("agents search for %q missed %s (%s): %+v", strings.Fields(first.name)[0], first.name, first.role, ag.found.list.rows)
	}
}

func TestSearchInputSanitizes(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	d.key("/")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ab\x1b[31mc\u202ed\x07"), Paste: true})
	if got := d.users().input.ti.Value(); got != "ab[31mcd" {
		t.Fatalf("pasted control characters kept: %q", got)
	}
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("x", 2000)), Paste: true})
	if n := len([]rune(d.users().input.ti.Value())); n != maxQueryRunes {
		t.Fatalf("input holds %d runes, want the %d limit", n, maxQueryRunes)
	}
}

func TestHeader(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	m, err := New(Options{Client: a.client, Profile: "acme", Account: "acme.zendesk.com", ReadOnly: true,
		Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, m, 120, 34)
	head := strings.Split(d.view(), "\n")[0]
	for _, s := range []string{"zdops", "profile acme", "acme.zendesk.com", "Sandbox Admin", "API ", "/100,000", "READ-ONLY"} {
		if !strings.Contains(head, s) {
			t.Errorf("header lacks %q: %q", s, head)
		}
	}
	if strings.Contains(head, "SANDBOX") {
		t.Errorf("a real profile shows the sandbox badge: %q", head)
	}
}

// TestMergedKeystrokes checks that runes arriving in one message (keys typed faster than the
// terminal is read) act as separate keystrokes, while a paste into the search stays text.
func TestMergedKeystrokes(t *testing.T) {
	a := newTestAccount(t, sandbox.Options{})
	d := newDriver(t, newTestModel(t, a.client, nil), 120, 34)
	u := d.users()
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if got := u.all.table.Cursor(); got != 3 {
		t.Fatalf("three merged j's moved the cursor to %d, want 3", got)
	}
	d.key("/")
	d.paste("jjq")
	if got := u.all.table.Cursor(); got != 3 || !strings.Contains(d.view(), "jjq") {
		t.Fatalf("a paste was taken as keystrokes: cursor %d\n%s", got, d.view())
	}
}
