package sandbox

import (
	"net/http"
	"slices"
)

// showJobStatus serves GET /job_statuses/{id}.
func showJobStatus(c *wcall) {
	j, ok := c.st.mut.jobByID[c.pathID("id")]
	if !ok {
		c.fail(errRecordNotFound())
		return
	}
	c.one("job_status", func(w *jw) { c.st.writeJob(w, c.api, j, c.now.UnixNano()) })
}

// showManyJobStatuses serves GET /job_statuses/show_many?ids=a,b in the
// order asked; unknown (or expired) ids are left out.
func showManyJobStatuses(c *wcall) {
	ids, ok := c.manyValues("ids")
	if !ok {
		return
	}
	w := c.jw()
	w.obj()
	w.key("job_statuses")
	w.arr()
	var seen []string
	for _, id := range ids {
		if j, found := c.st.mut.jobByID[id]; found && !slices.Contains(seen, id) {
			seen = append(seen, id)
			c.st.writeJob(w, c.api, j, c.now.UnixNano())
		}
	}
	w.endArr()
	w.endObj()
	c.send(http.StatusOK, w)
}

// jobOrder names the order of job-status cursors.
const jobOrder = "-created_at"

// listJobStatuses serves GET /job_statuses, newest first, with cursor
// pagination only (as the reference says): a request without page[size]
// gets a first cursor page of 100.
func listJobStatuses(c *wcall) {
	p, e := parsePaging(c.q)
	if e != nil {
		c.fail(e)
		return
	}
	if !p.cursor {
		p = paging{cursor: true, size: maxPageSize}
	}
	jobs := c.st.mut.jobs
	n := len(jobs)
	// Positions run newest first; the listing's ascending ids are the
	// negated creation sequence numbers.
	l := listing{n: n, id: func(pos int) int64 { return -int64(jobs[n-1-pos].seq) }}
	items, hasMore := l.cursorPage(p)
	w := c.jw()
	w.obj()
	w.key("job_statuses")
	w.arr()
	for _, pos := range items {
		c.st.writeJob(w, c.api, jobs[n-1-pos], c.now.UnixNano())
	}
	w.endArr()
	writeCursorMeta(w, c.call, p, jobOrder, l, items, hasMore)
	w.endObj()
	c.send(http.StatusOK, w)
}
