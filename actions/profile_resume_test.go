package actions

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// Resume and undo of profile runs, against the sandbox; the state is read back through
// the API.

func (e *env) org(ext string) zendesk.Organization {
	e.t.Helper()
	o, err := e.planner.findOrganization(context.Background(), OrgRef{ExternalID: ext})
	if err != nil || o == nil {
		e.t.Fatalf("organization %s: %v", ext, err)
	}
	return *o
}

// interrupted applies a plan whose run the sandbox cuts off (a fault on one route) and
// checks that it ends resumable.
func (e *env) interrupted(p *Plan) *Result {
	e.t.Helper()
	res, err := e.runner.Apply(context.Background(), p, nil)
	if err == nil || res == nil || !res.Interrupted || res.Unknown == 0 {
		e.t.Fatalf("apply with a lost answer: %+v, %v", res, err)
	}
	if run := e.run(p.ID); run.Finished() {
		e.t.Fatal("the log shows the cut-off run as finished")
	}
	return res
}

func (e *env) resume(id string) *Result {
	e.t.Helper()
	res, err := e.runner.Resume(context.Background(), id, nil)
	if err != nil {
		e.t.Fatalf("resume %s: %v", id, err)
	}
	if res.Unknown != 0 || res.Failed != 0 || res.Interrupted {
		e.t.Fatalf("resumed: %+v", res)
	}
	return res
}

func (e *env) inject(route, kind string) {
	e.t.Helper()
	if err := e.s.InjectFault(route, kind); err != nil {
		e.t.Fatal(err)
	}
}

// A membership add whose answer was lost (Zendesk made it) is sent again by the resume:
// Zendesk's "already a member" counts as done, and the undo leaves that membership alone,
// since the run cannot tell whether it made it.
func TestResumeMembershipAddAnswerLost(t *testing.T) {
	e, _ := newProfileEnv(t)
	seedSyncFixtures(t, e)
	bob, acme := e.userByExternalID("u-bob"), e.org("acme")
	p := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "u-bob", Name: "Robert Builder", JoinOrganizations: []OrgRef{{ExternalID: "acme"}}}}})
	if len(p.Steps) != 2 {
		t.Fatalf("steps: %+v", p.Steps)
	}
	e.inject("POST /api/v2/organization_memberships", sandbox.FaultResetAfter)
	res := e.interrupted(p)
	if res.Steps[0].State != Succeeded || res.Steps[1].State != Unknown {
		t.Fatalf("steps: %+v", res.Steps)
	}
	if !e.memberOf(bob.ID, acme.ID) {
		t.Fatal("the lost write did not happen: the test proves nothing")
	}
	before := e.s.Stats().ByRoute["POST /api/v2/users/create_or_update"]
	res = e.resume(p.ID)
	if o := res.Steps[1]; o.State != Succeeded || !o.AlreadyDone || !o.Resent || o.MembershipID == 0 {
		t.Fatalf("resumed membership: %+v", o)
	}
	if after := e.s.Stats().ByRoute["POST /api/v2/users/create_or_update"]; after != before {
		t.Errorf("the resume sent the finished upsert again (%d -> %d)", before, after)
	}
	if _, err := e.runner.Resume(context.Background(), p.ID, nil); err == nil || !strings.Contains(err.Error(), "nothing to resume") {
		t.Errorf("a second resume: %v", err)
	}
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Steps) != 1 || u.Steps[0].Kind != StepUpsertUser ||
		!slices.ContainsFunc(u.Skipped, func(s Skip) bool { return strings.Contains(s.Reason, "cannot tell whether it added") }) {
		t.Fatalf("undo: %+v %+v", u.Steps, u.Skipped)
	}
	e.applySteps(u)
	if got := e.getUser(bob.ID); got.Name != "Bob Builder" || !e.memberOf(bob.ID, acme.ID) {
		t.Fatalf("after the undo: %q, member %v", got.Name, e.memberOf(bob.ID, acme.ID))
	}
}

// A removal whose answer was lost is done already: the client sends the DELETE again by
// itself, and Zendesk's 404 counts as done.
func TestMembershipRemoveAnswerLost(t *testing.T) {
	e, _ := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada, globex := e.userByExternalID("u-ada"), e.org("globex")
	p := e.planOK(Request{Action: RemoveFromOrganization, Target: Target{UserID: ada.ID}, Params: Params{Organization: &OrgRef{ExternalID: "globex"}}})
	e.inject("DELETE /api/v2/organization_memberships/{id}", sandbox.FaultResetAfter)
	res := e.applySteps(p)
	if o := res.Steps[0]; o.State != Succeeded || !o.AlreadyDone || o.Note != "already gone" {
		t.Fatalf("removal: %+v", o)
	}
	if e.memberOf(ada.ID, globex.ID) {
		t.Fatal("still a member")
	}
}

// A resumed run sends the steps that never went out; a removal of a membership that is
// gone by then (404) counts as done.
func TestResumeRemovalAlreadyGone(t *testing.T) {
	e, _ := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada, globex := e.userByExternalID("u-ada"), e.org("globex")
	p := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "u-ada", Name: "Ada King", LeaveOrganizations: []OrgRef{{ExternalID: "globex"}}}}})
	e.inject("POST /api/v2/users/create_or_update", sandbox.FaultResetAfter)
	res := e.interrupted(p)
	if res.Steps[1].State != Unknown || res.Steps[1].Reason != "not sent yet" {
		t.Fatalf("the removal went out before the resume: %+v", res.Steps[1])
	}
	if err := e.c.Organizations.RemoveMembership(context.Background(), p.Steps[1].MembershipID); err != nil {
		t.Fatal(err) // somebody else removes it meanwhile
	}
	res = e.resume(p.ID)
	if o := res.Steps[1]; !o.AlreadyDone || o.Note != "already gone" {
		t.Fatalf("resumed removal: %+v", o)
	}
	if got := e.getUser(ada.ID); got.Name != "Ada King" || e.memberOf(ada.ID, globex.ID) {
		t.Fatalf("after the resume: %q", got.Name)
	}
}

// A tracked event whose answer was lost is sent again, and the result says Zendesk may now
// hold it twice (it does: the first one arrived).
func TestResumeTrackedEventSaysItWasResent(t *testing.T) {
	e, _ := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada := e.userByExternalID("u-ada")
	p := e.planOK(Request{Action: TrackEvent, Target: Target{UserID: ada.ID}, Params: Params{Event: &TrackedEvent{Type: "Order Placed"}}})
	e.inject("POST /api/v2/users/{id}/events", sandbox.FaultResetAfter)
	e.interrupted(p)
	res := e.resume(p.ID)
	if o := res.Steps[0]; !o.Resent || !strings.Contains(o.Note, "twice") || !strings.Contains(p.Steps[0].Summary(o), "twice") {
		t.Fatalf("resumed event: %+v", o)
	}
	events, err := e.c.Users.Events(ada.ID).Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("%d events; the lost one and the resent one make 2", len(events))
	}
}

// A user creation whose answer was lost: the resume's create_or_update finds the user the
// first attempt made (200), and the membership that needed its id goes out with it.
func TestResumeUserCreationAnswerLost(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	p := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{
		ExternalID: "u-lost", Email: "lost@example.com", Name: "Lost Answer", JoinOrganizations: []OrgRef{{ExternalID: "acme"}},
	}}})
	e.inject("POST /api/v2/users/create_or_update", sandbox.FaultResetAfter)
	res := e.interrupted(p)
	if res.Steps[0].State != Unknown || res.Steps[1].State != Unknown {
		t.Fatalf("steps: %+v", res.Steps)
	}
	w.reset()
	res = e.resume(p.ID)
	if o := res.Steps[0]; o.Created || !o.Resent || !strings.Contains(o.Note, "first attempt had created it") {
		t.Fatalf("resumed creation: %+v", o)
	}
	u := e.userByExternalID("u-lost")
	if res.Steps[1].UserID != u.ID || !e.memberOf(u.ID, e.org("acme").ID) {
		t.Fatalf("membership: %+v", res.Steps[1])
	}
	if sent := w.writes(); len(sent) != 2 || !strings.Contains(string(sent[1].Body), `"user_id":`+itoa(u.ID)) {
		t.Fatalf("resume sent %+v", sent)
	}
}

// An undo puts back every field an update changed, reverses the memberships and the
// primary email, and says what it cannot reverse.
func TestUndoProfileRun(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada := e.userByExternalID("u-ada")
	acme, globex, numbered := e.org("acme"), e.org("globex"), e.org("12345")
	p := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{
		ExternalID: "u-ada", Name: "Ada King", Phone: "+449999", UserFields: map[string]any{"plan": "pro", "account_id": "A-1"},
		TimeZone: "London", Email: "ada.new@example.com", UpdatePrimaryEmail: true,
		JoinOrganizations: []OrgRef{{Key: "12345"}}, LeaveOrganizations: []OrgRef{{ExternalID: "globex"}},
	}}})
	kinds := make([]StepKind, len(p.Steps))
	for i, s := range p.Steps {
		kinds[i] = s.Kind
	}
	if !slices.Equal(kinds, []StepKind{StepUpsertUser, StepAddIdentity, StepMakePrimary, StepAddMembership, StepRemoveMembership}) {
		t.Fatalf("steps: %v", kinds)
	}
	e.applyChecked(p, w)
	if got := e.getUser(ada.ID); got.Name != "Ada King" || got.Email != "ada.new@example.com" || got.UserFields["plan"] != "pro" ||
		!e.memberOf(ada.ID, numbered.ID) || e.memberOf(ada.ID, globex.ID) {
		t.Fatalf("after the run: %+v", got)
	}
	run := e.run(p.ID)
	if ok, why := run.Undoable(); !ok {
		t.Fatalf("not undoable: %s", why)
	}
	u, err := e.planner.PlanUndo(context.Background(), run)
	if err != nil {
		t.Fatal(err)
	}
	kinds = kinds[:0]
	for _, s := range u.Steps {
		kinds = append(kinds, s.Kind)
	}
	if !slices.Equal(kinds, []StepKind{StepAddMembership, StepRemoveMembership, StepMakePrimary, StepUpsertUser}) {
		t.Fatalf("undo steps: %v", kinds)
	}
	if !slices.ContainsFunc(u.Skipped, func(s Skip) bool { return strings.Contains(s.Reason, "stays, as a secondary email") }) {
		t.Errorf("the added identity is not reported: %+v", u.Skipped)
	}
	e.applyChecked(u, w)
	got := e.getUser(ada.ID)
	if got.Name != "Ada Lovelace" || got.Phone != "+441234" || got.Email != "ada@example.com" || got.UserFields["plan"] != "free" || got.UserFields["account_id"] != nil {
		t.Fatalf("after the undo: %+v", got)
	}
	if !e.memberOf(ada.ID, acme.ID) || !e.memberOf(ada.ID, globex.ID) || e.memberOf(ada.ID, numbered.ID) {
		t.Fatal("memberships are not back")
	}
	if _, err := e.planner.PlanUndo(context.Background(), e.run(p.ID)); err == nil || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo: %v", err)
	}
}

// An undo leaves alone a field somebody changed after the run, and says so.
func TestUndoLeavesLaterChanges(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada := e.userByExternalID("u-ada")
	p := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "u-ada", Name: "Ada King", Phone: "+449999"}}})
	e.applyChecked(p, w)
	e.applyChecked(e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "u-ada", Phone: "+440000"}}}), w)
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Steps) != 1 || len(u.Steps[0].Changes) != 1 || u.Steps[0].Changes[0].Field != "name" ||
		!slices.ContainsFunc(u.Skipped, func(s Skip) bool { return s.Subject == "phone" && strings.Contains(s.Reason, "changed since the run") }) {
		t.Fatalf("undo: %+v %+v", u.Steps, u.Skipped)
	}
	e.applyChecked(u, w)
	if got := e.getUser(ada.ID); got.Name != "Ada Lovelace" || got.Phone != "+440000" {
		t.Fatalf("after the undo: %q %q", got.Name, got.Phone)
	}
}

func TestUndoTicketUpdate(t *testing.T) {
	e, w := newProfileEnv(t)
	id := e.s.SampleTicket("open")
	before, err := e.c.Tickets.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	p := e.planOK(Request{Action: UpdateTicket, Target: Target{TicketIDs: []int64{id}}, Params: Params{
		Status: "pending", Priority: "urgent", CustomFields: map[string]any{"Order number": "ORD-9"},
	}})
	e.applyChecked(p, w)
	u, err := e.planner.PlanUndo(context.Background(), e.run(p.ID))
	if err != nil {
		t.Fatal(err)
	}
	e.applyChecked(u, w)
	after, err := e.c.Tickets.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	value := func(t zendesk.Ticket, field int64) any {
		for _, c := range t.CustomFields {
			if c.ID == field {
				return c.Value
			}
		}
		return nil
	}
	field := p.Steps[0].Changes[len(p.Steps[0].Changes)-1].FieldID
	if after.Status != before.Status || after.Priority != before.Priority || value(after, field) != value(before, field) {
		t.Fatalf("before %s/%s/%v, after the undo %s/%s/%v", before.Status, before.Priority, value(before, field), after.Status, after.Priority, value(after, field))
	}
}

// A run that only created records and tracked events has nothing an undo could reverse.
func TestUndoOfCreationsOnly(t *testing.T) {
	e, w := newProfileEnv(t)
	p := e.planOK(Request{Action: TrackEvent, Params: Params{Event: &TrackedEvent{Type: "Signed Up",
		User: &UserKey{ExternalID: "u-new", Email: "new@example.com", Name: "New Person"}}}})
	e.applyChecked(p, w)
	run := e.run(p.ID)
	if ok, why := run.Undoable(); ok || !strings.Contains(why, "created records stay") {
		t.Fatalf("undoable: %v %q", ok, why)
	}
	u, err := PlanUndo(run)
	if err != nil {
		t.Fatal(err)
	}
	if !u.Empty() || len(u.Skipped) != 2 {
		t.Fatalf("undo: %+v %+v", u.Steps, u.Skipped)
	}
}

func itoa(n int64) string { return idValue(n) }
