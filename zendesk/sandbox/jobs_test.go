package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// A job is queued for the first fifth of its duration, then works through
// its items at even steps, with each item's effect visible as soon as the
// job's progress counts it, and completes at the full duration.
func TestJobProgression(t *testing.T) {
	s, c, clock := writeServer(t, Options{JobDuration: 10 * time.Second})
	ids := pickTickets(t, s, 10, func(tk *ticket) bool { return tk.status == statusOpen && tk.priority != 4 })
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(ids), map[string]any{"ticket": map[string]any{"priority": "urgent"}}, 200)
	id := jobOf(t, m)["id"].(string)
	poll := func() map[string]any {
		t.Helper()
		m, _ := c.sendJSON("GET", "/api/v2/job_statuses/"+id, nil, 200)
		return jobOf(t, m)
	}
	urgent := func() (n int) {
		for _, tid := range ids {
			if st, _ := s.Ticket(tid); st.Priority == "urgent" {
				n++
			}
		}
		return n
	}

	clock.Advance(1900 * time.Millisecond)
	if j := poll(); j["status"] != "queued" || j["progress"] != nil || urgent() != 0 {
		t.Fatalf("at 1.9 s: %v, %d urgent", j, urgent())
	}
	clock.Advance(200 * time.Millisecond) // 2.1 s: working, no item yet (the first runs at 2.8 s)
	if j := poll(); j["status"] != "working" || num(j["progress"]) != 0 || j["message"] != nil || j["results"] != nil {
		t.Fatalf("at 2.1 s: %v", j)
	}
	clock.Advance(3900 * time.Millisecond) // 6.0 s: items at 2.8, 3.6, 4.4, 5.2, 6.0 have run
	j := poll()
	if j["status"] != "working" || num(j["progress"]) != 5 || j["message"] != "Updating ticket #5" || j["results"] != nil {
		t.Fatalf("at 6.0 s: %v", j)
	}
	for k, tid := range ids {
		tk := ticketJSON(t, c, tid)
		if (tk["priority"] == "urgent") != (k < 5) {
			t.Errorf("at 6.0 s ticket %d (item %d) has priority %v", tid, k, tk["priority"])
		}
	}
	if n := s.OpenJobs(); n != 1 {
		t.Errorf("OpenJobs mid-job = %d", n)
	}
	clock.Advance(4 * time.Second)
	j = poll()
	if j["status"] != "completed" || num(j["progress"]) != 10 || j["message"] != "Completed at 2026-03-01 12:00:10 +0000" || len(results(j)) != 10 {
		t.Fatalf("at 10 s: %v", j)
	}
	if urgent() != 10 || s.OpenJobs() != 0 {
		t.Errorf("after completion: %d urgent, %d open", urgent(), s.OpenJobs())
	}

	// Job statuses are kept for a day.
	clock.Advance(24 * time.Hour)
	if resp, _ := c.send("GET", "/api/v2/job_statuses/"+id, nil); resp.StatusCode != 404 {
		t.Errorf("a day later: %d", resp.StatusCode)
	}
}

func TestJobStatusesShowManyAndList(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	ids := pickTickets(t, s, 3, notClosed)
	var jobs []string
	for k, id := range ids {
		m, _ := c.sendJSON("PUT", fmt.Sprintf("/api/v2/tickets/update_many?ids=%d", id), map[string]any{"ticket": map[string]any{"priority": "high"}}, 200)
		jobs = append(jobs, jobOf(t, m)["id"].(string))
		if k == 0 {
			clock.Advance(10 * time.Second) // the first job completes
		}
	}
	uniq := slices.Clone(jobs)
	slices.Sort(uniq)
	if len(slices.Compact(uniq)) != 3 {
		t.Fatalf("job ids repeat: %v", jobs)
	}
	asked := []string{jobs[2], "V3-ffffffffffffffffffffffffffffffff", jobs[0], jobs[1]}
	m, _ := c.sendJSON("GET", "/api/v2/job_statuses/show_many.json?ids="+strings.Join(asked, ","), nil, 200)
	got := list(m, "job_statuses")
	if len(got) != 3 || got[0]["id"] != jobs[2] || got[1]["id"] != jobs[0] || got[2]["id"] != jobs[1] {
		t.Fatalf("show_many: %v", got)
	}
	if got[1]["status"] != "completed" || got[0]["status"] != "queued" {
		t.Errorf("statuses: %v %v", got[1]["status"], got[0]["status"])
	}
	if len(m) != 1 {
		t.Errorf("show_many envelope: %v", m)
	}

	// The list is newest first, cursor paginated.
	m, _ = c.sendJSON("GET", "/api/v2/job_statuses?page[size]=2", nil, 200)
	page := list(m, "job_statuses")
	if len(page) != 2 || page[0]["id"] != jobs[2] || page[1]["id"] != jobs[1] || obj(m, "meta")["has_more"] != true {
		t.Fatalf("first page: %v", m)
	}
	next := obj(m, "links")["next"].(string)
	m, _ = c.sendJSON("GET", strings.TrimPrefix(next, c.base), nil, 200)
	page = list(m, "job_statuses")
	if len(page) != 1 || page[0]["id"] != jobs[0] || obj(m, "meta")["has_more"] != false {
		t.Fatalf("second page: %v", m)
	}
	m, _ = c.sendJSON("GET", "/api/v2/job_statuses.json", nil, 200)
	if len(list(m, "job_statuses")) != 3 || obj(m, "meta") == nil {
		t.Errorf("unpaged list: %v", m)
	}

	// Same seed, same job ids.
	s2, c2, _ := writeServer(t, Options{})
	m, _ = c2.sendJSON("PUT", fmt.Sprintf("/api/v2/tickets/update_many?ids=%d", ids[0]), map[string]any{"ticket": map[string]any{"priority": "high"}}, 200)
	if jobOf(t, m)["id"] != jobs[0] || s2 == nil {
		t.Errorf("job ids are not deterministic: %v vs %v", jobOf(t, m)["id"], jobs[0])
	}
}

// At most MaxJobs jobs may be queued or working; one more is 429
// TooManyJobs without Retry-After, naming the open jobs.
func TestTooManyJobs(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	ids := pickTickets(t, s, 31, notClosed)
	var open []string
	for k := 0; k < 30; k++ {
		m, resp := c.sendJSON("PUT", fmt.Sprintf("/api/v2/tickets/mark_many_as_spam?ids=%d", ids[k]), nil, 200)
		open = append(open, jobOf(t, m)["id"].(string))
		want := fmt.Sprintf("total=30; remaining=%d; resets=60", 29-k)
		if got := resp.Header.Get("Zendesk-Ratelimit-Inflight-Jobs"); got != want {
			t.Fatalf("job %d: inflight header %q, want %q", k+1, got, want)
		}
		clock.Advance(100 * time.Millisecond)
	}
	resp, body := c.send("DELETE", fmt.Sprintf("/api/v2/tickets/destroy_many?ids=%d", ids[30]), nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "" ||
		resp.Header.Get("Zendesk-Ratelimit-Inflight-Jobs") != "total=30; remaining=0; resets=60" {
		t.Fatalf("31st job: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	want := `{"error":"TooManyJobs","description":"Too many jobs are currently queued or running. Try again later.","current_job_ids":["` +
		strings.Join(open, `","`) + `"]}`
	if string(body) != want {
		t.Errorf("31st job body:\n%s\nwant\n%s", body, want)
	}
	if s.OpenJobs() != 30 {
		t.Errorf("OpenJobs = %d", s.OpenJobs())
	}
	// When the first job completes, one slot frees.
	clock.Advance(10*time.Second - 3*time.Second)
	resp, body = c.send("DELETE", fmt.Sprintf("/api/v2/tickets/destroy_many?ids=%d", ids[30]), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("after jobs completed: %d %s", resp.StatusCode, body)
	}
	if s.Stats().ByStatus["429"] != 1 {
		t.Errorf("stats: %v", s.Stats().ByStatus)
	}
}
