package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func identityValues(c *client, uid int64) map[string]map[string]any {
	c.t.Helper()
	out := map[string]map[string]any{}
	for _, id := range list(c.get(fmt.Sprintf("/api/v2/users/%d/identities", uid), 200), "identities") {
		out[id["value"].(string)] = id
	}
	return out
}

func TestCreateOrUpdateUserCreatesThenUpdates(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	before := num(c.get("/api/v2/users/count", 200)["count"].(map[string]any)["value"])
	org := s.st.orgs[2].id
	body := map[string]any{"user": map[string]any{
		"name": "Ada Lovelace", "email": "Ada@Example.ORG", "external_id": "CRM-ADA-1", "verified": true,
		"skip_verify_email": true, "organization_id": org, "tags": []string{"Trial"}, "phone": "+15550101010",
		"user_fields": map[string]any{"plan": "pro", "lifetime_value": 12.5, "vip": true, "account_id": "A-1"},
	}}
	m, resp := c.sendJSON("POST", "/api/v2/users/create_or_update", body, 201)
	u := obj(m, "user")
	uid := num(u["id"])
	if loc := resp.Header.Get("Location"); !strings.HasSuffix(loc, fmt.Sprintf("/api/v2/users/%d.json", uid)) {
		t.Errorf("Location %q", loc)
	}
	uf := obj(u, "user_fields")
	if u["email"] != "ada@example.org" || u["name"] != "Ada Lovelace" || u["external_id"] != "CRM-ADA-1" || u["verified"] != true ||
		u["role"] != "end-user" || num(u["organization_id"]) != org || fmt.Sprint(u["tags"]) != "[trial]" ||
		uf["plan"] != "pro" || uf["lifetime_value"] != 12.5 || uf["vip"] != true || uf["account_id"] != "A-1" {
		t.Errorf("created user: %v", u)
	}
	if n := num(c.get("/api/v2/users/count", 200)["count"].(map[string]any)["value"]); n != before+1 {
		t.Errorf("users count %d -> %d", before, n)
	}
	if ids := identityValues(c, uid); len(ids) != 1 || ids["ada@example.org"]["primary"] != true || ids["ada@example.org"]["verified"] != true {
		t.Errorf("identities of the new user: %v", ids)
	}

	// Matched by external_id in another case: 200, the stored id takes the
	// sent case, a new email becomes an unverified secondary identity and
	// the primary stays.
	clock.Advance(60_000_000_000)
	m, resp = c.sendJSON("POST", "/api/v2/users/create_or_update.json", map[string]any{"user": map[string]any{
		"external_id": "crm-ada-1", "email": "ada.work@example.net", "user_fields": map[string]any{"plan": "business"},
	}}, 200)
	u = obj(m, "user")
	if num(u["id"]) != uid || u["email"] != "ada@example.org" || u["external_id"] != "crm-ada-1" ||
		obj(u, "user_fields")["plan"] != "business" || obj(u, "user_fields")["vip"] != true || u["updated_at"] != "2026-03-01T12:01:00Z" {
		t.Errorf("updated user: %v", u)
	}
	if !strings.HasSuffix(resp.Header.Get("Location"), fmt.Sprintf("/users/%d.json", uid)) {
		t.Errorf("Location on update %q", resp.Header.Get("Location"))
	}
	ids := identityValues(c, uid)
	if w := ids["ada.work@example.net"]; w == nil || w["primary"] != false || w["verified"] != false || ids["ada@example.org"]["primary"] != true {
		t.Errorf("identities after the update: %v", ids)
	}
	// Matched by the secondary email, any case; verified:true with a new
	// email verifies that one; organization_id replaces the memberships.
	org2 := s.st.orgs[5].id
	m, _ = c.sendJSON("POST", "/api/v2/users/create_or_update", map[string]any{"user": map[string]any{
		"email": "ADA.WORK@example.net", "name": "Ada King", "organization_id": org2,
	}}, 200)
	if u = obj(m, "user"); num(u["id"]) != uid || u["name"] != "Ada King" || num(u["organization_id"]) != org2 {
		t.Errorf("matched by secondary email: %v", u)
	}
	mems := list(c.get(fmt.Sprintf("/api/v2/users/%d/organization_memberships", uid), 200), "organization_memberships")
	if len(mems) != 1 || num(mems[0]["organization_id"]) != org2 {
		t.Errorf("memberships after organization_id: %v", mems)
	}
	c.sendJSON("POST", "/api/v2/users/create_or_update", map[string]any{"user": map[string]any{
		"external_id": "CRM-ADA-1", "email": "ada@home.example", "verified": true}}, 200)
	if id := identityValues(c, uid)["ada@home.example"]; id == nil || id["verified"] != true || id["primary"] != false {
		t.Errorf("verified secondary: %v", id)
	}
	if got := list(c.get("/api/v2/users/search?external_id=crm-ada-1", 200), "users"); len(got) != 1 || num(got[0]["id"]) != uid {
		t.Errorf("search by external id: %v", got)
	}
	if p, ok := s.UserProfile(uid); !ok || p.Email != "ada@example.org" || p.ExternalID != "CRM-ADA-1" || len(p.Emails) != 3 ||
		p.Emails[0] != "ada@example.org" || len(p.OrganizationIDs) != 1 || p.OrganizationIDs[0] != org2 || p.UserFields["plan"] != "business" {
		t.Errorf("UserProfile: %+v", p)
	}
	if _, ok := s.UserProfile(1); ok {
		t.Error("UserProfile of an unknown id")
	}
	// An existing seeded user matched by email keeps its id.
	seeded, email := s.SampleUser("end-user")
	m, _ = c.sendJSON("POST", "/api/v2/users/create_or_update", map[string]any{"user": map[string]any{"email": strings.ToUpper(email), "notes": "synced"}}, 200)
	if u := obj(m, "user"); num(u["id"]) != seeded || u["notes"] != "synced" {
		t.Errorf("seeded user: %v", u)
	}
	if n := num(c.get("/api/v2/users/count", 200)["count"].(map[string]any)["value"]); n != before+1 {
		t.Errorf("updates created users: count %d -> %d", before, n)
	}
	// Without email: created by name and external id alone.
	m, _ = c.sendJSON("POST", "/api/v2/users/create_or_update", map[string]any{"user": map[string]any{"name": "No Mail", "external_id": 9912}}, 201)
	if u := obj(m, "user"); u["email"] != "" && u["email"] != nil || u["external_id"] != "9912" {
		t.Errorf("user without email: %v", u)
	}
}

func TestCreateOrUpdateUserInvalid(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	n := len(s.st.users)
	_, otherEmail := s.SampleUser("agent")
	var taken string
	for k := range s.st.users {
		if u := &s.st.users[k]; u.externalID != "" && u.email != otherEmail {
			taken = u.externalID
			break
		}
	}
	cases := []struct {
		name string
		user map[string]any
		want string // a substring of the body
	}{
		{"no name", map[string]any{"email": "new.person@example.com"},
			`"name":[{"description":"Name: cannot be blank","error":"BlankValue"}]`},
		{"bad email", map[string]any{"name": "X", "email": "not-an-email"},
			`"email":[{"description":"Email: not-an-email is not properly formatted","error":"InvalidValue"}]`},
		{"unknown user field", map[string]any{"name": "X", "email": "x1@example.com", "user_fields": map[string]any{"plna": "pro"}},
			`"user_fields":[{"description":"User fields: \"plna\" is not a field of this account (fields: plan, customer_since, lifetime_value, vip, account_id)","error":"InvalidValue"}]`},
		{"bad dropdown", map[string]any{"name": "X", "email": "x2@example.com", "user_fields": map[string]any{"plan": "gold"}},
			fmt.Sprintf(`"user_fields":[{"description":"Plan: \"gold\" is not one of the options (free, pro, business, enterprise)","error":"InvalidValue","field_key":%d}]`, userFieldSet.fields[0].id)},
		{"bad checkbox and decimal", map[string]any{"name": "X", "email": "x3@example.com", "user_fields": map[string]any{"vip": "yes", "lifetime_value": "lots"}},
			`"description":"Lifetime value: \"lots\" is not a decimal number"`},
		{"matched by external id, email of another user", map[string]any{"external_id": taken, "email": otherEmail},
			`"email":[{"description":"Email: ` + otherEmail + ` is already being used by another user","error":"DuplicateValue"}]`},
		{"bad organization", map[string]any{"name": "X", "organization_id": 7},
			`"organization_id":[{"description":"Organization: 7 does not exist"`},
	}
	for _, tc := range cases {
		resp, body := c.send("POST", "/api/v2/users/create_or_update", map[string]any{"user": tc.user})
		if resp.StatusCode != 422 || !strings.Contains(string(body), `"error":"RecordInvalid"`) || !strings.Contains(string(body), tc.want) {
			t.Errorf("%s: %d %s\nwant it to contain %s", tc.name, resp.StatusCode, body, tc.want)
		}
	}
	if len(s.st.users) != n {
		t.Errorf("refused upserts created %d users", len(s.st.users)-n)
	}
	if resp, _ := c.send("POST", "/api/v2/users/create_or_update", `{"user":"x"}`); resp.StatusCode != 400 {
		t.Errorf("user not an object: %d", resp.StatusCode)
	}
	// PUT /users/{id} stays lenient about unknown user_fields keys but checks known ones.
	uid, _ := s.SampleUser("end-user")
	c.sendJSON("PUT", fmt.Sprintf("/api/v2/users/%d", uid), map[string]any{"user": map[string]any{"user_fields": map[string]any{"nope": 1, "vip": true}}}, 200)
	if resp, _ := c.send("PUT", fmt.Sprintf("/api/v2/users/%d", uid), map[string]any{"user": map[string]any{"user_fields": map[string]any{"vip": "maybe"}}}); resp.StatusCode != 422 {
		t.Errorf("PUT with a bad checkbox value: %d", resp.StatusCode)
	}
	if uf := obj(obj(c.get(fmt.Sprintf("/api/v2/users/%d", uid), 200), "user"), "user_fields"); uf["vip"] != true || slices.Contains(mapKeys(uf), "nope") {
		t.Errorf("user_fields after PUT: %v", uf)
	}
}
