package zendesk_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

func TestUserCreateOrUpdateCreatedThenUpdated(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	c := h.client
	u, created, err := c.Users.CreateOrUpdate(ctx, zendesk.UserUpsert{
		Name: "Grace Hopper", Email: "grace@example.com", ExternalID: "CRM-77", Verified: zendesk.Ptr(true),
		UserFields: map[string]any{"plan": "enterprise", "vip": true},
	})
	if err != nil || !created || u.ID == 0 || u.Email != "grace@example.com" || !u.Verified || u.UserFields["plan"] != "enterprise" {
		t.Fatalf("create: created=%v err=%v user=%+v", created, err, u)
	}
	again, created, err := c.Users.CreateOrUpdate(ctx, zendesk.UserUpsert{ExternalID: "crm-77", Notes: "second sync", UserFields: map[string]any{"lifetime_value": 42.5}})
	if err != nil || created || again.ID != u.ID || again.ExternalID != "crm-77" || again.Notes != "second sync" ||
		again.UserFields["lifetime_value"] != 42.5 || again.UserFields["plan"] != "enterprise" {
		t.Fatalf("update: created=%v err=%v user=%+v", created, err, again)
	}
	if found, err := c.Users.FindByExternalID(ctx, "CRM-77"); err != nil || len(found) != 1 || found[0].ID != u.ID {
		t.Fatalf("one user for the external id: %v %v", found, err)
	}

	// What Zendesk refuses comes back as a *Error with the details.
	_, _, err = c.Users.CreateOrUpdate(ctx, zendesk.UserUpsert{Email: "new@example.com", UserFields: map[string]any{"plna": "pro"}})
	var zerr *zendesk.Error
	if !errors.As(err, &zerr) || zerr.Status != 422 || zerr.Code != "RecordInvalid" || len(zerr.Details["user_fields"]) != 1 ||
		!strings.Contains(zerr.Details["user_fields"][0].Description, `"plna"`) {
		t.Fatalf("unknown user field: %v", err)
	}
	// Without email or external id nothing is sent.
	before := h.sb.Stats().Total
	if _, _, err := c.Users.CreateOrUpdate(ctx, zendesk.UserUpsert{Name: "Nobody"}); err == nil || !strings.Contains(err.Error(), "Email or ExternalID") {
		t.Fatalf("no identifier: %v", err)
	}
	if n := h.sb.Stats().Total - before; n != 0 {
		t.Errorf("a refused upsert sent %d requests", n)
	}
	// Each upsert is one request.
	if n := h.sb.Stats().ByRoute["POST /api/v2/users/create_or_update"]; n != 3 {
		t.Errorf("create_or_update sent %d times, want 3", n)
	}
}

func TestSecondaryEmailThenMakePrimary(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	c := h.client
	uid, email := h.sb.SampleUser("end-user")
	u, created, err := c.Users.CreateOrUpdate(ctx, zendesk.UserUpsert{Email: strings.ToUpper(email), Details: "x"})
	if err != nil || created || u.ID != uid || u.Details != "x" {
		t.Fatalf("match by email: %v %v %+v", created, err, u)
	}
	// Found by external id, an email that is not the user's becomes a secondary,
	// unverified address.
	if _, _, err = c.Users.CreateOrUpdate(ctx, zendesk.UserUpsert{ExternalID: mustExternalID(t, c, uid), Email: "second.address@example.com"}); err != nil {
		t.Fatal(err)
	}
	ids, err := c.Users.Identities(uid).Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ids, func(id zendesk.Identity) bool { return id.Value == "second.address@example.com" })
	if i < 0 || ids[i].Primary || ids[i].Verified {
		t.Fatalf("secondary identity: %+v", ids)
	}
	if got, _ := c.Users.Get(ctx, uid); got.Email != email {
		t.Fatalf("the primary changed: %q", got.Email)
	}
	all, err := c.Users.MakePrimaryIdentity(ctx, uid, ids[i].ID)
	if err != nil || len(all) != len(ids) || all[0].ID != ids[i].ID || !all[0].Primary {
		t.Fatalf("make primary: %v %+v", err, all)
	}
	if got, _ := c.Users.Get(ctx, uid); got.Email != "second.address@example.com" {
		t.Fatalf("user email after make_primary: %q", got.Email)
	}
	// AddIdentity, then the same address again: 422.
	id, err := c.Users.AddIdentity(ctx, uid, zendesk.NewIdentity{Type: "email", Value: "third@example.com", SkipVerifyEmail: zendesk.Ptr(true)})
	if err != nil || id.ID == 0 || id.Primary || id.UserID != uid {
		t.Fatalf("add identity: %v %+v", err, id)
	}
	_, err = c.Users.AddIdentity(ctx, uid, zendesk.NewIdentity{Type: "email", Value: "third@example.com"})
	var zerr *zendesk.Error
	if !errors.As(err, &zerr) || zerr.Status != 422 || len(zerr.Details["value"]) == 0 {
		t.Fatalf("duplicate identity: %v", err)
	}
	if _, err := c.Users.MakePrimaryIdentity(ctx, uid, 1); !errors.As(err, &zerr) || zerr.Status != 404 {
		t.Fatalf("unknown identity: %v", err)
	}
}

// mustExternalID gives the user an external id (through an upsert by email) and returns it.
func mustExternalID(t *testing.T, c *zendesk.Client, uid int64) string {
	t.Helper()
	u, err := c.Users.Get(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	if u.ExternalID != "" {
		return u.ExternalID
	}
	ext := "ext-" + strings.Split(u.Email, "@")[0]
	if _, _, err := c.Users.CreateOrUpdate(context.Background(), zendesk.UserUpsert{Email: u.Email, ExternalID: ext}); err != nil {
		t.Fatal(err)
	}
	return ext
}

func TestAddMemberTwiceAndRemove(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	c := h.client
	uid, _ := h.sb.SampleUser("end-user")
	org, _, err := c.Organizations.CreateOrUpdate(ctx, zendesk.OrganizationUpsert{Name: "Membership Test Co", ExternalID: "mtc"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Organizations.AddMember(ctx, uid, org.ID)
	if err != nil || m.ID == 0 || m.UserID != uid || m.OrganizationID != org.ID || m.OrganizationName != "Membership Test Co" {
		t.Fatalf("add member: %v %+v", err, m)
	}
	_, err = c.Organizations.AddMember(ctx, uid, org.ID)
	var zerr *zendesk.Error
	if !zendesk.IsAlreadyMember(err) || !errors.As(err, &zerr) || zerr.Status != 422 {
		t.Fatalf("second add: IsAlreadyMember=%v %v", zendesk.IsAlreadyMember(err), err)
	}
	if zendesk.IsAlreadyMember(errors.New("other")) || zendesk.IsAlreadyMember(nil) {
		t.Error("IsAlreadyMember of an unrelated error")
	}
	_, err = c.Organizations.AddMember(ctx, uid, 12345)
	if zendesk.IsAlreadyMember(err) || !errors.As(err, &zerr) || zerr.Status != 422 {
		t.Fatalf("unknown organization: IsAlreadyMember=%v %v", zendesk.IsAlreadyMember(err), err)
	}
	mems, err := c.Users.OrganizationMemberships(uid).Collect(ctx)
	if err != nil || !slices.ContainsFunc(mems, func(x zendesk.OrganizationMembership) bool { return x.ID == m.ID }) {
		t.Fatalf("memberships after add: %v %+v", err, mems)
	}
	if err := c.Organizations.RemoveMembership(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	mems, err = c.Users.OrganizationMemberships(uid).Collect(ctx)
	if err != nil || slices.ContainsFunc(mems, func(x zendesk.OrganizationMembership) bool { return x.ID == m.ID || x.OrganizationID == org.ID }) {
		t.Fatalf("memberships after remove: %v %+v", err, mems)
	}
	if err := c.Organizations.RemoveMembership(ctx, m.ID); !errors.As(err, &zerr) || zerr.Status != 404 {
		t.Fatalf("remove again: %v", err)
	}
}

func TestOrganizationUpsertByExternalIDTwice(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	c := h.client
	o := zendesk.OrganizationUpsert{Name: "Upsert Ltd", ExternalID: "UPS-1", DomainNames: []string{"upsert.example"}, Tags: []string{"new"},
		OrganizationFields: map[string]any{"account_tier": "business"}}
	first, created, err := c.Organizations.CreateOrUpdate(ctx, o)
	if err != nil || !created || first.ID == 0 || first.OrganizationFields["account_tier"] != "business" || !slices.Equal(first.DomainNames, []string{"upsert.example"}) {
		t.Fatalf("first: %v %v %+v", created, err, first)
	}
	o.Notes, o.Tags = "synced twice", []string{"renewed"}
	second, created, err := c.Organizations.CreateOrUpdate(ctx, o)
	if err != nil || created || second.ID != first.ID || second.Notes != "synced twice" || !slices.Equal(second.Tags, []string{"renewed"}) {
		t.Fatalf("second: %v %v %+v", created, err, second)
	}
	if found, err := c.Organizations.FindByExternalID(ctx, "ups-1"); err != nil || len(found) != 1 || found[0].ID != first.ID {
		t.Fatalf("organizations with the external id: %v %+v", err, found)
	}
	// A different external id with the same name is a new organization, which the name refuses.
	_, _, err = c.Organizations.CreateOrUpdate(ctx, zendesk.OrganizationUpsert{Name: "Upsert Ltd", ExternalID: "UPS-2"})
	var zerr *zendesk.Error
	if !errors.As(err, &zerr) || zerr.Status != 422 || len(zerr.Details["name"]) == 0 || zerr.Details["name"][0].Description != "Name: has already been taken" {
		t.Fatalf("taken name: %v", err)
	}
	if err := c.Organizations.Delete(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.Get(ctx, first.ID); !errors.As(err, &zerr) || zerr.Status != 404 {
		t.Fatalf("get after delete: %v", err)
	}
	fields, err := c.Organizations.Fields(ctx)
	if err != nil || len(fields) == 0 || fields[0].Key != "account_tier" || len(fields[0].CustomFieldOptions) == 0 {
		t.Fatalf("organization fields: %v %+v", err, fields)
	}
	ufields, err := c.Users.Fields(ctx)
	if err != nil || !slices.ContainsFunc(ufields, func(f zendesk.ProfileField) bool { return f.Key == "plan" && f.Type == "dropdown" && f.Active }) {
		t.Fatalf("user fields: %v %+v", err, ufields)
	}
}

func TestTrackEventThenReadItBack(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	c := h.client
	uid, email := h.sb.SampleUser("end-user")
	ev := zendesk.UserEvent{
		Profile: zendesk.EventProfile{Source: "shop", Type: "customer", Identifiers: []zendesk.EventIdentifier{{Type: "email", Value: email}}},
		Event:   zendesk.Event{Source: "shop", Type: "order_placed", Description: "Order placed", Properties: map[string]any{"order_id": "A1", "total": 19.5}},
	}
	if err := c.Users.TrackEvent(ctx, uid, ev); err != nil {
		t.Fatal(err)
	}
	ev.Event.Type, ev.Event.Properties = "order_shipped", nil
	if err := c.Users.TrackEvent(ctx, uid, ev); err != nil {
		t.Fatal(err)
	}
	events, err := c.Users.Events(uid).WithPageSize(1).Collect(ctx)
	if err != nil || len(events) != 2 {
		t.Fatalf("events: %v %+v", err, events)
	}
	got := events[1] // newest first
	if got.Type != "order_placed" || got.Source != "shop" || got.Description != "Order placed" || got.Properties["order_id"] != "A1" ||
		got.Properties["total"] != 19.5 || got.ID == "" || got.CreatedAt == nil || got.ReceivedAt == nil {
		t.Fatalf("read back: %+v", got)
	}
	if events[0].Type != "order_shipped" || len(events[0].Properties) != 0 {
		t.Fatalf("newest: %+v", events[0])
	}
	// Refused before sending: the reserved source, a missing identifier.
	before := h.sb.Stats().Total
	bad := ev
	bad.Event.Source = "Zendesk"
	if err := c.Users.TrackEvent(ctx, uid, bad); err == nil || !strings.Contains(err.Error(), "reserved") {
		t.Errorf("reserved source: %v", err)
	}
	bad = ev
	bad.Profile.Identifiers = nil
	if err := c.Users.TrackEvent(ctx, uid, bad); err == nil || !strings.Contains(err.Error(), "identifier") {
		t.Errorf("no identifier: %v", err)
	}
	if n := h.sb.Stats().Total - before; n != 0 {
		t.Errorf("refused events sent %d requests", n)
	}
	// An unknown user: Zendesk's 404.
	var zerr *zendesk.Error
	if err := c.Users.TrackEvent(ctx, 1, ev); !errors.As(err, &zerr) || zerr.Status != 404 {
		t.Errorf("unknown user: %v", err)
	}
}

func TestTicketBadCustomFieldAndUpdateAdditions(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	c := h.client
	fields, err := c.TicketFields.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tagger := fields[slices.IndexFunc(fields, func(f zendesk.TicketField) bool { return f.Type == "tagger" })]
	uid, _ := h.sb.SampleUser("end-user")
	_, err = c.Tickets.Create(ctx, zendesk.NewTicket{
		Subject: "bad field", Comment: zendesk.Comment{Body: "b"}, RequesterID: uid,
		CustomFields: []zendesk.CustomFieldValue{{ID: tagger.ID, Value: "not_an_option"}},
	}, "bad-field-1")
	var zerr *zendesk.Error
	if !errors.As(err, &zerr) || zerr.Status != 422 || zerr.Code != "RecordInvalid" || len(zerr.Details["base"]) != 1 ||
		!strings.Contains(zerr.Details["base"][0].Description, tagger.Title) || zerr.Details["base"][0].Error != "InvalidValue" {
		t.Fatalf("bad custom field: %v", err)
	}

	// TicketUpdate sends subject, tags, custom fields and requester only when set.
	id := h.sb.SampleTicket("open")
	other, _ := h.sb.SampleUser("agent")
	tk, err := c.Tickets.Update(ctx, id, zendesk.TicketUpdate{
		Subject: zendesk.Ptr("New subject"), Tags: []string{"alpha", "beta"}, RequesterID: zendesk.Ptr(other),
		CustomFields: []zendesk.CustomFieldValue{{ID: tagger.ID, Value: tagger.CustomFieldOptions[0].Value}},
	})
	if err != nil || tk.Subject != "New subject" || tk.RequesterID != other || !slices.Contains(tk.Tags, "alpha") {
		t.Fatalf("update: %v %+v", err, tk)
	}
	for _, cf := range tk.CustomFields {
		if cf.ID == tagger.ID && cf.Value != tagger.CustomFieldOptions[0].Value {
			t.Errorf("custom field after update: %v", cf.Value)
		}
	}
	tk, err = c.Tickets.Update(ctx, id, zendesk.TicketUpdate{Priority: zendesk.Ptr("low")})
	if err != nil || tk.Subject != "New subject" || tk.RequesterID != other || !slices.Contains(tk.Tags, "alpha") {
		t.Fatalf("an update without those fields changed them: %v %+v", err, tk)
	}
	tk, err = c.Tickets.Update(ctx, id, zendesk.TicketUpdate{Tags: []string{}})
	if err != nil || len(tk.Tags) != 0 {
		t.Fatalf("empty Tags should clear the tags: %v %v", err, tk.Tags)
	}
}

func TestTicketUpdateMarshalsOnlySetFields(t *testing.T) {
	raw, err := json.Marshal(zendesk.TicketUpdate{Priority: zendesk.Ptr("high")})
	if err != nil || string(raw) != `{"priority":"high"}` {
		t.Fatalf("%s %v", raw, err)
	}
	raw, err = json.Marshal(zendesk.TicketUpdate{
		Subject: zendesk.Ptr(""), Tags: []string{}, RequesterID: zendesk.Ptr(int64(7)),
		CustomFields: []zendesk.CustomFieldValue{{ID: 3, Value: nil}, {ID: 4, Value: []string{"a"}}},
	})
	want := `{"custom_fields":[{"id":3,"value":null},{"id":4,"value":["a"]}],"requester_id":7,"subject":"","tags":[]}`
	if err != nil || string(raw) != want {
		t.Fatalf("%s %v\nwant %s", raw, err, want)
	}
}
