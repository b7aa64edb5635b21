package sandbox

// updateTicket serves PUT /tickets/{id} with {"ticket":{...}}: the one-ticket
// update that tools without bulk support send for every ticket (subject,
// tags, custom_fields, type, priority, status, group_id, assignee_id,
// requester_id, additional_tags, remove_tags). It applies
// the change at once (no job) and answers 200 {"ticket":...}; a change
// Zendesk refuses (a closed ticket, an invalid value) answers 422
// RecordInvalid with the reason.
func updateTicket(c *wcall) {
	i, ok := c.pathTicket()
	if !ok {
		return
	}
	obj, ok := c.bodyObject("ticket")
	if !ok {
		return
	}
	if err := c.st.applyTicketChange(i, c.st.parseTicketChange(obj), c.unix()); err != nil {
		c.recordInvalid([]fieldError{{field: err.field, desc: err.details, code: "InvalidValue", key: err.key}})
		return
	}
	c.one("ticket", func(w *jw) { c.st.writeTicket(w, c.api, i) })
}
