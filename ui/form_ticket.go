package ui

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

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
	subject := truncate("Follow-up on "+u.label(), 150)
	body := fmt.Sprintf("Raised by %s with zdops (create-ticket, from the %s view) about this user:\n\nName: %s\nEmail: %s\nZendesk id: %d\n",
		by, strings.ToLower(from), u.name, u.email, u.id)
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
	f.subject, f.body = &fls[0].line, &fls[1].area
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
// (tagger, multiselect), yes or no (checkbox), or a line whose placeholder says what it takes.
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
		fl = cycleField(id, label, []string{"", "true", "false"}, "")
		fl.options[0].label, fl.options[1].label, fl.options[2].label = "(not set)", "yes", "no"
	default:
		fl = lineField(pc, id, label, "", typePlaceholder(tf.Type), 2000)
	}
	fl.meta = tf
	return fl
}

// optionItems lists a field's options: the name shown, the value (tag) sent.
func optionItems(opts []zendesk.FieldOption) []choiceItem {
	out := make([]choiceItem, len(opts))
	for i, o := range opts {
		out[i] = choiceItem{label: sanitizeLine(o.Name), detail: sanitizeLine(o.Value), value: o.Value}
	}
	return out
}

// typePlaceholder says what a typed custom field takes.
func typePlaceholder(typ string) string {
	switch typ {
	case "integer":
		return "a whole number"
	case "decimal":
		return "a number, such as 12.5"
	case "date":
		return "a date: YYYY-MM-DD"
	case "regexp":
		return "text matching the field's pattern"
	}
	return ""
}

var dateText = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// typedValue checks a typed custom field value against its type; the message names the
// field and what it takes.
func typedValue(fl *formField, typ, v string) (any, error) {
	switch typ {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return nil, fieldErr(fl, fmt.Sprintf("%q is not a whole number: type digits only, such as 12", clip(v, 30)))
		}
		return v, nil
	case "decimal":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return nil, fieldErr(fl, fmt.Sprintf("%q is not a number: type one such as 12.5", clip(v, 30)))
		}
		return v, nil
	case "date":
		if _, err := time.Parse("2006-01-02", v); err != nil || !dateText.MatchString(v) {
			return nil, fieldErr(fl, fmt.Sprintf("%q is not a date: type it as YYYY-MM-DD, such as 2026-01-31", clip(v, 30)))
		}
		return v, nil
	}
	return v, nil
}

// clip shortens a value quoted in a message.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
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
		vals := make([]string, len(fl.picked))
		for i, p := range fl.picked {
			vals[i] = p.value
		}
		return vals, nil
	case fieldCycle:
		return v == "true", nil
	case fieldPick:
		return v, nil
	}
	return typedValue(fl, tf.Type, v)
}
