package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// twin is a sandbox with the console's seed: the embedded sandbox of a fresh HOME (and
// `zdops sandbox` with its default seed) holds the same users and tickets, so a journey
// knows what the console should show before it shows it. Writes made through the console
// do not reach the twin.
type twin struct{ *sandbox.Server }

func newTwin(t *testing.T) twin {
	t.Helper()
	s, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return twin{s}
}

// requested lists the tickets the user requested, lowest id first.
func (tw twin) requested(t *testing.T, userID int64) []sandbox.TicketState {
	t.Helper()
	var out []sandbox.TicketState
	for id := int64(1); id <= int64(tw.Size().Tickets); id++ {
		if tk, ok := tw.Ticket(id); ok && tk.RequesterID == userID && !tk.Deleted {
			out = append(out, tk)
		}
	}
	if len(out) != tw.RequestedCount(userID) {
		t.Fatalf("user %d: found %d requested tickets, the sandbox counts %d", userID, len(out), tw.RequestedCount(userID))
	}
	return out
}

// profile is the user's name and primary email.
func (tw twin) profile(t *testing.T, userID int64) sandbox.UserProfileState {
	t.Helper()
	p, ok := tw.UserProfile(userID)
	if !ok || p.Email == "" {
		t.Fatalf("user %d is not in the sandbox", userID)
	}
	return p
}

// groups lists the account's groups, read over the API as the console reads them.
func (tw twin) groups(t *testing.T) []zendesk.Group {
	t.Helper()
	r, err := sandbox.Start(tw.Server, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	email, token, _ := tw.Credentials()
	c, err := zendesk.NewClient(zendesk.Options{BaseURL: r.URL, Credentials: zendesk.Credentials{Email: email, APIToken: token}})
	if err != nil {
		t.Fatal(err)
	}
	groups, err := c.Groups.List().Collect(context.Background())
	if err != nil {
		t.Fatalf("list the twin's groups: %v", err)
	}
	return groups
}

// priorityPlan is what setting the priority to p does to tickets, as the preview should
// say: the ones not closed and not at p already change; the others are skipped.
func priorityPlan(tickets []sandbox.TicketState, p string) (change []sandbox.TicketState, skipped int) {
	for _, tk := range tickets {
		if tk.Status == "closed" || tk.Priority == p {
			skipped++
			continue
		}
		change = append(change, tk)
	}
	return change, skipped
}

// countNoun is "1 ticket", "1,011 tickets": a number and its noun as the console writes them.
func countNoun(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return thousandsOf(n) + " " + noun
}

// thousandsOf writes n as the console does: 1,011.
func thousandsOf(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
