package sandbox

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func eventBody(source, typ string, props map[string]any) map[string]any {
	return map[string]any{
		"profile": map[string]any{"source": source, "type": "customer", "identifiers": []map[string]any{{"type": "email", "value": "jdoe@example.com"}}},
		"event":   map[string]any{"source": source, "type": typ, "description": "did " + typ, "properties": props},
	}
}

func TestTrackAndListUserEvents(t *testing.T) {
	s, c, clock := writeServer(t, Options{})
	uid, _ := s.SampleUser("end-user")
	path := fmt.Sprintf("/api/v2/users/%d/events", uid)
	if got := list(c.get(path, 200), "data"); len(got) != 0 {
		t.Fatalf("events before any: %v", got)
	}
	for k, typ := range []string{"signed_up", "order_placed", "order_shipped"} {
		clock.Advance(time.Minute)
		resp, raw := c.send("POST", path, eventBody("shop", typ, map[string]any{"n": k, "order": map[string]any{"id": "A1"}}))
		if resp.StatusCode != 202 || len(raw) != 0 {
			t.Fatalf("track %s: %d %s", typ, resp.StatusCode, raw)
		}
	}
	body := eventBody("crm", "note_added", map[string]any{})
	body["event"].(map[string]any)["created_at"] = "2025-06-01T10:00:00Z"
	c.sendJSON("POST", path+".json", body, 202)

	m := c.get(path, 200)
	all := list(m, "data")
	if len(all) != 4 || all[0]["type"] != "note_added" || all[1]["type"] != "order_shipped" || all[3]["type"] != "signed_up" {
		t.Fatalf("newest first: %v", all)
	}
	ev := all[1]
	props := obj(ev, "properties")
	if ev["source"] != "shop" || ev["description"] != "did order_shipped" || num(props["n"]) != 2 || obj(props, "order")["id"] != "A1" ||
		ev["created_at"] != "2026-03-01T12:03:00.000Z" || ev["received_at"] != "2026-03-01T12:03:00.000Z" || ev["user_id"] != fmt.Sprint(uid) ||
		len(ev["id"].(string)) != 26 {
		t.Errorf("event: %v", ev)
	}
	if all[0]["created_at"] != "2025-06-01T10:00:00.000Z" {
		t.Errorf("created_at sent: %v", all[0]["created_at"])
	}
	if obj(m, "meta")["has_more"] != false {
		t.Errorf("meta: %v", obj(m, "meta"))
	}
	// Cursor pages of one, newest first, each event once.
	var walked []string
	next := path + "?page[size]=1"
	for next != "" {
		page := c.get(next, 200)
		for _, e := range list(page, "data") {
			walked = append(walked, e["type"].(string))
		}
		next = ""
		if obj(page, "meta")["has_more"] == true {
			next = obj(page, "links")["next"].(string)
		}
	}
	if strings.Join(walked, ",") != "note_added,order_shipped,order_placed,signed_up" {
		t.Errorf("cursor walk: %v", walked)
	}
	// Filters.
	if got := list(c.get(path+"?filter[source]=shop&filter[type]=order_placed", 200), "data"); len(got) != 1 || got[0]["type"] != "order_placed" {
		t.Errorf("filtered: %v", got)
	}
	if got := list(c.get(path+"?filter[start_time]=2026-01-01", 200), "data"); len(got) != 3 {
		t.Errorf("start_time: %d events", len(got))
	}
	if resp, _ := c.do(path + "?filter[type]=x"); resp.StatusCode != 400 {
		t.Errorf("type without source: %d", resp.StatusCode)
	}
	// Other users have none.
	other, _ := s.SampleUser("agent")
	if got := list(c.get(fmt.Sprintf("/api/v2/users/%d/events", other), 200), "data"); len(got) != 0 {
		t.Errorf("another user's events: %v", got)
	}
	c.get("/api/v2/users/1/events", 404)
}

func TestTrackUserEventInvalid(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	uid, _ := s.SampleUser("end-user")
	path := fmt.Sprintf("/api/v2/users/%d/events", uid)
	noProps := eventBody("shop", "x", nil)
	delete(noProps["event"].(map[string]any), "properties")
	noIDs := eventBody("shop", "x", map[string]any{})
	noIDs["profile"].(map[string]any)["identifiers"] = []any{}
	badTime := eventBody("shop", "x", map[string]any{})
	badTime["event"].(map[string]any)["created_at"] = "yesterday"
	for _, tc := range []struct {
		name string
		body any
		want string
	}{
		{"reserved source", eventBody("Zendesk", "x", map[string]any{}), `"code":"ReservedSource","title":"event.source \"zendesk\" is reserved`},
		{"no properties", noProps, `"title":"event.properties is required and must be an object"`},
		{"properties not an object", eventBody("shop", "x", nil), `event.properties is required`},
		{"no identifiers", noIDs, `profile.identifiers is required`},
		{"no event", map[string]any{"profile": eventBody("s", "t", nil)["profile"]}, `"title":"event is required and must be an object"`},
		{"no type", eventBody("shop", "", map[string]any{}), `event.type is required`},
		{"bad created_at", badTime, `event.created_at must be an ISO-8601 date-time`},
		{"not json", `{"profile":`, `"code":"InvalidJSON"`},
	} {
		resp, raw := c.send("POST", path, tc.body)
		if resp.StatusCode != 400 || !strings.Contains(string(raw), `{"errors":[`) || !strings.Contains(string(raw), tc.want) {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, raw)
		}
	}
	if resp, _ := c.send("POST", "/api/v2/users/1/events", eventBody("shop", "x", map[string]any{})); resp.StatusCode != 404 {
		t.Errorf("unknown user: %d", resp.StatusCode)
	}
	if got := list(c.get(path, 200), "data"); len(got) != 0 {
		t.Errorf("refused events were stored: %v", got)
	}
	if st := s.Stats(); st.ByRoute["POST /api/v2/users/{id}/events"] != 9 {
		t.Errorf("POST events counted %d times, want 9", st.ByRoute["POST /api/v2/users/{id}/events"])
	}
}
