package sandbox

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCreateTicket(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	agentID, _ := s.SampleUser("agent")
	agent := s.st.userByID[agentID]
	group := s.st.groups[s.st.users[agent].defGroup].id
	area := s.st.fields[fieldArea].id
	body := map[string]any{"ticket": map[string]any{
		"subject":       "Printer on fire",
		"comment":       map[string]any{"body": "It is <very> hot.\nHelp!", "public": false},
		"requester":     map[string]any{"name": "Pat Newcomer", "email": "Pat.Newcomer@Example.com"},
		"priority":      "high",
		"type":          "incident",
		"tags":          []string{"Fire", "urgent"},
		"assignee_id":   agentID,
		"custom_fields": []map[string]any{{"id": area, "value": "area_mobile"}},
	}}
	n := len(s.st.tickets)
	m, resp := c.sendJSON("POST", "/api/v2/tickets.json", body, 201)
	tk := obj(m, "ticket")
	id := num(tk["id"])
	if id != int64(n+1) || resp.Header.Get("Location") != fmt.Sprintf("%s/api/v2/tickets/%d.json", c.base, id) {
		t.Errorf("id %d, Location %q", id, resp.Header.Get("Location"))
	}
	if resp.Header.Get("X-Idempotency-Lookup") != "" {
		t.Error("x-idempotency-lookup without a key")
	}
	if tk["subject"] != "Printer on fire" || tk["description"] != "It is <very> hot.\nHelp!" || tk["status"] != "open" ||
		tk["priority"] != "high" || tk["type"] != "incident" || num(tk["assignee_id"]) != agentID ||
		num(tk["group_id"]) != group || fmt.Sprint(tk["tags"]) != "[area_mobile fire urgent]" ||
		obj(tk, "via")["channel"] != "api" || num(tk["submitter_id"]) != s.st.users[0].id ||
		tk["created_at"] != "2026-03-01T12:00:00Z" {
		t.Errorf("created ticket: %v", tk)
	}
	// The requester was created as an end user with that email.
	rid := num(tk["requester_id"])
	u := obj(c.get(fmt.Sprintf("/api/v2/users/%d", rid), 200), "user")
	if u["name"] != "Pat Newcomer" || u["email"] != "pat.newcomer@example.com" || u["role"] != "end-user" || u["verified"] != false {
		t.Errorf("new requester: %v", u)
	}
	audit := obj(m, "audit")
	events := list(audit, "events")
	if num(audit["ticket_id"]) != id || len(events) < 5 || events[0]["type"] != "Comment" || events[0]["public"] != false ||
		events[0]["body"] != "It is <very> hot.\nHelp!" || !strings.Contains(events[0]["html_body"].(string), "&lt;very&gt; hot.<br>Help!") ||
		events[1]["field_name"] != "subject" || events[1]["type"] != "Create" {
		t.Errorf("audit: %v", audit)
	}
	// Visible everywhere a ticket is.
	if got := ticketJSON(t, c, id); got["description"] != "It is <very> hot.\nHelp!" {
		t.Errorf("GET ticket: %v", got["description"])
	}
	if got := requestedIDs(t, c, rid); len(got) != 1 || got[0] != id {
		t.Errorf("requested list: %v", got)
	}
	if m := c.get("/api/v2/search?query=type:ticket+%22very%3E+hot%22", 200); num(m["count"]) != 1 {
		t.Errorf("search: %v", m["count"])
	}
	// A known requester email finds the user instead of creating one.
	users := len(s.st.users)
	uid, email := s.SampleUser("end-user")
	m, _ = c.sendJSON("POST", "/api/v2/tickets", map[string]any{"ticket": map[string]any{
		"description": "old style", "requester": map[string]any{"email": strings.ToUpper(email)}}}, 201)
	if num(obj(m, "ticket")["requester_id"]) != uid || len(s.st.users) != users || obj(m, "ticket")["status"] != "new" {
		t.Errorf("existing requester: %v", obj(m, "ticket"))
	}
	// Without a requester the API user requests it.
	m, _ = c.sendJSON("POST", "/api/v2/tickets", map[string]any{"ticket": map[string]any{"comment": map[string]any{"body": "x"}}}, 201)
	if num(obj(m, "ticket")["requester_id"]) != s.st.users[0].id {
		t.Errorf("default requester: %v", obj(m, "ticket")["requester_id"])
	}
}

func TestCreateTicketInvalid(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	endUser, _ := s.SampleUser("end-user")
	cases := []struct {
		name string
		body string
		want string
	}{
		{"blank", `{"ticket":{"subject":"no body","comment":{"body":"  "}}}`,
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"description":[{"description":"Description: cannot be blank","error":"BlankValue"}]}}`},
		{"no ticket", `{}`,
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"description":[{"description":"Description: cannot be blank","error":"BlankValue"}]}}`},
		{"several", `{"ticket":{"comment":{"body":"b"},"status":"nope","priority":"meh","requester":{"email":"not-an-email"}}}`,
			`{"error":"RecordInvalid","description":"Record validation errors","details":{` +
				`"priority":[{"description":"Priority: \"meh\" is not a valid priority","error":"InvalidValue"}],` +
				`"requester":[{"description":"Requester: Email: not-an-email is not properly formatted","error":"InvalidValue"}],` +
				`"status":[{"description":"Status: \"nope\" is not a valid status","error":"InvalidValue"}]}}`},
		{"requester id", `{"ticket":{"comment":{"body":"b"},"requester_id":12}}`,
			`{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: 12 is invalid","error":"InvalidValue"}]}}`},
		{"assignee", fmt.Sprintf(`{"ticket":{"comment":{"body":"b"},"assignee_id":%d}}`, endUser),
			fmt.Sprintf(`{"error":"RecordInvalid","description":"Record validation errors","details":{"assignee":[{"description":"Assignee: %d is not an agent","error":"InvalidValue"}]}}`, endUser)},
		{"custom field", fmt.Sprintf(`{"ticket":{"comment":{"body":"b"},"custom_fields":[{"id":%d,"value":"nowhere"}]}}`, s.st.fields[fieldArea].id),
			fmt.Sprintf(`{"error":"RecordInvalid","description":"Record validation errors","details":{"base":[{"description":"Product area: \"nowhere\" is not a valid value (use one of the field's option values)","error":"InvalidValue","field_key":%d}]}}`, s.st.fields[fieldArea].id)},
	}
	n := len(s.st.tickets)
	for _, tc := range cases {
		resp, body := c.send("POST", "/api/v2/tickets", tc.body)
		if resp.StatusCode != 422 || string(body) != tc.want {
			t.Errorf("%s: %d\n%s\nwant\n%s", tc.name, resp.StatusCode, body, tc.want)
		}
	}
	if len(s.st.tickets) != n {
		t.Errorf("invalid requests created %d tickets", len(s.st.tickets)-n)
	}
}

// Idempotency-Key: miss, then a replay of the same answer (hit) for the same
// body however it is spelled, a conflict for another body, and a fresh key
// after two hours.
func TestCreateTicketIdempotency(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	n := len(s.st.tickets)
	first := `{"ticket":{"subject":"Once","comment":{"body":"only once"},"priority":"low"}}`
	same := "{ \"ticket\": {\"priority\":\"low\", \"comment\": {\"body\": \"only once\"}, \"subject\": \"Once\"} }"
	key := []string{"Idempotency-Key", "run-42/ticket-1"}

	r1, b1 := c.send("POST", "/api/v2/tickets", first, key...)
	if r1.StatusCode != 201 || r1.Header.Get("X-Idempotency-Lookup") != "miss" {
		t.Fatalf("first: %d %q %s", r1.StatusCode, r1.Header.Get("X-Idempotency-Lookup"), b1)
	}
	clock.Advance(90 * time.Minute)
	r2, b2 := c.send("POST", "/api/v2/tickets.json", same, key...)
	if r2.StatusCode != 201 || r2.Header.Get("X-Idempotency-Lookup") != "hit" || !bytes.Equal(b1, b2) ||
		r2.Header.Get("Location") != r1.Header.Get("Location") || r2.Header.Get("X-Rate-Limit") == "" {
		t.Fatalf("replay: %d %q location %q\n%s", r2.StatusCode, r2.Header.Get("X-Idempotency-Lookup"), r2.Header.Get("Location"), b2)
	}
	if len(s.st.tickets) != n+1 {
		t.Fatalf("%d tickets created for two identical requests", len(s.st.tickets)-n)
	}
	r3, b3 := c.send("POST", "/api/v2/tickets", `{"ticket":{"subject":"Twice","comment":{"body":"only once"}}}`, key...)
	if r3.StatusCode != 400 || string(b3) != `{"error":"IdempotentRequestError","description":"Request parameters don't match the given idempotency key"}` {
		t.Errorf("conflict: %d %s", r3.StatusCode, b3)
	}
	// A failed request is not remembered: the key still belongs to the first.
	if r, _ := c.send("POST", "/api/v2/tickets", `{"ticket":{}}`, "Idempotency-Key", "other"); r.StatusCode != 422 || r.Header.Get("X-Idempotency-Lookup") != "miss" {
		t.Errorf("invalid with a key: %d %q", r.StatusCode, r.Header.Get("X-Idempotency-Lookup"))
	}
	if r, _ := c.send("POST", "/api/v2/tickets", first, "Idempotency-Key", "other"); r.StatusCode != 201 || r.Header.Get("X-Idempotency-Lookup") != "miss" {
		t.Errorf("key reused after a failure: %d %q", r.StatusCode, r.Header.Get("X-Idempotency-Lookup"))
	}
	clock.Advance(31 * time.Minute) // 2 h 1 min after the first
	r4, _ := c.send("POST", "/api/v2/tickets", first, key...)
	if r4.StatusCode != 201 || r4.Header.Get("X-Idempotency-Lookup") != "miss" || len(s.st.tickets) != n+3 {
		t.Errorf("after two hours: %d %q, %d tickets", r4.StatusCode, r4.Header.Get("X-Idempotency-Lookup"), len(s.st.tickets)-n)
	}
}

// Two identical requests racing each other create one ticket.
func TestCreateTicketIdempotencyConcurrent(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	n := len(s.st.tickets)
	body := `{"ticket":{"comment":{"body":"race"}}}`
	hits := make(chan string, 8)
	for k := 0; k < 8; k++ {
		go func() {
			r, _ := c.send("POST", "/api/v2/tickets", body, "Idempotency-Key", "race-1")
			hits <- fmt.Sprint(r.StatusCode, " ", r.Header.Get("X-Idempotency-Lookup"))
		}()
	}
	got := map[string]int{}
	for k := 0; k < 8; k++ {
		got[<-hits]++
	}
	if got["201 miss"] != 1 || got["201 hit"] != 7 || len(s.st.tickets) != n+1 {
		t.Errorf("answers %v, %d tickets created", got, len(s.st.tickets)-n)
	}
}
