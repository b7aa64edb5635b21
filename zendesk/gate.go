package zendesk

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// RateGate paces requests from the rate-limit headers Zendesk sends, so that a long run
// spreads its last requests over the time to reset instead of running into 429s.
//
// It keeps one window per budget: the account's (ratelimit-*, X-Rate-Limit) and each
// endpoint budget (zendesk-ratelimit-NAME), and learns which endpoint budgets a route
// spends from the answers on that route. Every request passes the gate before it is sent
// and reports back when its answer (or its failure) arrives; in between it counts as in
// flight, so concurrent callers cannot overshoot a budget the last answer said was nearly
// spent. A Client builds its own gate; it is safe for concurrent use.
//
// While more than a tenth of a budget is left, requests go at full speed: a run that fits
// in the budget is not slowed, and the last tenth, spent slowly, keeps the account's other
// API clients (which share the budget) from meeting an empty one. Below that, the requests left are spaced evenly until
// the reset, and with none left the next one waits for the reset. Spacing rather than
// spending to zero also lets a window that ended earlier than reported (resets come in
// whole seconds) be seen at once: a spaced request that comes back with a fresh budget
// ends the pacing.
type RateGate struct {
	mu      sync.Mutex
	windows map[budgetKey]*window
	routes  map[string]map[string]bool // route -> names of the endpoint budgets it spends
	flying  map[*gateSlot]bool         // admitted and not yet answered
	wake    chan struct{}              // closed, and replaced, when a budget opens a new window
}

const (
	// paceShare: pacing starts when no more than 1/paceShare of a budget is left.
	paceShare = 10
	// reportPacingAfter is how long a pacing wait must be to be reported through
	// Options.OnWait; the first pacing wait of each window is reported whatever its length,
	// so a person sees when the budget starts to bind.
	reportPacingAfter = time.Second
	// assumedWindow is taken as the window's length when Zendesk reports a budget without
	// its reset: Zendesk's limits are per minute, so any window ends within a minute.
	assumedWindow = time.Minute
	// resetGranularity: Zendesk reports resets in whole seconds, rounded up (as the sandbox
	// does), so a window said to reset in r seconds at time t ends in (t+r-1s, t+r].
	resetGranularity = time.Second
	// inflightJobs is the job cap's budget: it counts jobs, not requests, and the actions
	// runner heeds it; it takes no part in request pacing.
	inflightJobs = "inflight-jobs"
)

// ticketsIndexRoutes spend Zendesk's List Tickets budget (REFERENCE §4: the users/{id}/tickets
// variants share it). Known before the first answer, so a route the gate has not yet heard
// on is paced by a budget another route has already drawn down.
var ticketsIndexRoutes = []string{
	"GET /api/v2/tickets",
	"GET /api/v2/users/{id}/tickets/requested",
	"GET /api/v2/users/{id}/tickets/assigned",
	"GET /api/v2/users/{id}/tickets/ccd",
	"GET /api/v2/organizations/{id}/tickets",
}

// budgetKey names one budget: name "" is the account's. Budgets named "per-..." (such as
// per-ticket-updates) count requests on one resource, so scope holds the request's path.
type budgetKey struct{ name, scope string }

// window is what the gate knows of one budget's current window.
type window struct {
	key       budgetKey
	limit     int           // requests per window
	remaining int           // left after the request that reported it
	resetAt   time.Time     // when the window ends at the latest
	heardAt   time.Time     // when the answer that set remaining arrived, or the window was assumed
	assumed   bool          // resetAt passed with no news: remaining is the full limit, not heard
	span      time.Duration // the longest reset reported: the window's length at most
	inflight  int           // requests admitted under this budget and not yet answered
	next      time.Time     // while pacing: when the next request may go
	announced bool          // a pacing wait of this window has been reported
}

func newRateGate() *RateGate {
	g := &RateGate{windows: map[budgetKey]*window{}, routes: map[string]map[string]bool{}, flying: map[*gateSlot]bool{}, wake: make(chan struct{})}
	for _, r := range ticketsIndexRoutes {
		g.routes[r] = map[string]bool{"tickets-index": true}
	}
	return g
}

// paceBelow is the number of requests left at which pacing starts: a tenth of the limit,
// at least one.
func paceBelow(limit int) int { return max((limit+paceShare-1)/paceShare, 1) }

// gateSlot is one admitted request: finish it with what its answer said.
type gateSlot struct {
	g       *RateGate
	route   string
	path    string
	sentAt  time.Time
	counted []*window
}

// hold says why a request may not be sent yet, and until when.
type hold struct {
	until    time.Time
	key      budgetKey
	limit    int
	left     int // requests left in the window, less those in flight
	announce bool
	wake     <-chan struct{}
}

// reason is the Wait.Reason of a pacing wait.
func (h *hold) reason() string {
	name := ""
	if h.key.name != "" {
		name = h.key.name + " "
	}
	return fmt.Sprintf("rate limited (pacing: %d %srequests left until reset)", max(h.left, 0), name)
}

// PacingError says a call was not sent: the rate-limit budget it needs would hold it longer
// than the client may wait (Options.MaxWait). Zendesk was not asked, so nothing was written.
type PacingError struct {
	Method, Path string
	Budget       string        // "account", or the endpoint budget's name ("tickets-index")
	Limit        int           // the budget's requests per window
	Left         int           // requests left in the window, less those in flight
	Wait         time.Duration // how much longer the call would have to wait
	MaxWait      time.Duration
}

func (e *PacingError) Error() string {
	label := e.Budget + " rate limit"
	if e.Budget == "account" {
		label = "account's rate limit"
	}
	return fmt.Sprintf("%s %s: rate limited: not sent: the %s (%d left of %d a window) would hold it %s, more than this call may wait (%s)",
		e.Method, e.Path, label, max(e.Left, 0), e.Limit, e.Wait.Round(time.Millisecond), e.MaxWait)
}

// wait holds the caller until its request may be sent, then returns the slot to finish
// when the answer comes. It returns ctx's error when ctx ends first, and a *PacingError
// when the request would wait longer than maxWait in all. report hears about the waits
// worth telling a person about.
func (g *RateGate) wait(ctx context.Context, method, path, shown string, maxWait time.Duration, report func(time.Duration, string)) (*gateSlot, error) {
	route := routeOf(method, path)
	var waited time.Duration
	var reported time.Time
	for {
		now := time.Now()
		s, h := g.admit(route, path, now)
		if h == nil {
			return s, nil
		}
		d := h.until.Sub(now)
		if waited+d > maxWait {
			budget := h.key.name
			if budget == "" {
				budget = "account"
			}
			return nil, &PacingError{Method: method, Path: shown, Budget: budget, Limit: h.limit, Left: h.left, Wait: d, MaxWait: maxWait}
		}
		if report != nil && (h.announce || d >= reportPacingAfter && h.until.Sub(reported).Abs() >= reportPacingAfter) {
			report(d, h.reason())
			reported = h.until
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		case <-h.wake:
			t.Stop()
		}
		waited += time.Since(now)
	}
}

// admit lets the request on route go at now, counting it in flight under every budget it
// spends, or says how long it must wait.
func (g *RateGate) admit(route, path string, now time.Time) (*gateSlot, *hold) {
	g.mu.Lock()
	defer g.mu.Unlock()
	ws := g.spends(route, path)
	var worst *hold
	for _, w := range ws {
		w.roll(now)
		until, left := w.earliest(now)
		if until.After(now) && (worst == nil || until.After(worst.until)) {
			worst = &hold{until: until, key: w.key, limit: w.limit, left: left, wake: g.wake}
		}
	}
	if worst != nil {
		if w := g.windows[worst.key]; !w.announced {
			w.announced, worst.announce = true, true
		}
		return nil, worst
	}
	for _, w := range ws {
		if left := w.remaining - w.inflight; left >= 1 && left <= paceBelow(w.limit) {
			w.next = now.Add(w.resetAt.Sub(now) / time.Duration(left))
		}
		w.inflight++
	}
	s := &gateSlot{g: g, route: route, path: path, sentAt: now, counted: ws}
	g.flying[s] = true
	return s, nil
}

// spends lists the known windows a request on route spends: the account's and the
// endpoint budgets the route is tied to.
func (g *RateGate) spends(route, path string) []*window {
	var ws []*window
	if w := g.windows[budgetKey{}]; w != nil {
		ws = append(ws, w)
	}
	for name := range g.routes[route] {
		if w := g.windows[keyOf(name, path)]; w != nil {
			ws = append(ws, w)
		}
	}
	return ws
}

// done records the answer to the slot's request: rl is what its headers said, the zero
// RateLimit when no answer came; at is when it arrived. A nil slot (no gate) does nothing.
func (s *gateSlot) done(rl RateLimit, at time.Time) {
	if s == nil {
		return
	}
	g := s.g
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.flying, s)
	for _, w := range s.counted {
		w.inflight = max(w.inflight-1, 0)
	}
	heard := map[*window]bool{}
	if rl.Known && rl.Limit > 0 {
		w := g.window(budgetKey{}, "")
		g.learn(w, rl.Limit, rl.Remaining, rl.Reset, s.sentAt, at)
		heard[w] = true
	}
	for name, b := range rl.Endpoints {
		if name == inflightJobs || b.Total <= 0 {
			continue
		}
		if g.routes[s.route] == nil {
			g.routes[s.route] = map[string]bool{}
		}
		g.routes[s.route][name] = true
		w := g.window(keyOf(name, s.path), name)
		g.learn(w, b.Total, b.Remaining, b.Reset, s.sentAt, at)
		heard[w] = true
	}
	// A budget the answer did not report on may still have been spent (or no answer came):
	// count the request against it.
	for _, w := range s.counted {
		if !heard[w] {
			w.remaining = max(w.remaining-1, 0)
		}
	}
	g.prune(at)
}

// window returns the window of key k, which endpoint budget name ("" for the account's)
// keeps. A window heard of for the first time starts with the requests already in flight
// that spend it: sent before anything was known, they still count against it.
func (g *RateGate) window(k budgetKey, name string) *window {
	w := g.windows[k]
	if w != nil {
		return w
	}
	w = &window{key: k}
	g.windows[k] = w
	for s := range g.flying {
		if name == "" || g.routes[s.route][name] && keyOf(name, s.path) == k {
			s.counted = append(s.counted, w)
			w.inflight++
		}
	}
	return w
}

// prune forgets the per-resource windows that ended, so a long session touching many
// tickets does not keep one window per ticket.
func (g *RateGate) prune(now time.Time) {
	if len(g.windows) < 64 {
		return
	}
	for k, w := range g.windows {
		if k.scope != "" && w.inflight == 0 && !now.Before(w.resetAt) {
			delete(g.windows, k)
		}
	}
}

// learn folds one answer into a window. sentAt is when its request was admitted, at when
// the answer arrived. An answer to a request sent after the window's last news was
// processed after it, so it is the newest word; an older one, read out of order, may only
// lower what is left (the stale answers RateLimit.staler speaks of never raise it).
func (g *RateGate) learn(w *window, limit, remaining int, reset time.Duration, sentAt, at time.Time) {
	if reset <= 0 {
		reset = assumedWindow
	}
	w.span = max(w.span, reset)
	end := at.Add(reset) // the server measured reset before at: the window ends by then
	newer := sentAt.After(w.heardAt)
	switch {
	case w.heardAt.IsZero() || limit != w.limit,
		// News after what was known, with more left than before, or a window that must end
		// later than the known one can (its earliest end is after the known latest), is a
		// new window; and news after an assumed window replaces the assumption.
		newer && (w.assumed || remaining > w.remaining || sentAt.Add(reset-resetGranularity).After(w.resetAt)):
		w.limit, w.remaining, w.resetAt, w.heardAt, w.assumed = limit, remaining, end, at, false
		w.next, w.announced = time.Time{}, false
		close(g.wake)
		g.wake = make(chan struct{})
	case newer:
		// Same window, later news: both ends are upper bounds of the same reset.
		w.remaining, w.heardAt = remaining, at
		if end.Before(w.resetAt) {
			w.resetAt = end
		}
	case w.assumed:
		// Sent before the window was assumed to have reset: it may have spent the new one.
		w.remaining = max(w.remaining-1, 0)
	case remaining < w.remaining:
		// Read out of order but with fewer left: processed after what was known, or in an
		// older window. Either way fewer is the safe word; the reset stays, as an older
		// window's would end too early. Only requests sent after this answer came are
		// surely processed after it, so they alone may later raise what is left.
		w.remaining = remaining
		if at.After(w.heardAt) {
			w.heardAt = at
		}
	}
}

// roll assumes a new, full window once the known one has surely ended; the first answer
// sent after this replaces the assumption with what Zendesk says.
func (w *window) roll(now time.Time) {
	if now.Before(w.resetAt) {
		return
	}
	// heardAt just before now: the request admitted at now is sent after the assumption.
	w.remaining, w.assumed, w.heardAt = w.limit, true, now.Add(-time.Nanosecond)
	w.resetAt = now.Add(w.span)
	w.next, w.announced = time.Time{}, false
}

// earliest is when the next request may go under this budget, and how many are left less
// those in flight.
func (w *window) earliest(now time.Time) (time.Time, int) {
	left := w.remaining - w.inflight
	switch {
	case w.limit <= 0 || left > paceBelow(w.limit):
		return now, left
	case left <= 0:
		return w.resetAt, left
	case w.next.After(now):
		return w.next, left
	}
	return now, left
}

// keyOf is the window key of endpoint budget name for a request on path.
func keyOf(name, path string) budgetKey {
	if strings.HasPrefix(name, "per-") {
		return budgetKey{name: name, scope: strings.TrimSuffix(path, ".json")}
	}
	return budgetKey{name: name}
}

// routeOf is the method and the path with its ids replaced: "GET /api/v2/users/{id}/tickets/requested".
func routeOf(method, path string) string {
	segs := strings.Split(strings.TrimSuffix(path, ".json"), "/")
	for i, s := range segs {
		if isPathID(s) {
			segs[i] = "{id}"
		}
	}
	return method + " " + strings.Join(segs, "/")
}

// isPathID reports whether a path segment is a record id: a number, or a long hex string
// (job status ids).
func isPathID(s string) bool {
	if s == "" {
		return false
	}
	digits, hex := true, len(s) >= 16
	for _, c := range s {
		isDigit := c >= '0' && c <= '9'
		digits = digits && isDigit
		hex = hex && (isDigit || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
	}
	return digits || hex
}
