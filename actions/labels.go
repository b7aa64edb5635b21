package actions

// ActionLabel names what a plan does in a few words, for logs and lists:
// "set-priority urgent", "assign-group", "undo set-priority".
func (p *Plan) ActionLabel() string {
	if p == nil {
		return ""
	}
	a := string(p.Request.Action)
	switch {
	case p.UndoOf != "":
		return "undo " + a
	case p.Request.Action == SetPriority:
		return a + " " + p.Request.Params.Priority
	case p.Request.Action == SetStatus:
		return a + " " + p.Request.Params.Status
	}
	return a
}

// TargetLabel names what a plan works on: "Ada Lovelace <ada@example.com>", "12 tickets
// of Ada Lovelace", "3 selected users". It holds Zendesk's text as is; a caller printing it
// on a terminal makes it safe first.
func (p *Plan) TargetLabel() string {
	if p == nil {
		return ""
	}
	t := p.Request.Target
	if p.Write == WriteSteps {
		return p.stepsTarget()
	}
	switch {
	case p.User != nil && len(t.TicketIDs) > 0:
		return plural(len(t.TicketIDs), "ticket") + " of " + p.User.Name
	case p.User != nil && p.User.Email != "":
		return p.User.Name + " <" + p.User.Email + ">"
	case p.User != nil:
		return p.User.Name
	case len(t.TicketIDs) > 0:
		return plural(len(t.TicketIDs), "selected ticket")
	case len(t.UserIDs) > 0:
		return plural(len(t.UserIDs), "selected user")
	case p.UndoOf != "":
		return plural(len(p.Changes)+len(p.UserChanges), "item")
	case p.Request.Params.Requester != nil:
		return "new requester " + p.Request.Params.Requester.Email
	}
	return t.String()
}
