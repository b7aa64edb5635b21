package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestTmuxJourneyNarrowTerminalAndResize works in an 80x24 terminal against a slow
// Zendesk (`zdops sandbox` with 200 ms of latency on every answer, in its own process):
// the users list, the help, a user's detail, the action picker, a preview, a destructive
// preview, a run, the Log. Every screen must be whole at that size: nothing cut that
// matters, nothing overlapping, the help on the last row. While the run is going the
// terminal is made larger and then 80x24 again, and the screens must follow. The API token
// must never be on screen.
func TestTmuxJourneyNarrowTerminalAndResize(t *testing.T) {
	needTerminal(t) // skip before setting anything up
	tw := newTwin(t)
	heavy := tw.HeavyRequesters()
	id := heavy[len(heavy)-1] // hundreds of tickets: a run of several batches, slow enough to resize in
	user := tw.profile(t, id)
	change, skipped := priorityPlan(tw.requested(t, id), "urgent")
	n := thousandsOf(len(change))

	sb := startSandboxProcess(t, "latency=200ms")
	term := startTerminalWith(t, terminalOptions{width: 80, height: 24, env: sb.env(), secret: sb.token})

	s := term.waitFor("first screen", "users loaded", "Sandbox Admin")
	term.checkLayout("users list", s, layoutWant{whole: []string{"profile env", "users loaded · more", "Name", "Email", "Status"}})

	// The help lists every key, the way to the other views and out included.
	s = term.press("?", "help on the users list", "half page down")
	term.checkLayout("help on the users list", s, layoutWant{fullHelp: true, whole: []string{"enter open", "space mark"}})
	s = term.closeHelp()
	term.checkLayout("help closed", s, layoutWant{})

	// The user's detail.
	term.press("/", "search input", "cancel search")
	term.typeText(user.Email)
	term.keys("Enter")
	s = term.waitFor("search", "1 result", user.Email)
	term.checkLayout("search result", s, layoutWant{whole: []string{"/ " + user.Email}})
	s = term.press("Enter", "user detail", "Users › "+user.Name, "Requested tickets · 100 loaded")
	term.checkLayout("user detail", s, layoutWant{whole: []string{"Email          " + user.Email, fmt.Sprintf("requested %s", thousandsOf(tw.RequestedCount(id)))}})
	s = term.press("?", "help on the user", "half page down")
	term.checkLayout("help on the user", s, layoutWant{fullHelp: true, whole: []string{"a     action"}})
	term.closeHelp()

	// The picker and a destructive preview: what follows and what to type, whole.
	s = term.press("a", "action picker", "Action on "+user.Name, "Mark tickets as spam")
	term.checkLayout("action picker", s, layoutWant{whole: []string{"Set priority", "Delete tickets", "Mark tickets as spam", "DANGER"}})
	if s := term.pickerDown("action picker", 7); !strings.Contains(cursorRow(s), "Delete tickets") {
		t.Fatalf("the picker's cursor is not on Delete tickets:\n%s", s)
	}
	s = term.press("Enter", "delete preview", "Type "+user.Email)
	term.checkLayout("delete preview", s, layoutWant{
		footer: "esc back • ↑/↓ pgup/pgdn scroll",
		whole: []string{"DANGER", "Delete tickets", fmt.Sprintf("Affects  %s deleted", countNoun(tw.RequestedCount(id), "ticket")),
			"after that they are gone for good.", "Type " + user.Email + " and press enter to run it", "anything else cancels."},
	})
	term.press("Escape", "back to the picker", "Action on "+user.Name)
	term.press("Escape", "picker closed", "Users › "+user.Name)

	// Set priority → urgent: the preview, at 80x24.
	term.press("a", "action picker", "Action on "+user.Name, "Mark tickets as spam")
	s = term.press("Enter", "priority picker", "Priority for "+user.Name, "urgent")
	term.checkLayout("priority picker", s, layoutWant{whole: []string{"low", "normal", "high", "urgent"}})
	if s := term.pickerDown("priority picker", 4); !strings.Contains(cursorRow(s), "urgent") {
		t.Fatalf("the priority picker's cursor is not on urgent:\n%s", s)
	}
	affects := fmt.Sprintf("Affects  %s change priority · %s skipped", countNoun(len(change), "ticket"), thousandsOf(skipped))
	s = term.press("Enter", "preview", "Set priority → urgent", affects)
	term.checkLayout("preview", s, layoutWant{whole: []string{affects, "Before", "After", "Run it? y or enter runs it · esc goes back",
		"Zendesk runs its triggers on every updated ticket: requesters or agents may be notified."}})

	// The run, resized while it goes: larger, then 80x24 again.
	s = term.press("y", "run", "Running: set-priority urgent")
	term.checkLayout("run", s, layoutWant{whole: []string{"Running: set-priority urgent", "0 failed"}})
	// The counts are of the planned tickets from the first frame on, however slow Zendesk is.
	if re := regexp.MustCompile(`[\d,]+ of ` + n + ` done`); !re.MatchString(s) {
		t.Fatalf("run: the counts are not of the %s planned tickets:\n%s", n, s)
	}
	term.resize(120, 34)
	s = term.waitFor("run, larger", "Running: set-priority urgent", "run in progress")
	term.checkLayout("run, larger", s, layoutWant{whole: []string{"Running: set-priority urgent on " + n + " tickets of " + user.Name}})
	s = term.resize(80, 24)
	term.checkLayout("run, 80x24 again", s, layoutWant{})
	s = term.waitFor("run finished", "Finished: set-priority urgent", n+" of "+n+" done", "0 failed")
	term.checkLayout("run finished", s, layoutWant{whole: []string{"Finished: set-priority urgent", n + " of " + n + " done"}})

	// The Log, and its help.
	term.press("Escape", "back on the user", "Users › "+user.Name)
	s = term.press("6", "log", "1 run in the audit log")
	term.checkLayout("log", s, layoutWant{whole: []string{"Started", "Action", "State"}})
	if re := regexp.MustCompile(fmt.Sprintf(`set-priority.*\s+done\s+%s\s+0\s+%s\s`, n, thousandsOf(skipped))); !re.MatchString(s) {
		t.Fatalf("log: no row says set-priority done, %s ok, 0 failed, %d skipped:\n%s", n, skipped, s)
	}
	s = term.press("?", "help on the log", "half page down")
	term.checkLayout("help on the log", s, layoutWant{fullHelp: true, whole: []string{"u     undo", "R     resume"}})
	s = term.closeHelp()
	term.checkLayout("log again", s, layoutWant{})

	term.keys("q")
	term.waitExit()
}

// closeHelp presses ? on the open help and waits until it is gone.
func (term *terminal) closeHelp() string {
	term.t.Helper()
	term.keys("?")
	return term.waitUntil("help closed", func(s string) bool { return !strings.Contains(s, "half page down") }, "the help gone")
}
