package actions

import (
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// bigOptions is an account whose heavy requesters have 10,000 tickets and more. The
// tickets-index budget (100 list requests per window) refills every 200 ms, so listing
// 10,000 tickets is never throttled.
var bigOptions = sandbox.Options{Seed: 3, Users: 2000, Tickets: 60000, RateLimit: 1_000_000, RateWindow: 200 * time.Millisecond, JobDuration: 5 * time.Millisecond}

// tenK returns the heavy requester with the fewest tickets that still has 10,000.
func tenK(t testing.TB, s *sandbox.Server) (int64, int) {
	var user int64
	n := 0
	for _, id := range s.HeavyRequesters() {
		if c := s.RequestedCount(id); c >= 10_000 && (user == 0 || c < n) {
			user, n = id, c
		}
	}
	if user == 0 {
		t.Fatal("no requester with 10,000 tickets")
	}
	return user, n
}

// TestSetPriority10kBudget holds set-priority on a user with 10,000+ tickets to the
// request budget: ceil(N/100) list pages, ceil(changes/100) writes, at most one poll per
// PollEvery, no per-ticket call.
func TestSetPriority10kBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 60,000 tickets")
	}
	e := newEnv(t, bigOptions)
	e.runner.PollEvery = 25 * time.Millisecond
	user, n := tenK(t, e.s)

	e.s.ResetStats()
	p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "urgent"}})
	st := e.s.Stats()
	pages := st.ByRoute["GET /api/v2/users/{id}/tickets/requested"]
	if pages != ceilDiv(n, 100) || st.Total != pages+1 || len(writes(st)) > 0 {
		t.Errorf("planning %d tickets: %d list pages (want %d), %d requests: %v", n, pages, ceilDiv(n, 100), st.Total, st.ByRoute)
	}

	e.s.ResetStats()
	start := time.Now()
	res, _ := e.apply(p)
	elapsed := time.Since(start)
	st = e.s.Stats()
	if res.Succeeded != len(p.Changes) || res.Failed != 0 {
		t.Fatalf("result %+v", res)
	}
	updates := st.ByRoute["PUT /api/v2/tickets/update_many"]
	polls := st.ByRoute["GET /api/v2/job_statuses/show_many"]
	if updates != ceilDiv(len(p.Changes), 100) || updates > ceilDiv(n, 100) {
		t.Errorf("%d update_many calls for %d changes", updates, len(p.Changes))
	}
	if maxPolls := int(elapsed/e.runner.PollEvery) + 1; polls > maxPolls {
		t.Errorf("%d polls in %v at one per %v: more than %d", polls, elapsed, e.runner.PollEvery, maxPolls)
	}
	for route := range st.ByRoute {
		if route != "PUT /api/v2/tickets/update_many" && route != "GET /api/v2/job_statuses/show_many" {
			t.Errorf("unexpected call during apply: %s x %d", route, st.ByRoute[route])
		}
		if strings.Contains(route, "{id}") {
			t.Errorf("per-ticket call: %s", route)
		}
	}
	if st.ByStatus["429"] > 0 {
		t.Errorf("%d 429 answers", st.ByStatus["429"])
	}
	t.Logf("%d tickets, %d changes: plan %d list pages; apply %d update_many + %d polls in %v",
		n, len(p.Changes), pages, updates, polls, elapsed.Round(time.Millisecond))
}
