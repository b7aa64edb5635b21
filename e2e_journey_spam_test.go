package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestTmuxJourneySpamAndDeleteTypedConfirmation is the destructive path, where the operator
// has to type the user's email: mark a user's tickets as spam, first typing the email
// wrong (the screen says cancelled and nothing changed), then right (Zendesk deletes the
// tickets and suspends the requester, which the user's detail and the Users list then
// show); then delete another user's tickets. The Log and the audit log hold the two runs
// and nothing of the cancelled one.
func TestTmuxJourneySpamAndDeleteTypedConfirmation(t *testing.T) {
	needTerminal(t) // skip before setting anything up
	tw := newTwin(t)
	spamID, spamEmail := tw.SampleUser("end-user")
	spamName := tw.profile(t, spamID).Name
	spamN := tw.RequestedCount(spamID)
	// A requester of very many tickets: the delete takes several batches.
	heavy := tw.HeavyRequesters()
	delID := heavy[len(heavy)-1]
	delUser := tw.profile(t, delID)
	delN := tw.RequestedCount(delID)
	if spamN == 0 || delN == 0 {
		t.Fatalf("the users have %d and %d tickets; both need some", spamN, delN)
	}

	term := startTerminal(t)
	term.waitFor("first screen", "users loaded")

	openUser := func(name, email string) {
		t.Helper()
		term.press("/", "search input", "cancel search")
		term.typeText(email)
		term.keys("Enter")
		term.waitFor("search", "1 result", email)
		term.press("Enter", "user detail", "Users › "+name, "Requested tickets")
	}
	// pick opens the action picker and chooses the action at index (0 is the first).
	pick := func(index int, label string) {
		t.Helper()
		term.press("a", "action picker", "Action on ", label)
		if s := term.pickerDown("action picker", index+1); !strings.Contains(cursorRow(s), label) {
			t.Fatalf("the picker's cursor is not on %s:\n%s", label, s)
		}
		term.keys("Enter")
	}

	// Spam, with the email mistyped: cancelled, and the user is as before.
	openUser(spamName, spamEmail)
	spamPreview := []string{"DANGER", "Mark tickets as spam",
		fmt.Sprintf("Affects  %s marked as spam (deleted) · 1 requester suspended", countNoun(spamN, "ticket")),
		"Type " + spamEmail}
	pick(7, "Mark tickets as spam")
	term.waitFor("spam preview", spamPreview...)
	term.typeText("not-" + spamEmail)
	term.keys("Enter")
	term.waitFor("wrong email", "cancelled: confirmation did not match", "Users › "+spamName)
	term.keys("r")
	s := term.waitFor("nothing changed", fmt.Sprintf("Requested tickets · all %d", spamN), "end-user · active")
	if strings.Contains(s, "suspended") {
		t.Fatalf("a mistyped confirmation suspended the user:\n%s", s)
	}

	// Spam, with the email typed right: the run finishes, the requester is suspended.
	pick(7, "Mark tickets as spam")
	term.waitFor("spam preview again", spamPreview...)
	term.typeText(spamEmail)
	term.keys("Enter")
	term.waitFor("spam run", "Finished: spam-tickets", fmt.Sprintf("%d of %d done", spamN, spamN), "0 failed")
	term.press("Escape", "back on the user", "Users › "+spamName)
	term.keys("r")
	term.waitFor("user detail after spam", "end-user · suspended", "requested 0", "Requested tickets · none")
	s = term.press("Escape", "search results", "1 result", spamEmail)
	if got := userCell(s, spamEmail, "Status"); got != "suspended" {
		t.Fatalf("the Users list shows %s as %q, want suspended:\n%s", spamEmail, got, s)
	}

	// Delete another user's tickets, typing the email.
	term.press("Escape", "full list", "users loaded")
	openUser(delUser.Name, delUser.Email)
	pick(6, "Delete tickets")
	term.waitFor("delete preview", "DANGER", "Delete tickets", fmt.Sprintf("Affects  %s deleted", countNoun(delN, "ticket")), "Type "+delUser.Email)
	term.typeText(delUser.Email)
	term.keys("Enter")
	done := thousandsOf(delN)
	term.waitFor("delete run", "Finished: delete-tickets", done+" of "+done+" done", "0 failed")

	// The Log has both runs, done.
	term.press("Escape", "back on the user", "Users › "+delUser.Name)
	s = term.press("6", "log", "2 runs in the audit log")
	for _, re := range []string{`delete-tickets\s+done\s`, `spam-tickets\s+done\s`} {
		if !regexp.MustCompile(re).MatchString(s) {
			t.Fatalf("log: no row matches %s:\n%s", re, s)
		}
	}
	term.keys("q")
	term.waitExit()

	runs := auditRuns(t, term.auditLog())
	if len(runs) != 2 {
		t.Fatalf("the audit log holds %d runs, want 2 (the mistyped confirmation must start none): %+v", len(runs), runs)
	}
	if r := runs[0]; r.action != "spam-tickets" || r.succeeded != spamN || r.failed != 0 {
		t.Fatalf("the first run is %+v, want spam-tickets with %d succeeded", r, spamN)
	}
	if r := runs[1]; r.action != "delete-tickets" || r.succeeded != delN || r.failed != 0 {
		t.Fatalf("the second run is %+v, want delete-tickets with %d succeeded", r, delN)
	}
}

// userCell reads a cell of the Users list's row of the user with email.
func userCell(screen, email, column string) string {
	var title string
	for _, r := range screenRows(screen) {
		if strings.Contains(r, "Name") && strings.Contains(r, "Email") {
			title = r
		}
		if title != "" && strings.Contains(r, " "+email+" ") {
			return cell(title, r, column)
		}
	}
	return "<no row for " + email + ">"
}
