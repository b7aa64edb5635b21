package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestTmuxJourneySetPriorityAndUndo is a new operator's first change, with an empty HOME:
// find a user by email, open the user's tickets, set their priority to urgent (the preview
// says what changes from what to what, and how many), see the run in the Log, undo it, see
// the priorities back, and find the run and its undo in the audit log after quitting.
func TestTmuxJourneySetPriorityAndUndo(t *testing.T) {
	needTerminal(t) // skip before setting anything up
	tw := newTwin(t)
	id, email := tw.SampleUser("end-user")
	name := tw.profile(t, id).Name
	tickets := tw.requested(t, id)
	change, skipped := priorityPlan(tickets, "urgent")
	if len(change) == 0 {
		t.Fatalf("the sample user's %d tickets are all closed or urgent: nothing to change", len(tickets))
	}

	term := startTerminal(t)
	term.waitFor("first screen", "users loaded", "Sandbox Admin")

	// Find the user by email.
	term.press("/", "search input", "cancel search")
	term.typeText(email)
	term.keys("Enter")
	term.waitFor("search", "1 result", name, email)

	// Open the user: the detail lists the requested tickets with their priorities.
	s := term.press("Enter", "user detail", "Users › "+name, fmt.Sprintf("Requested tickets · all %d", len(tickets)))
	for _, tk := range tickets {
		if got := term.ticketCell("user detail", s, tk.ID, "Priority"); got != tk.Priority {
			t.Fatalf("user detail: ticket %d shows priority %q, the account has %q:\n%s", tk.ID, got, tk.Priority, s)
		}
	}

	// Set priority → urgent: the preview says before → after for each ticket and the counts.
	term.press("a", "action picker", "Action on "+name, "Set priority")
	term.press("Enter", "priority picker", "Priority for "+name, "urgent")
	if s := term.pickerDown("priority picker", 4); !strings.Contains(cursorRow(s), "urgent") {
		t.Fatalf("the priority picker's cursor is not on urgent:\n%s", s)
	}
	affects := fmt.Sprintf("Affects  %s change priority", countNoun(len(change), "ticket"))
	if skipped > 0 {
		affects += " · " + thousandsOf(skipped) + " skipped"
	}
	s = term.press("Enter", "preview", "Set priority → urgent", affects, "Run it?")
	for _, tk := range change {
		before, after := term.ticketCell("preview", s, tk.ID, "Before"), term.ticketCell("preview", s, tk.ID, "After")
		if want := orNone(tk.Priority); before != want || after != "urgent" {
			t.Fatalf("preview: ticket %d shows %q → %q, want %q → urgent:\n%s", tk.ID, before, after, orNone(tk.Priority), s)
		}
	}

	// Confirm and watch it finish.
	n := len(change)
	term.press("y", "run", "Finished: set-priority urgent", fmt.Sprintf("%d of %d done", n, n), "0 failed")

	// The user's detail, reloaded, shows urgent.
	term.press("Escape", "back on the user", "Users › "+name)
	s = term.press("r", "user detail reloaded", fmt.Sprintf("Requested tickets · all %d", len(tickets)))
	s = term.waitUntil("user detail shows urgent", func(s string) bool {
		title, row, ok := tableRow(s, change[0].ID)
		return ok && cell(title, row, "Priority") == "urgent"
	}, "urgent on the changed tickets")
	for _, tk := range change {
		if got := term.ticketCell("after the run", s, tk.ID, "Priority"); got != "urgent" {
			t.Fatalf("after the run: ticket %d shows priority %q, want urgent:\n%s", tk.ID, got, s)
		}
	}

	// The Log has the run with its outcome.
	s = term.press("6", "log", "[6 Log]", "set-priority urgent", "1 run in the audit log")
	runRow := regexp.MustCompile(fmt.Sprintf(`set-priority urgent\s+done\s+%d\s+0\s+%d\s`, n, skipped))
	if !runRow.MatchString(s) {
		t.Fatalf("log: no row says set-priority urgent done, %d ok, 0 failed, %d skipped:\n%s", n, skipped, s)
	}

	// Undo it: its own preview says urgent → the old priority; confirm; it finishes.
	s = term.press("u", "undo preview", "Undo of: Set priority → urgent", fmt.Sprintf("Affects  %s change priority", countNoun(n, "ticket")), "Run it?")
	for _, tk := range change {
		if before, after := term.ticketCell("undo preview", s, tk.ID, "Before"), term.ticketCell("undo preview", s, tk.ID, "After"); before != "urgent" || after != orNone(tk.Priority) {
			t.Fatalf("undo preview: ticket %d shows %q → %q, want urgent → %q:\n%s", tk.ID, before, after, orNone(tk.Priority), s)
		}
	}
	term.press("y", "undo run", "Finished: undo set-priority", fmt.Sprintf("%d of %d done", n, n), "0 failed")
	s = term.press("Escape", "log after undo", "2 runs in the audit log")
	for _, re := range []string{`undo set-priority\s+done \(undo\)`, `set-priority urgent\s+undone`} {
		if !regexp.MustCompile(re).MatchString(s) {
			t.Fatalf("log after undo: no row matches %s:\n%s", re, s)
		}
	}

	// The priorities are back, on the user's detail after a reload.
	term.press("1", "users tab", "[1 Users]", "Users › "+name)
	term.keys("r")
	s = term.waitUntil("user detail after undo", func(s string) bool {
		title, row, ok := tableRow(s, change[0].ID)
		return ok && cell(title, row, "Priority") == change[0].Priority
	}, "the old priorities")
	for _, tk := range tickets {
		if got := term.ticketCell("after undo", s, tk.ID, "Priority"); got != tk.Priority {
			t.Fatalf("after undo: ticket %d shows priority %q, want %q again:\n%s", tk.ID, got, tk.Priority, s)
		}
	}

	term.keys("q")
	term.waitExit()

	// The audit log records the run and its undo, each finished with every ticket done.
	runs := auditRuns(t, term.auditLog())
	if len(runs) != 2 {
		t.Fatalf("the audit log holds %d runs, want the run and its undo: %+v", len(runs), runs)
	}
	run, undo := runs[0], runs[1]
	if run.action != "set-priority" || run.undoOf != "" || run.succeeded != n || run.skipped != skipped {
		t.Fatalf("the audit log's first run is %+v, want set-priority with %d succeeded and %d skipped", run, n, skipped)
	}
	if undo.undoOf != run.id || undo.succeeded != n || undo.failed != 0 {
		t.Fatalf("the audit log's second run is %+v, want the undo of %s with %d succeeded", undo, run.id, n)
	}
}

func orNone(priority string) string {
	if priority == "" {
		return "(none)"
	}
	return priority
}

// auditRun is what the audit log says of one run: its intent and its final record.
type auditRun struct {
	id, action, undoOf         string
	finished                   bool
	succeeded, failed, skipped int
}

// auditRuns reads the audit log as a person reading the file would: every intent starts
// a run, every final record ends one.
func auditRuns(t *testing.T, log []byte) []auditRun {
	t.Helper()
	var runs []auditRun
	index := map[string]int{}
	for i, line := range bytes.Split(bytes.TrimSpace(log), []byte("\n")) {
		var rec struct {
			Type   string `json:"type"`
			Run    string `json:"run"`
			Action string `json:"action"`
			UndoOf string `json:"undo_of"`
			Result struct {
				Succeeded int `json:"succeeded"`
				Failed    int `json:"failed"`
				Skipped   int `json:"skipped"`
			} `json:"result"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("audit log line %d is not JSON: %v\n%s", i+1, err, line)
		}
		switch rec.Type {
		case "intent":
			index[rec.Run] = len(runs)
			runs = append(runs, auditRun{id: rec.Run, action: rec.Action, undoOf: rec.UndoOf})
		case "final":
			k, ok := index[rec.Run]
			if !ok {
				t.Fatalf("audit log line %d ends run %s, which never started", i+1, rec.Run)
			}
			r := &runs[k]
			r.finished, r.succeeded, r.failed, r.skipped = true, rec.Result.Succeeded, rec.Result.Failed, rec.Result.Skipped
		}
	}
	for _, r := range runs {
		if !r.finished {
			t.Fatalf("the audit log never finishes run %s", r.id)
		}
	}
	return runs
}
