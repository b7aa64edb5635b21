package sandbox

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestUpdateOneTicket(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	open := pickTickets(t, s, 1, notClosed)[0]
	m, _ := c.sendJSON("PUT", "/api/v2/tickets/"+itoa(open)+".json", `{"ticket":{"priority":"urgent"}}`, 200)
	if obj(m, "ticket")["priority"] != "urgent" {
		t.Fatalf("answer %v", m)
	}
	if st, _ := s.Ticket(open); st.Priority != "urgent" {
		t.Fatalf("state %+v", st)
	}
	closed := pickTickets(t, s, 1, func(tk *ticket) bool { return tk.status == statusClosed })[0]
	before, _ := s.Ticket(closed)
	m, _ = c.sendJSON("PUT", "/api/v2/tickets/"+itoa(closed), `{"ticket":{"subject":"changed"}}`, 422)
	if m["error"] != "RecordInvalid" || !strings.Contains(toJSON(t, m), "closed") {
		t.Fatalf("closed ticket: %v", m)
	}
	if after, _ := s.Ticket(closed); !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatal("a refused update changed the ticket")
	}
	c.sendJSON("PUT", "/api/v2/tickets/999999999", `{"ticket":{"priority":"low"}}`, 404)
	if got := s.Stats().ByRoute["PUT /api/v2/tickets/{id}"]; got != 3 {
		t.Fatalf("stats counted %d", got)
	}
}

func toJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
