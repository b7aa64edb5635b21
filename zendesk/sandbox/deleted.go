package sandbox

import (
	"net/http"
	"slices"
	"strconv"
)

// deletedRetention is how long a soft-deleted ticket stays listed and
// restorable; after that Zendesk scrubs it.
const deletedRetention = 30 * day

// deletion records how a ticket was soft-deleted.
type deletion struct {
	at     int64 // Unix second
	actor  int32 // user index
	prev   ticketStatus
	spam   bool
	purged bool // past the retention: gone for good
}

// deleteTicket soft-deletes a live ticket: it leaves every list, show and
// search, and appears in /deleted_tickets.
func (st *store) deleteTicket(i, actor int32, at int64, spam bool) {
	t := &st.tickets[i]
	st.unindexTicket(i)
	t.deleted = true
	st.mut.nDeleted++
	if st.mut.deletions == nil {
		st.mut.deletions = map[int32]*deletion{}
	}
	st.mut.deletions[i] = &deletion{at: at, actor: actor, prev: t.status, spam: spam}
	st.mut.deletedList = insertSorted(st.mut.deletedList, i)
}

// restorable reports whether a ticket id names a deleted ticket that can
// still be restored.
func (st *store) restorable(id int64) (int32, bool) {
	if id < 1 || id > int64(len(st.tickets)) {
		return 0, false
	}
	i := int32(id - 1)
	d := st.mut.deletions[i]
	return i, st.tickets[i].deleted && d != nil && !d.purged
}

// restoreTicket brings a deleted ticket back where it was, with updated_at
// bumped (as the recorded restore shows).
func (st *store) restoreTicket(i int32, at int64) {
	t := &st.tickets[i]
	t.deleted = false
	t.updatedAt = max(t.updatedAt, at)
	st.mut.nDeleted--
	delete(st.mut.deletions, i)
	st.mut.deletedList = removeSorted(st.mut.deletedList, i)
	st.indexTicket(i)
}

// purgeDeleted scrubs deleted tickets past the retention and returns the
// Unix second at which the next one falls due (0 for none).
func (st *store) purgeDeleted(now int64) int64 {
	var next int64
	st.mut.deletedList = slices.DeleteFunc(st.mut.deletedList, func(i int32) bool {
		d := st.mut.deletions[i]
		if d.at+deletedRetention <= now {
			d.purged = true
			return true
		}
		if next == 0 || d.at+deletedRetention < next {
			next = d.at + deletedRetention
		}
		return false
	})
	return next
}

// listDeletedTickets serves GET /deleted_tickets, oldest ticket first, with
// cursor or offset pagination like the other lists.
func listDeletedTickets(c *call) {
	st := c.st
	tix := st.mut.deletedList
	l := sliceListing(tix, ticketID)
	c.serveList("deleted_tickets", ticketOrder, l, func(w *jw, pos int) { st.writeDeletedTicket(w, tix[pos]) })
}

// writeDeletedTicket writes the fields the Zendesk reference lists for a
// deleted ticket, plus the description its clients read.
func (st *store) writeDeletedTicket(w *jw, i int32) {
	t := &st.tickets[i]
	d := st.mut.deletions[i]
	w.obj()
	w.ki("id", ticketID(i))
	w.ks("subject", t.subject)
	w.key("description")
	w.sep()
	w.b = append(w.b, '"')
	w.b = st.description(i).appendEscaped(w.b)
	w.b = append(w.b, '"')
	w.key("actor")
	w.obj()
	w.ki("id", st.users[d.actor].id)
	w.ks("name", st.users[d.actor].name)
	w.endObj()
	w.ks("previous_state", statusNames[d.prev])
	w.kt("deleted_at", d.at)
	w.endObj()
}

// restoreDeletedTicket serves PUT /deleted_tickets/{id}/restore: 200 with
// "{}" as recorded, 404 for a ticket that is not restorable.
func restoreDeletedTicket(c *wcall) {
	id, err := strconv.ParseInt(c.pathID("id"), 10, 64)
	i, ok := c.st.restorable(id)
	if err != nil || !ok {
		c.fail(errRecordNotFound())
		return
	}
	c.st.restoreTicket(i, c.unix())
	c.s.reschedule()
	w := c.jw()
	w.obj()
	w.endObj()
	c.send(http.StatusOK, w)
}

// restoreManyDeletedTickets serves PUT /deleted_tickets/restore_many?ids=:
// it restores what it can and answers 200 with an empty body (the spec's
// "Empty response"), or 404 when none of the ids is restorable.
func restoreManyDeletedTickets(c *wcall) {
	ids, ok := c.ticketIDs()
	if !ok {
		return
	}
	var restore []int32
	for _, id := range ids {
		if i, ok := c.st.restorable(id); ok {
			restore = append(restore, i)
		}
	}
	if len(restore) == 0 {
		c.fail(errRecordNotFound())
		return
	}
	for _, i := range restore {
		c.st.restoreTicket(i, c.unix())
	}
	c.s.reschedule()
	h := c.w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", "0")
	c.w.WriteHeader(http.StatusOK)
}

// ticketIDs reads the ids= parameter of a bulk call: at most 100 integers
// (TooManyValues beyond), duplicates dropped, order kept.
func (c *wcall) ticketIDs() ([]int64, bool) {
	vals, ok := c.manyValues("ids")
	if !ok {
		return nil, false
	}
	if len(vals) == 0 {
		c.fail(errParameter("Parameter ids is required"))
		return nil, false
	}
	var ids []int64
	for _, v := range vals {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			c.fail(errParameter("Parameter ids must be a comma-separated list of ids"))
			return nil, false
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, true
}
