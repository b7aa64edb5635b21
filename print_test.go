package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/zdops/zdops/actions"
)

// Subjects, names and reasons come from Zendesk: printed as they are, an escape sequence in
// one could clear the operator's terminal or rewrite what it shows.
func TestPrintedPlanAndResultHoldNoControlCharacters(t *testing.T) {
	hostile := "Refund\x1b[2J\x1b[H please\u202e"
	p := &actions.Plan{
		ID:      "run-1",
		Request: actions.Request{Action: actions.DeleteTickets},
		User:    &actions.UserSummary{ID: 7, Name: hostile, Email: "ada@example.com"},
		Changes: []actions.TicketChange{{ID: 1, Subject: hostile, Before: hostile, After: "deleted"}},
		Skipped: []actions.Skip{{ID: 2, Reason: hostile}},
		Danger:  true, ConfirmPhrase: "ada@example.com",
	}
	var out bytes.Buffer
	printPlan(&out, p)
	printResult(&out, &actions.Result{RunID: "run-1", Failures: []actions.Failure{{ID: 1, Reason: hostile}}})
	if s := out.String(); strings.ContainsAny(s, "\x1b\u202e") || !strings.Contains(s, "Refund[2J[H please") {
		t.Fatalf("control characters reached the output:\n%q", s)
	}
}
