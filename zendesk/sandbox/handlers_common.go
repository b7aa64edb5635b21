package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// lookupPath resolves the {id} path value through an id index. A missing
// record and a non-numeric id both answer 404 RecordNotFound, as Zendesk
// does (it looks the id up either way).
func (c *call) lookupPath(index map[int64]int32) (int32, bool) {
	id, err := strconv.ParseInt(c.pathID("id"), 10, 64)
	if err == nil {
		if i, ok := index[id]; ok {
			return i, true
		}
	}
	c.fail(errRecordNotFound())
	return 0, false
}

func (c *call) pathTicket() (int32, bool) {
	id, err := strconv.ParseInt(c.pathID("id"), 10, 64)
	if err == nil {
		if i, ok := c.st.ticketByID(id); ok {
			return i, true
		}
	}
	c.fail(errRecordNotFound())
	return 0, false
}

// manyValues reads a comma-separated show_many parameter (ids or
// external_ids), refusing more than 100 values as Zendesk does.
func (c *call) manyValues(param string) ([]string, bool) {
	raw := c.q.Get(param)
	if raw == "" {
		return nil, true
	}
	var vals []string
	for _, v := range strings.Split(raw, ",") {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	if len(vals) > maxPageSize {
		c.fail(errTooManyValues(param))
		return nil, false
	}
	return vals, true
}

// resolveMany turns ids= or external_ids= into record indexes, in id order
// and without duplicates; unknown values are skipped, as Zendesk does.
func (c *call) resolveMany(byID map[int64]int32, byExt map[string]int32) ([]int32, bool) {
	ids, ok := c.manyValues("ids")
	if !ok {
		return nil, false
	}
	var out []int32
	for _, v := range ids {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			if i, found := byID[id]; found {
				out = append(out, i)
			}
		}
	}
	if byExt != nil && len(ids) == 0 {
		exts, ok := c.manyValues("external_ids")
		if !ok {
			return nil, false
		}
		for _, v := range exts {
			if i, found := byExt[strings.ToLower(v)]; found {
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), true
}

// sendMany writes the offset envelope that show_many and the exact-match
// searches answer with: every record, next_page null.
func (c *call) sendMany(key string, idx []int32, write func(w *jw, i int32)) {
	w := c.jw()
	w.obj()
	w.key(key)
	w.arr()
	for _, i := range idx {
		write(w, i)
	}
	w.endArr()
	w.kn("next_page")
	w.kn("previous_page")
	w.ki("count", int64(len(idx)))
	w.endObj()
	c.send(http.StatusOK, w)
}

// sendCount writes Zendesk's approximate-count object. refreshed_at is the
// seed epoch so that responses stay deterministic.
func (c *call) sendCount(n int) {
	w := c.jw()
	w.obj()
	w.key("count")
	w.obj()
	w.ki("value", int64(n))
	w.kt("refreshed_at", epoch)
	w.endObj()
	w.endObj()
	c.send(http.StatusOK, w)
}

// countKept counts what a listing keeps.
func countKept(l listing) int {
	if l.keep == nil {
		return l.n
	}
	n := 0
	for pos := 0; pos < l.n; pos++ {
		if l.keep(pos) {
			n++
		}
	}
	return n
}
