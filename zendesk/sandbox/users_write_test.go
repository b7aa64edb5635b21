package sandbox

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestUpdateUserSuspended(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	uid, _ := s.SampleUser("end-user")
	path := fmt.Sprintf("/api/v2/users/%d.json", uid)
	for _, want := range []bool{true, false, true} {
		m, _ := c.sendJSON("PUT", path, map[string]any{"user": map[string]any{"suspended": want}}, 200)
		if u := obj(m, "user"); u["suspended"] != want || num(u["id"]) != uid || u["updated_at"] != "2026-03-01T12:00:00Z" {
			t.Fatalf("suspended=%v: %v", want, u)
		}
		if got, ok := s.UserSuspended(uid); !ok || got != want {
			t.Fatalf("UserSuspended = %v, %v", got, ok)
		}
		if u := obj(c.get(path, 200), "user"); u["suspended"] != want {
			t.Fatalf("GET after suspended=%v: %v", want, u["suspended"])
		}
	}
	if _, ok := s.UserSuspended(1); ok {
		t.Error("UserSuspended of an unknown id")
	}
}

func TestUpdateUserFields(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	uid, _ := s.SampleUser("end-user")
	i := s.st.userByID[uid]
	org := s.st.orgs[3].id
	oldMems := len(s.st.users[i].orgMembers)
	listed := num(c.get("/api/v2/organization_memberships", 200)["count"])
	clock.Advance(time.Hour)
	m, _ := c.sendJSON("PUT", fmt.Sprintf("/api/v2/users/%d", uid), map[string]any{"user": map[string]any{
		"name": "Renamed Person", "phone": "+15550001111", "time_zone": "Europe/Berlin",
		"tags": []string{"VIP", "gold"}, "external_id": "ext-new-1", "notes": "note", "details": nil,
		"user_fields":     map[string]any{"plan": "enterprise", "customer_since": "2020-02-03", "unknown_key": 1},
		"organization_id": org, "email": "second@example.net", "role": "end-user",
		"ignored_key": true,
	}}, 200)
	u := obj(m, "user")
	uf := obj(u, "user_fields")
	if u["name"] != "Renamed Person" || u["phone"] != "+15550001111" || u["time_zone"] != "Berlin" ||
		u["iana_time_zone"] != "Europe/Berlin" || fmt.Sprint(u["tags"]) != "[gold vip]" || u["external_id"] != "ext-new-1" ||
		u["notes"] != "note" || u["details"] != nil || uf["plan"] != "enterprise" || uf["customer_since"] != "2020-02-03" ||
		num(u["organization_id"]) != org || u["updated_at"] != "2026-03-01T13:00:00Z" {
		t.Errorf("updated user: %v", u)
	}
	// organization_id replaced the memberships.
	mems := list(c.get(fmt.Sprintf("/api/v2/users/%d/organization_memberships", uid), 200), "organization_memberships")
	if len(mems) != 1 || num(mems[0]["organization_id"]) != org || mems[0]["default"] != true {
		t.Errorf("memberships: %v", mems)
	}
	if n := num(c.get("/api/v2/organization_memberships", 200)["count"]); n != listed-int64(oldMems)+1 {
		t.Errorf("organization_memberships count %d -> %d (user had %d)", listed, n, oldMems)
	}
	// The organization's user list stays in id order, cursor or offset.
	var prev int64
	found := false
	for _, path := range []string{"/api/v2/organizations/%d/users?page[size]=100", "/api/v2/organizations/%d/users?per_page=100"} {
		prev, found = 0, false
		for _, ou := range list(c.get(fmt.Sprintf(path, org), 200), "users") {
			if id := num(ou["id"]); id <= prev {
				t.Fatalf("%s: ids out of order: %d after %d", path, id, prev)
			} else {
				prev, found = id, found || id == uid
			}
		}
		if !found && len(s.st.orgs[3].members) <= 100 {
			t.Errorf("%s: the new member is missing", path)
		}
	}
	// The email became a secondary identity; the external id is searchable.
	ids := list(c.get(fmt.Sprintf("/api/v2/users/%d/identities", uid), 200), "identities")
	if !slices.ContainsFunc(ids, func(id map[string]any) bool { return id["value"] == "second@example.net" && id["primary"] == false }) {
		t.Errorf("identities: %v", ids)
	}
	if got := list(c.get("/api/v2/users/search?external_id=EXT-NEW-1", 200), "users"); len(got) != 1 || num(got[0]["id"]) != uid {
		t.Errorf("search by the new external id: %v", got)
	}
	// user_fields merge: a later change keeps the other key.
	m, _ = c.sendJSON("PUT", fmt.Sprintf("/api/v2/users/%d", uid), map[string]any{"user": map[string]any{
		"user_fields": map[string]any{"plan": nil}, "organization_id": nil}}, 200)
	u = obj(m, "user")
	if uf := obj(u, "user_fields"); uf["plan"] != nil || uf["customer_since"] != "2020-02-03" || u["organization_id"] != nil {
		t.Errorf("merge: %v", u)
	}
	// Role changes make an agent assignable.
	m, _ = c.sendJSON("PUT", fmt.Sprintf("/api/v2/users/%d", uid), map[string]any{"user": map[string]any{"role": "agent"}}, 200)
	if obj(m, "user")["role"] != "agent" {
		t.Errorf("role: %v", obj(m, "user")["role"])
	}
}

func TestUpdateUserInvalid(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	uid, _ := s.SampleUser("end-user")
	other := s.st.users[s.st.userByID[uid]+1]
	var taken string
	for k := range s.st.users {
		if u := &s.st.users[k]; u.externalID != "" && u.id != uid {
			taken = u.externalID
			break
		}
	}
	cases := []struct {
		name string
		user map[string]any
		want string
	}{
		{"role", map[string]any{"role": "owner"},
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"role":[{"description":"Role: \"owner\" is not valid","error":"InvalidValue"}]}}`},
		{"blank name", map[string]any{"name": " "},
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"name":[{"description":"Name: cannot be blank","error":"BlankValue"}]}}`},
		{"email taken", map[string]any{"email": other.email},
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"email":[{"description":"Email: ` + other.email + ` is already being used by another user","error":"DuplicateValue"}]}}`},
		{"external id taken", map[string]any{"external_id": taken},
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"external_id":[{"description":"External: ` + taken + ` has already been taken","error":"DuplicateValue"}]}}`},
		{"organization", map[string]any{"organization_id": 5},
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"organization_id":[{"description":"Organization: 5 does not exist","error":"InvalidValue"}]}}`},
		{"time zone", map[string]any{"time_zone": "Mars/Olympus"},
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"time_zone":[{"description":"Time zone: \"Mars/Olympus\" is not valid","error":"InvalidValue"}]}}`},
	}
	before := obj(c.get(fmt.Sprintf("/api/v2/users/%d", uid), 200), "user")
	for _, tc := range cases {
		resp, body := c.send("PUT", fmt.Sprintf("/api/v2/users/%d", uid), map[string]any{"user": tc.user})
		if resp.StatusCode != 422 || string(body) != tc.want {
			t.Errorf("%s: %d\n%s\nwant\n%s", tc.name, resp.StatusCode, body, tc.want)
		}
	}
	if after := obj(c.get(fmt.Sprintf("/api/v2/users/%d", uid), 200), "user"); !equalJSON(before, after) {
		t.Error("refused updates changed the user")
	}
	if resp, _ := c.send("PUT", fmt.Sprintf("/api/v2/users/%d", uid), `{"user": [1]}`); resp.StatusCode != 400 {
		t.Errorf("user not an object: %d", resp.StatusCode)
	}
}
