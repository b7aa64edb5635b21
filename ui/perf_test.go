package ui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/zdops/zdops/zendesk"
)

// offlineModel is a Model whose client points at nothing: New makes no request, and the
// tests below never run the Cmds that would.
func offlineModel(t testing.TB) *Model {
	t.Helper()
	client, err := zendesk.NewClient(zendesk.Options{
		BaseURL:     "http://127.0.0.1:1",
		Credentials: zendesk.Credentials{Email: "a@b.c", APIToken: "x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, client, nil)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 34})
	return m
}

// fillUsers hands the users view n rows as if they had arrived in pages of 100; more says
// whether the list has more to load.
func fillUsers(m *Model, n int, more bool) *listView[userRow] {
	v := m.tabs[0].(*listView[userRow])
	m.started[0] = true
	l := &v.all.list
	l.started = true
	created := testNow.Add(-400 * 24 * time.Hour).Unix()
	for start := 0; start < n; start += 100 {
		rows := make([]userRow, 0, 100)
		for i := start; i < min(start+100, n); i++ {
			rows = append(rows, userRow{
				id:      int64(1000000 + i),
				name:    fmt.Sprintf("User Number %06d", i),
				email:   fmt.Sprintf("user.number.%06d@example.com", i),
				role:    "end-user",
				state:   "active",
				created: created + int64(i),
			})
		}
		next := "next"
		if !more && start+100 >= n {
			next = ""
		}
		l.loading, l.seq = true, m.pc.nextSeq()
		m.Update(pageMsg[userRow]{to: v.id, seq: l.seq, page: rowPage[userRow]{rows: rows, next: next, count: -1}})
	}
	return v
}

// Only the rows on screen are drawn, however many are loaded.
func TestOnlyVisibleRowsRendered(t *testing.T) {
	m := offlineModel(t)
	v := fillUsers(m, 100000, false)
	if got := len(v.all.list.rows); got != 100000 {
		t.Fatalf("%d rows loaded", got)
	}
	screen := v.all.table.height
	before := v.all.table.rendered
	frame := m.View()
	if drawn := v.all.table.rendered - before; drawn != screen {
		t.Fatalf("one frame drew %d rows; %d are on screen", drawn, screen)
	}
	checkFrame(t, frame, 120, 34)
	// Far down the list, the same.
	m.Update(keyMsg("G"))
	before = v.all.table.rendered
	frame = m.View()
	if drawn := v.all.table.rendered - before; drawn != screen {
		t.Fatalf("at the end one frame drew %d rows; %d are on screen", drawn, screen)
	}
	if !strings.Contains(frame, "User Number 099999") || !strings.Contains(frame, "all 100,000 users") {
		t.Fatalf("the last row or the count is missing:\n%s", frame)
	}
}

// A page arriving appends; it does not rebuild what is loaded.
func TestPageAppends(t *testing.T) {
	m := offlineModel(t)
	v := fillUsers(m, 1000, true)
	first := &v.all.list.rows[0]
	fillUsers(m, 100, true)
	if &v.all.list.rows[0] != first && cap(v.all.list.rows) < 1100 {
		t.Fatal("rows were rebuilt")
	}
	if len(v.all.list.rows) != 1100 {
		t.Fatalf("%d rows", len(v.all.list.rows))
	}
}

// withColours draws in true colour for the benchmark, as a real terminal would (styling
// costs more than plain text), and puts the tests' plain profile back after.
func withColours(b *testing.B) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	b.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}

// BenchmarkKeystroke100k measures one keystroke with 100,000 users loaded: Update of the
// down key and the View of the frame that follows. The budget is 2 ms.
func BenchmarkKeystroke100k(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	v := fillUsers(m, 100000, false)
	down, top := keyMsg("down"), keyMsg("g")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		msg := down
		if v.all.table.Cursor() == len(v.all.list.rows)-1 {
			msg = top
		}
		m.Update(msg)
		_ = m.View()
	}
}

// BenchmarkKeystroke100kFar is the same far down the list, where nothing is cheaper by
// being near the start.
func BenchmarkKeystroke100kFar(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	v := fillUsers(m, 100000, false)
	v.all.table.setCursor(90000)
	down, up := keyMsg("down"), keyMsg("up")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		msg := down
		if i%2 == 1 {
			msg = up
		}
		m.Update(msg)
		_ = m.View()
	}
}

// Rows stay small: 100,000 users loaded must fit the memory budget with room to spare.
func TestRowMemory(t *testing.T) {
	const n = 100000
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var rows []userRow
	created := testNow.Add(-400 * 24 * time.Hour)
	for start := 0; start < n; start += 100 {
		// A page of whole API users, as the client decodes them, turned into rows; the users
		// themselves are garbage once the page is converted.
		page := make([]zendesk.User, 100)
		for i := range page {
			page[i] = zendesk.User{
				ID: int64(start + i), Name: fmt.Sprintf("User Number %06d", start+i),
				Email: fmt.Sprintf("user.number.%06d@example.com", start+i), Role: "end-user", Active: true,
				TimeZone: "Amsterdam", Locale: "en-US", Tags: []string{"vip", "newsletter"}, CreatedAt: created,
				UserFields: map[string]any{"plan": "gold"}, Notes: strings.Repeat("note ", 20),
			}
		}
		for i := range page {
			rows = append(rows, userRowOf(&page[i]))
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	per := float64(grown) / n
	t.Logf("%d user rows hold %.1f MB (%.0f bytes a row)", n, float64(grown)/1e6, per)
	if per > 400 {
		t.Errorf("a user row takes %.0f bytes; rows should keep only what the table shows", per)
	}
	runtime.KeepAlive(rows)
}
