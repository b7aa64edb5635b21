package zendesk

import (
	"net/url"
	"strings"
)

// SearchLimit is how many results Zendesk's search serves for one query, whatever the
// count; finding more takes a narrower query.
const SearchLimit = 1000

// SearchService runs Zendesk's search (offset pages only, capped at SearchLimit results).
type SearchService struct{ c *Client }

// Tickets runs a ticket search in Zendesk's search syntax ("status<solved priority:high",
// "requester_id:123 login"). "type:ticket" is added when the query names no type.
func (s *SearchService) Tickets(query string) Pages[Ticket] {
	if !strings.Contains(query, "type:") {
		query = "type:ticket " + query
	}
	q := url.Values{"query": {strings.TrimSpace(query)}, "sort_by": {"updated_at"}, "sort_order": {"desc"}}
	return offsetPages[Ticket](s.c, "search", q, "results", SearchLimit)
}

// Organizations runs an organization search ("acme", "tags:vip"); "type:organization" is added.
func (s *SearchService) Organizations(query string) Pages[Organization] {
	q := url.Values{"query": {strings.TrimSpace("type:organization " + query)}}
	return offsetPages[Organization](s.c, "search", q, "results", SearchLimit)
}

// Groups runs a group search by name; "type:group" is added.
func (s *SearchService) Groups(query string) Pages[Group] {
	q := url.Values{"query": {strings.TrimSpace("type:group " + query)}}
	return offsetPages[Group](s.c, "search", q, "results", SearchLimit)
}
