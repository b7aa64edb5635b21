package sandbox

// listTicketFields answers every field at once unless the client asks for
// cursor pages: Zendesk does the same, since accounts have few fields.
func listTicketFields(c *call) {
	st := c.st
	write := func(w *jw, pos int) { st.writeTicketField(w, c.api, int32(pos)) }
	if _, cursor := c.q["page[size]"]; cursor {
		l := listing{n: len(st.fields), id: func(pos int) int64 { return st.fields[pos].id }}
		c.serveList("ticket_fields", "id", l, write)
		return
	}
	w := c.jw()
	w.obj()
	w.key("ticket_fields")
	w.arr()
	for pos := range st.fields {
		write(w, pos)
	}
	w.endArr()
	w.endObj()
	c.send(200, w)
}

func showTicketField(c *call) {
	if i, ok := c.lookupPath(c.st.fieldByID); ok {
		c.one("ticket_field", func(w *jw) { c.st.writeTicketField(w, c.api, i) })
	}
}
