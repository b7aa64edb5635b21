package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// What a person reads at 80x24 must be there whole: the way to help and out, every key in
// the help, and, before a destructive run, what follows and what to type.

// flowText is a frame read as text: styles gone, every run of spaces and line breaks one
// space, so that a sentence wrapped over lines reads as one.
func flowText(frame string) string { return strings.Join(strings.Fields(ansi.Strip(frame)), " ") }

func lastLine(frame string) string {
	lines := strings.Split(ansi.Strip(frame), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// The one-line help keeps "? help • q quit" when the pane's keys do not all fit: at 80
// columns the list's keys used to push them off the edge.
func TestShortHelpKeepsHelpAndQuitAt80(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 80, 24)
	uid, _ := a.srv.SampleUser("end-user")
	check := func(what string) {
		t.Helper()
		f := d.view()
		checkFrame(t, f, 80, 24)
		if l := lastLine(f); !strings.HasSuffix(l, "? help • q quit") {
			t.Errorf("%s: the help line does not end with ? help • q quit: %q", what, l)
		}
	}
	check("users list")
	d.key("6")
	check("log")
	d.key("1")
	d.openUser(uid)
	check("user detail")
	d.key("a")
	check("picker")
	d.key("esc", "2")
	check("tickets")
	// Where everything fits, nothing gives way.
	d.send(tea.WindowSizeMsg{Width: 200, Height: 40})
	if l := lastLine(d.view()); !strings.HasSuffix(l, "tab next view • ? help • q quit") {
		t.Errorf("at 200 columns the help line lost keys: %q", l)
	}
}

// The full help (?) shows every key at 80 columns: the groups that do not fit beside the
// others go underneath, where they used to be cut off behind an ellipsis.
func TestFullHelpShowsEveryKeyAt80(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 80, 24)
	uid, _ := a.srv.SampleUser("end-user")
	check := func(what string, want ...string) {
		t.Helper()
		f := d.view()
		checkFrame(t, f, 80, 24)
		if n := strings.Count(f, "\n") + 1; n != 24 {
			t.Errorf("%s: %d lines, want 24", what, n)
		}
		text := flowText(f)
		for _, w := range append(want, "next view", "previous view", "? help", "q quit", "5 organizations", "6 log") {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the help does not show %q:\n%s", what, w, ansi.Strip(f))
			}
		}
		if strings.Contains(ansi.Strip(f), "…\n") || strings.HasSuffix(ansi.Strip(f), "…") {
			t.Errorf("%s: the help is cut:\n%s", what, ansi.Strip(f))
		}
	}
	d.key("?")
	check("users list", "N new user", "V mark all")
	d.key("?", "6", "?")
	check("log", "u undo", "R resume")
	d.key("?", "1")
	d.openUser(uid)
	d.key("?")
	check("user detail", "e edit profile", "n new ticket")
}

// A destructive preview at 80 columns (and narrower) wraps what follows, what the plan
// does and what to type instead of cutting them: "after that they are gone for good" used
// to be cut off at 80.
func TestDangerPreviewWrapsWhenNarrow(t *testing.T) {
	for _, w := range []int{80, 64} {
		a := newActionAccount(t)
		d := newDriver(t, newActionModel(t, a, nil), w, 24)
		uid, email := a.srv.SampleUser("end-user")
		n := len(requestedTickets(t, a, uid))
		d.openUser(uid)
		d.key("a")
		d.pickAction("Delete tickets")
		f := d.view()
		checkFrame(t, f, w, 24)
		if lines := strings.Count(f, "\n") + 1; lines != 24 {
			t.Errorf("%d columns: %d lines, want 24:\n%s", w, lines, ansi.Strip(f))
		}
		text := flowText(f)
		for _, want := range []string{
			"• Deleted tickets can be restored from Deleted tickets for 30 days; after that they are gone for good.",
			strings.TrimSpace(d.m.pc.styles.DangerText) + " This deletes " + countNoun(n, "ticket") + " (restorable from Deleted tickets for 30 days).",
			"Type " + email + " and press enter to run it; anything else cancels. esc goes back.",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%d columns: the preview does not show whole %q:\n%s", w, want, ansi.Strip(f))
			}
		}
		if l := lastLine(f); !strings.HasPrefix(l, "enter confirm") {
			t.Errorf("%d columns: the last line is not the help: %q", w, l)
		}
		// The input is still right above the status line, and typing goes into it.
		d.typeText("x")
		lines := strings.Split(ansi.Strip(d.view()), "\n")
		if in := strings.TrimRight(lines[len(lines)-3], " "); in != "> x" {
			t.Errorf("%d columns: the line above the status line is %q, want the typed confirmation", w, in)
		}
	}
}
