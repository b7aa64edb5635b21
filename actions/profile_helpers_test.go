package actions

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// profileOptions is a small account: a few hundred users and organizations, fast jobs.
var profileOptions = sandbox.Options{Seed: 11, Users: 300, Tickets: 600, RateLimit: 1_000_000, RateWindow: time.Second, JobDuration: 20 * time.Millisecond}

// sentCall is one request the sandbox received, as it came over the wire.
type sentCall struct {
	Method, Path string
	Body         []byte
}

// wire records every write that reaches the sandbox, so tests can compare what was sent
// with what the plan showed, byte for byte.
type wire struct {
	mu    sync.Mutex
	calls []sentCall
}

func (w *wire) writes() []sentCall {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]sentCall(nil), w.calls...)
}

func (w *wire) reset() {
	w.mu.Lock()
	w.calls = nil
	w.mu.Unlock()
}

// newProfileEnv serves a sandbox over real HTTP on loopback through a recorder of the
// writes it receives, with a client, an audit log, a planner (with a field cache) and a
// runner.
func newProfileEnv(t testing.TB) (*env, *wire) {
	t.Helper()
	s, err := sandbox.New(profileOptions)
	if err != nil {
		t.Fatal(err)
	}
	rec := &wire{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			rec.mu.Lock()
			rec.calls = append(rec.calls, sentCall{Method: r.Method, Path: r.URL.Path, Body: body})
			rec.mu.Unlock()
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	email, token, _ := s.Credentials()
	relay := &WaitRelay{}
	c, err := zendesk.NewClient(zendesk.Options{BaseURL: srv.URL, Credentials: zendesk.Credentials{Email: email, APIToken: token}, Profile: "test", OnWait: relay.OnWait})
	if err != nil {
		t.Fatal(err)
	}
	audit, err := OpenAudit(filepath.Join(t.TempDir(), "state", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { audit.Close() })
	e := &env{t: t, s: s, url: srv.URL, c: c, audit: audit, relay: relay}
	e.planner = Planner{Client: c, Fields: &FieldCache{}}
	e.runner = &Runner{Client: c, Audit: audit, Profile: "test", Operator: email, PollEvery: 10 * time.Millisecond, Waits: relay}
	return e, rec
}

// checkSentAsPlanned compares the writes the sandbox received with the plan's steps:
// the same calls, in order, each body byte for byte (with the ids of earlier steps in
// place of their placeholders).
func checkSentAsPlanned(t *testing.T, p *Plan, res *Result, got []sentCall) {
	t.Helper()
	if len(got) != len(p.Steps) {
		t.Fatalf("%d writes sent for %d steps: %+v", len(got), len(p.Steps), got)
	}
	outcomes := map[int]StepOutcome{}
	for _, o := range res.Steps {
		outcomes[o.N] = o
	}
	for i, s := range p.Steps {
		path, body := s.Path, s.Body
		for _, in := range s.Inputs {
			id := outcomes[in.From].input(in.Value)
			path = strings.ReplaceAll(path, in.Placeholder(), strconv.FormatInt(id, 10))
			body = bytes.ReplaceAll(body, []byte(`"`+in.Placeholder()+`"`), []byte(strconv.FormatInt(id, 10)))
		}
		if got[i].Method != s.Method || got[i].Path != path {
			t.Errorf("step %d: sent %s %s, planned %s %s", s.N, got[i].Method, got[i].Path, s.Method, path)
		}
		if !bytes.Equal(got[i].Body, body) {
			t.Errorf("step %d: sent body\n%s\nplanned\n%s", s.N, got[i].Body, body)
		}
	}
}

// applySteps applies a plan and fails the test on an error.
func (e *env) applySteps(p *Plan) *Result {
	e.t.Helper()
	res, err := e.runner.Apply(context.Background(), p, nil)
	if err != nil {
		e.t.Fatalf("apply %s: %v", p.Title(), err)
	}
	return res
}

// userByExternalID reads the one user with the external_id through the API.
func (e *env) userByExternalID(ext string) zendesk.User {
	e.t.Helper()
	users, err := e.c.Users.FindByExternalID(context.Background(), ext)
	if err != nil || len(users) != 1 {
		e.t.Fatalf("users with external_id %s: %v, %v", ext, users, err)
	}
	return users[0]
}

// memberOf reports whether the user is a member of the organization, through the API.
func (e *env) memberOf(userID, orgID int64) bool {
	e.t.Helper()
	mems, err := e.c.Users.OrganizationMemberships(userID).Collect(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return membershipOf(mems, orgID) != nil
}
