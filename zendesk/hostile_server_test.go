package zendesk

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// These tests cover answers the sandbox never gives (it is well-behaved); a tiny server on
// loopback sends them over real HTTP.

func hostileServer(t *testing.T, body string, status int) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(strings.ReplaceAll(body, "HOST", r.Host)))
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Options{BaseURL: srv.URL, Credentials: Credentials{Email: "a@b.c", APIToken: "tok-secret-1"}, Profile: "t", MaxBodyBytes: 1 << 10, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNextLinkToAnotherHostIsRefused(t *testing.T) {
	c := hostileServer(t, `{"users":[],"meta":{"has_more":true},"links":{"next":"http://127.0.0.2:9/api/v2/users.json?page%5Bafter%5D=x"}}`, 200)
	page, err := c.Users.List(UserListOptions{}).Page(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.List(UserListOptions{}).Page(context.Background(), page.Next)
	if err == nil || !strings.Contains(err.Error(), "not the account's host") {
		t.Fatalf("followed a link to another host: %v", err)
	}
}

func TestMalformedPages(t *testing.T) {
	cases := map[string]string{
		"no meta":                `{"users":[]}`,
		"has_more without next":  `{"users":[],"meta":{"has_more":true},"links":{"next":null}}`,
		"wrong item type":        `{"users":[{"id":"seven"}],"meta":{"has_more":false}}`,
		"missing items key":      `{"tickets":[],"meta":{"has_more":false}}`,
		"truncated JSON":         `{"users":[{"id":1`,
		"html page with 200":     `<html><body>Maintenance</body></html>`,
		"body over the size cap": `{"users":[` + strings.Repeat(`{"id":1},`, 200) + `{"id":1}],"meta":{"has_more":false}}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c := hostileServer(t, body, 200)
			if _, err := c.Users.List(UserListOptions{}).Page(context.Background(), ""); err == nil {
				t.Fatal("accepted")
			} else if strings.Contains(err.Error(), "tok-secret-1") {
				t.Fatalf("secret in error: %v", err)
			}
		})
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	var hits int
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer target.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/api/v2/users/me.json", http.StatusFound)
	}))
	defer srv.Close()
	c, err := NewClient(Options{BaseURL: srv.URL, Credentials: Credentials{Email: "a@b.c", APIToken: "tok"}, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Me(context.Background()); err == nil {
		t.Fatal("a redirect was treated as success")
	}
	if hits != 0 {
		t.Fatal("the redirect was followed with the credentials")
	}
}

// A bulk call whose answer is lost may have started a job: it must not be sent again (the
// second job would hide the first from the audit log). A 503 says nothing was done, so that
// one is retried.
func TestBulkCallIsNotResentAfterServerError(t *testing.T) {
	for _, tc := range []struct {
		status    int
		wantCalls int
	}{{http.StatusBadGateway, 1}, {http.StatusInternalServerError, 1}, {http.StatusServiceUnavailable, 2}} {
		calls := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls++
			if calls == 1 {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(tc.status)
				return
			}
			w.Write([]byte(`{"job_status":{"id":"V3-x","status":"queued"}}`))
		}))
		c, err := NewClient(Options{BaseURL: srv.URL, Credentials: Credentials{Email: "a@b.c", APIToken: "tok"}})
		if err != nil {
			t.Fatal(err)
		}
		c.sleep = func(context.Context, time.Duration) error { return nil }
		c.Tickets.DestroyMany(context.Background(), []int64{1, 2})
		srv.Close()
		if calls != tc.wantCalls {
			t.Errorf("status %d: destroy_many sent %d times, want %d", tc.status, calls, tc.wantCalls)
		}
	}
}

// Cancelling while a bulk call is in flight lets it finish, so the job it started is known.
func TestBulkCallInFlightSurvivesCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel() // the operator presses ctrl+c while Zendesk is answering
		time.Sleep(50 * time.Millisecond)
		w.Write([]byte(`{"job_status":{"id":"V3-accepted","status":"queued"}}`))
	}))
	defer srv.Close()
	c, err := NewClient(Options{BaseURL: srv.URL, Credentials: Credentials{Email: "a@b.c", APIToken: "tok"}})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.Tickets.UpdateMany(ctx, []int64{1}, TicketUpdate{Priority: Ptr("high")})
	if err != nil || job.ID != "V3-accepted" {
		t.Fatalf("the accepted job was lost: %+v %v", job, err)
	}
}
