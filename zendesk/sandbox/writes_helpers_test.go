package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// send makes a request with a JSON body (a string is sent as is, anything
// else is marshalled; nil sends none) and returns the answer.
func (c *client) send(method, path string, body any, header ...string) (*http.Response, []byte) {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	req.SetBasicAuth(c.email+"/token", c.token)
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k := 0; k+1 < len(header); k += 2 {
		req.Header.Set(header[k], header[k+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp, out
}

// sendJSON makes a request, expects the status and decodes the body.
func (c *client) sendJSON(method, path string, body any, status int, header ...string) (map[string]any, *http.Response) {
	c.t.Helper()
	resp, raw := c.send(method, path, body, header...)
	if resp.StatusCode != status {
		c.t.Fatalf("%s %s: status %d, want %d: %.400s", method, path, resp.StatusCode, status, raw)
	}
	var m map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &m); err != nil {
			c.t.Fatalf("%s %s: %v: %.200s", method, path, err, raw)
		}
	}
	return m, resp
}

// writeServer is a small account on a settable clock, with limits lifted.
func writeServer(t *testing.T, o Options) (*Server, *client, *fakeClock) {
	t.Helper()
	if o.Users == 0 {
		o.Users, o.Tickets, o.Seed = testOptions.Users, testOptions.Tickets, testOptions.Seed
	}
	o.RateLimit = 1_000_000
	if o.JobDuration == 0 {
		o.JobDuration = 10 * time.Second
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	s.limiter.tickets.limit = 1_000_000
	clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s.clock = clock.Now
	return s, serve(t, s), clock
}

// pickTickets returns the ids of the first n live tickets that keep accepts.
func pickTickets(t *testing.T, s *Server, n int, keep func(tk *ticket) bool) []int64 {
	t.Helper()
	var ids []int64
	for i := range s.st.tickets {
		if tk := &s.st.tickets[i]; !tk.deleted && keep(tk) {
			ids = append(ids, ticketID(int32(i)))
			if len(ids) == n {
				return ids
			}
		}
	}
	t.Fatalf("only %d tickets match, want %d", len(ids), n)
	return nil
}

func notClosed(tk *ticket) bool { return tk.status != statusClosed }

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for k, id := range ids {
		parts[k] = fmt.Sprint(id)
	}
	return strings.Join(parts, ",")
}

// jobOf returns the job_status of a bulk call's answer.
func jobOf(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	j := obj(m, "job_status")
	if j == nil {
		t.Fatalf("no job_status in %v", m)
	}
	return j
}

// finish moves the clock past a job's end and returns its final status.
func finish(t *testing.T, c *client, clock *fakeClock, d time.Duration, id string) map[string]any {
	t.Helper()
	clock.Advance(d)
	m, _ := c.sendJSON("GET", "/api/v2/job_statuses/"+id+".json", nil, 200)
	j := jobOf(t, m)
	if j["status"] != "completed" {
		t.Fatalf("job %s not completed after %v: %v", id, d, j)
	}
	return j
}

func results(j map[string]any) []map[string]any { return list(j, "results") }

func ticketJSON(t *testing.T, c *client, id int64) map[string]any {
	t.Helper()
	return obj(c.get(fmt.Sprintf("/api/v2/tickets/%d", id), 200), "ticket")
}
