package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ticketChange is one ticket object of an update_many body, parsed but not
// yet applied: a bulk job applies it item by item, so every check against
// the ticket's current state happens when the item runs, as in Zendesk.
type ticketChange struct {
	status, priority, ttype    optString
	subject                    optString
	assignee, group, requester optID
	tags                       []string // replacement; nil when not sent
	setTags                    bool
	addTags, removeTags        []string
	fields                     []fieldChange
	invalid                    string // a value of the wrong type; the item fails with it
	invalidField               int64  // the custom field invalid is about (its field_key), or 0
}

type optString struct {
	set, null bool
	v         string
}

// readOptString reads obj[key] into dst: absent leaves it unset, JSON null clears it, a
// string sets it (trimmed). With numbers, a JSON number is taken as its decimal text, as
// Zendesk takes an external_id sent as a number. It reports false for any other type.
func readOptString(obj map[string]json.RawMessage, key string, dst *optString, numbers bool) bool {
	raw, ok := obj[key]
	if !ok {
		return true
	}
	dst.set = true
	if isNull(raw) {
		dst.null = true
		return true
	}
	if v, ok := rawString(raw); ok {
		dst.v = strings.TrimSpace(v)
		return true
	}
	if n, ok := rawNumber(raw); ok && numbers {
		dst.v = n
		return true
	}
	return false
}

type optID struct {
	set, null bool
	v         int64
}

// fieldChange is one custom field value, already checked against the field.
type fieldChange struct {
	field    int // index in store.fields
	null     bool
	area     uint8 // tagger option + 1
	features uint8 // multiselect bitmask
	on       bool  // checkbox
	text     string
	units    int32
}

// parseTicketChange reads a ticket object. Unknown keys are ignored, as
// Zendesk ignores them.
func (st *store) parseTicketChange(obj map[string]json.RawMessage) *ticketChange {
	ch := &ticketChange{}
	bad := func(format string, a ...any) {
		if ch.invalid == "" {
			ch.invalid = fmt.Sprintf(format, a...)
		}
	}
	str := func(key, label string, dst *optString) {
		if !readOptString(obj, key, dst, false) {
			bad("%s: is not a string", label)
		}
	}
	id := func(key, label string, dst *optID) {
		raw, ok := obj[key]
		if !ok {
			return
		}
		dst.set = true
		if isNull(raw) {
			dst.null = true
			return
		}
		v, ok := rawInt(raw)
		if !ok {
			bad("%s: is not a number", label)
		}
		dst.v = v
	}
	tags := func(key string) []string {
		raw, ok := obj[key]
		if !ok {
			return nil
		}
		v, ok := rawStrings(raw)
		if !ok {
			bad("Tags: must be a list of strings")
		}
		return normalizeTags(v)
	}
	str("status", "Status", &ch.status)
	str("priority", "Priority", &ch.priority)
	str("type", "Type", &ch.ttype)
	str("subject", "Subject", &ch.subject)
	id("assignee_id", "Assignee", &ch.assignee)
	id("group_id", "Group", &ch.group)
	id("requester_id", "Requester", &ch.requester)
	if _, ok := obj["tags"]; ok {
		ch.tags, ch.setTags = tags("tags"), true
	}
	ch.addTags = tags("additional_tags")
	ch.removeTags = tags("remove_tags")
	if raw, ok := obj["custom_fields"]; ok && !isNull(raw) {
		fields, err, field := st.parseCustomFields(raw)
		if err != "" && ch.invalid == "" {
			ch.invalid, ch.invalidField = err, field
		}
		ch.fields = fields
	}
	return ch
}

// parseCustomFields reads [{"id":..,"value":..}]. An id that names no
// custom ticket field, and a value the field cannot take, are errors: the
// text names the field, and field is its id (for field_key). A tagger takes
// one of its option values, a multiselect a list of them, a checkbox true
// or false; null clears any field.
func (st *store) parseCustomFields(raw json.RawMessage) (out []fieldChange, problem string, field int64) {
	var list []struct {
		ID    json.RawMessage `json:"id"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, "Custom fields: must be a list of {id, value}", 0
	}
	for _, e := range list {
		id, ok := rawInt(e.ID)
		if !ok {
			return nil, fmt.Sprintf("Custom fields: id %s is not a number", strings.TrimSpace(string(e.ID))), 0
		}
		k, ok := st.fieldByID[id]
		if !ok || k < fieldArea || k > fieldUnits {
			return nil, fmt.Sprintf("Custom fields: %d is not a custom ticket field of this account (GET /api/v2/ticket_fields lists them)", id), id
		}
		f := &st.fields[k]
		fc := fieldChange{field: int(k), null: len(e.Value) == 0 || isNull(e.Value)}
		invalid := fmt.Sprintf("%s: %s is not a valid value", f.title, strings.TrimSpace(string(e.Value)))
		if !fc.null {
			switch k {
			case fieldArea:
				v, _ := rawString(e.Value)
				i := slices.IndexFunc(productAreas, func(a struct{ name, value string }) bool { return a.value == v })
				if i < 0 {
					return nil, invalid + " (use one of the field's option values)", id
				}
				fc.area = uint8(i + 1)
			case fieldFeatures:
				var vals []string
				if json.Unmarshal(e.Value, &vals) != nil {
					return nil, invalid + " (a multiselect takes a list of option values)", id
				}
				for _, v := range vals {
					i := slices.IndexFunc(features, func(o struct{ name, value string }) bool { return o.value == v })
					if i < 0 {
						return nil, fmt.Sprintf("%s: %q is not a valid value (use the field's option values)", f.title, v), id
					}
					fc.features |= 1 << i
				}
			case fieldEscalated:
				if json.Unmarshal(e.Value, &fc.on) != nil {
					return nil, invalid + " (a checkbox takes true or false)", id
				}
			case fieldOrder:
				if s, ok := rawString(e.Value); ok {
					fc.text = s
				} else if n, ok := rawInt(e.Value); ok {
					fc.text = strconv.FormatInt(n, 10)
				} else {
					return nil, invalid, id
				}
				fc.null = fc.text == ""
			case fieldUnits:
				n, ok := rawInt(e.Value)
				if !ok {
					if s, isStr := rawString(e.Value); isStr && s == "" {
						fc.null = true
						break
					}
					return nil, invalid, id
				}
				if n < 0 || n > 1<<31-1 {
					return nil, invalid, id
				}
				fc.units = int32(n)
			}
		}
		out = append(out, fc)
	}
	return out, "", 0
}

// Per-item failures of bulk ticket jobs. The recordings show the shape of a
// failed item ({"index","error","id","details"}, for organizations) but not
// the codes for tickets; these follow the recorded "OrganizationUpdateFailed"
// naming (<Record><What>Failed, and <Record>NotFound for an id that names no
// live ticket) and Zendesk's "<Field>: <message>" details.
const (
	errTicketNotFound     = "TicketNotFound"
	errTicketUpdateFailed = "TicketUpdateFailed"
	detailTicketNotFound  = "Ticket not found"
	detailClosed          = "Status: closed prevents ticket update"
)

// itemError is why one item of a job (or one ticket of a create) failed.
type itemError struct {
	field   string // for RecordInvalid details
	details string
	key     int64 // the custom field's id when a custom field's value failed (field_key)
}

// applyTicketChange applies a change to a live ticket at Unix second at,
// or reports why it cannot, changing nothing then.
func (st *store) applyTicketChange(i int32, ch *ticketChange, at int64) *itemError {
	cur := &st.tickets[i]
	if cur.status == statusClosed {
		return &itemError{field: "status", details: detailClosed}
	}
	if ch.invalid != "" {
		return &itemError{field: "base", details: ch.invalid, key: ch.invalidField}
	}
	t := *cur
	if errs := st.changeTicket(&t, ch, false); len(errs) > 0 {
		return &errs[0]
	}
	tags := st.tagSets[t.tags]
	if ch.setTags || len(ch.addTags) > 0 || len(ch.removeTags) > 0 || len(ch.fields) > 0 {
		next := slices.Clone(tags)
		if ch.setTags {
			next = slices.Clone(ch.tags)
		}
		next = append(next, ch.addTags...)
		next = slices.DeleteFunc(next, func(s string) bool { return slices.Contains(ch.removeTags, s) })
		next = st.applyFields(&t, i, ch.fields, next)
		t.tags = st.internTagList(normalizeTags(next))
	}
	t.updatedAt = max(at, t.createdAt)
	st.reassign(i, cur.assignee, t.assignee)
	st.moveRequester(i, cur, &t)
	*cur = t
	return nil
}

// moveRequester files a live ticket under its new requester (from cur to
// next) and, as Zendesk does, gives it the new requester's default
// organization.
func (st *store) moveRequester(i int32, cur, next *ticket) {
	if cur.requester == next.requester {
		return
	}
	st.requested[cur.requester] = removeSorted(st.requested[cur.requester], i)
	st.requested[next.requester] = insertSorted(st.requested[next.requester], i)
	next.org = -1
	if m := st.users[next.requester].orgMembers; len(m) > 0 {
		next.org = st.orgMems[m[0]].org
	}
	if cur.org != next.org {
		if cur.org >= 0 {
			st.orgTix[cur.org] = removeSorted(st.orgTix[cur.org], i)
		}
		if next.org >= 0 {
			st.orgTix[next.org] = insertSorted(st.orgTix[next.org], i)
		}
	}
}

// changeTicket applies status, priority, type, subject, group, assignee and
// (on updates) requester to t, with Zendesk's rules: a ticket cannot go back to new, an assignee must
// be an agent in the ticket's group (an assignee without a group brings
// their default group), clearing the group clears the assignee, and a new
// ticket that gets an assignee becomes open. creating relaxes the "back to
// new" rule. It returns every problem found; t is only meaningful without.
func (st *store) changeTicket(t *ticket, ch *ticketChange, creating bool) []itemError {
	var errs []itemError
	fail := func(field, format string, a ...any) {
		errs = append(errs, itemError{field: field, details: fmt.Sprintf(format, a...)})
	}
	if ch.status.set {
		k := slices.Index(statusNames[:], strings.ToLower(ch.status.v))
		switch {
		case ch.status.null || k < 0:
			fail("status", "Status: %q is not a valid status", ch.status.v)
		case ticketStatus(k) == statusNew && t.status != statusNew && !creating:
			fail("status", "Status: cannot be changed back to new")
		default:
			t.status = ticketStatus(k)
		}
	}
	enum := func(o optString, names []string, field, label string, dst *uint8) {
		switch k := slices.Index(names, strings.ToLower(o.v)); {
		case !o.set:
		case o.null || o.v == "":
			*dst = 0
		case k < 1:
			fail(field, "%s: %q is not a valid %s", label, o.v, field)
		default:
			*dst = uint8(k)
		}
	}
	enum(ch.priority, priorityNames[:], "priority", "Priority", &t.priority)
	enum(ch.ttype, typeNames[:], "type", "Type", &t.ttype)
	if ch.subject.set && !ch.subject.null {
		t.subject = ch.subject.v
	}
	if ch.requester.set && !creating { // a new ticket's requester is resolved by validateNewTicket
		u, ok := st.userByID[ch.requester.v]
		switch {
		case ch.requester.null:
			fail("requester", "Requester: cannot be blank")
		case !ok:
			fail("requester", "Requester: %d is invalid", ch.requester.v)
		default:
			t.requester = u
		}
	}
	groupOK := true
	if ch.group.set {
		if ch.group.null {
			t.group, t.assignee = -1, -1
		} else if g, ok := st.groupByID[ch.group.v]; ok {
			t.group = g
		} else {
			groupOK = false
			fail("group", "Group: %d does not exist", ch.group.v)
		}
	}
	if ch.assignee.set {
		u, ok := st.userByID[ch.assignee.v]
		switch {
		case ch.assignee.null:
			t.assignee = -1
		case !ok || !st.isStaff(u):
			fail("assignee", "Assignee: %d is not an agent", ch.assignee.v)
		case t.group >= 0 && st.inGroup(u, t.group):
			t.assignee = u
		case ch.group.set && !ch.group.null:
			if groupOK {
				fail("assignee", "Assignee: %d is not a member of group %d", ch.assignee.v, ch.group.v)
			}
		default:
			t.group, t.assignee = st.users[u].defGroup, u
		}
	} else if ch.group.set && t.assignee >= 0 && (t.group < 0 || !st.inGroup(t.assignee, t.group)) {
		t.assignee = -1 // the assignee is not in the new group
	}
	if t.status == statusNew && t.assignee >= 0 {
		t.status = statusOpen
	}
	return errs
}

// applyFields sets custom field values on t (ticket index i) and returns the
// tags with those of the changed tagger, multiselect and checkbox fields
// swapped, as Zendesk keeps field tags in step with field values.
func (st *store) applyFields(t *ticket, i int32, fields []fieldChange, tags []string) []string {
	drop := func(v string) { tags = slices.DeleteFunc(tags, func(s string) bool { return s == v }) }
	for _, fc := range fields {
		switch fc.field {
		case fieldArea:
			for _, a := range productAreas {
				drop(a.value)
			}
			t.area = fc.area
			if !fc.null {
				tags = append(tags, productAreas[fc.area-1].value)
			}
		case fieldFeatures:
			for _, f := range features {
				drop(f.value)
			}
			t.features = fc.features
			if fc.null {
				t.features = 0
			}
			for b, f := range features {
				if t.features&(1<<b) != 0 {
					tags = append(tags, f.value)
				}
			}
		case fieldEscalated:
			drop(escalationTag)
			t.escalated = fc.on && !fc.null
			if t.escalated {
				tags = append(tags, escalationTag)
			}
		case fieldOrder:
			if st.mut.orderText == nil {
				st.mut.orderText = map[int32]string{}
			}
			t.hasOrder = !fc.null
			if fc.null {
				delete(st.mut.orderText, i)
			} else {
				st.mut.orderText[i] = fc.text
			}
		case fieldUnits:
			t.units = fc.units
			if fc.null {
				t.units = -1
			}
		}
	}
	return tags
}
