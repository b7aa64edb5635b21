package actions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// Each profile operation end to end: planned, applied to the sandbox over HTTP, the bytes
// on the wire compared with the plan, and the resulting state read back through the API.

func (e *env) planOK(r Request) *Plan {
	e.t.Helper()
	p, err := e.planner.Plan(context.Background(), r)
	if err != nil {
		e.t.Fatalf("plan %s: %v", r.Action, err)
	}
	return p
}

func (e *env) applyChecked(p *Plan, w *wire) *Result {
	e.t.Helper()
	w.reset()
	res := e.applySteps(p)
	if res.Failed != 0 || res.Unknown != 0 || res.Succeeded != len(p.Steps) {
		e.t.Fatalf("%s: %+v", p.Title(), res)
	}
	checkSentAsPlanned(e.t.(*testing.T), p, res, w.writes())
	return res
}

func (e *env) getUser(id int64) zendesk.User {
	e.t.Helper()
	u, err := e.c.Users.Get(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) emails(userID int64) (primary string, all []string) {
	e.t.Helper()
	idents, err := e.c.Users.Identities(userID).Collect(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, i := range idents {
		if i.Type != "email" {
			continue
		}
		all = append(all, i.Value)
		if i.Primary {
			primary = i.Value
		}
	}
	return primary, all
}

func TestUpsertUserCreateThenUpdate(t *testing.T) {
	e, w := newProfileEnv(t)
	create := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{
		ExternalID: "ops-1", Email: "ops1@example.com", Name: "Op One", Phone: "+15550100", Tags: []string{"gold", "beta"},
		UserFields:     map[string]any{"plan": "Business", "lifetime_value": "12.50", "nope": 1},
		CreateVerified: true, SkipVerifyEmail: true,
	}}})
	if len(create.Steps) != 1 || !create.Steps[0].Creates || !strings.Contains(string(create.Steps[0].Body), `"verified":true,"skip_verify_email":true`) {
		t.Fatalf("create plan: %+v", create.Steps)
	}
	if len(create.Skipped) != 1 || create.Skipped[0].Subject != "user_fields.nope" {
		t.Fatalf("the unknown user field is not reported: %+v", create.Skipped)
	}
	res := e.applyChecked(create, w)
	if !res.Steps[0].Created || res.Steps[0].UserID == 0 {
		t.Fatalf("not reported as created: %+v", res.Steps[0])
	}
	u := e.userByExternalID("ops-1")
	if u.ID != res.Steps[0].UserID || u.Name != "Op One" || u.Phone != "+15550100" || !u.Verified ||
		u.UserFields["plan"] != "business" || u.UserFields["lifetime_value"] != 12.5 || !slices.Contains(u.Tags, "gold") {
		t.Fatalf("created user: %+v", u)
	}

	update := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{
		ExternalID: "ops-1", Name: "Op Uno", Phone: "+15550100", UserFields: map[string]any{"vip": true},
	}}})
	if len(update.Steps) != 1 || update.Steps[0].Creates || update.Steps[0].Match != "external_id ops-1" {
		t.Fatalf("update plan: %+v", update.Steps)
	}
	var fields []string
	for _, c := range update.Steps[0].Changes {
		fields = append(fields, c.String())
	}
	if got := strings.Join(fields, "; "); got != "name: Op One → Op Uno; user_fields.vip: false → true" {
		t.Errorf("changes: %s", got)
	}
	res = e.applyChecked(update, w)
	if res.Steps[0].Created || res.Steps[0].UserID != u.ID {
		t.Fatalf("update outcome: %+v", res.Steps[0])
	}
	if got := e.getUser(u.ID); got.Name != "Op Uno" || got.UserFields["vip"] != true || got.UserFields["plan"] != "business" {
		t.Fatalf("updated user: %+v", got)
	}
	// The same again changes nothing: no call at all.
	again := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "ops-1", Name: "Op Uno"}}})
	if !again.Empty() {
		t.Fatalf("nothing changes, yet: %+v", again.Steps)
	}
}

func TestUpsertUserNewEmail(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada := e.userByExternalID("u-ada")

	// By default a new email becomes a secondary identity; the primary stays.
	e.applyChecked(e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "u-ada", Email: "ada.two@example.com"}}}), w)
	primary, all := e.emails(ada.ID)
	if primary != "ada@example.com" || !slices.Contains(all, "ada.two@example.com") {
		t.Fatalf("after a secondary email: primary %s, all %v", primary, all)
	}
	// update_primary_email: the identity exists now, so only make_primary is sent.
	p := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "u-ada", Email: "ada.two@example.com", UpdatePrimaryEmail: true}}})
	if len(p.Steps) != 1 || p.Steps[0].Kind != StepMakePrimary {
		t.Fatalf("steps: %+v", p.Steps)
	}
	e.applyChecked(p, w)
	if got := e.getUser(ada.ID); got.Email != "ada.two@example.com" {
		t.Fatalf("primary email %s", got.Email)
	}
	// A brand new email with update_primary_email: add it, then make it primary.
	p = e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "u-ada", Email: "ada.three@example.com", UpdatePrimaryEmail: true}}})
	if len(p.Steps) != 2 || p.Steps[0].Kind != StepAddIdentity || p.Steps[1].Inputs[0] != (StepInput{From: 1, Value: InputIdentityID}) {
		t.Fatalf("steps: %+v", p.Steps)
	}
	e.applyChecked(p, w)
	if primary, all := e.emails(ada.ID); primary != "ada.three@example.com" || len(all) != 3 {
		t.Fatalf("primary %s, all %v", primary, all)
	}
}

func TestMakePrimaryEmail(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	grace, err := FindUserByEmail(context.Background(), e.c, "grace@example.com")
	if err != nil {
		t.Fatal(err)
	}
	p := e.planOK(Request{Action: MakePrimaryEmail, Target: Target{UserID: grace.ID}, Params: Params{Email: "grace.h@example.com"}})
	if len(p.Steps) != 1 || p.Steps[0].PrimaryBeforeValue != "grace@example.com" {
		t.Fatalf("steps: %+v", p.Steps)
	}
	e.applyChecked(p, w)
	if got := e.getUser(grace.ID); got.Email != "grace.h@example.com" {
		t.Fatalf("primary email %s", got.Email)
	}
	p = e.planOK(Request{Action: MakePrimaryEmail, Target: Target{UserID: grace.ID}, Params: Params{Email: "grace.h@example.com"}})
	if !p.Empty() {
		t.Fatalf("already primary, yet %+v", p.Steps)
	}
	// Another user's email is refused before anything is sent.
	if _, err := e.planner.Plan(context.Background(), Request{Action: MakePrimaryEmail, Target: Target{UserID: grace.ID}, Params: Params{Email: "bob@example.com"}}); err == nil || !strings.Contains(err.Error(), "Bob Builder") {
		t.Fatalf("another user's email: %v", err)
	}
}

func TestUpsertOrganizationWithMembers(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada := e.userByExternalID("u-ada")
	p := e.planOK(Request{Action: UpsertOrganization, Params: Params{OrgProfile: &OrganizationProfile{
		ExternalID: "wayne", Name: "Wayne Enterprises", DomainNames: []string{"wayne.example"}, Tags: []string{"gotham"},
		Details: "Bats", URL: "https://wayne.example", OrganizationFields: map[string]any{"region": "AMER", "crm_id": "W-1"},
		Member: &UserKey{ExternalID: "u-ada"},
	}}})
	if len(p.Steps) != 2 || p.Steps[1].Inputs[0].Value != InputOrganizationID {
		t.Fatalf("steps: %+v", p.Steps)
	}
	if !slices.ContainsFunc(p.Skipped, func(s Skip) bool { return s.Subject == "url" }) {
		t.Fatalf("the url is not reported: %+v", p.Skipped)
	}
	res := e.applyChecked(p, w)
	orgID := res.Steps[0].OrganizationID
	org, err := e.c.Organizations.Get(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	if org.Name != "Wayne Enterprises" || org.ExternalID != "wayne" || org.Details != "Bats" || org.OrganizationFields["region"] != "amer" || org.OrganizationFields["crm_id"] != "W-1" {
		t.Fatalf("organization: %+v", org)
	}
	if !e.memberOf(ada.ID, orgID) {
		t.Fatal("Ada is not a member")
	}
	// A member that does not exist yet is created first, then added.
	p = e.planOK(Request{Action: UpsertOrganization, Params: Params{OrgProfile: &OrganizationProfile{
		ExternalID: "wayne", Name: "Wayne Corp", Member: &UserKey{ExternalID: "u-alfred", Email: "alfred@example.com", Name: "Alfred"},
	}}})
	if len(p.Steps) != 3 || p.Steps[1].Kind != StepUpsertUser || !p.Steps[1].Creates {
		t.Fatalf("steps: %+v", p.Steps)
	}
	res = e.applyChecked(p, w)
	alfred := e.userByExternalID("u-alfred")
	if !e.memberOf(alfred.ID, orgID) || res.Steps[1].UserID != alfred.ID {
		t.Fatalf("Alfred: %+v, %+v", alfred, res.Steps)
	}
	if org, _ := e.c.Organizations.Get(context.Background(), orgID); org.Name != "Wayne Corp" {
		t.Fatalf("name %q", org.Name)
	}
}

// The membership to remove is found among all of the user's memberships, not only the first.
func TestAddAndRemoveMembership(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada := e.userByExternalID("u-ada")
	org := func(ext string) zendesk.Organization {
		o, err := e.planner.findOrganization(context.Background(), OrgRef{ExternalID: ext})
		if err != nil || o == nil {
			t.Fatalf("%s: %v", ext, err)
		}
		return *o
	}
	acme, globex, numbered := org("acme"), org("globex"), org("12345")

	p := e.planOK(Request{Action: AddToOrganization, Target: Target{UserID: ada.ID}, Params: Params{Organization: &OrgRef{ID: numbered.ID}}})
	e.applyChecked(p, w)
	p = e.planOK(Request{Action: RemoveFromOrganization, Target: Target{UserID: ada.ID}, Params: Params{Organization: &OrgRef{ExternalID: "globex"}}})
	if len(p.Steps) != 1 || p.Steps[0].Kind != StepRemoveMembership || !slices.ContainsFunc(p.Consequences, func(c string) bool { return strings.Contains(c, "unassign") }) {
		t.Fatalf("remove plan: %+v %v", p.Steps, p.Consequences)
	}
	e.applyChecked(p, w)
	if !e.memberOf(ada.ID, acme.ID) || e.memberOf(ada.ID, globex.ID) || !e.memberOf(ada.ID, numbered.ID) {
		t.Fatal("memberships after the removal are not acme and numbered")
	}
	for _, tc := range []struct {
		action ActionID
		ref    OrgRef
		reason string
	}{
		{RemoveFromOrganization, OrgRef{ExternalID: "globex"}, "not a member"},
		{AddToOrganization, OrgRef{Key: "12345"}, "already a member"},
	} {
		p := e.planOK(Request{Action: tc.action, Target: Target{UserID: ada.ID}, Params: Params{Organization: &tc.ref}})
		if !p.Empty() || len(p.Skipped) != 1 || !strings.Contains(p.Skipped[0].Reason, tc.reason) {
			t.Errorf("%s %v: %+v %+v", tc.action, tc.ref, p.Steps, p.Skipped)
		}
	}
	if _, err := e.planner.Plan(context.Background(), Request{Action: AddToOrganization, Target: Target{UserID: ada.ID}, Params: Params{Organization: &OrgRef{ExternalID: "nope"}}}); err == nil {
		t.Error("adding to an organization that does not exist was planned")
	}
}

func TestDeleteOrganization(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	p := e.planOK(Request{Action: DeleteOrganization, Params: Params{Organization: &OrgRef{ExternalID: "globex"}}})
	if !p.Danger || p.ConfirmPhrase != "Globex" || len(p.Steps) != 1 || !p.Steps[0].Danger {
		t.Fatalf("plan: danger %v, phrase %q, %+v", p.Danger, p.ConfirmPhrase, p.Steps)
	}
	res := e.applyChecked(p, w)
	if _, err := e.c.Organizations.Get(context.Background(), res.Steps[0].OrganizationID); !isNotFound(err) {
		t.Fatalf("the organization is still there: %v", err)
	}
	if ok, why := e.run(p.ID).Undoable(); ok || !strings.Contains(why, "deleted organizations") {
		t.Errorf("undoable: %v %q", ok, why)
	}
}

func TestUpdateTicketCustomFieldsAndRequester(t *testing.T) {
	e, w := newProfileEnv(t)
	id := e.s.SampleTicket("open")
	p := e.planOK(Request{Action: UpdateTicket, Target: Target{TicketIDs: []int64{id}}, Params: Params{
		Subject: "Checked by zdops", Priority: "high", Tags: []string{"zdops", "checked"},
		CustomFields: map[string]any{"Product area": "Mobile app", "affected features": []any{"Export", "feature_sso"}, "Units affected": 3, "Order number": 12345},
		Requester:    &zendesk.Requester{Name: "New Requester", Email: "requester.new@example.com"},
	}})
	if len(p.Steps) != 2 || p.Steps[0].Kind != StepUpsertUser || !strings.Contains(string(p.Steps[1].Body), `"requester_id":"{user id from step 1}"`) {
		t.Fatalf("steps: %+v", p.Steps)
	}
	res := e.applyChecked(p, w)
	tk, err := e.c.Tickets.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	values := map[int64]any{}
	for _, c := range tk.CustomFields {
		values[c.ID] = c.Value
	}
	fields, err := e.c.TicketFields.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]any{}
	for _, f := range fields {
		byTitle[f.Title] = values[f.ID]
	}
	if tk.Subject != "Checked by zdops" || tk.Priority != "high" || tk.RequesterID != res.Steps[0].UserID || !slices.Contains(tk.Tags, "zdops") || !slices.Contains(tk.Tags, "checked") {
		t.Fatalf("ticket: %+v", tk)
	}
	if byTitle["Product area"] != "area_mobile" || fmt.Sprint(byTitle["Units affected"]) != "3" || byTitle["Order number"] != "12345" {
		t.Fatalf("custom fields: %v", byTitle)
	}
	if got, _ := byTitle["Affected features"].([]any); len(got) != 2 {
		t.Fatalf("multiselect: %v", byTitle["Affected features"])
	}

	// Values are checked against the fields before anything is sent.
	for _, tc := range []struct {
		fields map[string]any
		want   string
	}{
		{map[string]any{"Product area": "Kitchen sink"}, "not one of the options"},
		{map[string]any{"Affected features": []any{"Export", "Teleport"}}, `"Teleport" is not one of the options`},
		{map[string]any{"Units affected": 2.5}, "not a whole number"},
		{map[string]any{"Color": "red"}, "no custom ticket field is titled"},
		{map[string]any{"Priority": "high"}, "Zendesk's own ticket fields"},
	} {
		w.reset()
		_, err := e.planner.Plan(context.Background(), Request{Action: UpdateTicket, Target: Target{TicketIDs: []int64{id}}, Params: Params{CustomFields: tc.fields}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.fields, err, tc.want)
		}
		if len(w.writes()) != 0 {
			t.Errorf("%v: a refused plan wrote", tc.fields)
		}
	}
}

func TestCreateTicketForRequesterByEmail(t *testing.T) {
	e, _ := newProfileEnv(t)
	group := e.s.SampleGroup()
	members, err := e.c.Groups.Memberships(group).Collect(context.Background())
	if err != nil || len(members) == 0 {
		t.Fatalf("members of group %d: %v, %v", group, members, err)
	}
	agentID := members[0].UserID
	p := e.planOK(Request{Action: CreateTicket, Params: Params{
		Subject: "Welcome", Body: "Hello", Status: "pending", GroupID: group, AgentID: agentID, Type: "question",
		Requester:    &zendesk.Requester{Name: "Brand New", Email: "brand.new@example.com"},
		CustomFields: map[string]any{"Product area": "area_api", "Escalated to engineering": true},
	}})
	if p.Write != WriteCreate || p.NewTicket.Requester == nil || len(p.NewTicket.CustomFields) != 2 || p.NewTicket.Status != "pending" {
		t.Fatalf("plan: %+v", p.NewTicket)
	}
	res, _ := e.apply(p)
	if res.CreatedTicket == 0 {
		t.Fatalf("no ticket: %+v", res)
	}
	tk, err := e.c.Tickets.Get(context.Background(), res.CreatedTicket)
	if err != nil {
		t.Fatal(err)
	}
	requester, err := FindUserByEmail(context.Background(), e.c, "brand.new@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != "pending" || tk.GroupID != group || tk.AssigneeID != agentID || tk.RequesterID != requester.ID || requester.Name != "Brand New" {
		t.Fatalf("ticket %+v, requester %+v", tk, requester)
	}
	// Exactly one of a target user and a requester.
	bad := Request{Action: CreateTicket, Target: Target{UserID: requester.ID}, Params: Params{Requester: &zendesk.Requester{Email: "x@example.com"}}}
	if err := bad.Validate(); err == nil {
		t.Error("a target user and a requester together were accepted")
	}
	if err := (Request{Action: CreateTicket}).Validate(); err == nil || !strings.Contains(err.Error(), "requester") {
		t.Errorf("no requester: %v", err)
	}
}

func TestTrackEventOnUser(t *testing.T) {
	e, w := newProfileEnv(t)
	seedSyncFixtures(t, e)
	ada := e.userByExternalID("u-ada")
	when := time.Date(2025, 1, 31, 12, 0, 0, 0, time.FixedZone("", 2*3600))
	p := e.planOK(Request{Action: TrackEvent, Target: Target{UserID: ada.ID}, Params: Params{Event: &TrackedEvent{
		Type: "Order Placed", Description: "Order A1", Properties: map[string]any{"order": "A1", "total": 9.5}, Source: "shop",
		CreatedAt: &when,
	}}})
	e.applyChecked(p, w)
	events, err := e.c.Users.Events(ada.ID).Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Type != "Order Placed" || events[0].Source != "shop" || events[0].Properties["order"] != "A1" ||
		events[0].CreatedAt == nil || !events[0].CreatedAt.Equal(when) {
		t.Fatalf("events: %+v", events)
	}
	if ok, _ := e.run(p.ID).Undoable(); ok {
		t.Error("a tracked event is offered for undo")
	}
	if err := (Request{Action: TrackEvent, Target: Target{UserID: ada.ID}, Params: Params{Event: &TrackedEvent{Type: "x", Source: "Zendesk"}}}).Validate(); err == nil || !strings.Contains(err.Error(), "reserved") {
		t.Errorf("source zendesk: %v", err)
	}
}

// Validate keeps the new parameters as strict as the old: an action refuses what it does
// not use, and each says what it needs.
func TestProfileParamsValidate(t *testing.T) {
	user := Target{UserID: 7}
	cases := []struct {
		r    Request
		want string
	}{
		{Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{Email: "a@b.c"}, Priority: "high"}}, "does not use priority"},
		{Request{Action: SetPriority, Target: user, Params: Params{Priority: "high", Profile: &UserProfile{}}}, "does not use profile"},
		{Request{Action: TrackEvent, Target: user, Params: Params{Event: &TrackedEvent{Type: "x"}, Email: "a@b.c"}}, "does not use email"},
		{Request{Action: UpsertUser}, "no profile"},
		{Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{Name: "x"}}}, "names no user"},
		{Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{Email: "not-an-email"}}}, "not an email"},
		{Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{Email: "a@b.c", Tags: []string{"two words"}}}}, "one word"},
		{Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{Email: "a@b.c", JoinOrganizations: []OrgRef{{ID: 1, ExternalID: "x"}}}}}, "exactly one"},
		{Request{Action: MakePrimaryEmail, Target: user}, "no email"},
		{Request{Action: MakePrimaryEmail, Params: Params{Email: "a@b.c"}}, "no target"},
		{Request{Action: UpsertOrganization, Params: Params{OrgProfile: &OrganizationProfile{Details: "x"}}}, "no id, external_id or name"},
		{Request{Action: UpsertOrganization, Params: Params{OrgProfile: &OrganizationProfile{Name: "x", DomainNames: []string{"http://x"}}}}, "bare domain"},
		{Request{Action: DeleteOrganization}, "no organization"},
		{Request{Action: AddToOrganization, Target: user, Params: Params{Organization: &OrgRef{}}}, "exactly one"},
		{Request{Action: TrackEvent, Target: user, Params: Params{Event: &TrackedEvent{}}}, "no type"},
		{Request{Action: TrackEvent, Params: Params{Event: &TrackedEvent{Type: "x"}}}, "no user"},
		{Request{Action: UpdateTicket, Target: Target{TicketIDs: []int64{1, 2}}, Params: Params{Priority: "high"}}, "one ticket"},
		{Request{Action: UpdateTicket, Target: Target{TicketIDs: []int64{1}}}, "nothing to change"},
		{Request{Action: UpdateTicket, Target: user, Params: Params{Priority: "high"}}, "one ticket"},
		{Request{Action: CreateTicket, Target: user, Params: Params{Status: "closed"}}, "status"},
	}
	for _, tc := range cases {
		if err := tc.r.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %+v: %v, want %q", tc.r.Action, tc.r.Params, err, tc.want)
		}
	}
	ok := []Request{
		{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "x"}}},
		{Action: UpsertUser, Target: user, Params: Params{Profile: &UserProfile{Name: "x"}}},
		{Action: UpsertOrganization, Params: Params{OrgProfile: &OrganizationProfile{ExternalID: "x"}}},
		{Action: TrackEvent, Params: Params{Event: &TrackedEvent{Type: "x", User: &UserKey{Email: "a@b.c"}}}},
		{Action: UpdateTicket, Target: Target{TicketIDs: []int64{1}}, Params: Params{CustomFields: map[string]any{"x": 1}}},
		{Action: CreateTicket, Params: Params{Requester: &zendesk.Requester{Email: "a@b.c"}, Status: "new"}},
	}
	for _, r := range ok {
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", r.Action, err)
		}
	}
}

// An email with characters a query string treats specially (+, &) is found: the search
// query is URL-encoded, so the user is updated, not created twice.
func TestFindUserByEmailWithPlus(t *testing.T) {
	e, w := newProfileEnv(t)
	for _, email := range []string{"plus+tag@example.com", "amp&er@example.com"} {
		e.applyChecked(e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{Email: email, Name: "First"}}}), w)
		p := e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{Email: email, Name: "Second"}}})
		if len(p.Steps) != 1 || p.Steps[0].Creates || p.Steps[0].Match != "email "+email {
			t.Fatalf("%s: %+v", email, p.Steps)
		}
	}
}

// An edit of user A that sets an external_id user B holds is refused at planning:
// create_or_update would find B by it, not A by email as the preview would say.
func TestUpsertUserTargetExternalIDOfAnotherUser(t *testing.T) {
	e, w := newProfileEnv(t)
	a := e.applyChecked(e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "rv-a", Email: "rva@example.com", Name: "A"}}}), w)
	e.applyChecked(e.planOK(Request{Action: UpsertUser, Params: Params{Profile: &UserProfile{ExternalID: "rv-b", Email: "rvb@example.com", Name: "B"}}}), w)
	_, err := e.planner.Plan(context.Background(), Request{Action: UpsertUser, Target: Target{UserID: a.Steps[0].UserID},
		Params: Params{Profile: &UserProfile{ExternalID: "rv-b", Name: "A renamed"}}})
	if err == nil || !strings.Contains(err.Error(), "external_id rv-b belongs to user") {
		t.Fatalf("planning an external_id another user holds: %v", err)
	}
	// A free external_id is still planned, matched by the user's email.
	p := e.planOK(Request{Action: UpsertUser, Target: Target{UserID: a.Steps[0].UserID},
		Params: Params{Profile: &UserProfile{ExternalID: "rv-c"}}})
	if len(p.Steps) != 1 || p.Steps[0].Match != "email rva@example.com" {
		t.Fatalf("plan: %+v", p.Steps)
	}
	e.applyChecked(p, w)
	if got := e.userByExternalID("rv-c"); got.ID != a.Steps[0].UserID {
		t.Fatalf("rv-c is on user %d, want %d", got.ID, a.Steps[0].UserID)
	}
}
