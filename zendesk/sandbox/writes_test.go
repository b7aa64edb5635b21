package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestUpdateManySameChange(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	ids := pickTickets(t, s, 3, func(tk *ticket) bool { return tk.status == statusOpen && tk.assignee >= 0 })
	group := s.st.groups[1]
	agent := s.st.groupMems[group.members[0]].user
	body := map[string]any{"ticket": map[string]any{
		"status": "pending", "priority": nil, "type": "task",
		"group_id": group.id, "assignee_id": s.st.users[agent].id,
		"additional_tags": []string{"Bulk_Done"}, "remove_tags": []string{"billing"},
	}}
	m, resp := c.sendJSON("PUT", "/api/v2/tickets/update_many.json?ids="+joinIDs(ids), body, 200)
	j := jobOf(t, m)
	if j["status"] != "queued" || j["job_type"] != "Bulk Update Ticket" || num(j["total"]) != 3 ||
		j["progress"] != nil || j["message"] != nil || j["results"] != nil {
		t.Fatalf("new job: %v", j)
	}
	if id, _ := j["id"].(string); len(id) != 35 || !strings.HasPrefix(id, "V3-") || j["url"] != c.base+"/api/v2/job_statuses/"+id+".json" {
		t.Errorf("job id/url: %v %v", j["id"], j["url"])
	}
	if resp.Header.Get("X-Rate-Limit") == "" || resp.Header.Get("Zendesk-Ratelimit-Inflight-Jobs") != "total=30; remaining=29; resets=60" {
		t.Errorf("headers: %v", resp.Header)
	}
	before := ticketJSON(t, c, ids[0])
	if before["status"] != "open" {
		t.Fatalf("a queued job already changed the ticket: %v", before["status"])
	}

	done := finish(t, c, clock, 10*time.Second, j["id"].(string))
	if num(done["progress"]) != 3 || !strings.HasPrefix(done["message"].(string), "Completed at 2026-03-01 12:00:10 +0000") {
		t.Errorf("completed job: %v", done)
	}
	for k, r := range results(done) {
		want := map[string]any{"id": float64(ids[k]), "action": "update", "status": "Updated", "success": true}
		if !equalJSON(r, want) {
			t.Errorf("result %d: %v, want %v", k, r, want)
		}
	}
	for _, id := range ids {
		tk := ticketJSON(t, c, id)
		tags := fmt.Sprint(tk["tags"])
		if tk["status"] != "pending" || tk["priority"] != nil || tk["type"] != "task" ||
			num(tk["group_id"]) != group.id || num(tk["assignee_id"]) != s.st.users[agent].id ||
			!slices.Contains(tk["tags"].([]any), any("bulk_done")) || slices.Contains(tk["tags"].([]any), any("billing")) ||
			tk["updated_at"].(string) < "2026-03-01T12:00:02Z" || tk["updated_at"].(string) > "2026-03-01T12:00:10Z" {
			t.Errorf("ticket %d after update: %v %v %v %v %v %v %v", id, tk["status"], tk["priority"], tk["type"], tk["group_id"], tk["assignee_id"], tags, tk["updated_at"])
		}
	}
	// The assignee's assigned list gained the tickets.
	got := list(c.get(fmt.Sprintf("/api/v2/users/%d/tickets/assigned?per_page=100", s.st.users[agent].id), 200), "tickets")
	var assigned []int64
	for _, tk := range got {
		assigned = append(assigned, num(tk["id"]))
	}
	for _, id := range ids {
		if !slices.Contains(assigned, id) && len(got) < 100 {
			t.Errorf("ticket %d missing from the new assignee's list", id)
		}
	}
}

func TestUpdateManyPerTicket(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	ids := pickTickets(t, s, 2, func(tk *ticket) bool { return tk.status == statusPending })
	area := s.st.fields[fieldArea].id
	units := s.st.fields[fieldUnits].id
	order := s.st.fields[fieldOrder].id
	body := map[string]any{"tickets": []map[string]any{
		{"id": ids[0], "priority": "urgent", "subject": "Renamed", "tags": []string{"x", "y"},
			"custom_fields": []map[string]any{{"id": area, "value": "area_api"}, {"id": units, "value": 7}, {"id": order, "value": "PO 17"}}},
		{"id": ids[1], "status": "solved", "tags": []string{}},
	}}
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many", body, 200)
	done := finish(t, c, clock, 11*time.Second, jobOf(t, m)["id"].(string))
	for _, r := range results(done) {
		if r["success"] != true {
			t.Fatalf("item failed: %v", r)
		}
	}
	a := ticketJSON(t, c, ids[0])
	if a["priority"] != "urgent" || a["subject"] != "Renamed" || a["raw_subject"] != "Renamed" ||
		fmt.Sprint(a["tags"]) != "[area_api x y]" {
		t.Errorf("first ticket: %v %v %v", a["priority"], a["subject"], a["tags"])
	}
	fields := map[int64]any{}
	for _, f := range list(a, "custom_fields") {
		fields[num(f["id"])] = f["value"]
	}
	if fields[area] != "area_api" || fields[units] != "7" || fields[order] != "PO 17" {
		t.Errorf("custom fields: %v", fields)
	}
	b := ticketJSON(t, c, ids[1])
	if b["status"] != "solved" || fmt.Sprint(b["tags"]) != "[]" {
		t.Errorf("second ticket: %v %v", b["status"], b["tags"])
	}
}

// A closed ticket, an unknown ticket and invalid values fail their own
// items; the job still completes and the valid items go through.
func TestUpdateManyItemFailures(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	closed := pickTickets(t, s, 1, func(tk *ticket) bool { return tk.status == statusClosed })[0]
	live := pickTickets(t, s, 6, func(tk *ticket) bool { return tk.status == statusOpen })
	endUser, _ := s.SampleUser("end-user")
	cases := []struct {
		name    string
		item    map[string]any
		code    string
		details string
	}{
		{"closed", map[string]any{"id": closed, "priority": "high"}, "TicketUpdateFailed", "Status: closed prevents ticket update"},
		{"unknown", map[string]any{"id": 99_999_999, "priority": "high"}, "TicketNotFound", "Ticket not found"},
		{"bad status", map[string]any{"id": live[0], "status": "finished"}, "TicketUpdateFailed", `Status: "finished" is not a valid status`},
		{"bad priority", map[string]any{"id": live[1], "priority": "asap"}, "TicketUpdateFailed", `Priority: "asap" is not a valid priority`},
		{"end-user assignee", map[string]any{"id": live[2], "assignee_id": endUser}, "TicketUpdateFailed", fmt.Sprintf("Assignee: %d is not an agent", endUser)},
		{"unknown group", map[string]any{"id": live[3], "group_id": 42}, "TicketUpdateFailed", "Group: 42 does not exist"},
		{"back to new", map[string]any{"id": live[4], "status": "new"}, "TicketUpdateFailed", "Status: cannot be changed back to new"},
		{"ok", map[string]any{"id": live[5], "priority": "low"}, "", ""},
	}
	var items []map[string]any
	for _, tc := range cases {
		items = append(items, tc.item)
	}
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many", map[string]any{"tickets": items}, 200)
	done := finish(t, c, clock, 10*time.Second, jobOf(t, m)["id"].(string))
	rs := results(done)
	for k, tc := range cases {
		r := rs[k]
		if tc.code == "" {
			if r["success"] != true {
				t.Errorf("%s: %v", tc.name, r)
			}
			continue
		}
		if r["success"] != nil || r["error"] != tc.code || r["details"] != tc.details || len(r) != 4 ||
			num(r["index"]) != int64(k) || fmt.Sprint(num(r["id"])) != fmt.Sprint(tc.item["id"]) {
			t.Errorf("%s: %v, want %s %q", tc.name, r, tc.code, tc.details)
		}
	}
	if tk := ticketJSON(t, c, closed); tk["priority"] == "high" {
		t.Error("the closed ticket changed")
	}
	if tk := ticketJSON(t, c, live[0]); tk["status"] != "open" {
		t.Error("a failed item changed its ticket")
	}
	if tk := ticketJSON(t, c, live[5]); tk["priority"] != "low" {
		t.Error("the valid item did not apply")
	}
}

func TestBulkRequestErrors(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	var many []int64
	for id := int64(1); id <= 101; id++ {
		many = append(many, id)
	}
	var tickets []map[string]any
	for _, id := range many {
		tickets = append(tickets, map[string]any{"id": id, "status": "open"})
	}
	tooMany := `{"error":"TooManyValues","description":"Parameter ids cannot specify more than 100 values","max_count":100}`
	cases := []struct {
		method, path string
		body         any
		status       int
		want         string // exact body, or a substring of it
	}{
		{"PUT", "/api/v2/tickets/update_many?ids=" + joinIDs(many), map[string]any{"ticket": map[string]any{"status": "open"}}, 400, tooMany},
		{"DELETE", "/api/v2/tickets/destroy_many.json?ids=" + joinIDs(many), nil, 400, tooMany},
		{"PUT", "/api/v2/tickets/mark_many_as_spam?ids=" + joinIDs(many), nil, 400, tooMany},
		{"PUT", "/api/v2/deleted_tickets/restore_many?ids=" + joinIDs(many), nil, 400, tooMany},
		{"PUT", "/api/v2/tickets/update_many", map[string]any{"tickets": tickets}, 400,
			`{"error":"TooManyValues","description":"Parameter  cannot specify more than 100 values","max_count":100}`},
		{"PUT", "/api/v2/tickets/update_many?ids=1,2", `{"ticket": {"status": "open"`, 400,
			`{"error":"InvalidJSON","description":"The request body is not valid JSON"}`},
		{"POST", "/api/v2/tickets", `{"ticket":`, 400, `"InvalidJSON"`},
		{"PUT", "/api/v2/tickets/update_many", map[string]any{"ticket": map[string]any{"status": "open"}}, 400, `"InvalidParameter"`},
		{"PUT", "/api/v2/tickets/update_many?ids=1,2", map[string]any{"tickets": []any{}}, 400, `"InvalidParameter"`},
		{"DELETE", "/api/v2/tickets/destroy_many", nil, 400, `"InvalidParameter"`},
		{"DELETE", "/api/v2/tickets/destroy_many?ids=1,x", nil, 400, `"InvalidParameter"`},
		{"PUT", "/api/v2/users/1", map[string]any{"user": map[string]any{"suspended": true}}, 404, `{"error":"RecordNotFound","description":"Not found"}`},
		{"PUT", "/api/v2/deleted_tickets/1/restore", nil, 404, `{"error":"RecordNotFound","description":"Not found"}`},
		{"GET", "/api/v2/job_statuses/V3-0123", nil, 404, `{"error":"RecordNotFound","description":"Not found"}`},
	}
	for _, tc := range cases {
		resp, body := c.send(tc.method, tc.path, tc.body)
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) ||
			strings.HasPrefix(tc.want, "{") && string(body) != tc.want {
			t.Errorf("%s %.60s: %d %s, want %d %s", tc.method, tc.path, resp.StatusCode, body, tc.status, tc.want)
		}
		if resp.Header.Get("X-Rate-Limit-Remaining") == "" {
			t.Errorf("%s %.60s: no rate-limit headers", tc.method, tc.path)
		}
		isJob := strings.Contains(tc.path, "update_many") || strings.Contains(tc.path, "destroy_many") ||
			strings.Contains(tc.path, "mark_many_as_spam")
		if got := resp.Header.Get("Zendesk-Ratelimit-Inflight-Jobs"); isJob != (got != "") {
			t.Errorf("%s %.60s: inflight-jobs header %q", tc.method, tc.path, got)
		}
	}
	if n := s.OpenJobs(); n != 0 {
		t.Errorf("refused requests queued %d jobs", n)
	}
}

// Stats count the new routes under their patterns, with or without .json.
func TestStatsCountWrites(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	ids := pickTickets(t, s, 2, notClosed)
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many.json?ids="+joinIDs(ids), map[string]any{"ticket": map[string]any{"priority": "low"}}, 200)
	id := jobOf(t, m)["id"].(string)
	c.sendJSON("GET", "/api/v2/job_statuses/"+id, nil, 200)
	c.sendJSON("GET", "/api/v2/job_statuses/show_many.json?ids="+id, nil, 200)
	c.sendJSON("DELETE", "/api/v2/tickets/destroy_many?ids="+fmt.Sprint(ids[0]), nil, 200)
	clock.Advance(time.Minute)
	c.send("PUT", "/api/v2/deleted_tickets/restore_many?ids="+fmt.Sprint(ids[0]), nil)
	uid, _ := s.SampleUser("end-user")
	c.sendJSON("PUT", fmt.Sprintf("/api/v2/users/%d.json", uid), map[string]any{"user": map[string]any{"notes": "x"}}, 200)
	c.sendJSON("POST", "/api/v2/tickets.json", map[string]any{"ticket": map[string]any{"comment": map[string]any{"body": "hi"}}}, 201)
	c.sendJSON("GET", "/api/v2/deleted_tickets", nil, 200)
	got := s.Stats().ByRoute
	for route, want := range map[string]int{
		"PUT /api/v2/tickets/update_many":          1,
		"GET /api/v2/job_statuses/{id}":            1,
		"GET /api/v2/job_statuses/show_many":       1,
		"DELETE /api/v2/tickets/destroy_many":      1,
		"PUT /api/v2/deleted_tickets/restore_many": 1,
		"PUT /api/v2/users/{id}":                   1,
		"POST /api/v2/tickets":                     1,
		"GET /api/v2/deleted_tickets":              1,
		"PUT /api/v2/deleted_tickets/{id}/restore": 0,
		"PUT /api/v2/tickets/mark_many_as_spam":    0,
		"GET /api/v2/job_statuses":                 0,
		"GET /api/v2/tickets/{id}":                 0,
		"PUT /api/v2/tickets/{id}":                 0,
		"(unmatched)":                              0,
	} {
		if got[route] != want {
			t.Errorf("Stats.ByRoute[%q] = %d, want %d (all: %v)", route, got[route], want, got)
		}
	}
}

// Reads go on while writes and jobs run; -race checks the locking.
func TestConcurrentReadsDuringWrites(t *testing.T) {
	o := testOptions
	o.JobDuration = 20 * time.Millisecond
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	s.limiter.tickets.limit = 1_000_000
	c := serve(t, s)
	heavy := s.HeavyRequesters()[0]
	ids := pickTickets(t, s, 40, notClosed)
	done := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; ; k++ {
				select {
				case <-done:
					return
				default:
				}
				path := []string{
					"/api/v2/tickets?page[size]=50",
					fmt.Sprintf("/api/v2/users/%d/tickets/requested?page=2", heavy),
					"/api/v2/search?query=type:ticket+status:pending",
					"/api/v2/deleted_tickets?page[size]=10",
					"/api/v2/job_statuses",
				}[k%5]
				resp, body := c.do(path)
				if resp.StatusCode != 200 || !json.Valid(body) {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("GET %s: %d", path, resp.StatusCode))
					mu.Unlock()
					return
				}
			}
		}()
	}
	for k := 0; k < 4; k++ {
		batch := ids[k*10 : k*10+10]
		m, _ := c.sendJSON("PUT", "/api/v2/tickets/update_many?ids="+joinIDs(batch), map[string]any{"ticket": map[string]any{"priority": "high"}}, 200)
		jobOf(t, m)
		m, _ = c.sendJSON("DELETE", "/api/v2/tickets/destroy_many?ids="+joinIDs(batch[:3]), nil, 200)
		jobOf(t, m)
		c.sendJSON("POST", "/api/v2/tickets", map[string]any{"ticket": map[string]any{"comment": map[string]any{"body": "concurrent"}}}, 201)
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.OpenJobs() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	close(done)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	if n := s.OpenJobs(); n != 0 {
		t.Fatalf("%d jobs still open with a 20 ms job duration", n)
	}
	// The real-clock accessors see every effect.
	for k, id := range ids {
		st, ok := s.Ticket(id)
		if !ok || st.Priority != "high" || st.Deleted != (k%10 < 3) {
			t.Errorf("ticket %d: %+v", id, st)
		}
	}
}
