package sandbox

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Walking links.next with a small page size must visit every user exactly
// once, in id order, and stop on has_more=false.
func TestCursorWalkUsers(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	next := "/api/v2/users.json?page[size]=97"
	var ids []int64
	pages := 0
	var last map[string]any
	for {
		m := c.get(next, 200)
		pages++
		for _, u := range list(m, "users") {
			ids = append(ids, num(u["id"]))
		}
		meta, links := obj(m, "meta"), obj(m, "links")
		if _, ok := m["count"]; ok {
			t.Fatal("cursor page carries the offset count")
		}
		nextURL, _ := links["next"].(string)
		if !strings.HasPrefix(nextURL, c.base+"/api/v2/users.json?") ||
			!strings.Contains(nextURL, "page%5Bafter%5D=") || !strings.Contains(nextURL, "page%5Bsize%5D=97") {
			t.Fatalf("links.next = %q", nextURL)
		}
		if meta["has_more"] != true {
			last = m
			break
		}
		next = nextURL
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
	}
	if want := s.Size().Users; len(ids) != want {
		t.Fatalf("walked %d users, want %d", len(ids), want)
	}
	for k := 1; k < len(ids); k++ {
		if ids[k] <= ids[k-1] {
			t.Fatalf("ids not strictly ascending at %d: %d after %d", k, ids[k], ids[k-1])
		}
	}
	if pages != (len(ids)+96)/97 {
		t.Fatalf("%d pages for %d users", pages, len(ids))
	}

	// Following next past the end gives an empty page with null cursors.
	end := c.get(obj(last, "links")["next"].(string), 200)
	if len(list(end, "users")) != 0 || obj(end, "meta")["has_more"] != false ||
		obj(end, "meta")["after_cursor"] != nil || obj(end, "links")["next"] != nil {
		t.Fatalf("page after the last: %v %v", obj(end, "meta"), obj(end, "links"))
	}

	// links.prev walks back: the page before the last page ends right before it.
	prev := c.get(obj(last, "links")["prev"].(string), 200)
	users := list(prev, "users")
	if len(users) != 97 || obj(prev, "meta")["has_more"] != true {
		t.Fatalf("prev page: %d users, meta %v", len(users), obj(prev, "meta"))
	}
	firstOfLast := num(list(last, "users")[0]["id"])
	if got := num(users[len(users)-1]["id"]); got >= firstOfLast {
		t.Fatalf("prev page ends at %d, not before %d", got, firstOfLast)
	}
}

func TestCursorKeepsFilters(t *testing.T) {
	c := serve(t, shared(t))
	m := c.get("/api/v2/users?role[]=agent&role[]=admin&page[size]=10", 200)
	next := obj(m, "links")["next"].(string)
	u, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Query()["role[]"]; len(got) != 2 {
		t.Fatalf("links.next lost the role filter: %s", next)
	}
	seen := 0
	for next != "" {
		m = c.get(next, 200)
		for _, usr := range list(m, "users") {
			if r := usr["role"]; r != "agent" && r != "admin" {
				t.Fatalf("role filter leaked a %v", r)
			}
			seen++
		}
		next = ""
		if obj(m, "meta")["has_more"] == true {
			next = obj(m, "links")["next"].(string)
		}
	}
	if z := shared(t).Size(); seen != z.Agents+z.Admins-10 {
		t.Fatalf("walked %d staff after the first page, want %d", seen, z.Agents+z.Admins-10)
	}
}

func TestOffsetEnvelope(t *testing.T) {
	s := shared(t)
	c := serve(t, s)
	m := c.get("/api/v2/users.json?page=2&per_page=50", 200)
	if len(m) != 4 || len(list(m, "users")) != 50 {
		t.Fatalf("offset envelope keys: %v", keys(m))
	}
	if num(m["count"]) != int64(s.Size().Users) {
		t.Fatalf("count %v", m["count"])
	}
	if m["next_page"] != c.base+"/api/v2/users.json?page=3&per_page=50" ||
		m["previous_page"] != c.base+"/api/v2/users.json?page=1&per_page=50" {
		t.Fatalf("next_page %v previous_page %v", m["next_page"], m["previous_page"])
	}
	first := c.get("/api/v2/tickets.json", 200)
	if len(list(first, "tickets")) != 100 || first["previous_page"] != nil ||
		first["next_page"] != c.base+"/api/v2/tickets.json?page=2" {
		t.Fatalf("default offset page: %d tickets, next %v", len(list(first, "tickets")), first["next_page"])
	}
	groups := c.get("/api/v2/groups", 200)
	if groups["next_page"] != nil || num(groups["count"]) != 8 {
		t.Fatalf("single offset page: next %v count %v", groups["next_page"], groups["count"])
	}
}

func TestPaginationErrors(t *testing.T) {
	c := serve(t, shared(t))
	for _, path := range []string{
		"/api/v2/users?page[size]=101",
		"/api/v2/users?page[size]=0",
		"/api/v2/users?page[size]=abc",
		"/api/v2/users?page[after]=not-a-cursor",
		"/api/v2/tickets?page=101",
		"/api/v2/tickets?page=1001&per_page=10",
		"/api/v2/tickets?page=-1",
	} {
		m := c.get(path, 400)
		if m["error"] != "InvalidPaginationParameter" || m["description"] == "" {
			t.Errorf("%s: %v", path, m)
		}
	}
	c.get("/api/v2/tickets?page=100", 200)
	c.get("/api/v2/tickets?page=1000&per_page=10", 200)
}

func TestCursorRoundTrip(t *testing.T) {
	for _, id := range []int64{1, 42, 3_612_000_000_761, 1 << 62} {
		got, ok := decodeCursor(encodeCursor("id", id))
		if !ok || got != id {
			t.Fatalf("cursor round trip of %d: %d %v", id, got, ok)
		}
	}
	// Zendesk's own cursor for ticket 1 decodes to the same shape.
	if got, ok := decodeCursor("eyJvIjoibmljZV9pZCIsInYiOiJhUUVBQUFBQUFBQUEifQ=="); !ok || got != 1 {
		t.Fatalf("Zendesk cursor decodes to %d %v", got, ok)
	}
	if encodeCursor("nice_id", 1) != "eyJvIjoibmljZV9pZCIsInYiOiJhUUVBQUFBQUFBQUEifQ==" {
		t.Fatalf("cursor for ticket 1 differs from Zendesk's: %s", encodeCursor("nice_id", 1))
	}
}

func keys(m map[string]any) string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	return fmt.Sprint(k)
}
