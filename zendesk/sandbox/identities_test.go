package sandbox

import (
	"fmt"
	"strings"
	"testing"
)

func TestAddIdentityThenMakePrimary(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	uid, email := s.SampleUser("end-user")
	base := fmt.Sprintf("/api/v2/users/%d/identities", uid)
	before := len(list(c.get(base, 200), "identities"))

	m, resp := c.sendJSON("POST", base, map[string]any{"identity": map[string]any{"type": "email", "value": " New.Address@Example.com ", "skip_verify_email": true}}, 201)
	id := obj(m, "identity")
	idID := num(id["id"])
	if id["value"] != "new.address@example.com" || id["primary"] != false || id["verified"] != false || num(id["user_id"]) != uid || id["type"] != "email" {
		t.Errorf("new identity: %v", id)
	}
	if !strings.HasSuffix(resp.Header.Get("Location"), fmt.Sprintf("/users/%d/identities/%d.json", uid, idID)) {
		t.Errorf("Location %q", resp.Header.Get("Location"))
	}
	ids := list(c.get(base, 200), "identities")
	if len(ids) != before+1 || ids[0]["value"] != email || ids[0]["primary"] != true {
		t.Errorf("identities after add: %v", ids)
	}
	// The new address finds the user, in create_or_update and search.
	if got := list(c.get("/api/v2/users/search?query=email:new.address@example.com", 200), "users"); len(got) != 1 || num(got[0]["id"]) != uid {
		t.Errorf("search by the added email: %v", got)
	}

	m, _ = c.sendJSON("PUT", fmt.Sprintf("%s/%d/make_primary", base, idID), nil, 200)
	all := list(m, "identities")
	if len(all) != before+1 || num(all[0]["id"]) != idID || all[0]["primary"] != true {
		t.Fatalf("make_primary answer: %v", all)
	}
	primaries := 0
	for _, x := range all {
		if x["primary"] == true && x["type"] == "email" {
			primaries++
		}
	}
	if primaries != 1 {
		t.Errorf("%d primary emails: %v", primaries, all)
	}
	if u := obj(c.get(fmt.Sprintf("/api/v2/users/%d", uid), 200), "user"); u["email"] != "new.address@example.com" {
		t.Errorf("user email after make_primary: %v", u["email"])
	}
	if ids := list(c.get(base+"?page[size]=1", 200), "identities"); len(ids) != 1 || num(ids[0]["id"]) != idID {
		t.Errorf("first identity after make_primary: %v", ids)
	}
	// Cursor pages walk every identity once even though the list is not in id order.
	seen := map[int64]bool{}
	next := base + "?page[size]=1"
	for next != "" {
		page := c.get(next, 200)
		for _, x := range list(page, "identities") {
			if seen[num(x["id"])] {
				t.Fatalf("identity %v listed twice", x["id"])
			}
			seen[num(x["id"])] = true
		}
		next = ""
		if obj(page, "meta")["has_more"] == true {
			next = obj(page, "links")["next"].(string)
		}
	}
	if len(seen) != before+1 {
		t.Errorf("cursor walk saw %d identities, want %d", len(seen), before+1)
	}

	// A phone number, then the refusals.
	c.sendJSON("POST", base, map[string]any{"identity": map[string]any{"type": "phone_number", "value": "+1 555 010 9999", "verified": true}}, 201)
	other, otherEmail := s.SampleUser("agent")
	cases := []struct {
		path string
		body map[string]any
		want string
	}{
		{base, map[string]any{"type": "email", "value": otherEmail}, "is already being used by another user"},
		{base, map[string]any{"type": "email", "value": "NEW.ADDRESS@example.com"}, "is already an identity of this user"},
		{fmt.Sprintf("/api/v2/users/%d/identities", other), map[string]any{"type": "phone_number", "value": "+15550109999"}, "is already being used by another user"},
		{base, map[string]any{"type": "email", "value": "nope"}, "Value: nope is not a valid email address"},
		{base, map[string]any{"type": "twitter", "value": "x"}, `Type: \"twitter\" is not supported`},
	}
	for _, tc := range cases {
		resp, body := c.send("POST", tc.path, map[string]any{"identity": tc.body})
		if resp.StatusCode != 422 || !strings.Contains(string(body), tc.want) {
			t.Errorf("%v: %d %s", tc.body, resp.StatusCode, body)
		}
	}
	// 404s: an unknown user, an identity of another user, an unknown identity.
	otherIdentity := num(list(c.get(fmt.Sprintf("/api/v2/users/%d/identities", other), 200), "identities")[0]["id"])
	for _, path := range []string{
		fmt.Sprintf("/api/v2/users/1/identities/%d/make_primary", idID),
		fmt.Sprintf("%s/%d/make_primary", base, otherIdentity),
		fmt.Sprintf("%s/%d/make_primary", base, identityIDBase+999_999_999),
		base + "/x/make_primary",
	} {
		if resp, body := c.send("PUT", path, nil); resp.StatusCode != 404 || !strings.Contains(string(body), "RecordNotFound") {
			t.Errorf("PUT %s: %d %s", path, resp.StatusCode, body)
		}
	}
	if resp, _ := c.send("POST", "/api/v2/users/1/identities", map[string]any{"identity": map[string]any{"type": "email", "value": "a@b.co"}}); resp.StatusCode != 404 {
		t.Errorf("identity of an unknown user: %d", resp.StatusCode)
	}
}
