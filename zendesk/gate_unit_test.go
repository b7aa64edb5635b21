package zendesk

import (
	"testing"
	"time"
)

// These tests drive the gate's arithmetic with a made-up clock; gate_test.go shows the
// behaviour against the sandbox over HTTP.

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

const meRoute = "GET /api/v2/users/me"

// answer is the account budget as one answer reports it.
func answer(limit, remaining int, reset time.Duration) RateLimit {
	return RateLimit{Known: true, Limit: limit, Remaining: remaining, Reset: reset}
}

// mustAdmit admits a request at now or fails.
func mustAdmit(t *testing.T, g *RateGate, route string, now time.Time) *gateSlot {
	t.Helper()
	s, h := g.admit(route, "/api/v2/users/me", now)
	if h != nil {
		t.Fatalf("held at %v until %v (%s)", now.Sub(t0), h.until.Sub(t0), h.reason())
	}
	return s
}

// TestGateSpacing: with 10 of 100 left and 10 s to the reset, requests go one a second,
// the eleventh waits for the reset, and the window after it is spent at full speed again.
func TestGateSpacing(t *testing.T) {
	g := newRateGate()
	mustAdmit(t, g, meRoute, t0).done(answer(100, 10, 10*time.Second), t0)
	now := t0
	for i := range 10 {
		s := mustAdmit(t, g, meRoute, now)
		s.done(answer(100, 9-i, 10*time.Second-now.Sub(t0)), now)
		_, h := g.admit(meRoute, "/api/v2/users/me", now)
		if h == nil {
			t.Fatalf("request %d: the next was not held", i)
		}
		want := now.Add(time.Second)
		if i == 9 {
			want = t0.Add(10 * time.Second) // none left: the reset
		}
		if !h.until.Equal(want) {
			t.Fatalf("request %d: held until %v, want %v", i, h.until.Sub(t0), want.Sub(t0))
		}
		if i == 0 && !h.announce || i > 0 && h.announce {
			t.Errorf("request %d: announce %v: the first pacing wait of a window is reported, once", i, h.announce)
		}
		if i == 0 && h.reason() != "rate limited (pacing: 9 requests left until reset)" ||
			i == 9 && h.reason() != "rate limited (pacing: 0 requests left until reset)" {
			t.Errorf("request %d: reason %q", i, h.reason())
		}
		now = h.until
	}
	// The window has reset: a new one is assumed full, spent at full speed (none answered,
	// so all in flight) until a tenth is left, when pacing admits one more and holds the next.
	admitted := 0
	for admitted <= 100 {
		if _, h := g.admit(meRoute, "/api/v2/users/me", now); h != nil {
			break
		}
		admitted++
	}
	if admitted != 91 {
		t.Fatalf("%d admitted in a fresh window of 100", admitted)
	}
}

// TestGateInFlight: requests admitted but not answered count against the budget, so
// concurrent callers cannot overshoot what the last answer said was left.
func TestGateInFlight(t *testing.T) {
	g := newRateGate()
	mustAdmit(t, g, meRoute, t0).done(answer(20, 5, time.Second), t0)
	var sent []*gateSlot
	now := t0
	for len(sent) <= 20 {
		s, h := g.admit(meRoute, "/api/v2/users/me", now)
		if h != nil {
			if h.until.After(t0.Add(time.Second)) {
				t.Fatalf("held past the reset: %v", h.until.Sub(t0))
			}
			if !h.until.Before(t0.Add(time.Second)) {
				break // none left in the window
			}
			now = h.until
			continue
		}
		sent = append(sent, s)
	}
	if len(sent) != 5 {
		t.Fatalf("%d requests admitted on 5 left with none answered", len(sent))
	}
	// Answers that come back lower the count in flight and what is left together.
	for i, s := range sent {
		s.done(answer(20, 4-i, time.Second), now)
	}
	if w := g.windows[budgetKey{}]; w.inflight != 0 || w.remaining != 0 {
		t.Fatalf("after the answers: %+v", *w)
	}
}

// TestGateStaleAnswers: an answer read out of order (its request was sent before the news
// the gate holds) never raises what is left; an answer to a later request that shows more
// left is a new window.
func TestGateStaleAnswers(t *testing.T) {
	g := newRateGate()
	a := mustAdmit(t, g, meRoute, t0)
	b := mustAdmit(t, g, meRoute, t0.Add(time.Millisecond))
	b.done(answer(700, 600, 30*time.Second), t0.Add(10*time.Millisecond))
	a.done(answer(700, 601, 30*time.Second), t0.Add(11*time.Millisecond)) // processed before b
	w := g.windows[budgetKey{}]
	if w.remaining != 600 {
		t.Fatalf("a stale answer raised remaining to %d", w.remaining)
	}
	c := mustAdmit(t, g, meRoute, t0.Add(5*time.Millisecond)) // sent before b's answer came
	c.done(answer(700, 599, 30*time.Second), t0.Add(12*time.Millisecond))
	if w.remaining != 599 {
		t.Fatalf("a lower answer read out of order was dropped: %d", w.remaining)
	}
	// x's news comes; f, sent before it, and e, sent after it, come back in that order with
	// f processed last: e shows more left than f, yet it is older news, not a new window.
	x := mustAdmit(t, g, meRoute, t0.Add(13*time.Millisecond))
	f := mustAdmit(t, g, meRoute, t0.Add(14*time.Millisecond))
	x.done(answer(700, 596, 30*time.Second), t0.Add(15*time.Millisecond))
	e := mustAdmit(t, g, meRoute, t0.Add(15500*time.Microsecond))
	f.done(answer(700, 594, 30*time.Second), t0.Add(16*time.Millisecond))
	e.done(answer(700, 595, 30*time.Second), t0.Add(17*time.Millisecond))
	if w.remaining != 594 {
		t.Fatalf("an answer older than the news was taken for a new window: %d left", w.remaining)
	}
	d := mustAdmit(t, g, meRoute, t0.Add(20*time.Millisecond)) // sent after all the news
	d.done(answer(700, 699, 60*time.Second), t0.Add(21*time.Millisecond))
	if w.remaining != 699 || !w.resetAt.Equal(t0.Add(21*time.Millisecond+60*time.Second)) {
		t.Fatalf("a new window was not taken: %+v", *w)
	}
}

// TestGateEarlyReset: resets come in whole seconds, so a window may end before the gate's
// estimate; a paced request that comes back with a fresh budget ends the pacing at once.
func TestGateEarlyReset(t *testing.T) {
	g := newRateGate()
	mustAdmit(t, g, meRoute, t0).done(answer(100, 5, time.Second), t0)
	s := mustAdmit(t, g, meRoute, t0)
	s.done(answer(100, 4, time.Second), t0)
	if _, h := g.admit(meRoute, "", t0.Add(10*time.Millisecond)); h == nil {
		t.Fatal("not paced with 4 of 100 left")
	}
	s = mustAdmit(t, g, meRoute, t0.Add(250*time.Millisecond))
	s.done(answer(100, 99, time.Second), t0.Add(260*time.Millisecond))
	for range 80 {
		mustAdmit(t, g, meRoute, t0.Add(260*time.Millisecond))
	}
}

// TestGateAssumedWindow: once the reset has passed with no news, a full window is assumed;
// answers to requests sent before it count against it, the first answer sent after it
// replaces it.
func TestGateAssumedWindow(t *testing.T) {
	g := newRateGate()
	mustAdmit(t, g, meRoute, t0).done(answer(10, 1, time.Second), t0)
	late := mustAdmit(t, g, meRoute, t0.Add(100*time.Millisecond)) // the last of the window
	if _, h := g.admit(meRoute, "", t0.Add(200*time.Millisecond)); h == nil || !h.until.Equal(t0.Add(time.Second)) {
		t.Fatalf("none left: want a hold until the reset, got %+v", h)
	}
	fresh := mustAdmit(t, g, meRoute, t0.Add(time.Second))
	w := g.windows[budgetKey{}]
	if !w.assumed || w.remaining != 10 || w.inflight != 2 {
		t.Fatalf("after the reset: %+v", *w)
	}
	late.done(answer(10, 0, time.Second), t0.Add(time.Second+time.Millisecond))
	if !w.assumed || w.remaining != 9 || w.inflight != 1 {
		t.Fatalf("an answer sent before the reset: %+v", *w)
	}
	fresh.done(answer(10, 9, time.Second), t0.Add(time.Second+2*time.Millisecond))
	if w.assumed || w.remaining != 9 || w.inflight != 0 || !w.resetAt.Equal(t0.Add(2*time.Second+2*time.Millisecond)) {
		t.Fatalf("the first answer of the new window: %+v", *w)
	}
}

// TestGateEndpointBudgets: a route is tied to the endpoint budgets its answers report
// (inflight-jobs aside), the List Tickets routes share one, and per-resource budgets are
// kept per resource.
func TestGateEndpointBudgets(t *testing.T) {
	g := newRateGate()
	requested := routeOf("GET", "/api/v2/users/42/tickets/requested")
	rl := answer(700, 600, 30*time.Second)
	rl.Endpoints = map[string]Budget{
		"tickets-index": {Total: 100, Remaining: 0, Reset: 20 * time.Second},
		"inflight-jobs": {Total: 30, Remaining: 0, Reset: 60 * time.Second},
	}
	s, _ := g.admit(requested, "/api/v2/users/42/tickets/requested", t0)
	s.done(rl, t0)
	if _, ok := g.windows[budgetKey{name: inflightJobs}]; ok {
		t.Error("inflight-jobs paces requests")
	}
	for _, path := range []string{"/api/v2/users/42/tickets/requested", "/api/v2/users/7/tickets/requested", "/api/v2/organizations/3/tickets"} {
		if _, h := g.admit(routeOf("GET", path), path, t0.Add(time.Second)); h == nil || h.key.name != "tickets-index" || !h.until.Equal(t0.Add(20*time.Second)) {
			t.Errorf("%s: not held by tickets-index: %+v", path, h)
		}
	}
	mustAdmit(t, g, meRoute, t0.Add(time.Second)) // the account budget is far from spent

	update := routeOf("PUT", "/api/v2/tickets/5")
	rl = answer(700, 600, 30*time.Second)
	rl.Endpoints = map[string]Budget{"per-ticket-updates": {Total: 30, Remaining: 0, Reset: 468 * time.Second}}
	s, _ = g.admit(update, "/api/v2/tickets/5", t0)
	s.done(rl, t0)
	if _, h := g.admit(update, "/api/v2/tickets/5", t0.Add(time.Second)); h == nil {
		t.Error("ticket 5's spent update budget does not hold ticket 5")
	}
	if _, h := g.admit(update, "/api/v2/tickets/6", t0.Add(time.Second)); h != nil {
		t.Errorf("ticket 5's spent update budget holds ticket 6: %+v", h)
	}
}

func TestRouteOf(t *testing.T) {
	cases := map[[2]string]string{
		{"GET", "/api/v2/users/42/tickets/requested"}:                    "GET /api/v2/users/{id}/tickets/requested",
		{"GET", "/api/v2/users/42/tickets/requested.json"}:               "GET /api/v2/users/{id}/tickets/requested",
		{"PUT", "/api/v2/tickets/update_many"}:                           "PUT /api/v2/tickets/update_many",
		{"GET", "/api/v2/job_statuses/8b726e606741012ffc2d782bcb7848fe"}: "GET /api/v2/job_statuses/{id}",
		{"GET", "/api/v2/users/me"}:                                      "GET /api/v2/users/me",
	}
	for in, want := range cases {
		if got := routeOf(in[0], in[1]); got != want {
			t.Errorf("routeOf(%s %s) = %q, want %q", in[0], in[1], got, want)
		}
	}
}

// TestGateBlindStart: requests sent before any answer told the budget count against it once
// the first answer does.
func TestGateBlindStart(t *testing.T) {
	g := newRateGate()
	var first []*gateSlot
	for range 8 {
		first = append(first, mustAdmit(t, g, meRoute, t0))
	}
	first[0].done(answer(20, 14, time.Second), t0.Add(time.Millisecond))
	if w := g.windows[budgetKey{}]; w.inflight != 7 {
		t.Fatalf("%d in flight, want the 7 sent before the budget was known", w.inflight)
	}
	admitted := 0
	for admitted <= 20 {
		if _, h := g.admit(meRoute, "", t0.Add(time.Millisecond)); h != nil {
			break
		}
		admitted++
	}
	if admitted != 6 { // 14 left, 7 in flight: 5 at full speed down to a tenth, then one paced
		t.Fatalf("%d admitted with 14 left and 7 in flight", admitted)
	}
}
