package sandbox

import (
	"net/http"
	"net/url"
	"strings"
)

// parseOffsetPaging reads page and per_page for the offset-only endpoints,
// ignoring cursor parameters.
func parseOffsetPaging(q url.Values) (paging, *apiError) {
	if _, ok := q["page[size]"]; !ok {
		if _, ok := q["page[after]"]; !ok {
			return parsePaging(q)
		}
	}
	q2 := url.Values{}
	for k, v := range q {
		if !strings.HasPrefix(k, "page[") {
			q2[k] = v
		}
	}
	return parsePaging(q2)
}

// sendSearchPage writes one offset page of hits under key; /search adds facets.
func (c *call) sendSearchPage(key string, p paging, hits []hit, write func(w *jw, h hit)) {
	w := c.jw()
	w.obj()
	w.key(key)
	w.arr()
	for k := (p.page - 1) * p.perPage; k < len(hits) && k < p.page*p.perPage; k++ {
		write(w, hits[k])
	}
	w.endArr()
	if key == "results" {
		w.kn("facets")
	}
	writeOffsetMeta(w, c, p, len(hits))
	w.endObj()
	c.send(http.StatusOK, w)
}

func (c *call) searchQuery() (query, bool) {
	raw := strings.TrimSpace(c.q.Get("query"))
	if raw == "" {
		c.fail(errParameter("query is required"))
		return query{}, false
	}
	return parseQuery(raw), true
}

func search(c *call) {
	p, e := parseOffsetPaging(c.q)
	if e != nil {
		c.fail(e)
		return
	}
	// Zendesk refuses any page that reaches past the first 1,000 results,
	// although its next_page links keep pointing there.
	if p.page*p.perPage > maxSearchResults {
		c.fail(errSearchLimit())
		return
	}
	q, ok := c.searchQuery()
	if !ok {
		return
	}
	st := c.st
	hits := runSearch(st, q)
	if by := c.q.Get("sort_by"); by != "" {
		sortHits(st, hits, by, c.q.Get("sort_order"))
	}
	c.sendSearchPage("results", p, hits, func(w *jw, h hit) {
		w.obj()
		var kind string
		switch h.typ {
		case typeTicket:
			st.ticketFields(w, c.api, h.idx)
			kind = "ticket"
		case typeUser:
			st.userFields(w, c.api, h.idx)
			kind = "user"
		case typeOrg:
			st.orgFields(w, c.api, h.idx)
			kind = "organization"
		case typeGroup:
			st.groupFields(w, c.api, h.idx)
			kind = "group"
		}
		w.ks("result_type", kind)
		w.endObj()
	})
}

func searchCount(c *call) {
	q, ok := c.searchQuery()
	if !ok {
		return
	}
	n := len(runSearch(c.st, q))
	w := c.jw()
	w.obj()
	w.ki("count", int64(n))
	w.endObj()
	c.send(http.StatusOK, w)
}
