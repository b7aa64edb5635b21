package sandbox

import (
	"slices"
	"strconv"
)

// Cursors on ticket lists name their order "nice_id", as Zendesk's do.
const ticketOrder = "nice_id"

func listTickets(c *call) {
	st := c.st
	l := listing{n: len(st.tickets), id: func(pos int) int64 { return ticketID(int32(pos)) }}
	if st.mut.nDeleted > 0 {
		l.keep = func(pos int) bool { return !st.tickets[pos].deleted }
	}
	c.serveList("tickets", ticketOrder, l, func(w *jw, pos int) { st.writeTicket(w, c.api, int32(pos)) })
}

// listTicketsOf lists tickets given as indexes in id order.
func (c *call) listTicketsOf(tix []int32) {
	st := c.st
	l := sliceListing(tix, ticketID)
	c.serveList("tickets", ticketOrder, l, func(w *jw, pos int) { st.writeTicket(w, c.api, tix[pos]) })
}

func countTickets(c *call) { c.sendCount(len(c.st.tickets) - c.st.mut.nDeleted) }

func showTicket(c *call) {
	if i, ok := c.pathTicket(); ok {
		c.one("ticket", func(w *jw) { c.st.writeTicket(w, c.api, i) })
	}
}

func showManyTickets(c *call) {
	ids, ok := c.manyValues("ids")
	if !ok {
		return
	}
	var idx []int32
	seen := map[int32]bool{}
	for _, v := range ids {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		if i, found := c.st.ticketByID(id); found && !seen[i] {
			seen[i] = true
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	c.sendMany("tickets", idx, func(w *jw, i int32) { c.st.writeTicket(w, c.api, i) })
}
