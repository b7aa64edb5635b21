package sandbox

import "strconv"

// ticketFields writes a ticket's keys in Zendesk's order (from recorded
// responses); list and show endpoints share it.
func (st *store) ticketFields(w *jw, api string, i int32) {
	t := &st.tickets[i]
	id := ticketID(i)
	req := &st.users[t.requester]
	w.kurl("url", api, "/tickets/", id)
	w.ki("id", id)
	w.kn("external_id")
	w.key("via")
	w.obj()
	w.ks("channel", channelNames[t.via])
	w.key("source")
	w.obj()
	w.key("from")
	w.obj()
	if t.via == viaEmail {
		w.ks("address", req.email)
		w.ks("name", req.name)
	}
	w.endObj()
	w.key("to")
	w.obj()
	if t.via == viaEmail {
		w.ks("name", "Sandbox Support")
		w.ks("address", st.supportAddress())
	}
	w.endObj()
	w.kn("rel")
	w.endObj()
	w.endObj()
	w.kt("created_at", t.createdAt)
	w.kt("updated_at", t.updatedAt)
	w.ksn("type", typeNames[t.ttype])
	w.ks("subject", t.subject)
	w.ks("raw_subject", t.subject)
	w.key("description")
	w.sep()
	w.b = append(w.b, '"')
	w.b = st.description(i).appendEscaped(w.b)
	w.b = append(w.b, '"')
	w.ksn("priority", priorityNames[t.priority])
	w.ks("status", statusNames[t.status])
	if t.via == viaEmail {
		w.ks("recipient", st.supportAddress())
	} else {
		w.kn("recipient")
	}
	w.ki("requester_id", req.id)
	w.ki("submitter_id", st.users[t.submitter].id)
	w.kin("assignee_id", st.userID(t.assignee), t.assignee >= 0)
	w.kin("organization_id", st.orgID(t.org), t.org >= 0)
	w.kin("group_id", st.groupID(t.group), t.group >= 0)
	w.key("collaborator_ids")
	w.arr()
	if t.cc >= 0 {
		w.int(st.users[t.cc].id)
	}
	w.endArr()
	w.kempty("follower_ids")
	w.key("email_cc_ids")
	w.arr()
	if t.cc >= 0 {
		w.int(st.users[t.cc].id)
	}
	w.endArr()
	w.kn("forum_topic_id")
	w.kn("problem_id")
	w.kb("has_incidents", false)
	w.kb("is_public", true)
	w.ktn("due_at", t.dueAt)
	w.kstrs("tags", st.tagSets[t.tags])
	w.key("custom_fields")
	st.writeCustomFields(w, i)
	w.kn("satisfaction_rating")
	w.kempty("sharing_agreement_ids")
	w.ki("custom_status_id", st.customState[min(t.status, statusSolved)])
	w.key("fields")
	st.writeCustomFields(w, i)
	w.kempty("followup_ids")
	w.ki("ticket_form_id", st.formID)
	w.ki("brand_id", st.brandID)
	w.kb("allow_channelback", false)
	w.kb("allow_attachments", true)
	w.kb("from_messaging_channel", false)
}

func (st *store) writeTicket(w *jw, api string, i int32) {
	w.obj()
	st.ticketFields(w, api, i)
	w.endObj()
}

// writeCustomFields writes a value for every custom field, null when unset,
// as Zendesk does; integer values come back as strings there too.
func (st *store) writeCustomFields(w *jw, i int32) {
	t := &st.tickets[i]
	w.arr()
	for k := fieldArea; k <= fieldUnits; k++ {
		f := &st.fields[k]
		w.obj()
		w.ki("id", f.id)
		w.key("value")
		switch k {
		case fieldArea:
			if t.area == 0 {
				w.null()
			} else {
				w.str(productAreas[t.area-1].value)
			}
		case fieldFeatures:
			if t.features == 0 {
				w.null()
			} else {
				w.arr()
				for b, o := range features {
					if t.features&(1<<b) != 0 {
						w.str(o.value)
					}
				}
				w.endArr()
			}
		case fieldEscalated:
			w.bool(t.escalated)
		case fieldOrder:
			if text, ok := st.mut.orderText[i]; ok {
				w.str(text)
			} else if t.hasOrder {
				w.str("ORD-" + strconv.FormatUint(uint64(t.param), 10))
			} else {
				w.null()
			}
		case fieldUnits:
			if t.units < 0 {
				w.null()
			} else {
				w.str(strconv.Itoa(int(t.units)))
			}
		}
		w.endObj()
	}
	w.endArr()
}

// description is the ticket's first comment, rendered from its topic.
// Descriptions are not stored: at 500,000 tickets they would be the largest
// thing in memory, and they never change.
type description struct {
	body, tail string // template text before and after the number
	num        uint32
	hasNum     bool
	first      string // requester's first name, for the sign-off
	plain      bool   // body is the whole text (tickets created through the API)
}

const (
	descGreeting = "Hi,\n\n"
	descSignOff  = "\n\nThanks,\n"
)

func (st *store) description(i int32) description {
	if text, ok := st.mut.descriptions[i]; ok {
		return description{body: text, plain: true}
	}
	t := &st.tickets[i]
	d := description{num: t.param}
	d.body, d.tail, d.hasNum = cutNumber(topics[t.topic].requests[t.request].body)
	d.first = st.users[t.requester].name
	for k := 0; k < len(d.first); k++ {
		if d.first[k] == ' ' {
			d.first = d.first[:k]
			break
		}
	}
	return d
}

// appendText appends the plain text (for search).
func (d description) appendText(b []byte) []byte {
	if d.plain {
		return append(b, d.body...)
	}
	b = append(b, descGreeting...)
	b = append(b, d.body...)
	if d.hasNum {
		b = strconv.AppendUint(b, uint64(d.num), 10)
	}
	b = append(b, d.tail...)
	b = append(b, descSignOff...)
	return append(b, d.first...)
}

// appendEscaped appends the text escaped for a JSON string, piece by piece,
// so rendering a page of tickets builds no intermediate strings.
func (d description) appendEscaped(b []byte) []byte {
	if d.plain {
		return appendEscaped(b, d.body)
	}
	b = appendEscaped(b, descGreeting)
	b = appendEscaped(b, d.body)
	if d.hasNum {
		b = strconv.AppendUint(b, uint64(d.num), 10)
	}
	b = appendEscaped(b, d.tail)
	b = appendEscaped(b, descSignOff)
	return appendEscaped(b, d.first)
}

func cutNumber(tpl string) (pre, post string, ok bool) {
	for k := 0; k+1 < len(tpl); k++ {
		if tpl[k] == '%' && tpl[k+1] == 'd' {
			return tpl[:k], tpl[k+2:], true
		}
	}
	return tpl, "", false
}

func (st *store) supportAddress() string { return "support@" + st.subdomain + ".zdops.test" }

func (st *store) userID(i int32) int64 {
	if i < 0 {
		return 0
	}
	return st.users[i].id
}

func (st *store) orgID(i int32) int64 {
	if i < 0 {
		return 0
	}
	return st.orgs[i].id
}

func (st *store) groupID(i int32) int64 {
	if i < 0 {
		return 0
	}
	return st.groups[i].id
}
