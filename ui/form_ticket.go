package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

var (
	formPriorities = append([]string{""}, actions.Priorities...)
	formTypes      = append([]string{""}, actions.TicketTypes...)
	formStatuses   = append([]string{""}, actions.NewTicketStatuses...)
)

// newTicketForm is create-ticket's form: subject, body, priority, type, status, tags, group,
// assignee and the account's custom fields, added by name. The subject and body default to
// a description of the user and where the ticket was raised from; the operator edits them or
// sends them as they are. A tagger's or multiselect's value is picked from its options.
func newTicketForm(pc *programContext, owner compID, t actionTarget, fields []zendesk.TicketField) *entryForm {
	u := userRef{}
	if t.user != nil {
		u = *t.user
	}
	from := t.from
	if from == "" {
		from = "console"
	}
	by := pc.operator
	if by == "" {
		by = "an operator"
	}
	// The defaults are zdops's own text, made safe to edit (a name from Zendesk may hold
	// characters an input drops), not a Zendesk value to keep as it is.
	subject := truncate(sanitizeLine("Follow-up on "+u.label()), 150)
	body := sanitizeText(fmt.Sprintf("Raised by %s with zdops (create-ticket, from the %s view) about this user:\n\nName: %s\nEmail: %s\nZendesk id: %d\n",
		by, strings.ToLower(from), u.name, u.email, u.id))
	status := cycleField("status", "Status", formStatuses, "")
	status.options[0].label = "(Zendesk's default: new)"
	group := pickField("group", "Group", "Group for the ticket", nil, nil)
	group.load = loadGroups
	agent := pickField("assignee", "Assignee", "Agent to assign the ticket to", nil, nil)
	agent.load = loadAgents
	fls := []*formField{
		lineField(pc, "subject", "Subject", subject, "", 150),
		textField("body", "Body", body, "", 20000, 8),
		cycleField("priority", "Priority", formPriorities, ""),
		cycleField("type", "Type", formTypes, ""),
		status,
		lineField(pc, "tags", "Tags", "zdops", "space-separated tags", 500),
		group,
		agent,
	}
	if custom := customFieldOptions(fields); len(custom) > 0 {
		fls = append(fls, &formField{id: "add-custom", label: "Custom field", kind: fieldAdd, options: custom,
			listTitle: "add a custom field (chosen by name)"})
	}
	f := newEntryForm(pc, owner, "Create a ticket for "+t.label(), fls)
	f.note = "the user is the requester; the body is the first comment, private"
	f.read = readTicketForm
	f.onAdd = func(_ *entryForm, it choiceItem) *formField { return customTicketField(pc, it) }
	return f
}

// customFieldOptions lists the active custom ticket fields, in the form's order, for the
// add row; each option carries its field.
func customFieldOptions(fields []zendesk.TicketField) []choiceItem {
	var custom []zendesk.TicketField
	for _, f := range fields {
		if f.Custom() && f.Active {
			custom = append(custom, f)
		}
	}
	slices.SortFunc(custom, func(a, b zendesk.TicketField) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
	})
	out := make([]choiceItem, len(custom))
	for i, f := range custom {
		detail := f.Type
		if n := len(f.CustomFieldOptions); n > 0 {
			names := make([]string, 0, 4)
			for _, o := range f.CustomFieldOptions[:min(n, 4)] {
				names = append(names, sanitizeLine(o.Name))
			}
			detail += ": " + strings.Join(names, ", ")
			if n > 4 {
				detail += fmt.Sprintf(" and %d more", n-4)
			}
		}
		out[i] = choiceItem{label: sanitizeLine(f.Title), detail: detail, value: strconv.FormatInt(f.ID, 10), id: f.ID, meta: f}
	}
	return out
}

// customTicketField is the form field for a custom ticket field: its options to pick from
// (tagger, multiselect), yes or no (checkbox), several lines (textarea), or a line whose
// placeholder says what it takes.
func customTicketField(pc *programContext, it choiceItem) *formField {
	tf, ok := it.meta.(zendesk.TicketField)
	if !ok {
		return nil
	}
	id, label := "custom."+it.value, sanitizeLine(tf.Title)
	var fl *formField
	switch tf.Type {
	case "tagger", "multiselect":
		opts := optionItems(tf.CustomFieldOptions)
		if tf.Type == "multiselect" {
			fl = &formField{id: id, label: label, kind: fieldMulti, options: opts}
		} else {
			fl = pickField(id, label, "", append([]choiceItem{{label: "(none)", detail: "leave it empty"}}, opts...), nil)
		}
		fl.listTitle = label + ": pick from its options"
	case "checkbox":
		fl = checkboxField(id, label, "")
	case "textarea":
		fl = textField(id, label, "", "", 10000, 3)
	default:
		fl = lineField(pc, id, label, "", typePlaceholder(tf.Type), 2000)
	}
	fl.meta = tf
	return fl
}

// readTicketForm turns create-ticket's form into its parameters.
func readTicketForm(f *entryForm) (formResult, error) {
	p := actions.Params{}
	for _, fl := range f.fields {
		v := fl.value()
		switch fl.id {
		case "subject":
			p.Subject = v
		case "body":
			p.Body = v
		case "priority":
			p.Priority = v
		case "type":
			p.Type = v
		case "status":
			p.Status = v
		case "tags":
			p.Tags = splitWords(v)
		case "group":
			p.GroupID = fl.pickedID()
		case "assignee":
			p.AgentID = fl.pickedID()
		}
		if !strings.HasPrefix(fl.id, "custom.") {
			continue
		}
		val, err := customFieldValue(fl)
		if err != nil {
			return formResult{}, err
		}
		if val != nil {
			if p.CustomFields == nil {
				p.CustomFields = map[string]any{}
			}
			p.CustomFields[strings.TrimPrefix(fl.id, "custom.")] = val
		}
	}
	return formResult{action: actions.CreateTicket, params: p}, nil
}

// customFieldValue is a custom field's value as create-ticket takes it, or nil when it is empty.
func customFieldValue(fl *formField) (any, error) {
	tf, _ := fl.meta.(zendesk.TicketField)
	v := fl.value()
	if v == "" {
		return nil, nil
	}
	switch fl.kind {
	case fieldMulti:
		return fl.pickedValues(), nil
	case fieldCycle:
		return v == "true", nil
	case fieldPick:
		return v, nil
	}
	return typedValue(fl, tf.Type, v)
}
