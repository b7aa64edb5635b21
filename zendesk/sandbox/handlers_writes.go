package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// handleJobWrite adapts a handler that creates a job: every answer, error
// or not, carries the in-flight jobs budget Zendesk documents,
// "zendesk-ratelimit-inflight-jobs: total=30; remaining=N; resets=60".
func (s *Server) handleJobWrite(h func(c *wcall)) http.HandlerFunc {
	return s.handleWrite(func(c *wcall) {
		c.setInflightHeader()
		h(c)
	})
}

func (c *wcall) setInflightHeader() {
	limit := c.s.opts.MaxJobs
	left := max(limit-len(c.st.openJobs()), 0)
	c.w.Header().Set("Zendesk-Ratelimit-Inflight-Jobs",
		"total="+strconv.Itoa(limit)+"; remaining="+strconv.Itoa(left)+"; resets=60")
}

// startJob queues a job unless the account already has MaxJobs queued or
// working. Zendesk documents the TooManyJobs error but not its status code;
// the sandbox answers 429 without Retry-After, so that a client does not
// take it for a rate limit that clears by waiting a fixed time: it clears
// when one of current_job_ids finishes.
func (c *wcall) startJob(kind jobKind, ids []int64, changes []*ticketChange) {
	open := c.st.openJobs()
	if len(open) >= c.s.opts.MaxJobs {
		w := c.jw()
		w.obj()
		w.ks("error", "TooManyJobs")
		w.ks("description", "Too many jobs are currently queued or running. Try again later.")
		w.key("current_job_ids")
		w.arr()
		for _, j := range open {
			w.str(j.id)
		}
		w.endArr()
		w.endObj()
		c.send(http.StatusTooManyRequests, w)
		return
	}
	j := c.s.addJob(kind, c.now, ids, changes)
	c.setInflightHeader()
	w := c.jw()
	w.obj()
	w.key("job_status")
	c.st.writeJob(w, c.api, j, c.now.UnixNano())
	w.endObj()
	c.send(http.StatusOK, w)
}

// updateManyTickets serves PUT /tickets/update_many in both of Zendesk's
// forms: ?ids=1,2,3 with {"ticket":{...}} (one change for all), or
// {"tickets":[{"id":1,...},...]} (a change per ticket). Each item is
// checked when the job reaches it; see applyTicketChange.
func updateManyTickets(c *wcall) {
	body, ok := c.bodyFields()
	if !ok {
		return
	}
	if c.q.Get("ids") != "" {
		ids, ok := c.ticketIDs()
		if !ok {
			return
		}
		obj, ok := decodeObject(body["ticket"])
		if !ok {
			c.fail(errParameter("Parameter ticket is required and must be an object"))
			return
		}
		ch := c.st.parseTicketChange(obj)
		changes := make([]*ticketChange, len(ids))
		for k := range changes {
			changes[k] = ch
		}
		c.startJob(jobUpdate, ids, changes)
		return
	}
	var list []json.RawMessage
	if raw, ok := body["tickets"]; !ok || json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		c.fail(errParameter("Parameter ids or tickets is required"))
		return
	}
	if len(list) > maxPageSize {
		// The recorded answer to an over-long body list names no parameter.
		c.fail(errTooManyValues(""))
		return
	}
	ids := make([]int64, len(list))
	changes := make([]*ticketChange, len(list))
	for k, raw := range list {
		obj, ok := decodeObject(raw)
		if !ok {
			c.fail(errParameter("Parameter tickets must be a list of objects"))
			return
		}
		if id, ok := rawInt(obj["id"]); ok {
			ids[k] = id // 0 or a missing id fails the item as TicketNotFound
		}
		changes[k] = c.st.parseTicketChange(obj)
	}
	c.startJob(jobUpdate, ids, changes)
}

// destroyManyTickets serves DELETE /tickets/destroy_many?ids=: a job that
// soft-deletes each ticket. A body, which some clients send, is ignored.
func destroyManyTickets(c *wcall) {
	if ids, ok := c.ticketIDs(); ok {
		c.startJob(jobDelete, ids, nil)
	}
}

// markManyTicketsAsSpam serves PUT /tickets/mark_many_as_spam?ids=: a job
// that deletes each ticket as spam and suspends its requester (markSpam).
func markManyTicketsAsSpam(c *wcall) {
	if ids, ok := c.ticketIDs(); ok {
		c.startJob(jobSpam, ids, nil)
	}
}
