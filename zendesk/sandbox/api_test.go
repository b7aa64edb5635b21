package sandbox

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// Two servers built from the same options answer with identical bodies
// (up to the host, which each listener picks).
func TestResponsesDeterministic(t *testing.T) {
	o := testOptions
	o.Token, o.OAuthToken = "same-token", "same-bearer"
	a, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ca, cb := serve(t, a), serve(t, b)
	heavy := a.HeavyRequesters()[0]
	for _, path := range []string{
		"/api/v2/users?page[size]=100",
		"/api/v2/tickets?page=3",
		fmt.Sprintf("/api/v2/users/%d/tickets/requested?page[size]=50", heavy),
		"/api/v2/organizations",
		"/api/v2/group_memberships",
		"/api/v2/ticket_fields",
		"/api/v2/search?query=type:ticket+status:open&sort_by=updated_at",
	} {
		_, ba := ca.do(path)
		_, bb := cb.do(path)
		bb = bytes.ReplaceAll(bb, []byte(cb.base), []byte(ca.base))
		if !bytes.Equal(ba, bb) {
			t.Errorf("%s differs between two servers with the same seed", path)
		}
	}
}

func TestUserFilters(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	z := s.Size()
	for role, want := range map[string]int{"agent": z.Agents, "admin": z.Admins, "end-user": z.EndUsers} {
		m := c.get("/api/v2/users?role="+role, 200)
		if num(m["count"]) != int64(want) {
			t.Errorf("role=%s: count %v, want %d", role, m["count"], want)
		}
		for _, u := range list(m, "users") {
			if u["role"] != role {
				t.Fatalf("role=%s returned a %v", role, u["role"])
			}
		}
		cnt := c.get("/api/v2/users/count.json?role="+role, 200)
		if num(obj(cnt, "count")["value"]) != int64(want) || obj(cnt, "count")["refreshed_at"] == nil {
			t.Errorf("users/count role=%s: %v", role, cnt)
		}
	}
	m := c.get("/api/v2/users?role[]=agent&role[]=admin", 200)
	if num(m["count"]) != int64(z.Agents+z.Admins) {
		t.Errorf("role[]=agent&role[]=admin: count %v", m["count"])
	}
	if m := c.get("/api/v2/users?role=owner", 200); num(m["count"]) != 0 {
		t.Errorf("unknown role matched %v users", m["count"])
	}
	ext := "CRM-000001" // case-insensitive
	m = c.get("/api/v2/users?external_id="+ext, 200)
	if us := list(m, "users"); len(us) != 1 || us[0]["external_id"] != "crm-000001" {
		t.Errorf("external_id filter: %v", m)
	}
}

func TestShowMany(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	st := s.st
	ids := fmt.Sprintf("%d,%d,%d,%d", st.users[9].id, st.users[2].id, st.users[5].id, st.users[2].id)
	m := c.get("/api/v2/users/show_many.json?ids="+ids, 200)
	us := list(m, "users")
	if len(us) != 3 || num(m["count"]) != 3 || m["next_page"] != nil || m["previous_page"] != nil {
		t.Fatalf("show_many: %d users, envelope %v %v %v", len(us), m["count"], m["next_page"], m["previous_page"])
	}
	if num(us[0]["id"]) != st.users[2].id || num(us[2]["id"]) != st.users[9].id {
		t.Fatal("show_many is not in id order")
	}
	m = c.get("/api/v2/users/show_many?external_ids=crm-000002,CRM-000003,nope", 200)
	if len(list(m, "users")) != 2 {
		t.Fatalf("show_many by external_ids: %v", m)
	}

	var many []string
	for k := 1; k <= 101; k++ {
		many = append(many, fmt.Sprint(k))
	}
	m = c.get("/api/v2/tickets/show_many?ids="+strings.Join(many, ","), 400)
	if m["error"] != "TooManyValues" || num(m["max_count"]) != 100 {
		t.Fatalf("101 ids: %v", m)
	}
	m = c.get("/api/v2/tickets/show_many?ids="+strings.Join(many[:100], ","), 200)
	if len(list(m, "tickets")) != 100 {
		t.Fatal("100 ids should be accepted")
	}
	oid, oext := s.SampleOrganization()
	m = c.get(fmt.Sprintf("/api/v2/organizations/show_many?ids=%d", oid), 200)
	if len(list(m, "organizations")) != 1 {
		t.Fatal("organizations/show_many")
	}
	m = c.get("/api/v2/organizations/search?external_id="+strings.ToUpper(oext), 200)
	if os := list(m, "organizations"); len(os) != 1 || num(os[0]["id"]) != oid {
		t.Fatalf("organizations/search by external_id: %v", m)
	}
	name := st.orgs[st.orgByID[oid]].name
	m = c.get("/api/v2/organizations/search?name="+strings.ReplaceAll(name, " ", "+"), 200)
	if len(list(m, "organizations")) != 1 {
		t.Fatalf("organizations/search by name %q: %v", name, m)
	}
	c.get("/api/v2/organizations/search", 400)
}

// Each endpoint answers its key with records that belong to the parent.
func TestRelationEndpoints(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	st := s.st
	agentID, _ := s.SampleUser("agent")
	heavy := s.HeavyRequesters()[0]
	gid := s.SampleGroup()
	oid, _ := s.SampleOrganization()

	m := c.get(fmt.Sprintf("/api/v2/users/%d/group_memberships", agentID), 200)
	gms := list(m, "group_memberships")
	if len(gms) == 0 || gms[0]["default"] != true {
		t.Fatalf("agent group memberships: %v", gms)
	}
	m = c.get(fmt.Sprintf("/api/v2/users/%d/groups", agentID), 200)
	if len(list(m, "groups")) != len(gms) {
		t.Fatal("users/{id}/groups does not match the memberships")
	}
	m = c.get(fmt.Sprintf("/api/v2/groups/%d/users?page[size]=100", gid), 200)
	for _, u := range list(m, "users") {
		if u["role"] == "end-user" {
			t.Fatal("an end-user is a group member")
		}
	}
	m = c.get(fmt.Sprintf("/api/v2/groups/%d/memberships", gid), 200)
	for _, gm := range list(m, "group_memberships") {
		if num(gm["group_id"]) != gid {
			t.Fatal("groups/{id}/memberships leaked another group")
		}
		one := c.get(fmt.Sprintf("/api/v2/group_memberships/%d", num(gm["id"])), 200)
		if num(obj(one, "group_membership")["id"]) != num(gm["id"]) {
			t.Fatal("group_memberships/{id}")
		}
		break
	}
	m = c.get(fmt.Sprintf("/api/v2/organizations/%d/users", oid), 200)
	members := list(m, "users")
	if len(members) == 0 {
		t.Fatal("sample organization has no users")
	}
	m = c.get(fmt.Sprintf("/api/v2/organizations/%d/organization_memberships", oid), 200)
	if len(list(m, "organization_memberships")) != len(members) {
		t.Fatal("organization memberships and users disagree")
	}
	m = c.get(fmt.Sprintf("/api/v2/users/%d/organizations", num(members[0]["id"])), 200)
	if len(list(m, "organizations")) == 0 {
		t.Fatal("member has no organizations")
	}
	m = c.get(fmt.Sprintf("/api/v2/organizations/%d/tickets?page[size]=20", oid), 200)
	for _, tk := range list(m, "tickets") {
		if num(tk["organization_id"]) != oid {
			t.Fatal("organizations/{id}/tickets leaked another organization")
		}
	}
	m = c.get(fmt.Sprintf("/api/v2/users/%d/related", heavy), 200)
	rel := obj(m, "user_related")
	if num(rel["requested_tickets"]) != int64(s.RequestedCount(heavy)) {
		t.Fatalf("related: %v", rel)
	}
	m = c.get(fmt.Sprintf("/api/v2/users/%d/tickets/assigned?page[size]=10", agentID), 200)
	for _, tk := range list(m, "tickets") {
		if num(tk["assignee_id"]) != agentID {
			t.Fatal("tickets/assigned leaked another assignee")
		}
	}
	// A user with several identities lists the primary first.
	for i := range st.users {
		if len(st.users[i].identities) < 2 {
			continue
		}
		m = c.get(fmt.Sprintf("/api/v2/users/%d/identities", st.users[i].id), 200)
		ids := list(m, "identities")
		if len(ids) < 2 || ids[0]["primary"] != true || ids[0]["value"] != st.users[i].email {
			t.Fatalf("identities: %v", ids)
		}
		break
	}
	m = c.get("/api/v2/organization_memberships?page[size]=5", 200)
	om := list(m, "organization_memberships")[0]
	m = c.get(fmt.Sprintf("/api/v2/organization_memberships/%d.json", num(om["id"])), 200)
	if obj(m, "organization_membership")["organization_name"] == nil {
		t.Fatal("organization_memberships/{id}")
	}
	for _, p := range []string{"/api/v2/tickets/count", "/api/v2/organizations/count", "/api/v2/groups/count"} {
		if m := c.get(p, 200); num(obj(m, "count")["value"]) == 0 {
			t.Fatalf("%s: %v", p, m)
		}
	}
	c.get("/api/v2/groups/assignable", 200)
}

func TestTicketFields(t *testing.T) {
	c := serve(t, shared(t))
	m := c.get("/api/v2/ticket_fields", 200)
	types := map[string]map[string]any{}
	for _, f := range list(m, "ticket_fields") {
		types[f["type"].(string)] = f
	}
	for _, want := range []string{"subject", "description", "status", "tickettype", "priority", "group", "assignee",
		"tagger", "multiselect", "checkbox", "text", "integer"} {
		if types[want] == nil {
			t.Errorf("no %s field", want)
		}
	}
	if types["status"]["removable"] != false || types["tagger"]["removable"] != true {
		t.Error("removable flags")
	}
	if len(types["tagger"]["custom_field_options"].([]any)) == 0 || types["priority"]["system_field_options"] == nil {
		t.Error("field options missing")
	}
	id := num(types["tagger"]["id"])
	one := c.get(fmt.Sprintf("/api/v2/ticket_fields/%d.json", id), 200)
	if obj(one, "ticket_field")["title"] != "Product area" {
		t.Errorf("ticket_fields/{id}: %v", one)
	}
	// Every ticket carries a value entry for each custom field.
	tk := obj(c.get("/api/v2/tickets/1", 200), "ticket")
	if len(tk["custom_fields"].([]any)) != 5 {
		t.Errorf("custom_fields: %v", tk["custom_fields"])
	}
}

func TestNotFoundShapes(t *testing.T) {
	c := serve(t, shared(t))
	for path, code := range map[string]string{
		"/api/v2/nope":                       "InvalidEndpoint",
		"/api/v2/users/1/nothing":            "InvalidEndpoint",
		"/api/v2/users/999":                  "RecordNotFound",
		"/api/v2/users/abc":                  "RecordNotFound",
		"/api/v2/tickets/999999":             "RecordNotFound",
		"/api/v2/tickets/0.json":             "RecordNotFound",
		"/api/v2/groups/1.json":              "RecordNotFound",
		"/api/v2/organizations/x":            "RecordNotFound",
		"/api/v2/group_memberships/7":        "RecordNotFound",
		"/api/v2/users/9/tickets/ccd":        "RecordNotFound",
		"/api/v2/ticket_fields/3":            "RecordNotFound",
		"/api/v2/organization_memberships/3": "RecordNotFound",
	} {
		m := c.get(path, 404)
		if m["error"] != code || m["description"] != "Not found" {
			t.Errorf("%s: %v, want %s", path, m, code)
		}
	}
}

// Every path answers the same with and without ".json".
func TestJSONSuffixOptional(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	uid, _ := s.SampleUser("end-user")
	for _, p := range []string{
		"/api/v2/users", fmt.Sprintf("/api/v2/users/%d", uid), "/api/v2/users/me",
		fmt.Sprintf("/api/v2/users/%d/tickets/requested", uid), "/api/v2/tickets/5", "/api/v2/search?query=refund",
	} {
		path, query, _ := strings.Cut(p, "?")
		r1, b1 := c.do(path + "?" + query)
		r2, b2 := c.do(path + ".json?" + query)
		if r1.StatusCode != 200 || r2.StatusCode != 200 || !bytes.Equal(b1, b2) {
			t.Errorf("%s: %d and %d, bodies equal %v", p, r1.StatusCode, r2.StatusCode, bytes.Equal(b1, b2))
		}
	}
	m := c.get(fmt.Sprintf("/api/v2/users/%d.json", uid), 200)
	if u := obj(m, "user"); u["url"] != fmt.Sprintf("%s/api/v2/users/%d.json", c.base, uid) {
		t.Errorf("url field %v", u["url"])
	}
}

// A heavy requester's thousands of tickets are all reachable by cursor.
func TestHeavyRequesterByCursor(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	heavy := s.HeavyRequesters()[0]
	want := s.RequestedCount(heavy)
	next := fmt.Sprintf("/api/v2/users/%d/tickets/requested.json?page[size]=100", heavy)
	var last int64
	n := 0
	for next != "" {
		m := c.get(next, 200)
		for _, tk := range list(m, "tickets") {
			id := num(tk["id"])
			if id <= last || num(tk["requester_id"]) != heavy {
				t.Fatalf("ticket %d after %d, requester %v", id, last, tk["requester_id"])
			}
			last = id
			n++
		}
		next = ""
		if obj(m, "meta")["has_more"] == true {
			next = obj(m, "links")["next"].(string)
		}
	}
	if n != want || n < 1000 {
		t.Fatalf("walked %d tickets, want %d (thousands)", n, want)
	}
}
