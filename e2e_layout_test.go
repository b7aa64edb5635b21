package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// What a person sees as a broken screen, made checkable. capture-pane cuts every row to the
// pane's width, so a frame too wide or too tall shows as its effects instead: the terminal
// scrolls (the header is gone from the top, or the help is not on the last row), or wraps
// (a row starts with the end of the one above it, and a landmark shows twice). The checks
// below look for those effects, and for the step's essential words, whole.

// headerRow is the first row: the app's name on the left and the API budget at the right
// end, which is drawn last and so is the first thing cut when the header does not fit.
var headerRow = regexp.MustCompile(`^zdops\s.*\sAPI (\d[\d,]*/\d[\d,]*|–)\s*$`)

// tabLabels are the tab bar's labels in their order.
var tabLabels = []string{"1 Users", "2 Tickets", "3 Groups", "4 Agents", "5 Organizations", "6 Log"}

// strayEscape is what an escape sequence cut in half leaves on screen.
var strayEscape = regexp.MustCompile(`\[[0-9;]+m|\x1b|\x{FFFD}`)

// screenRows splits a capture into its rows.
func screenRows(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// flow is text as it reads: every run of spaces and line breaks one space.
func flow(s string) string { return strings.Join(strings.Fields(s), " ") }

// cells is how many terminal cells s takes.
func cells(s string) int { return ansi.StringWidth(s) }

// layoutWant is what a step expects of its frame besides the common shape.
type layoutWant struct {
	// footer ends the last row: the help for the keys that work now. Empty means the
	// list views' "? help • q quit", which must always be there to lead to the rest.
	footer string
	// fullHelp says the help (?) is open: its table takes the bottom rows, and every one of
	// help, quit and the way to the other views must be in it.
	fullHelp bool
	// whole are the step's essential words, which must be on screen uncut (a sentence may
	// wrap onto the next rows).
	whole []string
}

// checkLayout fails the test when the screen does not have the shape of a whole frame at
// the terminal's size (see layoutProblem).
func (term *terminal) checkLayout(step, screen string, want layoutWant) {
	term.t.Helper()
	if p := layoutProblem(screen, term.width, term.height, want); p != "" {
		term.t.Fatalf("%s at %dx%d: %s; screen:\n%s", step, term.width, term.height, p, screen)
	}
}

// layoutProblem says what is wrong with a w x h screen, or "": it must have one header at
// the top with its right end visible, the tab bar under it with every tab, the help on the
// last row and only there, no row wider than the terminal, nothing left of a cut escape
// sequence, and the step's essential words whole.
func layoutProblem(screen string, w, h int, want layoutWant) string {
	rows := screenRows(screen)
	if len(rows) != h {
		return fmt.Sprintf("%d rows, the terminal has %d", len(rows), h)
	}
	if h < 3 {
		return "no room for a header, a tab bar and the help"
	}
	for i, r := range rows {
		if n := cells(r); n > w {
			return fmt.Sprintf("row %d is %d cells wide", i+1, n)
		}
		if strayEscape.MatchString(r) {
			return fmt.Sprintf("row %d shows the remains of an escape sequence: %q", i+1, r)
		}
	}
	// The header: on the first row only, and whole up to its right end.
	if !headerRow.MatchString(rows[0]) {
		return "the first row is not the whole header (zdops … API n/m)"
	}
	if n := cells(strings.TrimRight(rows[0], " ")); n != w {
		return fmt.Sprintf("the header is %d cells wide, not the terminal's %d: it is cut or does not reach the right edge", n, w)
	}
	for i, r := range rows[1:] {
		if strings.HasPrefix(r, "zdops ") || headerRow.MatchString(r) {
			return fmt.Sprintf("row %d repeats the header: the frame scrolled or wrapped", i+2)
		}
	}
	// The tab bar: the second row, every tab in order, and nowhere else.
	at := 0
	for _, label := range tabLabels {
		i := strings.Index(rows[1][at:], label)
		if i < 0 {
			return fmt.Sprintf("the tab bar (row 2) lacks %q, or has the tabs out of order", label)
		}
		at += i + len(label)
	}
	for i, r := range rows {
		if i != 1 && strings.Contains(r, "5 Organizations") && strings.Contains(r, "6 Log") {
			return fmt.Sprintf("row %d repeats the tab bar", i+1)
		}
	}
	// The help: the last row (the bottom rows when open), and nowhere above.
	if want.fullHelp {
		help := strings.Join(rows[len(rows)/2:], "\n")
		for _, kd := range [][2]string{{"?", "help"}, {"q", "quit"}, {"tab", "next view"}} {
			if !keyShown(help, kd[0], kd[1]) {
				return fmt.Sprintf("the open help does not show %q %q: help must list every key", kd[0], kd[1])
			}
		}
	} else {
		footer := want.footer
		if footer == "" {
			footer = "? help • q quit"
		}
		if last := strings.TrimRight(rows[len(rows)-1], " "); !strings.HasSuffix(last, footer) {
			return fmt.Sprintf("the last row is not the help ending %q: %q", footer, last)
		}
		for i, r := range rows[:len(rows)-1] {
			if strings.Count(r, " • ") >= 2 {
				return fmt.Sprintf("row %d looks like the help line, which belongs on the last row only: %q", i+1, r)
			}
		}
	}
	// A sentence may wrap onto the next rows; read as text, it is there whole or not.
	text := flow(screen)
	for _, s := range want.whole {
		if !strings.Contains(text, flow(s)) {
			return fmt.Sprintf("%q is not on screen whole", s)
		}
	}
	return ""
}

// keyShown reports whether the open help shows a key with its description: they sit in
// columns, the key, spaces, the description.
func keyShown(help, key, desc string) bool {
	re := regexp.MustCompile(`(?m)(^|\s)` + regexp.QuoteMeta(key) + `\s+` + regexp.QuoteMeta(desc) + `(\s|$)`)
	return re.MatchString(help)
}

// The layout check finds what a person sees as broken: each case breaks a whole frame in
// one way.
func TestLayoutCheckFindsBrokenScreens(t *testing.T) {
	header := "zdops  SANDBOX  sandbox on 127.0.0.1:4711"
	header += strings.Repeat(" ", 80-len(header)-len("API 698/700")) + "API 698/700"
	good := []string{
		header,
		"[1 Users]  2 Tickets   3 Groups   4 Agents   5 Organizations   6 Log",
		"  Name                   Email",
		"> Ada Lovelace           ada@example.com",
		"",
		"↑/k up • ↓/j down • enter open • ? help • q quit",
	}
	frame := func(edit func(rows []string) []string) string {
		rows := edit(append([]string(nil), good...))
		return strings.Join(rows, "\n") + "\n"
	}
	whole := layoutWant{whole: []string{"Ada Lovelace ada@example.com"}}
	if p := layoutProblem(frame(func(r []string) []string { return r }), 80, 6, whole); p != "" {
		t.Fatalf("a whole frame is found broken: %s", p)
	}
	cases := []struct {
		name string
		edit func(rows []string) []string
		want string
	}{
		{"scrolled: the header is gone", func(r []string) []string { return append(r[1:], "") }, "not the whole header"},
		{"the header's right end cut", func(r []string) []string { r[0] = r[0][:70] + "API 69…"; return r }, "not the whole header"},
		{"the header short of the edge", func(r []string) []string { r[0] = strings.Replace(r[0], "  API", "API", 1); return r }, "not the terminal's 80"},
		{"a row repeats the header", func(r []string) []string { r[4] = header; return r }, "repeats the header"},
		{"a tab missing", func(r []string) []string { r[1] = strings.Replace(r[1], "6 Log", "", 1); return r }, `lacks "6 Log"`},
		{"the tab bar twice", func(r []string) []string { r[4] = r[1]; return r }, "repeats the tab bar"},
		{"the help above the last row", func(r []string) []string { r[4], r[5] = r[5], r[4]; return r }, "not the help"},
		{"the help cut before ? help", func(r []string) []string { r[5] = "↑/k up • ↓/j down • enter open …"; return r }, "not the help"},
		{"too many rows", func(r []string) []string { return append(r, "") }, "7 rows"},
		{"a row too wide", func(r []string) []string { r[3] += strings.Repeat("x", 60); return r }, "cells wide"},
		{"a cut escape sequence", func(r []string) []string { r[3] += "[38;5;1m"; return r }, "escape sequence"},
		{"an essential word cut", func(r []string) []string { r[3] = "> Ada Lovelace           ada@exam…"; return r }, "not on screen whole"},
	}
	for _, c := range cases {
		p := layoutProblem(frame(c.edit), 80, 6, whole)
		if !strings.Contains(p, c.want) {
			t.Errorf("%s: the check says %q, want it to say %q", c.name, p, c.want)
		}
	}
	// The open help must show help, quit and the way to the other views.
	help := frame(func(r []string) []string {
		r[3], r[4], r[5] = "↑/k  up      tab  next view", "↓/j  down    ?    help", "             q    quit"
		return r
	})
	if p := layoutProblem(help, 80, 6, layoutWant{fullHelp: true}); p != "" {
		t.Errorf("a whole open help is found broken: %s", p)
	}
	cut := strings.Replace(help, "tab  next view", "…", 1)
	if p := layoutProblem(cut, 80, 6, layoutWant{fullHelp: true}); !strings.Contains(p, "next view") {
		t.Errorf("an open help without the views is not found: %q", p)
	}
}
