package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func userMemberships(c *client, uid int64) []map[string]any {
	c.t.Helper()
	return list(c.get(fmt.Sprintf("/api/v2/users/%d/organization_memberships", uid), 200), "organization_memberships")
}

func TestOrganizationMembershipAddTwiceAndRemove(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	// An end user with one organization and both working and closed tickets in it.
	var u, first int32 = -1, -1
	var working, closed []int64
	for k := range s.st.users {
		usr := &s.st.users[k]
		if usr.role != roleEndUser || len(usr.orgMembers) != 1 {
			continue
		}
		first = s.st.orgMems[usr.orgMembers[0]].org
		working, closed = nil, nil
		for _, i := range s.st.requested[k] {
			if tk := &s.st.tickets[i]; tk.org == first && tk.status == statusClosed {
				closed = append(closed, ticketID(i))
			} else if tk.org == first {
				working = append(working, ticketID(i))
			}
		}
		if len(working) > 0 && len(closed) > 0 {
			u = int32(k)
			break
		}
	}
	if u < 0 {
		t.Fatal("no end user with one organization and working and closed tickets in it")
	}
	uid := s.st.users[u].id
	firstID := s.st.orgs[first].id
	second := int32(0)
	if second == first {
		second = 1
	}
	secondID := s.st.orgs[second].id

	body := map[string]any{"organization_membership": map[string]any{"user_id": uid, "organization_id": secondID}}
	m, resp := c.sendJSON("POST", "/api/v2/organization_memberships", body, 201)
	mem := obj(m, "organization_membership")
	memID := num(mem["id"])
	if num(mem["user_id"]) != uid || num(mem["organization_id"]) != secondID || mem["default"] != nil || mem["organization_name"] != s.st.orgs[second].name {
		t.Errorf("new membership: %v", mem)
	}
	if !strings.HasSuffix(resp.Header.Get("Location"), fmt.Sprintf("/organization_memberships/%d.json", memID)) {
		t.Errorf("Location %q", resp.Header.Get("Location"))
	}
	mems := userMemberships(c, uid)
	if len(mems) != 2 || num(mems[0]["organization_id"]) != firstID || mems[0]["default"] != true || num(mems[1]["id"]) != memID {
		t.Errorf("memberships after add: %v", mems)
	}
	if !slices.ContainsFunc(list(c.get(fmt.Sprintf("/api/v2/organizations/%d/users?per_page=100", secondID), 200), "users"),
		func(x map[string]any) bool { return num(x["id"]) == uid }) && len(s.st.orgs[second].members) <= 100 {
		t.Error("the organization's users lack the new member")
	}

	// The same again: 422, nothing added.
	resp, raw := c.send("POST", "/api/v2/organization_memberships", body)
	if resp.StatusCode != 422 || !strings.Contains(string(raw), `"error":"RecordInvalid"`) || !strings.Contains(string(raw), `"user_id":[{"description":"User: `) ||
		!strings.Contains(string(raw), "is already a member of organization") || !strings.Contains(string(raw), `"error":"DuplicateValue"`) {
		t.Errorf("second add: %d %s", resp.StatusCode, raw)
	}
	if len(userMemberships(c, uid)) != 2 {
		t.Error("a refused add changed the memberships")
	}

	// Removing the default membership: the other becomes the default and
	// the user's organization; working tickets lose the organization,
	// closed ones keep it.
	defaultMem := num(mems[0]["id"])
	if resp, raw := c.send("DELETE", fmt.Sprintf("/api/v2/users/%d/organization_memberships/%d", uid, defaultMem), nil); resp.StatusCode != 204 || len(raw) != 0 {
		t.Fatalf("delete: %d %s", resp.StatusCode, raw)
	}
	mems = userMemberships(c, uid)
	if len(mems) != 1 || num(mems[0]["id"]) != memID || mems[0]["default"] != true {
		t.Errorf("memberships after delete: %v", mems)
	}
	if usr := obj(c.get(fmt.Sprintf("/api/v2/users/%d", uid), 200), "user"); num(usr["organization_id"]) != secondID {
		t.Errorf("user organization_id: %v", usr["organization_id"])
	}
	for _, id := range working {
		if tk := ticketJSON(t, c, id); tk["organization_id"] != nil {
			t.Errorf("working ticket %d keeps organization %v", id, tk["organization_id"])
		}
	}
	for _, id := range closed {
		if tk := ticketJSON(t, c, id); num(tk["organization_id"]) != firstID {
			t.Errorf("closed ticket %d: organization %v", id, tk["organization_id"])
		}
	}
	for _, tk := range list(c.get(fmt.Sprintf("/api/v2/organizations/%d/tickets?per_page=100", firstID), 200), "tickets") {
		if slices.Contains(working, num(tk["id"])) {
			t.Errorf("organization's tickets still list %v", tk["id"])
		}
	}
	// Gone: 404 by either path; GET of the membership too.
	for _, path := range []string{
		fmt.Sprintf("/api/v2/organization_memberships/%d", defaultMem),
		fmt.Sprintf("/api/v2/users/%d/organization_memberships/%d", uid, defaultMem),
	} {
		if resp, _ := c.send("DELETE", path, nil); resp.StatusCode != 404 {
			t.Errorf("DELETE %s again: %d", path, resp.StatusCode)
		}
	}
	c.get(fmt.Sprintf("/api/v2/organization_memberships/%d", defaultMem), 404)
	// A membership of another user through this user's path: 404.
	other := s.st.orgMems[0]
	if other.user == u {
		other = s.st.orgMems[1]
	}
	if resp, _ := c.send("DELETE", fmt.Sprintf("/api/v2/users/%d/organization_memberships/%d", uid, other.id), nil); resp.StatusCode != 404 {
		t.Errorf("another user's membership: %d", resp.StatusCode)
	}
	// The last one by its own path: no organization left.
	c.sendJSON("DELETE", fmt.Sprintf("/api/v2/organization_memberships/%d", memID), nil, 204)
	if usr := obj(c.get(fmt.Sprintf("/api/v2/users/%d", uid), 200), "user"); usr["organization_id"] != nil || len(userMemberships(c, uid)) != 0 {
		t.Errorf("after removing every membership: %v", usr["organization_id"])
	}
	// Adding one back with default:true makes it the default.
	c.sendJSON("POST", "/api/v2/organization_memberships", body, 201)
	m, _ = c.sendJSON("POST", "/api/v2/organization_memberships", map[string]any{"organization_membership": map[string]any{"user_id": uid, "organization_id": firstID, "default": true}}, 201)
	if mems = userMemberships(c, uid); len(mems) != 2 || num(mems[0]["organization_id"]) != firstID || mems[0]["default"] != true || mems[1]["default"] != nil {
		t.Errorf("default:true: %v", mems)
	}
}

func TestOrganizationMembershipInvalid(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	uid, _ := s.SampleUser("end-user")
	org := s.st.orgs[0].id
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"user_id": 1, "organization_id": org}, `"user_id":[{"description":"User: 1 does not exist","error":"InvalidValue"}]`},
		{map[string]any{"user_id": uid, "organization_id": 2}, `"organization_id":[{"description":"Organization: 2 does not exist","error":"InvalidValue"}]`},
		{map[string]any{"organization_id": org}, `"user_id":[{"description":"User: cannot be blank","error":"BlankValue"}]`},
	} {
		resp, body := c.send("POST", "/api/v2/organization_memberships", map[string]any{"organization_membership": tc.body})
		if resp.StatusCode != 422 || !strings.Contains(string(body), tc.want) {
			t.Errorf("%v: %d %s", tc.body, resp.StatusCode, body)
		}
	}
}
