package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// requestedIDs lists every ticket id of a user's requested list.
func requestedIDs(t *testing.T, c *client, user int64) []int64 {
	t.Helper()
	var ids []int64
	path := fmt.Sprintf("/api/v2/users/%d/tickets/requested?page[size]=100", user)
	for path != "" {
		m := c.get(path, 200)
		for _, tk := range list(m, "tickets") {
			ids = append(ids, num(tk["id"]))
		}
		path = ""
		if obj(m, "meta")["has_more"] == true {
			path = strings.TrimPrefix(obj(m, "links")["next"].(string), c.base)
		}
	}
	return ids
}

func TestDestroyManyAndRestore(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	heavy := s.HeavyRequesters()[0]
	hi := s.st.userByID[heavy]
	mine := s.st.requested[hi]
	ids := []int64{ticketID(mine[1]), ticketID(mine[4]), ticketID(mine[2])}
	prev := statusNames[s.st.tickets[mine[1]].status]
	subject := s.st.tickets[mine[1]].subject
	before := requestedIDs(t, c, heavy)
	count := num(obj(c.get("/api/v2/tickets/count", 200), "count")["value"])

	m, resp := c.sendJSON("DELETE", "/api/v2/tickets/destroy_many.json?ids="+joinIDs(ids), nil, 200)
	if resp.Header.Get("Zendesk-Ratelimit-Inflight-Jobs") == "" {
		t.Error("no inflight-jobs header")
	}
	done := finish(t, c, clock, 10*time.Second, jobOf(t, m)["id"].(string))
	for k, r := range results(done) {
		want := map[string]any{"id": float64(ids[k]), "action": "delete", "status": "Deleted", "success": true}
		if !equalJSON(r, want) {
			t.Errorf("result %d: %v", k, r)
		}
	}

	// Gone from show, show_many, lists, counts, search and the requester's list.
	for _, id := range ids {
		if resp, _ := c.do(fmt.Sprintf("/api/v2/tickets/%d.json", id)); resp.StatusCode != 404 {
			t.Errorf("show deleted ticket %d: %d", id, resp.StatusCode)
		}
	}
	if got := list(c.get("/api/v2/tickets/show_many?ids="+joinIDs(ids), 200), "tickets"); len(got) != 0 {
		t.Errorf("show_many returned deleted tickets: %d", len(got))
	}
	after := requestedIDs(t, c, heavy)
	if len(after) != len(before)-3 || slices.Contains(after, ids[0]) {
		t.Errorf("requested list: %d -> %d", len(before), len(after))
	}
	if n := num(obj(c.get("/api/v2/tickets/count", 200), "count")["value"]); n != count-3 {
		t.Errorf("count %d -> %d", count, n)
	}
	if n := num(c.get("/api/v2/tickets?per_page=100", 200)["count"]); n != count-3 {
		t.Errorf("offset list count %d", n)
	}
	rel := obj(c.get(fmt.Sprintf("/api/v2/users/%d/related", heavy), 200), "user_related")
	if num(rel["requested_tickets"]) != int64(len(after)) {
		t.Errorf("related: %v", rel)
	}
	if m := c.get(fmt.Sprintf("/api/v2/search?query=type:ticket+requester_id:%d", heavy), 200); num(m["count"]) != int64(len(after)) {
		t.Errorf("search still finds deleted tickets: %v", m["count"])
	}

	// Listed as deleted, oldest first, in both paginations.
	m = c.get("/api/v2/deleted_tickets?page[size]=2", 200)
	del := list(m, "deleted_tickets")
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	if len(del) != 2 || num(del[0]["id"]) != sorted[0] || num(del[1]["id"]) != sorted[1] || obj(m, "meta")["has_more"] != true {
		t.Fatalf("deleted_tickets page: %v", m)
	}
	m = c.get("/api/v2/deleted_tickets.json", 200)
	if num(m["count"]) != 3 || m["next_page"] != nil {
		t.Fatalf("deleted_tickets offset: %v", m)
	}
	for _, d := range list(m, "deleted_tickets") {
		if num(d["id"]) == ids[0] {
			actor := obj(d, "actor")
			if d["subject"] != subject || d["previous_state"] != prev || d["description"] == "" ||
				num(actor["id"]) != s.st.users[0].id || actor["name"] != "Sandbox Admin" ||
				!strings.HasPrefix(d["deleted_at"].(string), "2026-03-01T12:00:0") {
				t.Errorf("deleted ticket: %v", d)
			}
			keys := fmt.Sprint(mapKeys(d))
			if keys != "[actor deleted_at description id previous_state subject]" {
				t.Errorf("deleted ticket keys: %s", keys)
			}
		}
	}
	// A second delete finds nothing to delete.
	m, _ = c.sendJSON("DELETE", fmt.Sprintf("/api/v2/tickets/destroy_many?ids=%d", ids[0]), nil, 200)
	done = finish(t, c, clock, 10*time.Second, jobOf(t, m)["id"].(string))
	if r := results(done)[0]; r["error"] != "TicketNotFound" || r["details"] != "Ticket not found" || num(r["index"]) != 0 {
		t.Errorf("deleting twice: %v", r)
	}

	// restore_many: 200 with an empty body; the tickets are back everywhere.
	resp, body := c.send("PUT", "/api/v2/deleted_tickets/restore_many?ids="+joinIDs(ids[:2])+",77777777", nil)
	if resp.StatusCode != 200 || len(body) != 0 {
		t.Fatalf("restore_many: %d %q", resp.StatusCode, body)
	}
	if tk := ticketJSON(t, c, ids[0]); tk["status"] != prev {
		t.Errorf("restored ticket: %v", tk["status"])
	}
	// The single restore answers {}.
	m, _ = c.sendJSON("PUT", fmt.Sprintf("/api/v2/deleted_tickets/%d/restore.json", ids[2]), nil, 200)
	if len(m) != 0 {
		t.Errorf("restore: %v", m)
	}
	if got := requestedIDs(t, c, heavy); !slices.Equal(got, before) {
		t.Errorf("requested list after restore: %d ids, want %d", len(got), len(before))
	}
	if n := num(c.get("/api/v2/deleted_tickets", 200)["count"]); n != 0 {
		t.Errorf("deleted_tickets after restore: %d", n)
	}
	for _, path := range []string{
		"/api/v2/deleted_tickets/restore_many?ids=" + joinIDs(ids),
		fmt.Sprintf("/api/v2/deleted_tickets/%d/restore", ids[0]),
	} {
		if resp, body := c.send("PUT", path, nil); resp.StatusCode != 404 || string(body) != `{"error":"RecordNotFound","description":"Not found"}` {
			t.Errorf("PUT %s with nothing to restore: %d %s", path, resp.StatusCode, body)
		}
	}
}

func mapKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Deleted tickets are listed and restorable for 30 days of sandbox clock.
func TestDeletedTicketsExpire(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	id := pickTickets(t, s, 1, notClosed)[0]
	m, _ := c.sendJSON("DELETE", fmt.Sprintf("/api/v2/tickets/destroy_many?ids=%d", id), nil, 200)
	finish(t, c, clock, 10*time.Second, jobOf(t, m)["id"].(string))
	clock.Advance(29 * 24 * time.Hour)
	if n := num(c.get("/api/v2/deleted_tickets", 200)["count"]); n != 1 {
		t.Fatalf("after 29 days: %d deleted tickets", n)
	}
	clock.Advance(24 * time.Hour)
	if n := num(c.get("/api/v2/deleted_tickets", 200)["count"]); n != 0 {
		t.Errorf("after 30 days: %d deleted tickets", n)
	}
	if resp, _ := c.send("PUT", fmt.Sprintf("/api/v2/deleted_tickets/%d/restore", id), nil); resp.StatusCode != 404 {
		t.Errorf("restore after 30 days: %d", resp.StatusCode)
	}
	if st, ok := s.Ticket(id); !ok || !st.Deleted {
		t.Errorf("Ticket(%d) = %+v, %v", id, st, ok)
	}
}

// mark_many_as_spam deletes the tickets and suspends their requesters.
func TestMarkManyAsSpam(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	ids := pickTickets(t, s, 2, func(tk *ticket) bool {
		u := &s.st.users[tk.requester]
		return !u.suspended && u.role == roleEndUser && len(s.st.requested[tk.requester]) < 50
	})
	requester := s.st.users[s.st.tickets[ids[0]-1].requester].id
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/mark_many_as_spam.json?ids="+joinIDs(ids), nil, 200)
	j := jobOf(t, m)
	if j["job_type"] != "Bulk Update Ticket" || j["status"] != "queued" {
		t.Errorf("spam job: %v", j)
	}
	if sus, _ := s.UserSuspended(requester); sus {
		t.Fatal("suspended before the job ran")
	}
	done := finish(t, c, clock, 10*time.Second, j["id"].(string))
	for _, r := range results(done) {
		if r["success"] != true || r["action"] != "mark_as_spam" || r["status"] != "MarkedAsSpam" {
			t.Errorf("spam result: %v", r)
		}
	}
	if sus, ok := s.UserSuspended(requester); !sus || !ok {
		t.Errorf("requester %d not suspended", requester)
	}
	u := obj(c.get(fmt.Sprintf("/api/v2/users/%d", requester), 200), "user")
	if u["suspended"] != true {
		t.Errorf("GET user: suspended %v", u["suspended"])
	}
	if n := num(c.get("/api/v2/deleted_tickets", 200)["count"]); n != 2 {
		t.Errorf("deleted_tickets after spam: %d", n)
	}
	if slices.Contains(requestedIDs(t, c, requester), ids[0]) {
		t.Error("spam ticket still in the requester's list")
	}
}
