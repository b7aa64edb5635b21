package actions

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// env is a sandbox served over real HTTP, a client, an audit log in a temporary
// directory, and a planner and runner wired to them.
type env struct {
	t       testing.TB
	s       *sandbox.Server
	url     string
	c       *zendesk.Client
	audit   *AuditLog
	planner Planner
	runner  *Runner
	relay   *WaitRelay
}

// smallOptions is a small account with heavy requesters (about 400-600 tickets each),
// fast jobs and no rate limit to speak of.
var smallOptions = sandbox.Options{Seed: 7, Users: 400, Tickets: 2500, RateLimit: 1_000_000, RateWindow: time.Second, JobDuration: 20 * time.Millisecond}

func newEnv(t testing.TB, opts sandbox.Options) *env {
	t.Helper()
	s, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	run, err := sandbox.Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run.Close() })
	email, token, _ := s.Credentials()
	relay := &WaitRelay{}
	c, err := zendesk.NewClient(zendesk.Options{BaseURL: run.URL, Credentials: zendesk.Credentials{Email: email, APIToken: token}, Profile: "test", OnWait: relay.OnWait})
	if err != nil {
		t.Fatal(err)
	}
	audit, err := OpenAudit(filepath.Join(t.TempDir(), "state", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { audit.Close() })
	e := &env{t: t, s: s, url: run.URL, c: c, audit: audit, relay: relay}
	e.planner = Planner{Client: c}
	e.runner = &Runner{Client: c, Audit: audit, Profile: "test", Operator: email, PollEvery: 10 * time.Millisecond, Waits: relay}
	return e
}

func (e *env) plan(r Request) *Plan {
	e.t.Helper()
	p, err := e.planner.Plan(context.Background(), r)
	if err != nil {
		e.t.Fatalf("plan %+v: %v", r, err)
	}
	return p
}

func (e *env) apply(p *Plan) (*Result, []Event) {
	e.t.Helper()
	rec := &eventLog{}
	res, err := e.runner.Apply(context.Background(), p, rec.add)
	if err != nil {
		e.t.Fatalf("apply %s: %v", p.ID, err)
	}
	return res, rec.all()
}

func (e *env) run(id string) Run {
	e.t.Helper()
	r, err := FindRun(e.audit.Path(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) ticket(id int64) sandbox.TicketState {
	e.t.Helper()
	t, ok := e.s.Ticket(id)
	if !ok {
		e.t.Fatalf("no ticket %d", id)
	}
	return t
}

func (e *env) suspended(id int64) bool {
	e.t.Helper()
	s, ok := e.s.UserSuspended(id)
	if !ok {
		e.t.Fatalf("no user %d", id)
	}
	return s
}

// userTickets lists the ids of a user's requested tickets through the API.
func (e *env) userTickets(userID int64) []int64 {
	e.t.Helper()
	var ids []int64
	for t, err := range e.c.Tickets.Requested(userID).All(context.Background()) {
		if err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, t.ID)
	}
	return ids
}

// writes counts the requests that were not GETs.
func writes(st sandbox.Stats) map[string]int {
	out := map[string]int{}
	for route, n := range st.ByRoute {
		if !strings.HasPrefix(route, "GET ") {
			out[route] = n
		}
	}
	return out
}

// eventLog records events; Apply never calls it concurrently, but the relay may.
type eventLog struct {
	mu     sync.Mutex
	events []Event
	hook   func(Event)
}

func (l *eventLog) add(ev Event) {
	l.mu.Lock()
	l.events = append(l.events, ev)
	hook := l.hook
	l.mu.Unlock()
	if hook != nil {
		hook(ev)
	}
}

func (l *eventLog) all() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Event(nil), l.events...)
}

func countKind(events []Event, k EventKind) int {
	n := 0
	for _, ev := range events {
		if ev.Kind == k {
			n++
		}
	}
	return n
}

// heavy returns a heavy requester and its ticket count.
func (e *env) heavy(k int) int64 {
	h := e.s.HeavyRequesters()
	if len(h) <= k {
		e.t.Fatalf("only %d heavy requesters", len(h))
	}
	return h[k]
}
