package ui

import (
	"cmp"
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// The customer-record entry points: from a user's detail, e edits the profile, m manages
// the organization memberships, p picks the primary email, t tracks an event and n creates
// a ticket; from an organization's detail e edits it; N on the Users and Organizations tabs
// creates one. Each opens the action flow at the form or list that gives the action's
// parameters (the picker's customer-record actions lead to the same ones), after reading
// what the form shows (the user as Zendesk has it, the account's fields). From there the
// flow is the one every action takes: planning, the preview, the confirmation, the run.

// intent is the form or list the flow opens at.
type intent int

const (
	intentNone intent = iota
	intentEditUser
	intentNewUser
	intentMemberships
	intentPrimaryEmail
	intentTrackEvent
	intentNewTicket
	intentEditOrg
	intentNewOrg
)

// profileMsg asks the root to open the action flow at a customer-record form or list.
type profileMsg struct {
	target actionTarget
	intent intent
}

func profileCmd(t actionTarget, in intent) tea.Cmd {
	return func() tea.Msg { return profileMsg{target: t, intent: in} }
}

// intentFor is the form or list that gives a picked action its parameters.
func intentFor(id actions.ActionID) intent {
	switch id {
	case actions.CreateTicket:
		return intentNewTicket
	case actions.UpsertUser:
		return intentEditUser
	case actions.MakePrimaryEmail:
		return intentPrimaryEmail
	case actions.AddToOrganization, actions.RemoveFromOrganization:
		return intentMemberships
	case actions.TrackEvent:
		return intentTrackEvent
	}
	return intentNone
}

// profileWrites are the picker's customer-record actions, which read-only mode hides
// along with the keys that lead to them (n refuses a new ticket, so the picker does not
// offer one either).
var profileWrites = map[actions.ActionID]bool{
	actions.UpsertUser: true, actions.MakePrimaryEmail: true, actions.AddToOrganization: true,
	actions.RemoveFromOrganization: true, actions.TrackEvent: true, actions.CreateTicket: true,
}

// newProfileFlow opens the flow straight at a form or list; esc there closes it.
func newProfileFlow(pc *programContext, t actionTarget, in intent) (*actionFlow, tea.Cmd) {
	f := newFlow(pc, flowAction)
	f.target, f.direct = t, true
	return f, f.begin(in)
}

// formData is what a form or list shows, read from Zendesk before it opens.
type formData struct {
	seq          uint64
	user         *zendesk.User
	identities   []zendesk.Identity
	memberships  []zendesk.OrganizationMembership
	userFields   []zendesk.ProfileField
	org          *zendesk.Organization
	orgFields    []zendesk.ProfileField
	ticketFields []zendesk.TicketField
	note         string // what could not be read and is left out
}

func (f *actionFlow) setSpec(id actions.ActionID) {
	f.spec, _ = actions.Lookup(string(id))
	f.params = actions.Params{}
}

// begin opens the form or list of an intent, reading what it needs first.
func (f *actionFlow) begin(in intent) tea.Cmd {
	pc, t, client := f.pc, f.target, f.pc.client
	var uid, oid int64
	if t.user != nil {
		uid = t.user.id
	}
	if t.org != nil {
		oid = t.org.id
	}
	switch in {
	case intentTrackEvent:
		f.setSpec(actions.TrackEvent)
		f.openForm(newEventForm(pc, f.id, t))
		return nil
	case intentNewTicket:
		f.setSpec(actions.CreateTicket)
		return f.prepare("reading the account's ticket fields", func(ctx context.Context) (formData, error) {
			var d formData
			fields, err := pc.fields.get(ctx, client)
			if err != nil {
				// The ticket can still be made; only the custom fields are not offered.
				d.note = "custom fields left out: " + describeError(err)
			}
			for _, tf := range fields {
				d.ticketFields = append(d.ticketFields, tf)
			}
			slices.SortFunc(d.ticketFields, func(a, b zendesk.TicketField) int { return cmp.Compare(a.ID, b.ID) })
			return d, nil
		}, func(d formData) tea.Cmd {
			form := newTicketForm(pc, f.id, t, d.ticketFields)
			if d.note != "" {
				form.note = d.note
			}
			f.openForm(form)
			return nil
		})
	case intentEditUser, intentNewUser:
		f.setSpec(actions.UpsertUser)
		reading := "reading the account's user fields"
		if uid != 0 {
			reading = "reading " + t.label() + "'s profile and the account's user fields"
		}
		return f.prepare(reading, func(ctx context.Context) (formData, error) {
			var d formData
			if uid != 0 {
				u, err := client.Users.Get(ctx, uid)
				if err != nil {
					return d, err
				}
				d.user = &u
				if d.memberships, err = client.Users.OrganizationMemberships(uid).Collect(ctx); err != nil {
					return d, err
				}
			}
			var err error
			d.userFields, err = client.Users.Fields(ctx)
			return d, err
		}, func(d formData) tea.Cmd {
			f.openForm(newUserForm(pc, f.id, t, d))
			return nil
		})
	case intentEditOrg, intentNewOrg:
		f.setSpec(actions.UpsertOrganization)
		reading := "reading the account's organization fields"
		if oid != 0 {
			reading = "reading " + t.label() + " and the account's organization fields"
		}
		return f.prepare(reading, func(ctx context.Context) (formData, error) {
			var d formData
			if oid != 0 {
				o, err := client.Organizations.Get(ctx, oid)
				if err != nil {
					return d, err
				}
				d.org = &o
			}
			var err error
			d.orgFields, err = client.Organizations.Fields(ctx)
			return d, err
		}, func(d formData) tea.Cmd {
			f.openForm(newOrgForm(pc, f.id, d))
			return nil
		})
	case intentMemberships:
		f.setSpec(actions.RemoveFromOrganization)
		return f.prepare("reading "+t.label()+"'s organizations", func(ctx context.Context) (formData, error) {
			var d formData
			var err error
			d.memberships, err = client.Users.OrganizationMemberships(uid).Collect(ctx)
			return d, err
		}, func(d formData) tea.Cmd {
			f.membershipsList(d.memberships)
			return nil
		})
	case intentPrimaryEmail:
		f.setSpec(actions.MakePrimaryEmail)
		return f.prepare("reading "+t.label()+"'s identities", func(ctx context.Context) (formData, error) {
			var d formData
			var err error
			d.identities, err = client.Users.Identities(uid).Collect(ctx)
			return d, err
		}, func(d formData) tea.Cmd {
			f.emailsList(d.identities)
			return nil
		})
	}
	return nil
}

// prepare reads what a form or list needs, with the spinner going; build opens it. esc
// stops the read.
func (f *actionFlow) prepare(reading string, read func(ctx context.Context) (formData, error), build func(formData) tea.Cmd) tea.Cmd {
	if f.stopPlan != nil {
		f.stopPlan()
	}
	ctx, cancel := context.WithCancel(f.pc.base)
	f.stopPlan = cancel
	f.prepSeq = f.pc.nextSeq()
	f.stage, f.reading, f.build = stageLoading, reading, build
	f.pc.requests++
	seq, to := f.prepSeq, f.id
	return tea.Batch(func() tea.Msg {
		d, err := read(ctx)
		d.seq = seq
		return loadedMsg[formData]{to: to, v: d, err: err}
	}, f.spin.Tick)
}

// stopReading stops the read or the planning in flight (esc while the spinner turns): the
// request is cancelled, and its answer, should it still come, is dropped.
func (f *actionFlow) stopReading(note string) {
	if f.stopPlan != nil {
		f.stopPlan()
		f.stopPlan = nil
	}
	f.prepSeq, f.planSeq = 0, 0
	f.pc.note(f.id, note)
}

// prepared takes what prepare read.
func (f *actionFlow) prepared(msg loadedMsg[formData]) tea.Cmd {
	if msg.v.seq != f.prepSeq || f.stage != stageLoading {
		return nil // stopped, or superseded
	}
	f.stopPlan = nil
	if msg.err != nil {
		f.pc.fail(f.id, f.reading, msg.err)
		f.leave()
		return nil
	}
	f.pc.recovered(f.id)
	return f.build(msg.v)
}

// openForm shows a form; esc from it goes back to where the flow was (a list, the picker)
// or, opened by a key, closes the flow.
func (f *actionFlow) openForm(form *entryForm) {
	f.formBack = stagePick
	if f.stage == stageChoose && f.choice != nil {
		f.formBack = stageChoose
	}
	f.form = form
	form.setSize(f.width, f.height)
	f.stage = stageForm
}

// leave goes back one step from a form, a list or a read: to the list before, the picker,
// or out of a flow a key opened.
func (f *actionFlow) leave() {
	switch {
	case f.stage == stageForm && f.formBack == stageChoose && f.choice != nil:
		f.stage, f.form = stageChoose, nil
	case f.stage == stageChoose && len(f.choiceStack) > 0:
		top := f.choiceStack[len(f.choiceStack)-1]
		f.choiceStack = f.choiceStack[:len(f.choiceStack)-1]
		f.choice, f.onChoose = top.list, top.chosen
	case f.direct:
		f.close()
	default:
		f.stage, f.form, f.choice, f.onChoose, f.choiceStack = stagePick, nil, nil, nil, nil
	}
}

// chooser is a list of the flow and what choosing from it does.
type chooser struct {
	list   *choiceList
	chosen func(it choiceItem) tea.Cmd
}

// choose shows a list; the one showing before is kept for esc.
func (f *actionFlow) choose(c *choiceList, chosen func(it choiceItem) tea.Cmd) {
	if f.stage == stageChoose && f.choice != nil {
		f.choiceStack = append(f.choiceStack, chooser{f.choice, f.onChoose})
	}
	f.choice, f.onChoose = c, chosen
	c.setSize(f.width, f.height)
	f.stage = stageChoose
}

// membershipsList shows the user's organizations: enter on one plans removing the user
// from it; the first entry picks an organization to add the user to.
func (f *actionFlow) membershipsList(ms []zendesk.OrganizationMembership) {
	items := []choiceItem{{label: "+ Add to an organization…", detail: "pick one of the account's organizations", value: "add"}}
	for _, m := range ms {
		name := sanitizeLine(m.OrganizationName)
		if name == "" {
			name = "organization #" + idText(m.OrganizationID)
		}
		detail := "remove the user from it (Zendesk unassigns it from the user's open tickets)"
		if m.Default {
			detail = "default · " + detail
		}
		items = append(items, choiceItem{label: name, detail: detail, value: "remove", id: m.OrganizationID})
	}
	c := newChoiceList(f.pc.styles, "Organizations of "+f.target.label(), items)
	c.note = "member of " + countNoun(len(ms), "organization") + " · enter: add or remove · nothing is written before the preview"
	f.choose(c, func(it choiceItem) tea.Cmd {
		if it.value == "add" {
			return f.addOrganizationList()
		}
		f.setSpec(actions.RemoveFromOrganization)
		f.params.Organization = &actions.OrgRef{ID: it.id}
		return f.planAction(stageChoose)
	})
}

// addOrganizationList picks an organization to add the user to.
func (f *actionFlow) addOrganizationList() tea.Cmd {
	c := newFilterList(f.pc.styles, "Organization to add "+f.target.label()+" to", "type a name, a domain or an external id")
	c.seq = f.pc.nextSeq()
	f.choose(c, func(it choiceItem) tea.Cmd {
		f.setSpec(actions.AddToOrganization)
		f.params.Organization = &actions.OrgRef{ID: it.id}
		return f.planAction(stageChoose)
	})
	return loadOrganizations(f.pc, f.id, c.seq)
}

// emailsList shows the user's email identities: enter on one plans making it primary; the
// first entry adds an email.
func (f *actionFlow) emailsList(idents []zendesk.Identity) {
	items := []choiceItem{{label: "+ Add an email…", detail: "as the primary email or a secondary one", value: "add"}}
	emails := 0
	for _, id := range idents {
		if id.Type != "email" {
			continue
		}
		emails++
		var flags []string
		if id.Primary {
			flags = append(flags, "primary now")
		}
		if id.Verified {
			flags = append(flags, "verified")
		} else {
			flags = append(flags, "not verified")
		}
		items = append(items, choiceItem{label: sanitizeLine(id.Value), detail: joinShort(flags, " · "), value: id.Value, id: id.ID})
	}
	c := newChoiceList(f.pc.styles, "Primary email of "+f.target.label(), items)
	c.note = countNoun(emails, "email") + " · enter on one makes it the primary email (PUT …/make_primary); the old one stays as a secondary"
	f.choose(c, func(it choiceItem) tea.Cmd {
		if it.value == "add" {
			f.openForm(newEmailForm(f.pc, f.id, f.target, idents))
			return nil
		}
		f.setSpec(actions.MakePrimaryEmail)
		f.params.Email = it.value
		return f.planAction(stageChoose)
	})
}

// formSubmitted plans what a form asks for.
func (f *actionFlow) formSubmitted() tea.Cmd {
	r, err := f.form.submit()
	if err != nil {
		f.pc.fail(f.id, "check the form", err)
		return nil
	}
	f.setSpec(r.action)
	f.params = r.params
	return f.planAction(stageForm)
}

// previewHeading is the preview's heading for the plan of what the form asked for, and a
// warning line for above it. A form for a new record says what it creates; when Zendesk
// matched a record it has (the email or external ID of an existing user, the external ID
// of an existing organization), the plan updates that one instead, and the preview says so
// rather than promise a creation: "Update existing user", with what does not apply.
func (f *entryForm) previewHeading(plan *actions.Plan) (heading, warning string) {
	if f.creates == "" || slices.ContainsFunc(plan.Steps, func(s actions.Step) bool { return s.Creates }) {
		return f.title, ""
	}
	warning = "an existing " + f.creates + " matches: it is updated, nothing is created"
	if f.field("verified") != nil {
		warning = "an existing user matches: it is updated · Verified and Verify email do not apply"
	}
	return "Update existing " + f.creates, warning
}

// listDebounced runs the search a capped list's filter waited for (remoteSearch), on the
// list that has the keys: a form field's, or the flow's.
func (f *actionFlow) listDebounced(msg debounceMsg) tea.Cmd {
	c := f.choice
	if f.stage == stageForm && f.form != nil {
		c = f.form.sub
	}
	if c == nil {
		return nil
	}
	return c.debounced(msg.seq)
}
