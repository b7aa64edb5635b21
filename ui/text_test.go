package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/zdops/zdops/zendesk"
)

func TestTruncateAndFit(t *testing.T) {
	cases := []struct {
		s    string
		w    int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello world", 5, "hell…"},
		{"hello", 0, ""},
		{"Wójcik and more", 6, "Wójci…"},
		{"日本語のテキスト", 5, "日本…"},
	}
	for _, c := range cases {
		got := truncate(c.s, c.w)
		if got != c.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
		if lipgloss.Width(got) > c.w {
			t.Errorf("truncate(%q, %d) is %d wide", c.s, c.w, lipgloss.Width(got))
		}
	}
	for _, s := range []string{"", "abc", "Wójcik", "日本語のテキスト", strings.Repeat("x", 40)} {
		for _, w := range []int{1, 3, 8, 20} {
			if got := fit(s, w); lipgloss.Width(got) != w {
				t.Errorf("fit(%q, %d) is %d wide: %q", s, w, lipgloss.Width(got), got)
			}
		}
	}
}

func TestSanitize(t *testing.T) {
	hostile := "Refund\x1b[2J\x1b]0;pwned\x07 for\norder\t#1\u202egnp.exe\u200b"
	got := sanitizeLine(hostile)
	if strings.ContainsAny(got, "\x1b\x07\n\t\u202e\u200b") {
		t.Fatalf("sanitizeLine left control characters: %q", got)
	}
	if !strings.Contains(got, "Refund") || !strings.Contains(got, "order #1") {
		t.Fatalf("sanitizeLine lost text: %q", got)
	}
	text := sanitizeText("line one\r\nline\x1b[31m two\n")
	if text != "line one\nline[31m two\n" {
		t.Fatalf("sanitizeText = %q", text)
	}
	if s := "plain ascii"; sanitizeLine(s) != s {
		t.Fatal("plain text changed")
	}
}

func TestWrapText(t *testing.T) {
	lines := wrapText("one two three four five six\n\nseven", 10)
	for _, l := range lines {
		if lipgloss.Width(l) > 10 {
			t.Errorf("line %q wider than 10", l)
		}
	}
	if len(lines) < 4 || lines[len(lines)-1] != "seven" {
		t.Fatalf("wrapText: %q", lines)
	}
}

func TestRelTime(t *testing.T) {
	now := testNow
	for d, want := range map[time.Duration]string{
		10 * time.Second:     "just now",
		5 * time.Minute:      "5m ago",
		3 * time.Hour:        "3h ago",
		50 * time.Hour:       "2d ago",
		45 * 24 * time.Hour:  "1mo ago",
		800 * 24 * time.Hour: "2y ago",
		-48 * time.Hour:      "in 2d",
	} {
		if got := relTime(now.Add(-d), now); got != want {
			t.Errorf("relTime(-%s) = %q, want %q", d, got, want)
		}
	}
	if relTime(time.Time{}, now) != "—" {
		t.Error("zero time")
	}
}

func TestExternalIDQuery(t *testing.T) {
	for q, want := range map[string]string{"org-00002": "org-00002", "ext:ACME": "ACME", "external_id:x y": "x y", "ORG-1": "ORG-1"} {
		if got, ok := externalIDQuery(q); !ok || got != want {
			t.Errorf("externalIDQuery(%q) = %q, %v; want %q", q, got, ok, want)
		}
	}
	for _, q := range []string{"acme", "acme corp", "acme 2"} {
		if _, ok := externalIDQuery(q); ok {
			t.Errorf("externalIDQuery(%q) took a name for an id", q)
		}
	}
}

func TestChainFetch(t *testing.T) {
	part := func(name string, pages int) fetchFunc[string] {
		return func(_ context.Context, next string) (rowPage[string], error) {
			n := 0
			if next != "" {
				n = int(next[0] - '0')
			}
			p := rowPage[string]{rows: []string{name + string(rune('0'+n))}, count: 99}
			if n+1 < pages {
				p.next = string(rune('0' + n + 1))
			}
			return p, nil
		}
	}
	f := chainFetch(part("a", 2), part("b", 1))
	var got []string
	next := ""
	for range 10 {
		p, err := f(context.Background(), next)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.rows...)
		if p.count != -1 {
			t.Errorf("a chained list cannot know its total, says %d", p.count)
		}
		if next = p.next; next == "" {
			break
		}
	}
	if strings.Join(got, ",") != "a0,a1,b0" {
		t.Fatalf("chain read %v", got)
	}
	if _, err := f(context.Background(), "7\x00"); err == nil {
		t.Fatal("a bad cursor was accepted")
	}
}

// The header's budget keeps the lowest reading of a window, whatever order answers come in.
func TestRateLimitView(t *testing.T) {
	var r rateLimitView
	at := testNow
	read := func(remaining int, d time.Duration) zendesk.RateLimit {
		return zendesk.RateLimit{Known: true, Limit: 700, Remaining: remaining, Reset: 30 * time.Second, At: at.Add(d)}
	}
	r.observe(read(690, 0))
	r.observe(read(688, time.Millisecond))
	r.observe(read(689, 2*time.Millisecond)) // an older answer read later
	if r.rl.Remaining != 688 {
		t.Fatalf("remaining %d, want 688", r.rl.Remaining)
	}
	r.observe(read(699, time.Minute)) // the window has reset
	if r.rl.Remaining != 699 {
		t.Fatalf("after the reset: remaining %d, want 699", r.rl.Remaining)
	}
	r.observe(zendesk.RateLimit{})
	if !r.rl.Known {
		t.Fatal("an unknown reading replaced a known one")
	}
}

func TestDescribeError(t *testing.T) {
	cases := map[string]error{
		"not found (404)":    &zendesk.Error{Method: "GET", Path: "/api/v2/tickets/9", Status: 404, Code: "RecordNotFound"},
		"rate limited (429)": &zendesk.Error{Method: "GET", Path: "/api/v2/tickets", Status: 429, RetryAfter: 12 * time.Second},
		"not allowed (403)":  &zendesk.Error{Method: "GET", Path: "/api/v2/users", Status: 403},
		"authentication":     &zendesk.AuthError{Profile: "acme", Reason: "Zendesk answered 401"},
		"connection refused": errors.New("dial tcp: connection refused"),
	}
	for want, err := range cases {
		if got := describeError(err); !strings.Contains(got, want) {
			t.Errorf("describeError(%v) = %q, want it to say %q", err, got, want)
		}
	}
}

func TestTableLayout(t *testing.T) {
	st := newStyles()
	for _, w := range []int{20, 40, 60, 80, 120, 200} {
		tb := newTable(st, ticketCols)
		tb.SetSize(w, 10)
		tb.SetLen(3)
		out := tb.View(func(i int, c []string) {
			c[0], c[1], c[2], c[3], c[4], c[5] = "12345", strings.Repeat("subject ", 20), "open", "urgent", "Requester Name", "3d ago"
		})
		checkFrame(t, out, w, 10)
		if w >= 80 && len(tb.shown) != len(ticketCols) {
			t.Errorf("width %d shows %d of %d columns", w, len(tb.shown), len(ticketCols))
		}
		if used := markWidth + tb.usedWidth(); used > w {
			t.Errorf("width %d: columns take %d", w, used)
		}
	}
}
