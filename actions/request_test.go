package actions

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	user := Target{UserID: 5}
	cases := []struct {
		name string
		r    Request
		want string // "" means valid; else a substring of the error
	}{
		{"priority ok", Request{Action: SetPriority, Target: user, Params: Params{Priority: "high"}}, ""},
		{"bad priority lists values", Request{Action: SetPriority, Target: user, Params: Params{Priority: "hgh"}}, `priority "hgh" is not one of low, normal, high, urgent`},
		{"missing priority", Request{Action: SetPriority, Target: user}, "no priority: give one of low, normal, high, urgent"},
		{"bad status", Request{Action: SetStatus, Target: user, Params: Params{Status: "new"}}, "is not one of open, pending, hold, solved, closed"},
		{"closed ok", Request{Action: SetStatus, Target: user, Params: Params{Status: "closed"}}, ""},
		{"missing agent", Request{Action: AssignAgent, Target: user}, "no agent"},
		{"missing group", Request{Action: AssignGroup, Target: user}, "no group"},
		{"unused param", Request{Action: SetPriority, Target: user, Params: Params{Priority: "low", Status: "open"}}, "does not use status"},
		{"unknown action", Request{Action: "explode", Target: user}, "valid actions are set-priority, set-status"},
		{"no target", Request{Action: SetPriority, Params: Params{Priority: "low"}}, "no target: give a user (id or email) or a selection of tickets"},
		{"bad email", Request{Action: SuspendUser, Target: Target{UserEmail: "nobody"}}, `"nobody" is not an email address`},
		{"email ok", Request{Action: SuspendUser, Target: Target{UserEmail: "a@b.c"}}, ""},
		{"tickets for suspend", Request{Action: SuspendUser, Target: Target{TicketIDs: []int64{1}}}, "not on a selection of tickets"},
		{"users for delete", Request{Action: DeleteTickets, Target: Target{UserIDs: []int64{1}}}, "does not take a selection of users"},
		{"user and users", Request{Action: RestoreUser, Target: Target{UserID: 1, UserIDs: []int64{2}}}, "not both"},
		{"selection ok", Request{Action: SpamTickets, Target: Target{TicketIDs: []int64{1, 2}}}, ""},
		{"selection with user ok", Request{Action: DeleteTickets, Target: Target{UserID: 3, TicketIDs: []int64{1, 2}}}, ""},
		{"negative id", Request{Action: DeleteTickets, Target: Target{TicketIDs: []int64{-1}}}, "not a Zendesk id"},
		{"create needs a user", Request{Action: CreateTicket, Target: Target{TicketIDs: []int64{1}}}, "not on a selection of tickets"},
		{"create ok", Request{Action: CreateTicket, Target: user, Params: Params{Subject: "s", Priority: "high", Type: "task", Tags: []string{"a", "b_c"}}}, ""},
		{"create bad type", Request{Action: CreateTicket, Target: user, Params: Params{Type: "bug"}}, `type "bug" is not one of question, incident, problem, task`},
		{"create bad tag", Request{Action: CreateTicket, Target: user, Params: Params{Tags: []string{"two words"}}}, "without spaces"},
	}
	for _, c := range cases {
		err := c.r.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", c.name, err)
		case c.want != "" && err == nil:
			t.Errorf("%s: no error, want %q", c.name, c.want)
		case c.want != "" && !strings.Contains(err.Error(), c.want):
			t.Errorf("%s: error %q, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestCatalog(t *testing.T) {
	specs := Catalog()
	if len(specs) != 17 { // 9 ticket and user actions, 8 customer-profile ones
		t.Fatalf("%d actions", len(specs))
	}
	for _, s := range specs {
		got, ok := Lookup(" " + strings.ToUpper(string(s.ID)) + " ")
		if !ok || got.ID != s.ID || got.Title == "" || got.Undo == "" || got.Description == "" {
			t.Errorf("lookup %s: %+v %v", s.ID, got, ok)
		}
	}
	for _, id := range []ActionID{DeleteTickets, SpamTickets, SuspendUser} {
		if s, _ := Lookup(string(id)); !s.Danger {
			t.Errorf("%s is not marked dangerous", id)
		}
	}
	if s, _ := Lookup("set-priority"); len(s.Needs) != 1 || s.Needs[0] != ParamPriority {
		t.Errorf("set-priority needs %v", s.Needs)
	}
	specs[0].Needs = append(specs[0].Needs[:0], "mutated")
	if again := Catalog(); len(again[0].Needs) > 0 && again[0].Needs[0] == "mutated" {
		t.Error("Catalog hands out its own slices")
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("unknown id found")
	}
}

func TestConfirmed(t *testing.T) {
	p := &Plan{Danger: true, ConfirmPhrase: "Ada@Example.org"}
	if !p.Confirmed(" ada@example.org ") || p.Confirmed("ada@example") || p.Confirmed("") {
		t.Error("email confirmation")
	}
	p = &Plan{Danger: true, ConfirmPhrase: "12"}
	if !p.Confirmed("12") || p.Confirmed("13") {
		t.Error("count confirmation")
	}
	if !(&Plan{}).Confirmed("") {
		t.Error("a safe plan needs no confirmation")
	}
}
