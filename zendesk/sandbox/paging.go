package sandbox

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
)

const (
	maxPageSize      = 100    // page[size] and per_page
	maxOffsetRecords = 10_000 // offset pagination stops here (400 beyond)
)

// paging is a parsed request for one page. Zendesk switches to cursor
// pagination when page[size] (or a cursor) is present and uses offset
// pagination otherwise.
type paging struct {
	cursor     bool
	size       int
	after      int64
	before     int64
	hasAfter   bool
	hasBefore  bool
	page       int
	perPage    int
	perPageSet bool
}

var pagingKeys = []string{"page[size]", "page[after]", "page[before]", "page", "per_page"}

func parsePaging(q url.Values) (paging, *apiError) {
	p := paging{size: maxPageSize, page: 1, perPage: maxPageSize}
	if v, ok := q["page[size]"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 || n > maxPageSize {
			return p, errPagination("page[size] must be an integer between 1 and 100")
		}
		p.cursor, p.size = true, n
	}
	if v, ok := q["page[after]"]; ok {
		id, good := decodeCursor(v[0])
		if !good {
			return p, errPagination("page[after] is not valid")
		}
		p.cursor, p.after, p.hasAfter = true, id, true
	}
	if v, ok := q["page[before]"]; ok {
		id, good := decodeCursor(v[0])
		if !good {
			return p, errPagination("page[before] is not valid")
		}
		p.cursor, p.before, p.hasBefore = true, id, true
	}
	if p.hasAfter && p.hasBefore {
		return p, errPagination("page[after] and page[before] cannot be used together")
	}
	if p.cursor {
		return p, nil
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, errPagination("page must be an integer")
		}
		p.page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, errPagination("per_page must be a positive integer")
		}
		p.perPage, p.perPageSet = min(n, maxPageSize), true
	}
	if p.page > maxOffsetRecords/p.perPage {
		return p, errPagination("Offset pagination is limited to the first 10000 records; use cursor pagination (page[size]) to go further")
	}
	return p, nil
}

// A cursor is base64 of {"o":order,"v":base64('i' + little-endian int64)},
// the shape Zendesk's own cursors decode to. Clients must treat it as opaque.
func encodeCursor(order string, id int64) string {
	var v [9]byte
	v[0] = 'i'
	binary.LittleEndian.PutUint64(v[1:], uint64(id))
	inner := `{"o":"` + order + `","v":"` + base64.StdEncoding.EncodeToString(v[:]) + `"}`
	return base64.StdEncoding.EncodeToString([]byte(inner))
}

func decodeCursor(s string) (int64, bool) {
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return 0, false
	}
	var c struct {
		O string `json:"o"`
		V string `json:"v"`
	}
	if json.Unmarshal(raw, &c) != nil || c.O == "" {
		return 0, false
	}
	v, err := base64.StdEncoding.DecodeString(c.V)
	if err != nil || len(v) != 9 || v[0] != 'i' {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint64(v[1:])), true
}

// listing is an ordered collection as the pager sees it: n positions whose
// ids ascend, optionally filtered. Filtering happens while walking, so a
// cursor page costs about one page of work however large the collection.
type listing struct {
	n    int
	id   func(pos int) int64
	keep func(pos int) bool // nil keeps everything
}

func (l listing) kept(pos int) bool { return l.keep == nil || l.keep(pos) }

// cursorPage returns the positions of one cursor page and whether more
// records lie beyond it in the direction of travel.
func (l listing) cursorPage(p paging) (items []int, hasMore bool) {
	items = make([]int, 0, p.size)
	if p.hasBefore {
		end := sort.Search(l.n, func(i int) bool { return l.id(i) >= p.before })
		pos := end - 1
		for ; pos >= 0 && len(items) < p.size; pos-- {
			if l.kept(pos) {
				items = append(items, pos)
			}
		}
		for ; pos >= 0; pos-- {
			if l.kept(pos) {
				hasMore = true
				break
			}
		}
		for a, b := 0, len(items)-1; a < b; a, b = a+1, b-1 {
			items[a], items[b] = items[b], items[a]
		}
		return items, hasMore
	}
	pos := 0
	if p.hasAfter {
		pos = sort.Search(l.n, func(i int) bool { return l.id(i) > p.after })
	}
	for ; pos < l.n && len(items) < p.size; pos++ {
		if l.kept(pos) {
			items = append(items, pos)
		}
	}
	for ; pos < l.n; pos++ {
		if l.kept(pos) {
			hasMore = true
			break
		}
	}
	return items, hasMore
}

// offsetPage returns the positions of one offset page and the total count.
func (l listing) offsetPage(p paging) (items []int, count int) {
	skip := (p.page - 1) * p.perPage
	if l.keep == nil {
		for pos := skip; pos < l.n && len(items) < p.perPage; pos++ {
			items = append(items, pos)
		}
		return items, l.n
	}
	for pos := 0; pos < l.n; pos++ {
		if !l.keep(pos) {
			continue
		}
		if count >= skip && len(items) < p.perPage {
			items = append(items, pos)
		}
		count++
	}
	return items, count
}

// pageLink is the request's own URL with its filters kept and its paging
// parameters replaced, on the host the client used.
func pageLink(c *call, set ...string) string {
	q := url.Values{}
	for k, v := range c.q {
		q[k] = v
	}
	for _, k := range pagingKeys {
		delete(q, k)
	}
	for k := 0; k+1 < len(set); k += 2 {
		q.Set(set[k], set[k+1])
	}
	return c.origin + c.r.URL.Path + ".json?" + q.Encode()
}

// writeCursorMeta writes meta and links for a cursor page. Like Zendesk,
// links are present whenever the page has records, even when has_more is
// false; clients stop on has_more.
func writeCursorMeta(w *jw, c *call, p paging, order string, l listing, items []int, hasMore bool) {
	var after, before string
	if len(items) > 0 {
		before = encodeCursor(order, l.id(items[0]))
		after = encodeCursor(order, l.id(items[len(items)-1]))
	}
	size := strconv.Itoa(p.size)
	w.key("meta")
	w.obj()
	w.kb("has_more", hasMore)
	w.ksn("after_cursor", after)
	w.ksn("before_cursor", before)
	w.endObj()
	w.key("links")
	w.obj()
	if before != "" {
		w.ks("prev", pageLink(c, "page[before]", before, "page[size]", size))
		w.ks("next", pageLink(c, "page[after]", after, "page[size]", size))
	} else {
		w.kn("prev")
		w.kn("next")
	}
	w.endObj()
}

// writeOffsetMeta writes next_page, previous_page and count.
func writeOffsetMeta(w *jw, c *call, p paging, count int) {
	link := func(page int) string {
		if p.perPageSet {
			return pageLink(c, "page", strconv.Itoa(page), "per_page", strconv.Itoa(p.perPage))
		}
		return pageLink(c, "page", strconv.Itoa(page))
	}
	if p.page*p.perPage < count {
		w.ks("next_page", link(p.page+1))
	} else {
		w.kn("next_page")
	}
	if p.page > 1 {
		w.ks("previous_page", link(p.page-1))
	} else {
		w.kn("previous_page")
	}
	w.ki("count", int64(count))
}

// serveList answers a list endpoint in whichever pagination the request asked for.
func (c *call) serveList(key, order string, l listing, item func(w *jw, pos int)) {
	p, e := parsePaging(c.q)
	if e != nil {
		c.fail(e)
		return
	}
	w := c.jw()
	w.obj()
	w.key(key)
	w.arr()
	if p.cursor {
		items, hasMore := l.cursorPage(p)
		for _, pos := range items {
			item(w, pos)
		}
		w.endArr()
		writeCursorMeta(w, c, p, order, l, items, hasMore)
	} else {
		items, count := l.offsetPage(p)
		for _, pos := range items {
			item(w, pos)
		}
		w.endArr()
		writeOffsetMeta(w, c, p, count)
	}
	w.endObj()
	c.send(200, w)
}

// sliceListing lists a slice of record indexes already in id order.
func sliceListing(idx []int32, id func(i int32) int64) listing {
	return listing{n: len(idx), id: func(pos int) int64 { return id(idx[pos]) }}
}
