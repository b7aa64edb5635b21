package sandbox

import (
	"fmt"
	"net/url"
	"testing"
)

// A group's tickets that are not closed, newest update first, is the search the
// console's group detail makes (Zendesk lists no tickets by group): group_id:,
// status<closed and sort_by=updated_at must all hold, page after page, and a
// ticket moved into the group must be found at the top at once.
func TestSearchGroupTickets(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	g := int32(1)
	gid := s.st.groups[g].id
	want := 0
	var outsider int64 // a ticket of another group that is not closed
	for i := range s.st.tickets {
		tk := &s.st.tickets[i]
		switch {
		case tk.deleted || tk.status == statusClosed:
		case tk.group == g:
			want++
		case outsider == 0:
			outsider = ticketID(int32(i))
		}
	}
	if want == 0 || outsider == 0 {
		t.Fatalf("the seed gives group %d %d tickets not closed and no other (%d)", gid, want, outsider)
	}

	search := func() (ids []int64, count int64) {
		q := url.QueryEscape(fmt.Sprintf("type:ticket group_id:%d status<closed", gid))
		last := ""
		for page := 1; ; page++ {
			m := c.get(fmt.Sprintf("/api/v2/search.json?query=%s&sort_by=updated_at&sort_order=desc&page=%d", q, page), 200)
			count = num(m["count"])
			for _, r := range list(m, "results") {
				if num(r["group_id"]) != gid || r["status"] == "closed" || r["result_type"] != "ticket" {
					t.Fatalf("result %v: group %v, status %v, type %v", r["id"], r["group_id"], r["status"], r["result_type"])
				}
				if u := r["updated_at"].(string); last != "" && u > last {
					t.Fatalf("ticket %v updated %s after %s: not newest first", r["id"], u, last)
				} else {
					last = u
				}
				ids = append(ids, num(r["id"]))
			}
			if m["next_page"] == nil {
				return ids, count
			}
		}
	}
	ids, count := search()
	if len(ids) != want || count != int64(want) {
		t.Fatalf("group %d: %d results, count %d, want %d", gid, len(ids), count, want)
	}

	c.sendJSON("PUT", fmt.Sprintf("/api/v2/tickets/%d.json", outsider), map[string]any{"ticket": map[string]any{"group_id": gid}}, 200)
	ids, count = search()
	if len(ids) != want+1 || count != int64(want+1) || ids[0] != outsider {
		t.Fatalf("after moving ticket %d into the group: %d results (first %v), count %d, want %d", outsider, len(ids), ids[:1], count, want+1)
	}
}
