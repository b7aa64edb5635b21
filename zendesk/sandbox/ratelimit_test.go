package sandbox

import (
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for the limiter.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func TestRateLimit(t *testing.T) {
	o := testOptions
	o.RateLimit, o.RateWindow = 5, 2*time.Second
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s.clock = clock.Now
	c := serve(t, s)

	for k := 1; k <= 5; k++ {
		resp, _ := c.do("/api/v2/users/me")
		h := resp.Header
		left := strconv.Itoa(5 - k)
		if resp.StatusCode != 200 || h.Get("X-Rate-Limit") != "5" || h.Get("X-Rate-Limit-Remaining") != left ||
			h.Get("Ratelimit-Limit") != "5" || h.Get("Ratelimit-Remaining") != left || h.Get("Ratelimit-Reset") != "2" {
			t.Fatalf("request %d: %d %v", k, resp.StatusCode, h)
		}
	}
	clock.Advance(500 * time.Millisecond)
	resp, body := c.do("/api/v2/users/me")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || resp.Header.Get("X-Rate-Limit-Remaining") != "0" ||
		string(body) != `{"error":"APIRateLimitExceeded","description":"Number of allowed API requests per minute exceeded"}` {
		t.Fatalf("over the limit: %d Retry-After %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	// 401s are limited too, and carry the headers.
	c.auth = "bearer"
	c.bearer = "wrong"
	if resp, _ := c.do("/api/v2/users"); resp.StatusCode != 429 {
		t.Fatalf("a bad credential over the limit: %d", resp.StatusCode)
	}
	clock.Advance(1600 * time.Millisecond) // past the window
	resp, _ = c.do("/api/v2/users")
	if resp.StatusCode != 401 || resp.Header.Get("X-Rate-Limit-Remaining") != "4" {
		t.Fatalf("after the window: %d remaining %q", resp.StatusCode, resp.Header.Get("X-Rate-Limit-Remaining"))
	}
	if resp.Header.Get("Ratelimit-Reset") == "" {
		t.Fatal("401 without rate-limit headers")
	}
}

// The tickets-index budget (100 per window) is enforced on the ticket list
// routes only.
func TestTicketsIndexBudget(t *testing.T) {
	o := testOptions
	o.RateWindow = time.Minute
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s.clock = clock.Now
	c := serve(t, s)
	uid := s.HeavyRequesters()[0]
	paths := []string{"/api/v2/tickets?page[size]=1", "/api/v2/users/" + strconv.FormatInt(uid, 10) + "/tickets/requested?page[size]=1"}
	for k := 1; k <= 100; k++ {
		resp, _ := c.do(paths[k%2])
		want := "total=100; remaining=" + strconv.Itoa(100-k) + "; resets=60"
		if resp.StatusCode != 200 || resp.Header.Get("Zendesk-Ratelimit-Tickets-Index") != want {
			t.Fatalf("request %d: %d %q", k, resp.StatusCode, resp.Header.Get("Zendesk-Ratelimit-Tickets-Index"))
		}
	}
	resp, _ := c.do(paths[0])
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "60" {
		t.Fatalf("101st ticket list: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp, _ = c.do("/api/v2/tickets/1")
	if resp.StatusCode != 200 || resp.Header.Get("Zendesk-Ratelimit-Tickets-Index") != "" {
		t.Fatalf("show ticket is not a list route: %d %q", resp.StatusCode, resp.Header.Get("Zendesk-Ratelimit-Tickets-Index"))
	}
	clock.Advance(time.Minute)
	if resp, _ := c.do(paths[0]); resp.StatusCode != 200 {
		t.Fatalf("after the window: %d", resp.StatusCode)
	}
}

// With the real clock and a short window, the limit resets by itself.
func TestRateLimitRealClock(t *testing.T) {
	o := testOptions
	o.RateLimit, o.RateWindow = 2, time.Second
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	c := serve(t, s)
	c.do("/api/v2/groups")
	c.do("/api/v2/groups")
	resp, _ := c.do("/api/v2/groups")
	if resp.StatusCode != 429 {
		t.Fatalf("third request in a window of 2: %d", resp.StatusCode)
	}
	wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	if wait < 1 || wait > 1 {
		t.Fatalf("Retry-After %d", wait)
	}
	time.Sleep(time.Second + 50*time.Millisecond)
	if resp, _ := c.do("/api/v2/groups"); resp.StatusCode != 200 {
		t.Fatalf("after Retry-After: %d", resp.StatusCode)
	}
}
