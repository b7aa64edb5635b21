package sandbox

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestSearchUsers(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	uid, email := s.SampleUser("end-user")
	for _, q := range []string{email, strings.ToUpper(email), "email:" + email} {
		m := c.get("/api/v2/users/search.json?query="+url.QueryEscape(q), 200)
		us := list(m, "users")
		if len(us) != 1 || num(us[0]["id"]) != uid || num(m["count"]) != 1 {
			t.Fatalf("users/search %q: %v", q, m)
		}
	}
	name := s.st.users[s.st.userByID[uid]].name
	last := name[strings.LastIndexByte(name, ' ')+1:]
	m := c.get("/api/v2/users/search?query="+url.QueryEscape(strings.ToLower(last)), 200)
	found := false
	for _, u := range list(m, "users") {
		found = found || num(u["id"]) == uid
		if !strings.Contains(strings.ToLower(fmt.Sprint(u["name"], u["email"], u["external_id"], u["phone"], u["notes"])), strings.ToLower(last)) {
			t.Fatalf("partial name search for %q returned %v", last, u["name"])
		}
	}
	if !found && num(m["count"]) <= 100 {
		t.Fatalf("partial name search for %q missed the user", last)
	}
	m = c.get("/api/v2/users/search?query=role:agent&per_page=10", 200)
	if num(m["count"]) != int64(s.Size().Agents) || len(list(m, "users")) != 10 || m["next_page"] == nil {
		t.Fatalf("role:agent: count %v, next %v", m["count"], m["next_page"])
	}
	m = c.get("/api/v2/users/search?external_id=CRM-000001", 200)
	if us := list(m, "users"); len(us) != 1 || us[0]["external_id"] != "crm-000001" {
		t.Fatalf("users/search?external_id: %v", m)
	}
	m = c.get("/api/v2/users/search?external_id=crm-00000", 200)
	if len(list(m, "users")) != 0 {
		t.Fatal("external_id search must be exact")
	}
}

func TestSearchTickets(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	heavy := s.HeavyRequesters()[1]
	// The expected set, from the requester's own ticket list.
	want := 0
	for _, i := range s.st.requested[s.st.userByID[heavy]] {
		if s.st.tickets[i].status < statusSolved {
			want++
		}
	}
	q := url.QueryEscape(fmt.Sprintf("type:ticket status<solved requester_id:%d", heavy))
	seen := 0
	for page := 1; ; page++ {
		m := c.get(fmt.Sprintf("/api/v2/search.json?query=%s&page=%d", q, page), 200)
		if num(m["count"]) != int64(want) || m["facets"] != nil {
			t.Fatalf("count %v facets %v, want %d", m["count"], m["facets"], want)
		}
		for _, r := range list(m, "results") {
			st := r["status"]
			if r["result_type"] != "ticket" || num(r["requester_id"]) != heavy || st == "solved" || st == "closed" {
				t.Fatalf("result %v %v %v", r["result_type"], r["requester_id"], st)
			}
			seen++
		}
		if m["next_page"] == nil {
			break
		}
	}
	if seen != want || want == 0 {
		t.Fatalf("paged through %d results, want %d", seen, want)
	}

	m := c.get("/api/v2/search?query="+url.QueryEscape("status>pending type:ticket priority:urgent")+"&per_page=5", 200)
	for _, r := range list(m, "results") {
		if st := r["status"]; st == "new" || st == "open" || st == "pending" || r["priority"] != "urgent" {
			t.Fatalf("status>pending priority:urgent returned %v %v", st, r["priority"])
		}
	}
	m = c.get("/api/v2/search?query="+url.QueryEscape(`"charged twice"`), 200)
	if num(m["count"]) == 0 {
		t.Fatal("phrase search found nothing")
	}
	for _, r := range list(m, "results") {
		if !strings.Contains(strings.ToLower(r["subject"].(string)+r["description"].(string)), "charged twice") {
			t.Fatalf("phrase result %v", r["subject"])
		}
	}
	m = c.get("/api/v2/search?query="+url.QueryEscape("type:ticket tags:escalated_engineering ticket_type:incident")+"&sort_by=created_at&sort_order=asc", 200)
	rs := list(m, "results")
	for k := 1; k < len(rs); k++ {
		if rs[k]["created_at"].(string) < rs[k-1]["created_at"].(string) {
			t.Fatal("sort_by=created_at&sort_order=asc is not ascending")
		}
	}
	for _, r := range rs {
		if r["type"] != "incident" {
			t.Fatalf("ticket_type:incident returned %v", r["type"])
		}
	}
	m = c.get("/api/v2/search?query=type:group", 200)
	if num(m["count"]) != int64(s.Size().Groups) || list(m, "results")[0]["result_type"] != "group" {
		t.Fatalf("type:group: %v", m["count"])
	}
	m = c.get("/api/v2/search?query=type:user+role:admin", 200)
	if num(m["count"]) != int64(s.Size().Admins) {
		t.Fatalf("type:user role:admin: %v", m["count"])
	}
	m = c.get("/api/v2/search/count?query=type:ticket", 200)
	if num(m["count"]) != int64(s.Size().Tickets) {
		t.Fatalf("search/count: %v", m)
	}
}

// Search serves at most 1,000 results: the count stays true, next_page still
// points past the cap as Zendesk's does, and asking for it is a 422.
func TestSearchCap(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	m := c.get("/api/v2/search?query=type:ticket&page=10", 200)
	if num(m["count"]) != int64(s.Size().Tickets) || len(list(m, "results")) != 100 {
		t.Fatalf("page 10: count %v, %d results", m["count"], len(list(m, "results")))
	}
	next, _ := m["next_page"].(string)
	if !strings.Contains(next, "page=11") {
		t.Fatalf("next_page %q", next)
	}
	e := c.get(next, 422)
	if e["error"] != "invalid" || !strings.Contains(e["description"].(string), "Search Response Limits") {
		t.Fatalf("422 body: %v", e)
	}
	c.get("/api/v2/search?query=type:ticket&page=34&per_page=30", 422)
	c.get("/api/v2/search?query=type:ticket&page=100&per_page=10", 200)
	c.get("/api/v2/search", 400)
}

func TestParseQuery(t *testing.T) {
	q := parseQuery(`type:ticket -status:closed priority>=high subject:"log in" "two words" tags:vip* -refund`)
	if q.types != typeTicket {
		t.Fatalf("types %b", q.types)
	}
	want := []term{
		{neg: true, field: "status", op: ":", value: "closed"},
		{field: "priority", op: ">=", value: "high"},
		{field: "subject", op: ":", value: "log in"},
		{value: "two words"},
		{field: "tags", op: ":", value: "vip", prefix: true},
		{neg: true, value: "refund"},
	}
	if len(q.terms) != len(want) {
		t.Fatalf("terms %+v", q.terms)
	}
	for k, w := range want {
		if q.terms[k] != w {
			t.Errorf("term %d = %+v, want %+v", k, q.terms[k], w)
		}
	}
	if q := parseQuery("type:nothing"); q.types != 0 {
		t.Fatal("unknown type should match nothing")
	}
	if q := parseQuery("-type:user"); q.types != typeAll&^typeUser {
		t.Fatalf("-type:user: %b", q.types)
	}
	if q := parseQuery("foo:bar"); len(q.terms) != 1 || q.terms[0].field != "" {
		t.Fatalf("unknown field should be a bare word: %+v", q.terms)
	}
}
