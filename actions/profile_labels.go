package actions

import "fmt"

// stepsTarget names what a profile plan works on, for logs and lists: "Ada <ada@x>", "new
// user ada@x", "organization acme-1", "ticket #12"; with " (events.jsonl:12)" when the
// request came from an event file.
func (p *Plan) stepsTarget() string {
	r := p.Request
	var s string
	switch {
	case p.User != nil && p.User.Email != "":
		s = p.User.Name + " <" + p.User.Email + ">"
	case p.User != nil:
		s = fmt.Sprintf("%s (#%d)", p.User.Name, p.User.ID)
	case r.Params.Profile != nil:
		s = "new user " + firstOf(r.Params.Profile.Email, r.Params.Profile.ExternalID)
	case r.Params.OrgProfile != nil:
		o := r.Params.OrgProfile
		switch {
		case o.Name != "":
			s = "organization " + o.Name
		case o.ExternalID != "":
			s = "organization " + o.ExternalID
		default:
			s = fmt.Sprintf("organization #%d", o.ID)
		}
	case r.Params.Organization != nil:
		s = r.Params.Organization.String()
	case len(r.Target.TicketIDs) == 1:
		s = fmt.Sprintf("ticket #%d", r.Target.TicketIDs[0])
	case r.Params.Event != nil && r.Params.Event.User != nil:
		s = r.Params.Event.User.String()
	default:
		s = r.Target.String()
	}
	if r.Source != "" {
		s += " (" + r.Source + ")"
	}
	return s
}

// stepsTitle ends a profile plan's title: " Ada <ada@x>: 3 steps".
func (p *Plan) stepsTitle() string {
	return " " + p.stepsTarget() + ": " + plural(len(p.Steps), "step")
}
