package actions

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/zdops/zdops/zendesk"
)

func TestPlanSetPriorityIsExact(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(0)
	var tickets []zendesk.Ticket
	for tk, err := range e.c.Tickets.Requested(user).All(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		tickets = append(tickets, tk)
	}
	e.s.ResetStats()
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "high"}})

	st := e.s.Stats()
	if w := writes(st); len(w) > 0 {
		t.Fatalf("planning wrote: %v", w)
	}
	if got, want := st.ByRoute["GET /api/v2/users/{id}/tickets/requested"], ceilDiv(len(tickets), 100); got != want {
		t.Errorf("%d list pages for %d tickets, want %d", got, len(tickets), want)
	}
	if st.Total > ceilDiv(len(tickets), 100)+1 {
		t.Errorf("%d requests to plan: %v", st.Total, st.ByRoute)
	}

	changes := map[int64]TicketChange{}
	for _, c := range p.Changes {
		changes[c.ID] = c
	}
	skips := map[int64]string{}
	for _, s := range p.Skipped {
		skips[s.ID] = s.Reason
	}
	if len(changes)+len(skips) != len(tickets) {
		t.Fatalf("%d changes + %d skipped for %d tickets", len(changes), len(skips), len(tickets))
	}
	var closed, already int
	for _, tk := range tickets {
		c, changed := changes[tk.ID]
		switch {
		case tk.Status == "closed":
			closed++
			if skips[tk.ID] != "closed tickets cannot be updated" {
				t.Errorf("closed ticket %d: skip %q, changed %v", tk.ID, skips[tk.ID], changed)
			}
		case tk.Priority == "high":
			already++
			if skips[tk.ID] != "already high" {
				t.Errorf("high ticket %d: skip %q", tk.ID, skips[tk.ID])
			}
		case !changed:
			t.Errorf("ticket %d (%s, %q) not planned: %q", tk.ID, tk.Status, tk.Priority, skips[tk.ID])
		default:
			if c.Before != display(tk.Priority) || c.After != "high" || c.BeforeValue != tk.Priority || c.AfterValue != "high" || c.Subject != tk.Subject {
				t.Errorf("change %+v for ticket %+v", c, tk)
			}
		}
	}
	if closed == 0 || already == 0 || len(changes) < 101 {
		t.Fatalf("the seeded data does not exercise the plan: %d closed, %d already high, %d changes", closed, already, len(changes))
	}
	n := len(p.Changes)
	wantCalls := []string{
		fmt.Sprintf(`PUT /api/v2/tickets/update_many?ids=<100 ids> {"ticket":{"priority":"high"}} x %d`, n/100),
		fmt.Sprintf(`PUT /api/v2/tickets/update_many?ids=<%s> {"ticket":{"priority":"high"}} x 1`, plural(n%100, "id")),
	}
	if n%100 == 0 {
		wantCalls = wantCalls[:1]
	}
	for i, w := range wantCalls {
		if i >= len(p.Calls) || p.Calls[i].String() != w {
			t.Errorf("call %d: %v, want %s", i, p.Calls, w)
		}
	}
	if last := p.Calls[len(p.Calls)-1]; last.Path != "/api/v2/job_statuses/show_many" || last.Times != 0 {
		t.Errorf("no poll call: %v", p.Calls)
	}
	if p.User == nil || p.User.ID != user || p.Field != "priority" || p.Danger || p.ConfirmPhrase != "" || p.Write != WriteUpdateMany {
		t.Errorf("plan header %+v", p)
	}
	if !strings.Contains(p.ID, "-set-priority-") || p.Account != e.url {
		t.Errorf("plan id %q account %q", p.ID, p.Account)
	}
}

func TestPlanSelection(t *testing.T) {
	e := newEnv(t, smallOptions)
	a, b := e.heavy(0), e.heavy(1)
	mine, theirs := e.userTickets(a)[0], e.userTickets(b)[0]
	const missing = 99_999_999
	sel := []int64{mine, theirs, missing, mine}

	p := e.plan(Request{Action: DeleteTickets, Target: Target{UserID: a, TicketIDs: sel}})
	if len(p.Changes) != 1 || p.Changes[0].ID != mine {
		t.Fatalf("changes %+v", p.Changes)
	}
	reasons := map[int64]string{}
	for _, s := range p.Skipped {
		reasons[s.ID] = s.Reason
	}
	if !strings.HasPrefix(reasons[theirs], "not the user's ticket") || !strings.HasPrefix(reasons[missing], "not found") || len(reasons) != 2 {
		t.Errorf("skipped %+v", p.Skipped)
	}
	if !p.Danger || p.ConfirmPhrase == "" || p.ConfirmPhrase != p.User.Email {
		t.Errorf("danger %v, confirm %q", p.Danger, p.ConfirmPhrase)
	}

	// Without a user, every existing ticket counts and the phrase is the count.
	p = e.plan(Request{Action: DeleteTickets, Target: Target{TicketIDs: sel}})
	if len(p.Changes) != 2 || len(p.Skipped) != 1 || p.ConfirmPhrase != "2" || p.User != nil {
		t.Errorf("selection plan: %d changes, %+v, confirm %q", len(p.Changes), p.Skipped, p.ConfirmPhrase)
	}
}

func TestPlanFindsUserByEmail(t *testing.T) {
	e := newEnv(t, smallOptions)
	id, email := e.s.SampleUser("end-user")
	p := e.plan(Request{Action: SuspendUser, Target: Target{UserEmail: strings.ToUpper(email)}})
	if p.User == nil || p.User.ID != id || len(p.UserChanges) != 1 || p.UserChanges[0].ID != id || p.Request.Target.UserID != id {
		t.Fatalf("plan by email: %+v", p)
	}
	if p.ConfirmPhrase != email {
		t.Errorf("confirm phrase %q, want %q", p.ConfirmPhrase, email)
	}
	_, err := e.planner.Plan(context.Background(), Request{Action: SuspendUser, Target: Target{UserEmail: "nobody-here@example.org"}})
	if err == nil || !strings.Contains(err.Error(), "no user has the email nobody-here@example.org") {
		t.Errorf("unknown email: %v", err)
	}
	_, err = e.planner.Plan(context.Background(), Request{Action: SuspendUser, Target: Target{UserID: id, UserEmail: "other@example.org"}})
	if err == nil || !strings.Contains(err.Error(), "not \"other@example.org\"") {
		t.Errorf("id and email disagree: %v", err)
	}
	_, err = e.planner.Plan(context.Background(), Request{Action: SuspendUser, Target: Target{UserID: 12345}})
	if err == nil || !strings.Contains(err.Error(), "user 12345 not found") {
		t.Errorf("unknown id: %v", err)
	}
}

func TestPlanSetStatusClosedOnlyFromSolved(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(0)
	p := e.plan(Request{Action: SetStatus, Target: Target{UserID: user}, Params: Params{Status: "closed"}})
	if !p.Danger || p.ConfirmPhrase == "" {
		t.Error("closing tickets is not marked dangerous")
	}
	var solved, other, closed int
	for _, id := range e.userTickets(user) {
		tk := e.ticket(id)
		in := false
		for _, c := range p.Changes {
			in = in || c.ID == id
		}
		var reason string
		for _, s := range p.Skipped {
			if s.ID == id {
				reason = s.Reason
			}
		}
		switch tk.Status {
		case "solved":
			solved++
			if !in {
				t.Errorf("solved ticket %d not planned: %q", id, reason)
			}
		case "closed":
			closed++
			if reason != "already closed" {
				t.Errorf("closed ticket %d: %q", id, reason)
			}
		default:
			other++
			if want := "only solved tickets can be closed (this one is " + tk.Status + ")"; reason != want {
				t.Errorf("%s ticket %d: %q, want %q", tk.Status, id, reason, want)
			}
		}
	}
	if solved == 0 || other == 0 || closed == 0 {
		t.Fatalf("data does not exercise the rule: %d solved, %d other, %d closed", solved, other, closed)
	}
	if !strings.Contains(strings.Join(p.Consequences, " "), "cannot be reopened") {
		t.Errorf("consequences %q", p.Consequences)
	}
}

func TestPlanValidatesAgentAndGroup(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(1)
	endUser, _ := e.s.SampleUser("end-user")
	ctx := context.Background()
	_, err := e.planner.Plan(ctx, Request{Action: AssignAgent, Target: Target{UserID: user}, Params: Params{AgentID: endUser}})
	if err == nil || !strings.Contains(err.Error(), "not an agent") {
		t.Errorf("end user as agent: %v", err)
	}
	_, err = e.planner.Plan(ctx, Request{Action: AssignAgent, Target: Target{UserID: user}, Params: Params{AgentID: 777}})
	if err == nil || !strings.Contains(err.Error(), "agent 777 not found") {
		t.Errorf("missing agent: %v", err)
	}
	_, err = e.planner.Plan(ctx, Request{Action: AssignGroup, Target: Target{UserID: user}, Params: Params{GroupID: 777}})
	if err == nil || !strings.Contains(err.Error(), "group 777 not found") {
		t.Errorf("missing group: %v", err)
	}
}

func TestChooseUpdateWrite(t *testing.T) {
	changes := func(counts map[string]int) []TicketChange {
		var out []TicketChange
		id := int64(1)
		for v, n := range counts {
			for range n {
				out = append(out, TicketChange{ID: id, AfterValue: v})
				id++
			}
		}
		return out
	}
	if w := chooseUpdateWrite(changes(map[string]int{"high": 100, "low": 100})); w != WriteUpdateMany {
		t.Errorf("2 grouped calls vs 2: %s", w)
	}
	if w := chooseUpdateWrite(changes(map[string]int{"high": 150, "low": 50})); w != WriteUpdateEach {
		t.Errorf("3 grouped calls vs 2: %s", w)
	}
	p := &Plan{ID: "x", Write: WriteUpdateEach, Field: "priority", Changes: changes(map[string]int{"high": 150, "low": 50})}
	bs, err := ticketBatches(p, nil, 1)
	if err != nil || len(bs) != 2 || len(bs[0].Each) != 100 || bs[1].Index != 2 || bs[0].Each[0].ID != bs[0].IDs[0] {
		t.Errorf("update-each batches: %v %v", len(bs), err)
	}
}
