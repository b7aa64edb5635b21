package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestTicketCustomFieldsChecked(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	area, feats, esc := s.st.fields[fieldArea].id, s.st.fields[fieldFeatures].id, s.st.fields[fieldEscalated].id
	subject := s.st.fields[0].id // a system field
	n := len(s.st.tickets)
	for _, tc := range []struct {
		name   string
		fields []map[string]any
		want   string
	}{
		{"unknown id", []map[string]any{{"id": 42, "value": "x"}},
			`"details":{"base":[{"description":"Custom fields: 42 is not a custom ticket field of this account (GET /api/v2/ticket_fields lists them)","error":"InvalidValue","field_key":42}]}`},
		{"system field", []map[string]any{{"id": subject, "value": "x"}}, fmt.Sprintf(`"field_key":%d`, subject)},
		{"tagger value", []map[string]any{{"id": area, "value": "area_nowhere"}},
			fmt.Sprintf(`"description":"Product area: \"area_nowhere\" is not a valid value (use one of the field's option values)","error":"InvalidValue","field_key":%d`, area)},
		{"multiselect as a string", []map[string]any{{"id": feats, "value": features[0].value}},
			fmt.Sprintf(`Affected features: \"%s\" is not a valid value (a multiselect takes a list of option values)","error":"InvalidValue","field_key":%d`, features[0].value, feats)},
		{"multiselect value", []map[string]any{{"id": feats, "value": []string{features[0].value, "nope"}}}, `Affected features: \"nope\" is not a valid value`},
		{"checkbox as a string", []map[string]any{{"id": esc, "value": "true"}},
			fmt.Sprintf(`"Escalated to engineering: \"true\" is not a valid value (a checkbox takes true or false)","error":"InvalidValue","field_key":%d`, esc)},
	} {
		body := map[string]any{"ticket": map[string]any{"comment": map[string]any{"body": "b"}, "custom_fields": tc.fields}}
		resp, raw := c.send("POST", "/api/v2/tickets", body)
		if resp.StatusCode != 422 || !strings.Contains(string(raw), `{"error":"RecordInvalid","description":"Record validation errors"`) || !strings.Contains(string(raw), tc.want) {
			t.Errorf("create, %s: %d %s\nwant it to contain %s", tc.name, resp.StatusCode, raw, tc.want)
		}
		id := s.SampleTicket("open")
		resp, raw = c.send("PUT", fmt.Sprintf("/api/v2/tickets/%d", id), map[string]any{"ticket": map[string]any{"custom_fields": tc.fields}})
		if resp.StatusCode != 422 || !strings.Contains(string(raw), tc.want) {
			t.Errorf("update, %s: %d %s", tc.name, resp.StatusCode, raw)
		}
	}
	if len(s.st.tickets) != n {
		t.Errorf("refused creates made %d tickets", len(s.st.tickets)-n)
	}
	// Good values are taken, nulls clear.
	body := map[string]any{"ticket": map[string]any{"comment": map[string]any{"body": "b"}, "custom_fields": []map[string]any{
		{"id": area, "value": productAreas[1].value}, {"id": feats, "value": []string{features[0].value, features[2].value}}, {"id": esc, "value": true},
	}}}
	m, _ := c.sendJSON("POST", "/api/v2/tickets", body, 201)
	tk := obj(m, "ticket")
	vals := map[int64]any{}
	for _, f := range list(tk, "custom_fields") {
		vals[num(f["id"])] = f["value"]
	}
	if vals[area] != productAreas[1].value || fmt.Sprint(vals[feats]) != fmt.Sprintf("[%s %s]", features[0].value, features[2].value) || vals[esc] != true {
		t.Errorf("custom fields: %v", vals)
	}
	id := num(tk["id"])
	m, _ = c.sendJSON("PUT", fmt.Sprintf("/api/v2/tickets/%d", id), map[string]any{"ticket": map[string]any{"custom_fields": []map[string]any{{"id": feats, "value": nil}}}}, 200)
	for _, f := range list(obj(m, "ticket"), "custom_fields") {
		if num(f["id"]) == feats && f["value"] != nil {
			t.Errorf("null did not clear: %v", f)
		}
	}
}

func TestTicketRequesterAndUpdateFields(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	_, email := s.SampleUser("end-user")
	users := len(s.st.users)
	// A requester found by email (any case), then one created.
	m, _ := c.sendJSON("POST", "/api/v2/tickets", map[string]any{"ticket": map[string]any{"comment": map[string]any{"body": "b"},
		"requester": map[string]any{"name": "Ignored", "email": strings.ToUpper(email)}}}, 201)
	if uid, _ := s.SampleUser("end-user"); num(obj(m, "ticket")["requester_id"]) != uid {
		t.Errorf("requester by email: %v", obj(m, "ticket")["requester_id"])
	}
	m, _ = c.sendJSON("POST", "/api/v2/tickets", map[string]any{"ticket": map[string]any{"comment": map[string]any{"body": "b"},
		"requester": map[string]any{"name": "Brand New", "email": "brand.new@example.com"}}}, 201)
	newUser := num(obj(m, "ticket")["requester_id"])
	if u := obj(c.get(fmt.Sprintf("/api/v2/users/%d", newUser), 200), "user"); u["name"] != "Brand New" || u["email"] != "brand.new@example.com" || u["role"] != "end-user" || len(s.st.users) != users+1 {
		t.Errorf("created requester: %v", u)
	}

	// PUT changes subject, tags (replaced), type, priority, status, group,
	// assignee and requester; the ticket moves between requesters' lists
	// and takes the new requester's organization.
	id := s.SampleTicket("open")
	var to int32 = -1
	for k := range s.st.users {
		if u := &s.st.users[k]; u.role == roleEndUser && len(u.orgMembers) > 0 && int32(k) != s.st.tickets[id-1].requester {
			to = int32(k)
			break
		}
	}
	toID := s.st.users[to].id
	toOrg := s.st.orgs[s.st.orgMems[s.st.users[to].orgMembers[0]].org].id
	from := s.st.users[s.st.tickets[id-1].requester].id
	group := s.st.groups[1]
	agent := s.st.users[s.st.groupMems[group.members[0]].user].id
	m, _ = c.sendJSON("PUT", fmt.Sprintf("/api/v2/tickets/%d", id), map[string]any{"ticket": map[string]any{
		"subject": "Renamed", "tags": []string{"One", "two"}, "type": "task", "priority": "urgent", "status": "pending",
		"group_id": group.id, "assignee_id": agent, "requester_id": toID,
	}}, 200)
	tk := obj(m, "ticket")
	if tk["subject"] != "Renamed" || fmt.Sprint(tk["tags"]) != "[one two]" || tk["type"] != "task" || tk["priority"] != "urgent" ||
		tk["status"] != "pending" || num(tk["group_id"]) != group.id || num(tk["assignee_id"]) != agent ||
		num(tk["requester_id"]) != toID || num(tk["organization_id"]) != toOrg {
		t.Errorf("updated: %v", tk)
	}
	requested := func(uid int64) []int64 {
		var ids []int64
		for _, x := range list(c.get(fmt.Sprintf("/api/v2/users/%d/tickets/requested?per_page=100", uid), 200), "tickets") {
			ids = append(ids, num(x["id"]))
		}
		return ids
	}
	if !slices.Contains(requested(toID), id) {
		t.Error("the new requester's list lacks the ticket")
	}
	if s.RequestedCount(from) <= 100 && slices.Contains(requested(from), id) {
		t.Error("the old requester's list still has the ticket")
	}
	for _, bad := range []map[string]any{{"requester_id": 1}, {"requester_id": nil}} {
		if resp, raw := c.send("PUT", fmt.Sprintf("/api/v2/tickets/%d", id), map[string]any{"ticket": bad}); resp.StatusCode != 422 || !strings.Contains(string(raw), `"requester":[`) {
			t.Errorf("%v: %d %s", bad, resp.StatusCode, raw)
		}
	}
}
