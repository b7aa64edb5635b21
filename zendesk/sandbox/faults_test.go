package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseFaults(t *testing.T) {
	f, err := ParseFaults("latency=50ms, jitter=30ms,5xx=0.1,429=0.05,reset=0.02,jobfail=0.05,itemfail=0.01")
	if err != nil {
		t.Fatal(err)
	}
	want := Faults{Latency: 50 * time.Millisecond, Jitter: 30 * time.Millisecond, ServerError: 0.1, RateLimit: 0.05,
		Reset: 0.02, JobFail: 0.05, ItemFail: 0.01}
	if f != want {
		t.Fatalf("parsed %+v, want %+v", f, want)
	}
	if back, err := ParseFaults(f.String()); err != nil || back != f {
		t.Errorf("String %q parses back to %+v, %v", f.String(), back, err)
	}
	if f, err := ParseFaults("seed=7,retryafter=20ms,5xx=1"); err != nil || f.Seed != 7 || f.RetryAfter != 20*time.Millisecond || f.ServerError != 1 {
		t.Errorf("seed and retryafter: %+v, %v", f, err)
	}
	if f, err := ParseFaults("  "); err != nil || f.Enabled() {
		t.Errorf("empty spec: %+v, %v", f, err)
	}

	bad := []struct{ spec, want string }{
		{"foo=1", `unknown key "foo"`},
		{"5xx", `"5xx" is not key=value`},
		{"=0.1", "is not key=value"},
		{"5xx=1.5", `5xx="1.5" is not a probability from 0 to 1 (e.g. 5xx=0.05)`},
		{"429=-0.1", "429=\"-0.1\" is not a probability"},
		{"reset=lots", `reset="lots" is not a probability`},
		{"jobfail=NaN", `jobfail="NaN" is not a probability`},
		{"itemfail=", `itemfail="" is not a probability`},
		{"latency=fast", `latency="fast" is not a duration (e.g. latency=50ms)`},
		{"jitter=-5ms", "jitter=-5ms is negative"},
		{"retryafter=1", `retryafter="1" is not a duration`},
		{"seed=x", `seed="x" is not an integer`},
		{"5xx=0.1,5xx=0.2", "5xx is given twice"},
		{"5xx=0.6,429=0.3,reset=0.2", "add up to"},
	}
	for _, b := range bad {
		_, err := ParseFaults(b.spec)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseFaults(%q) = %v, want an error containing %q", b.spec, err, b.want)
		}
	}
}

func TestFaultsOptionsAreChecked(t *testing.T) {
	for _, f := range []Faults{{ServerError: 2}, {ItemFail: -1}, {Latency: -time.Second}, {RateLimit: 0.7, Reset: 0.7}} {
		o := testOptions
		o.Faults = f
		if _, err := New(o); err == nil || !strings.Contains(err.Error(), "faults:") {
			t.Errorf("New with faults %+v: %v", f, err)
		}
	}
}

// faultServer is a small account with the faults, on a settable clock.
func faultServer(t *testing.T, f Faults) (*Server, *client, *fakeClock) {
	t.Helper()
	return writeServer(t, Options{Faults: f})
}

func TestServerErrorFaults(t *testing.T) {
	s, c, _ := faultServer(t, Faults{ServerError: 1, RetryAfter: 1500 * time.Millisecond, Seed: 3})
	uid, _ := s.SampleUser("end-user")
	seen := map[string]int{}
	for range 60 {
		resp, body := c.send("GET", fmt.Sprintf("/api/v2/users/%d", uid), nil)
		switch resp.StatusCode {
		case 500, 503:
			var m map[string]any
			if json.Unmarshal(body, &m) != nil || m["error"] == nil || m["description"] == nil {
				t.Errorf("%d body is not a Zendesk error: %s", resp.StatusCode, body)
			}
		case 502:
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "502 Bad Gateway") {
				t.Errorf("502 answer: %s %q", resp.Header.Get("Content-Type"), body)
			}
		default:
			t.Fatalf("status %d with every request failing: %s", resp.StatusCode, body)
		}
		key := fmt.Sprint(resp.StatusCode)
		if resp.StatusCode == 503 {
			switch ra := resp.Header.Get("Retry-After"); ra {
			case "":
			case "1.5":
				key += " retry-after"
			default:
				t.Errorf("503 Retry-After %q", ra)
			}
		}
		seen[key]++
	}
	for _, k := range []string{"500", "502", "503", "503 retry-after"} {
		if seen[k] == 0 {
			t.Errorf("no %s among 60 faults: %v", k, seen)
		}
	}
	st := s.Stats()
	if st.Faults[Fault500]+st.Faults[Fault502]+st.Faults[Fault503] != 60 || st.Faults[Fault500] != seen["500"] ||
		st.ByStatus["503"] != seen["503"]+seen["503 retry-after"] || st.ByRoute["GET /api/v2/users/{id}"] != 60 {
		t.Errorf("stats %+v for %v", st, seen)
	}
	// The sandbox's own endpoints are never faulted.
	if resp, _ := c.do("/__sandbox/stats"); resp.StatusCode != 200 {
		t.Errorf("/__sandbox/stats: %d", resp.StatusCode)
	}
}

// A 5xx comes before the endpoint: a bulk write that gets one did nothing.
func TestServerErrorWritesNothing(t *testing.T) {
	s, c, clock := faultServer(t, Faults{ServerError: 1})
	ids := pickTickets(t, s, 5, func(tk *ticket) bool { return tk.status == statusOpen && tk.priority != 4 })
	for range 5 {
		resp, _ := c.send("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(ids), map[string]any{"ticket": map[string]any{"priority": "urgent"}})
		if resp.StatusCode < 500 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	clock.Advance(time.Minute)
	if n := s.OpenJobs(); n != 0 || len(s.st.mut.jobs) != 0 {
		t.Errorf("%d jobs after refused writes", len(s.st.mut.jobs))
	}
	for _, id := range ids {
		if tk, _ := s.Ticket(id); tk.Priority == "urgent" || s.TicketWrites(id) != 0 {
			t.Errorf("ticket %d written: %+v", id, tk)
		}
	}
}

func TestRateLimitFaults(t *testing.T) {
	for _, tc := range []struct {
		retry time.Duration
		want  string
	}{{0, "1"}, {20 * time.Millisecond, "0.02"}, {3 * time.Second, "3"}} {
		s, c, _ := faultServer(t, Faults{RateLimit: 1, RetryAfter: tc.retry})
		m, resp := c.sendJSON("GET", "/api/v2/tickets/show_many?ids=1,2", nil, 429)
		if got := resp.Header.Get("Retry-After"); got != tc.want || m["error"] != "APIRateLimitExceeded" {
			t.Errorf("RetryAfter %v: header %q, body %v", tc.retry, got, m)
		}
		if st := s.Stats(); st.Faults[Fault429] != 1 || st.ByStatus["429"] != 1 {
			t.Errorf("stats %+v", st)
		}
	}
}

// rawPut sends a bulk write with net/http and reports the transport error,
// if any, instead of failing.
func rawPut(c *client, path string, body string) (*http.Response, error) {
	req, err := http.NewRequest("PUT", c.base+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.email+"/token", c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return nil, err
	}
	return resp, nil
}

// A reset drops the connection mid-answer, sometimes after the endpoint ran:
// then the job exists although the client never learnt of it.
func TestResetFaults(t *testing.T) {
	s, c, clock := faultServer(t, Faults{Reset: 1, Seed: 5})
	ids := pickTickets(t, s, 40, func(tk *ticket) bool { return tk.status == statusOpen && tk.priority != 4 })
	for _, id := range ids {
		resp, err := rawPut(c, fmt.Sprintf("/api/v2/tickets/update_many?ids=%d", id), `{"ticket":{"priority":"urgent"}}`)
		if err == nil {
			t.Fatalf("ticket %d: an answer (%d) despite a reset", id, resp.StatusCode)
		}
	}
	st := s.Stats()
	before, after := st.Faults[FaultReset], st.Faults[FaultResetAfter]
	if before == 0 || after == 0 || before+after != len(ids) {
		t.Fatalf("faults %v for %d requests", st.Faults, len(ids))
	}
	if st.ByStatus["reset"] != before || st.ByStatus["200"] != after {
		t.Errorf("by status %v: %d resets before, %d after the endpoint", st.ByStatus, before, after)
	}
	if got := len(s.st.mut.jobs); got != after {
		t.Errorf("%d jobs, want one per reset after the endpoint ran (%d)", got, after)
	}
	clock.Advance(time.Minute)
	written := 0
	for _, id := range ids {
		tk, _ := s.Ticket(id)
		if w := s.TicketWrites(id); (tk.Priority == "urgent") != (w == 1) {
			t.Errorf("ticket %d: priority %q, %d writes", id, tk.Priority, w)
		}
		if tk.Priority == "urgent" {
			written++
		}
	}
	if written != after {
		t.Errorf("%d tickets written, want %d", written, after)
	}
	// Reads break the same way.
	if _, err := http.Get(c.base + "/api/v2/tickets/1"); err == nil {
		t.Error("GET answered despite a reset")
	}
}

func TestLatencyAndJitter(t *testing.T) {
	fi := newFaultInjector(Faults{Latency: 10 * time.Millisecond, Jitter: 5 * time.Millisecond, Seed: 1}, 1)
	distinct := map[time.Duration]bool{}
	for range 50 {
		d := fi.delay()
		if d < 10*time.Millisecond || d > 15*time.Millisecond {
			t.Fatalf("delay %v outside latency+jitter", d)
		}
		distinct[d] = true
	}
	if len(distinct) < 10 {
		t.Errorf("jitter gave only %d distinct delays", len(distinct))
	}
	// Over HTTP the latency holds every request back by at least its value.
	s, c, _ := faultServer(t, Faults{Latency: 30 * time.Millisecond})
	start := time.Now()
	for range 3 {
		c.sendJSON("GET", "/api/v2/tickets/1", nil, 200)
	}
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("3 requests with 30ms latency took %v", d)
	}
	if st := s.Stats(); len(st.Faults) != 0 || st.ByStatus["200"] != 3 {
		t.Errorf("latency alone: stats %+v", st)
	}
}

func TestJobFailFault(t *testing.T) {
	s, c, clock := faultServer(t, Faults{JobFail: 1})
	ids := pickTickets(t, s, 4, func(tk *ticket) bool { return tk.status == statusOpen && tk.priority != 4 })
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(ids), map[string]any{"ticket": map[string]any{"priority": "urgent"}}, 200)
	id := jobOf(t, m)["id"].(string)
	if s.Stats().Faults[FaultJobFailed] != 0 {
		t.Error("the job counted as failed before it ended")
	}
	clock.Advance(5 * time.Second)
	if j := jobOf(t, first(c.sendJSON("GET", "/api/v2/job_statuses/"+id, nil, 200))); j["status"] != "working" {
		t.Fatalf("mid-job: %v", j)
	}
	clock.Advance(10 * time.Second)
	j := jobOf(t, first(c.sendJSON("GET", "/api/v2/job_statuses/"+id, nil, 200)))
	msg, _ := j["message"].(string)
	if j["status"] != "failed" || j["results"] != nil || !strings.HasPrefix(msg, "Failed at ") || num(j["total"]) != 4 {
		t.Fatalf("failed job: %v", j)
	}
	for _, tid := range ids {
		if tk, _ := s.Ticket(tid); tk.Priority == "urgent" || s.TicketWrites(tid) != 0 {
			t.Errorf("ticket %d written by a failed job", tid)
		}
	}
	if n, st := s.OpenJobs(), s.Stats(); n != 0 || st.Faults[FaultJobFailed] != 1 {
		t.Errorf("open jobs %d, faults %v", n, st.Faults)
	}
}

func TestItemFailFault(t *testing.T) {
	s, c, clock := faultServer(t, Faults{ItemFail: 0.4, Seed: 9})
	ids := pickTickets(t, s, 30, func(tk *ticket) bool { return tk.status == statusOpen && tk.priority != 4 })
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(ids), map[string]any{"ticket": map[string]any{"priority": "urgent"}}, 200)
	j := finish(t, c, clock, time.Minute, jobOf(t, m)["id"].(string))
	failed := 0
	for k, r := range results(j) {
		tk, _ := s.Ticket(ids[k])
		if r["error"] != nil {
			failed++
			if r["error"] != "TicketUpdateFailed" || num(r["index"]) != int64(k) || num(r["id"]) != ids[k] || r["details"] == "" {
				t.Errorf("failed item %d: %v", k, r)
			}
			if tk.Priority == "urgent" || s.TicketWrites(ids[k]) != 0 {
				t.Errorf("failed item %d was applied", k)
			}
		} else if r["success"] != true || tk.Priority != "urgent" || s.TicketWrites(ids[k]) != 1 {
			t.Errorf("item %d: %v, ticket %+v, %d writes", k, r, tk, s.TicketWrites(ids[k]))
		}
	}
	if failed == 0 || failed == len(ids) {
		t.Errorf("%d of %d items failed at 0.4", failed, len(ids))
	}
	if got := s.Stats().Faults[FaultItemFailed]; got != failed {
		t.Errorf("item_failed %d, want %d", got, failed)
	}
}

// The same seed and the same requests meet the same faults.
func TestFaultsAreReproducible(t *testing.T) {
	statuses := func(seed int64) string {
		s, c, _ := faultServer(t, Faults{ServerError: 0.3, RateLimit: 0.2, Seed: seed})
		_ = s
		var out []string
		for range 40 {
			resp, _ := c.send("GET", "/api/v2/tickets/1", nil)
			out = append(out, fmt.Sprint(resp.StatusCode))
		}
		return strings.Join(out, " ")
	}
	a, b, other := statuses(11), statuses(11), statuses(12)
	if a != b {
		t.Errorf("seed 11 twice:\n%s\n%s", a, b)
	}
	if a == other {
		t.Errorf("seeds 11 and 12 gave the same faults: %s", a)
	}
	if !strings.Contains(a, "200") || !strings.Contains(a, "429") {
		t.Errorf("no mix of answers: %s", a)
	}
}

// TicketWrites counts every successful item, with or without faults.
func TestTicketWrites(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	ids := pickTickets(t, s, 2, func(tk *ticket) bool { return tk.status == statusOpen })
	for _, p := range []string{"high", "low"} {
		m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(ids[:1]), map[string]any{"ticket": map[string]any{"priority": p}}, 200)
		finish(t, c, clock, time.Minute, jobOf(t, m)["id"].(string))
	}
	if a, b := s.TicketWrites(ids[0]), s.TicketWrites(ids[1]); a != 2 || b != 0 {
		t.Errorf("writes %d and %d, want 2 and 0", a, b)
	}
}

func first[A, B any](a A, _ B) A { return a }

func TestInjectFault(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	route := "PUT /api/v2/tickets/update_many"
	for _, kind := range []string{FaultResetAfter, Fault502, FaultJobFailed} {
		if err := s.InjectFault(route, kind); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.InjectFault("GET /api/v2/users/{id}", Fault429); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][2]string{{route, FaultItemFailed}, {"PUT /api/v2/nothing", Fault500}, {"update_many", Fault500}, {"GET /api/v2/users/{id}/nope", Fault500}} {
		if err := s.InjectFault(bad[0], bad[1]); err == nil {
			t.Errorf("InjectFault(%q, %q) accepted", bad[0], bad[1])
		}
	}
	ids := pickTickets(t, s, 3, func(tk *ticket) bool { return tk.status == statusOpen && tk.priority != 4 })
	body := `{"ticket":{"priority":"urgent"}}`
	// A read on another route is not affected by the faults queued for update_many.
	c.sendJSON("GET", "/api/v2/tickets/1", nil, 200)
	if _, err := rawPut(c, "/api/v2/tickets/update_many?ids="+joinIDs(ids[:1]), body); err == nil {
		t.Fatal("first update answered despite an injected reset")
	}
	if resp, err := rawPut(c, "/api/v2/tickets/update_many?ids="+joinIDs(ids[1:2]), body); err != nil || resp.StatusCode != 502 {
		t.Fatalf("second update: %v, %v", resp, err)
	}
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(ids[2:]), body, 200)
	failing := jobOf(t, m)["id"].(string)
	m, _ = c.sendJSON("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(ids[2:]), body, 200) // the queue is empty again
	fine := jobOf(t, m)["id"].(string)
	c.sendJSON("GET", fmt.Sprintf("/api/v2/users/%d", s.st.users[0].id), nil, 429)
	c.sendJSON("GET", fmt.Sprintf("/api/v2/users/%d", s.st.users[0].id), nil, 200)
	clock.Advance(time.Minute)
	if j := jobOf(t, first(c.sendJSON("GET", "/api/v2/job_statuses/"+failing, nil, 200))); j["status"] != "failed" {
		t.Errorf("injected job failure: %v", j)
	}
	if j := jobOf(t, first(c.sendJSON("GET", "/api/v2/job_statuses/"+fine, nil, 200))); j["status"] != "completed" {
		t.Errorf("job after the injected ones: %v", j)
	}
	// The reset came after the endpoint ran: the first ticket was written although its
	// answer was lost; the 502 wrote nothing.
	if a, b, c := s.TicketWrites(ids[0]), s.TicketWrites(ids[1]), s.TicketWrites(ids[2]); a != 1 || b != 0 || c != 1 {
		t.Errorf("writes %d %d %d, want 1 0 1", a, b, c)
	}
	st := s.Stats()
	if st.Faults[FaultResetAfter] != 1 || st.Faults[Fault502] != 1 || st.Faults[FaultJobFailed] != 1 || st.Faults[Fault429] != 1 {
		t.Errorf("faults %v", st.Faults)
	}
}
