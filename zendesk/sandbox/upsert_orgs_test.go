package sandbox

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func orgCount(c *client) int64 {
	c.t.Helper()
	return num(obj(c.get("/api/v2/organizations/count", 200), "count")["value"])
}

func TestCreateOrUpdateOrganization(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	before := orgCount(c)
	body := map[string]any{"organization": map[string]any{
		"name": "Acme Rockets", "external_id": "ACME-1", "domain_names": []string{"Acme.example", "rockets.example"},
		"tags": []string{"Launch", "vip"}, "details": "HQ in the desert",
		"organization_fields": map[string]any{"account_tier": "enterprise", "renewal_date": "2026-12-31"},
	}}
	m, resp := c.sendJSON("POST", "/api/v2/organizations/create_or_update", body, 201)
	o := obj(m, "organization")
	oid := num(o["id"])
	of := obj(o, "organization_fields")
	if o["name"] != "Acme Rockets" || o["external_id"] != "ACME-1" || fmt.Sprint(o["domain_names"]) != "[acme.example rockets.example]" ||
		fmt.Sprint(o["tags"]) != "[launch vip]" || o["details"] != "HQ in the desert" ||
		of["account_tier"] != "enterprise" || of["renewal_date"] != "2026-12-31" || of["region"] != nil || of["crm_id"] != nil {
		t.Errorf("created: %v", o)
	}
	if !strings.HasSuffix(resp.Header.Get("Location"), fmt.Sprintf("/organizations/%d.json", oid)) {
		t.Errorf("Location %q", resp.Header.Get("Location"))
	}
	if n := orgCount(c); n != before+1 {
		t.Errorf("count %d -> %d", before, n)
	}
	// The same external id (another case) again: 200, the same organization,
	// lists replaced, fields merged, no second organization.
	m, _ = c.sendJSON("POST", "/api/v2/organizations/create_or_update", map[string]any{"organization": map[string]any{
		"external_id": "acme-1", "name": "Acme Rockets", "domain_names": []string{"acme.example"}, "tags": []string{},
		"organization_fields": map[string]any{"region": "emea"},
	}}, 200)
	o = obj(m, "organization")
	of = obj(o, "organization_fields")
	if num(o["id"]) != oid || fmt.Sprint(o["domain_names"]) != "[acme.example]" || fmt.Sprint(o["tags"]) != "[]" ||
		of["region"] != "emea" || of["account_tier"] != "enterprise" {
		t.Errorf("updated: %v", o)
	}
	if n := orgCount(c); n != before+1 {
		t.Errorf("an update created an organization: count %d -> %d", before, n)
	}
	// By id, renaming; the name index follows.
	m, _ = c.sendJSON("POST", "/api/v2/organizations/create_or_update", map[string]any{"organization": map[string]any{"id": oid, "name": "Acme Space"}}, 200)
	if o = obj(m, "organization"); num(o["id"]) != oid || o["name"] != "Acme Space" {
		t.Errorf("by id: %v", o)
	}
	if got := list(c.get("/api/v2/organizations/search?name="+url.QueryEscape("acme space"), 200), "organizations"); len(got) != 1 || num(got[0]["id"]) != oid {
		t.Errorf("search by the new name: %v", got)
	}
	if got := list(c.get("/api/v2/organizations/search?name="+url.QueryEscape("Acme Rockets"), 200), "organizations"); len(got) != 0 {
		t.Errorf("search by the old name: %v", got)
	}
	if s.OrganizationByExternalID("acme-1") != oid {
		t.Errorf("OrganizationByExternalID: %d", s.OrganizationByExternalID("acme-1"))
	}
	if got := list(c.get("/api/v2/organizations/search?external_id=ACME-1", 200), "organizations"); len(got) != 1 || num(got[0]["id"]) != oid {
		t.Errorf("search by external id: %v", got)
	}
	// Never matched by name: a new body with a taken name and no id is a
	// new organization, which the name refuses.
	taken := s.st.orgs[0].name
	for _, tc := range []struct {
		org  map[string]any
		want string
	}{
		{map[string]any{"name": taken, "external_id": "NEW-2"}, `"name":[{"description":"Name: has already been taken","error":"DuplicateValue"}]`},
		{map[string]any{"name": strings.ToUpper(taken)}, `"name":[{"description":"Name: has already been taken","error":"DuplicateValue"}]`},
		{map[string]any{"external_id": "acme-1", "name": taken}, `"Name: has already been taken"`},
		{map[string]any{"external_id": "NEW-3"}, `"name":[{"description":"Name: cannot be blank","error":"BlankValue"}]`},
		{map[string]any{"name": "Fine Co", "domain_names": []string{"not a domain"}}, `"Domain names: not a domain is not a valid domain"`},
		{map[string]any{"name": "Fine Co", "organization_fields": map[string]any{"tier": "gold"}}, `Organization fields: \"tier\" is not a field of this account`},
		{map[string]any{"name": "Fine Co", "organization_fields": map[string]any{"region": "mars"}}, `Region: \"mars\" is not one of the options (amer, emea, apac)`},
	} {
		resp, raw := c.send("POST", "/api/v2/organizations/create_or_update", map[string]any{"organization": tc.org})
		if resp.StatusCode != 422 || !strings.Contains(string(raw), tc.want) {
			t.Errorf("%v: %d %s", tc.org, resp.StatusCode, raw)
		}
	}
	if n := orgCount(c); n != before+1 {
		t.Errorf("refused upserts changed the count: %d -> %d", before, n)
	}
}

func TestDeleteOrganization(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	oid, ext := s.SampleOrganization()
	o := s.st.orgByID[oid]
	members := make([]int64, 0, len(s.st.orgs[o].members))
	for _, m := range s.st.orgs[o].members {
		members = append(members, s.st.users[s.st.orgMems[m].user].id)
	}
	if len(members) == 0 {
		t.Fatal("the sample organization has no members")
	}
	var working, closed int64
	for _, k := range s.st.orgTix[o] {
		if s.st.tickets[k].status == statusClosed {
			closed = ticketID(k)
		} else {
			working = ticketID(k)
		}
	}
	before := orgCount(c)
	if resp, raw := c.send("DELETE", fmt.Sprintf("/api/v2/organizations/%d", oid), nil); resp.StatusCode != 204 || len(raw) != 0 {
		t.Fatalf("delete: %d %s", resp.StatusCode, raw)
	}
	c.get(fmt.Sprintf("/api/v2/organizations/%d", oid), 404)
	if resp, _ := c.send("DELETE", fmt.Sprintf("/api/v2/organizations/%d", oid), nil); resp.StatusCode != 404 {
		t.Errorf("second delete: %d", resp.StatusCode)
	}
	if n := orgCount(c); n != before-1 {
		t.Errorf("count %d -> %d", before, n)
	}
	if got := list(c.get("/api/v2/organizations/search?external_id="+url.QueryEscape(ext), 200), "organizations"); len(got) != 0 {
		t.Errorf("search finds the deleted organization: %v", got)
	}
	for _, x := range list(c.get("/api/v2/search?query=type:organization&per_page=100", 200), "results") {
		if num(x["id"]) == oid {
			t.Error("search lists the deleted organization")
		}
	}
	for _, uid := range members {
		for _, m := range userMemberships(c, uid) {
			if num(m["organization_id"]) == oid {
				t.Errorf("user %d still a member", uid)
			}
		}
	}
	if working != 0 && ticketJSON(t, c, working)["organization_id"] != nil {
		t.Errorf("working ticket %d keeps the organization", working)
	}
	if closed != 0 && num(ticketJSON(t, c, closed)["organization_id"]) != oid {
		t.Errorf("closed ticket %d lost its organization", closed)
	}
	// Its external id and name are free again.
	c.sendJSON("POST", "/api/v2/organizations/create_or_update", map[string]any{"organization": map[string]any{"external_id": ext, "name": s.st.orgs[o].name}}, 201)
}
