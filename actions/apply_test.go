package actions

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// checkFinished checks the audit log's account of a run that ended well: an intent first,
// every sent batch done, every planned write with an outcome, a final entry last.
func checkFinished(t *testing.T, e *env, p *Plan, res *Result) Run {
	t.Helper()
	run := e.run(p.ID)
	if !run.Finished() || run.Final.Succeeded != res.Succeeded || run.Final.Failed != res.Failed {
		t.Fatalf("run %s in the log: finished %v, final %+v", p.ID, run.Finished(), run.Final)
	}
	if run.Operator == "" || run.Profile != "test" || run.Plan == nil || run.Plan.ID != p.ID {
		t.Errorf("intent: operator %q profile %q plan %v", run.Operator, run.Profile, run.Plan != nil)
	}
	if pending := run.PendingJobs(); len(pending) > 0 {
		t.Errorf("%d jobs without outcomes", len(pending))
	}
	s, f, u := run.Counts()
	if s != res.Succeeded || f != res.Failed || u != 0 {
		t.Errorf("log counts %d/%d/%d, result %+v", s, f, u, res)
	}
	return run
}

func TestSetPriorityEndToEnd(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(0)
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "urgent"}})
	before := map[int64]sandbox.TicketState{}
	for _, id := range e.userTickets(user) {
		before[id] = e.ticket(id)
	}
	e.s.ResetStats()
	res, events := e.apply(p)

	if res.Succeeded != len(p.Changes) || res.Failed != 0 || res.Skipped != len(p.Skipped) || res.Unknown != 0 || res.Interrupted {
		t.Fatalf("result %+v for %d changes", res, len(p.Changes))
	}
	for _, c := range p.Changes {
		if got := e.ticket(c.ID); got.Priority != "urgent" {
			t.Errorf("ticket %d: priority %q", c.ID, got.Priority)
		}
	}
	for _, s := range p.Skipped {
		if got := e.ticket(s.ID); got.Priority != before[s.ID].Priority || got.Status != before[s.ID].Status {
			t.Errorf("skipped ticket %d changed: %+v -> %+v", s.ID, before[s.ID], got)
		}
	}
	batches := ceilDiv(len(p.Changes), 100)
	w := writes(e.s.Stats())
	if w["PUT /api/v2/tickets/update_many"] != batches || len(w) != 1 {
		t.Errorf("writes %v, want %d update_many", w, batches)
	}
	if n := countKind(events, EventBatchSent); n != batches {
		t.Errorf("%d batch-sent events, want %d", n, batches)
	}
	if n := countKind(events, EventTicketDone); n != len(p.Changes) {
		t.Errorf("%d ticket-done events", n)
	}
	last := events[len(events)-1]
	if last.Kind != EventFinished || last.Done != len(p.Changes) || last.Total != len(p.Changes) || last.RunID != p.ID {
		t.Errorf("last event %+v", last)
	}
	checkFinished(t, e, p, res)

	// The audit file: private, and in order.
	fi, err := os.Stat(e.audit.Path())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("audit file mode %v, %v", fi.Mode(), err)
	}
	raw, _ := os.ReadFile(e.audit.Path())
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if !strings.Contains(lines[0], `"type":"intent"`) || !strings.Contains(lines[len(lines)-1], `"type":"final"`) {
		t.Errorf("first %.60s, last %.60s", lines[0], lines[len(lines)-1])
	}
	if len(lines) != 2+2*batches {
		t.Errorf("%d audit lines, want %d", len(lines), 2+2*batches)
	}
	sent := map[string]int{}
	for i, l := range lines {
		var typ, job string
		if strings.Contains(l, `"type":"batch-sent"`) {
			typ = "sent"
		} else if strings.Contains(l, `"type":"batch-done"`) {
			typ = "done"
		}
		if k := strings.Index(l, `"job_id":"`); k >= 0 {
			job = l[k+10 : k+10+strings.IndexByte(l[k+10:], '"')]
		}
		switch typ {
		case "sent":
			sent[job] = i
		case "done":
			if at, ok := sent[job]; !ok || at > i {
				t.Errorf("line %d: batch-done for job %s before its batch-sent", i+1, job)
			}
		}
	}
	_, token, oauth := e.s.Credentials()
	if strings.Contains(string(raw), token) || strings.Contains(string(raw), oauth) {
		t.Error("the audit log holds a token")
	}

	// Undo puts every ticket's priority back, with the calls its plan listed (per-ticket
	// bodies or one body per value before, whichever takes fewer calls).
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if (u.Write != WriteUpdateMany && u.Write != WriteUpdateEach) || len(u.Changes) != len(p.Changes) || u.UndoOf != p.ID {
		t.Fatalf("undo plan: %s, %d changes, undo of %q", u.Write, len(u.Changes), u.UndoOf)
	}
	e.s.ResetStats()
	ures, _ := e.apply(u)
	if ures.Succeeded != len(p.Changes) || ures.UndoOf != p.ID {
		t.Fatalf("undo result %+v", ures)
	}
	planned := 0
	for _, c := range u.Calls {
		if c.Method == "PUT" {
			planned += c.Times
		}
	}
	if got := writes(e.s.Stats())["PUT /api/v2/tickets/update_many"]; got != planned || got != ceilDiv(len(u.Changes), 100) {
		t.Errorf("undo took %d calls; its plan listed %d", got, planned)
	}
	for id, was := range before {
		if got := e.ticket(id); got.Priority != was.Priority || got.Status != was.Status {
			t.Errorf("after undo ticket %d: %s/%q, was %s/%q", id, got.Status, got.Priority, was.Status, was.Priority)
		}
	}
	if r := e.run(p.ID); r.UndoneBy != u.ID {
		t.Errorf("the log does not say run %s was undone: %q", p.ID, r.UndoneBy)
	}
}

func TestSetStatusEndToEnd(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(1)
	p := e.plan(Request{Action: SetStatus, Target: Target{UserID: user}, Params: Params{Status: "closed"}})
	res, _ := e.apply(p)
	if res.Succeeded != len(p.Changes) || res.Failed != 0 || len(p.Changes) == 0 {
		t.Fatalf("result %+v", res)
	}
	for _, c := range p.Changes {
		if c.Before != "solved" {
			t.Errorf("ticket %d was %s, closing it should have been skipped", c.ID, c.Before)
		}
		if got := e.ticket(c.ID); got.Status != "closed" {
			t.Errorf("ticket %d: %s", c.ID, got.Status)
		}
	}
	for _, s := range p.Skipped {
		if got := e.ticket(s.ID); got.Status == "closed" && !strings.Contains(s.Reason, "already closed") {
			t.Errorf("skipped ticket %d was closed anyway (%s)", s.ID, s.Reason)
		}
	}
	checkFinished(t, e, p, res)

	// Closing cannot be undone: the undo plan says so, ticket by ticket.
	u, err := PlanUndo(e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Changes) != 0 || len(u.Skipped) != len(p.Changes) || !strings.Contains(u.Skipped[0].Reason, "cannot reopen") {
		t.Errorf("undo of closing: %d changes, skipped %+v", len(u.Changes), u.Skipped[:min(2, len(u.Skipped))])
	}
	if !strings.Contains(strings.Join(u.Consequences, " "), "cannot be reopened") {
		t.Errorf("undo consequences %q", u.Consequences)
	}

	// Pending on another user, then undone: each ticket gets its own status back.
	other := e.heavy(2)
	p = e.plan(Request{Action: SetStatus, Target: Target{UserID: other}, Params: Params{Status: "pending"}})
	before := map[int64]string{}
	for _, c := range p.Changes {
		before[c.ID] = c.BeforeValue
	}
	res, _ = e.apply(p)
	if res.Failed != 0 {
		t.Fatalf("pending: %+v", res.Failures[:min(3, len(res.Failures))])
	}
	u, err = e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	ures, _ := e.apply(u)
	wantBack := 0
	for id, st := range before {
		if st == "new" {
			continue // Zendesk cannot go back to new: skipped
		}
		wantBack++
		if got := e.ticket(id).Status; got != st {
			t.Errorf("undo: ticket %d is %s, was %s", id, got, st)
		}
	}
	if ures.Succeeded != wantBack || ures.Failed != 0 {
		t.Errorf("undo result %+v, want %d back", ures, wantBack)
	}
}

func TestAssignAgentAndUndo(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(2)
	agent, _ := e.s.SampleUser("agent")
	ids := e.userTickets(user)
	before := map[int64]sandbox.TicketState{}
	for _, id := range ids {
		before[id] = e.ticket(id)
	}
	p := e.plan(Request{Action: AssignAgent, Target: Target{UserID: user}, Params: Params{AgentID: agent}})
	if p.Field != "assignee" || len(p.Changes) == 0 || !strings.Contains(p.Changes[0].After, "#") {
		t.Fatalf("plan %+v", p.Changes[:1])
	}
	res, _ := e.apply(p)
	if res.Failed != 0 || res.Succeeded != len(p.Changes) {
		t.Fatalf("result %+v", res)
	}
	for _, c := range p.Changes {
		if got := e.ticket(c.ID); got.AssigneeID != agent {
			t.Errorf("ticket %d assigned to %d", c.ID, got.AssigneeID)
		}
	}
	checkFinished(t, e, p, res)

	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.runner.Apply(context.Background(), u, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		got, was := e.ticket(c.ID), before[c.ID]
		if got.AssigneeID != was.AssigneeID || got.GroupID != was.GroupID {
			t.Errorf("undo: ticket %d assignee/group %d/%d, was %d/%d", c.ID, got.AssigneeID, got.GroupID, was.AssigneeID, was.GroupID)
		}
	}
}

func TestAssignGroupAndUndo(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(1)
	group := e.s.SampleGroup()
	before := map[int64]sandbox.TicketState{}
	for _, id := range e.userTickets(user) {
		before[id] = e.ticket(id)
	}
	p := e.plan(Request{Action: AssignGroup, Target: Target{UserID: user}, Params: Params{GroupID: group}})
	res, _ := e.apply(p)
	if res.Failed != 0 || res.Succeeded != len(p.Changes) || len(p.Changes) == 0 {
		t.Fatalf("result %+v", res)
	}
	for _, s := range p.Skipped {
		if !strings.HasPrefix(s.Reason, "already in group") && s.Reason != "closed tickets cannot be updated" {
			t.Errorf("skip reason %q", s.Reason)
		}
	}
	for _, c := range p.Changes {
		if got := e.ticket(c.ID); got.GroupID != group {
			t.Errorf("ticket %d in group %d", c.ID, got.GroupID)
		}
	}
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.runner.Apply(context.Background(), u, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		got, was := e.ticket(c.ID), before[c.ID]
		if got.AssigneeID != was.AssigneeID || got.GroupID != was.GroupID {
			t.Errorf("undo: ticket %d assignee/group %d/%d, was %d/%d", c.ID, got.AssigneeID, got.GroupID, was.AssigneeID, was.GroupID)
		}
	}
}

func TestSuspendRestoreAndUndo(t *testing.T) {
	e := newEnv(t, smallOptions)
	one, email := e.s.SampleUser("end-user")
	p := e.plan(Request{Action: SuspendUser, Target: Target{UserEmail: email}})
	if !p.Danger || p.ConfirmPhrase != email || len(p.UserChanges) != 1 {
		t.Fatalf("plan %+v", p)
	}
	e.s.ResetStats()
	res, events := e.apply(p)
	if res.Succeeded != 1 || !e.suspended(one) || countKind(events, EventUserDone) != 1 {
		t.Fatalf("suspend: %+v, suspended %v", res, e.suspended(one))
	}
	if w := writes(e.s.Stats()); w["PUT /api/v2/users/{id}"] != 1 || len(w) != 1 {
		t.Errorf("writes %v", w)
	}
	checkFinished(t, e, p, res)

	// A selection: the suspended one is skipped, the others restored... after suspending them.
	h := e.s.HeavyRequesters()
	sel := []int64{h[0], h[1], one, 424242}
	p = e.plan(Request{Action: SuspendUser, Target: Target{UserIDs: sel}})
	if len(p.UserChanges) != 2 || len(p.Skipped) != 2 || p.ConfirmPhrase != "2" {
		t.Fatalf("selection plan: %+v skipped %+v", p.UserChanges, p.Skipped)
	}
	res, _ = e.apply(p)
	if res.Succeeded != 2 || !e.suspended(h[0]) || !e.suspended(h[1]) {
		t.Fatalf("suspend selection: %+v", res)
	}
	// Undo restores exactly the two the run suspended, not the one suspended before.
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.UserChanges) != 2 || u.Danger {
		t.Fatalf("undo plan %+v", u.UserChanges)
	}
	e.apply(u)
	if e.suspended(h[0]) || e.suspended(h[1]) || !e.suspended(one) {
		t.Errorf("after undo: %v %v %v", e.suspended(h[0]), e.suspended(h[1]), e.suspended(one))
	}
	// Restore the first one.
	p = e.plan(Request{Action: RestoreUser, Target: Target{UserID: one}})
	if res, _ = e.apply(p); res.Succeeded != 1 || e.suspended(one) {
		t.Errorf("restore: %+v", res)
	}
}

func TestDeleteAndUndo(t *testing.T) {
	e := newEnv(t, smallOptions)
	user := e.heavy(2)
	ids := e.userTickets(user)
	status := map[int64]string{}
	for _, id := range ids {
		status[id] = e.ticket(id).Status
	}
	p := e.plan(Request{Action: DeleteTickets, Target: Target{UserID: user}})
	if len(p.Changes) != len(ids) || len(p.Skipped) != 0 {
		t.Fatalf("delete plans %d of %d tickets (closed ones included)", len(p.Changes), len(ids))
	}
	if !strings.Contains(strings.Join(p.Consequences, " "), "30 days") {
		t.Errorf("consequences %q", p.Consequences)
	}
	res, _ := e.apply(p)
	if res.Succeeded != len(ids) {
		t.Fatalf("result %+v", res)
	}
	for _, id := range ids {
		if !e.ticket(id).Deleted {
			t.Errorf("ticket %d not deleted", id)
		}
	}
	if w := writes(e.s.Stats()); w["DELETE /api/v2/tickets/destroy_many"] != ceilDiv(len(ids), 100) {
		t.Errorf("writes %v", w)
	}
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	ures, _ := e.apply(u)
	if ures.Succeeded != len(ids) {
		t.Fatalf("undo %+v", ures)
	}
	for _, id := range ids {
		if got := e.ticket(id); got.Deleted || got.Status != status[id] {
			t.Errorf("ticket %d after undo: %+v, was %s", id, got, status[id])
		}
	}
	// Undoing twice is refused, and an undo cannot be undone.
	if _, err := e.planner.PlanUndo(context.Background(), e.run(p.ID)); err == nil || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo: %v", err)
	}
	if _, err := e.runner.Apply(context.Background(), u, nil); err == nil {
		t.Error("the same undo plan applied twice")
	}
	if _, err := PlanUndo(e.run(p.ID)); err == nil {
		t.Error("PlanUndo accepted an undone run")
	}
	if _, err := PlanUndo(e.run(u.ID)); err == nil || !strings.Contains(err.Error(), "itself an undo") {
		t.Errorf("undo of an undo: %v", err)
	}
}

func TestSpamSuspendsRequesterAndUndo(t *testing.T) {
	e := newEnv(t, smallOptions)
	user, email := e.s.SampleUser("end-user")
	ids := e.userTickets(user)
	p := e.plan(Request{Action: SpamTickets, Target: Target{UserEmail: email}})
	if len(p.UserChanges) != 1 || p.UserChanges[0].ID != user || !strings.Contains(strings.Join(p.Consequences, " "), "suspends the requester") {
		t.Fatalf("plan: users %+v, consequences %q", p.UserChanges, p.Consequences)
	}
	res, _ := e.apply(p)
	if res.Succeeded != len(ids) || res.Planned != len(ids) {
		t.Fatalf("result %+v", res)
	}
	if !e.suspended(user) {
		t.Error("requester not suspended")
	}
	for _, id := range ids {
		if !e.ticket(id).Deleted {
			t.Errorf("ticket %d not deleted", id)
		}
	}
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.UserChanges) != 1 || u.UserChanges[0].Suspended {
		t.Fatalf("undo users %+v", u.UserChanges)
	}
	ures, _ := e.apply(u)
	if ures.Succeeded != len(ids)+1 || ures.Failed != 0 {
		t.Fatalf("undo result %+v", ures)
	}
	if e.suspended(user) {
		t.Error("requester still suspended after undo")
	}
	for _, id := range ids {
		if e.ticket(id).Deleted {
			t.Errorf("ticket %d still deleted", id)
		}
	}
}

func TestSpamKeepsRequestersSuspendedBefore(t *testing.T) {
	e := newEnv(t, smallOptions)
	user, _ := e.s.SampleUser("end-user")
	e.apply(e.plan(Request{Action: SuspendUser, Target: Target{UserID: user}}))
	p := e.plan(Request{Action: SpamTickets, Target: Target{UserID: user}})
	if len(p.UserChanges) != 0 || len(p.Skipped) != 1 || p.Skipped[0].Kind != "user" {
		t.Fatalf("plan users %+v skipped %+v", p.UserChanges, p.Skipped)
	}
	e.apply(p)
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	e.apply(u)
	if !e.suspended(user) {
		t.Error("undo of spam restored a requester who was suspended before")
	}
}

func TestCreateTicketOnce(t *testing.T) {
	e := newEnv(t, smallOptions)
	user, email := e.s.SampleUser("end-user")
	n := e.s.RequestedCount(user)
	p := e.plan(Request{Action: CreateTicket, Target: Target{UserID: user}, Params: Params{Priority: "high", Tags: []string{"zdops"}}})
	if p.NewTicket == nil || !strings.Contains(p.NewTicket.Comment.Body, email) || !strings.Contains(p.NewTicket.Subject, email) || p.NewTicket.RequesterID != user {
		t.Fatalf("new ticket %+v", p.NewTicket)
	}
	if len(p.Calls) != 1 || p.Calls[0].Method != "POST" || !strings.Contains(p.Calls[0].Note, idempotencyKey(p.ID)) {
		t.Errorf("calls %v", p.Calls)
	}
	res, _ := e.apply(p)
	if res.Succeeded != 1 || res.CreatedTicket == 0 {
		t.Fatalf("result %+v", res)
	}
	got := e.ticket(res.CreatedTicket)
	if got.RequesterID != user || got.Priority != "high" {
		t.Errorf("created %+v", got)
	}
	// The same plan again is refused: the run has started.
	if _, err := e.runner.Apply(context.Background(), p, nil); err == nil || !strings.Contains(err.Error(), "already started") {
		t.Errorf("second apply: %v", err)
	}
	if e.s.RequestedCount(user) != n+1 {
		t.Errorf("user has %d tickets, want %d", e.s.RequestedCount(user), n+1)
	}
	// Undo deletes it.
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Changes) != 1 || u.Changes[0].ID != res.CreatedTicket || !strings.Contains(strings.Join(u.Consequences, " "), "restored") {
		t.Fatalf("undo plan %+v", u)
	}
	if !u.Danger || u.ConfirmPhrase == "" {
		t.Errorf("undoing a creation deletes a ticket but asks no typed confirmation: danger %v, phrase %q", u.Danger, u.ConfirmPhrase)
	}
	e.apply(u)
	if !e.ticket(res.CreatedTicket).Deleted {
		t.Error("created ticket not deleted by undo")
	}
}

func TestApplyRefusesAnotherAccount(t *testing.T) {
	e := newEnv(t, smallOptions)
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: e.heavy(0)}, Params: Params{Priority: "low"}})
	p.Account = "https://elsewhere.zendesk.com"
	if _, err := e.runner.Apply(context.Background(), p, nil); err == nil || !strings.Contains(err.Error(), "elsewhere") {
		t.Errorf("apply on another account: %v", err)
	}
	if w := writes(e.s.Stats()); len(w) > 0 {
		t.Errorf("writes %v", w)
	}
	r := &Runner{Client: e.c}
	if _, err := r.Apply(context.Background(), p, nil); err == nil || !strings.Contains(err.Error(), "audit") {
		t.Errorf("apply without an audit log: %v", err)
	}
}
