package sandbox

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestAuth(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	email, token, _ := s.Credentials()

	if u := obj(c.get("/api/v2/users/me.json", 200), "user"); u["email"] != email || u["role"] != "admin" || u["id"] == nil {
		t.Fatalf("Basic /users/me: %v", u)
	}
	c.auth = "bearer"
	if u := obj(c.get("/api/v2/users/me", 200), "user"); u["email"] != email {
		t.Fatalf("Bearer /users/me: %v", u)
	}

	basic := func(user, pass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}
	c.auth = "custom"
	for name, h := range map[string]string{
		"wrong token":       basic(email+"/token", token+"x"),
		"wrong email":       basic("someone@example.com/token", token),
		"password form":     basic(email, token),
		"not base64":        "Basic !!!",
		"unknown scheme":    "Token " + token,
		"email upper-cased": basic(strings.ToUpper(email)+"/token", token),
	} {
		resp, body := c.do("/api/v2/users", "Authorization", h)
		if name == "email upper-cased" {
			if resp.StatusCode != 200 {
				t.Errorf("%s: %d", name, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != 401 || string(body) != `{"error":"Couldn't authenticate you"}` ||
			resp.Header.Get("WWW-Authenticate") != `Basic realm="Web Password"` {
			t.Errorf("%s: %d %s %q", name, resp.StatusCode, body, resp.Header.Get("WWW-Authenticate"))
		}
		if strings.Contains(string(body), token) {
			t.Errorf("%s: the token is echoed", name)
		}
	}
	resp, body := c.do("/api/v2/tickets", "Authorization", "Bearer nope")
	if resp.StatusCode != 401 || !strings.Contains(string(body), `"error":"invalid_token"`) ||
		!strings.Contains(string(body), `"error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."`) {
		t.Fatalf("wrong bearer: %d %s", resp.StatusCode, body)
	}

	// No credentials at all: /users/me answers 200 with an anonymous user
	// whose id is null; everything else is 401.
	c.auth = "none"
	u := obj(c.get("/api/v2/users/me.json", 200), "user")
	if _, has := u["id"]; !has || u["id"] != nil || u["name"] != "Anonymous user" || u["email"] != "invalid@example.com" || u["role"] != "end-user" {
		t.Fatalf("anonymous user: %v", u)
	}
	if m := c.get("/api/v2/users", 401); m["error"] != "Couldn't authenticate you" {
		t.Fatalf("no credentials on /users: %v", m)
	}
}
