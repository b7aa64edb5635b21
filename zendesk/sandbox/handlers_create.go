package sandbox

import (
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
)

// Id ranges of the records that only creation makes.
const (
	auditIDBase = 3_660_000_000_000
	eventIDBase = 3_662_000_000_000
)

// newTicket is a validated POST /tickets body.
type newTicket struct {
	t         ticket
	change    *ticketChange
	body      string
	public    bool
	requester int32  // -1: create newName/newEmail
	newName   string // requester to create
	newEmail  string
	errs      []fieldError
}

// createTicket serves POST /tickets: 201 {"ticket":..,"audit":..} with a
// Location header, 422 RecordInvalid for values Zendesk would refuse, and
// Idempotency-Key handling (idempotency.go).
func createTicket(c *wcall) {
	key := strings.TrimSpace(c.r.Header.Get("Idempotency-Key"))
	canon, canonOK := canonicalJSON(c.body)
	if key != "" && canonOK && c.idempotentReplay(key, canon) {
		return
	}
	if key != "" {
		c.w.Header().Set("X-Idempotency-Lookup", "miss")
	}
	body, ok := decodeObject(c.body)
	if !ok {
		c.fail(errInvalidJSON())
		return
	}
	obj, _ := decodeObject(body["ticket"])
	if obj == nil {
		obj = map[string]json.RawMessage{}
	}
	nt := c.st.validateNewTicket(obj, c.actor())
	if len(nt.errs) > 0 {
		c.recordInvalid(nt.errs)
		return
	}
	i := c.st.addTicket(nt, c.actor(), c.unix())
	id := ticketID(i)
	w := c.jw()
	w.obj()
	w.key("ticket")
	c.st.writeTicket(w, c.api, i)
	w.key("audit")
	c.writeCreateAudit(w, i, nt)
	w.endObj()
	if !canonOK {
		key = "" // nothing to compare a replay with
	}
	c.sendRemembered(key, canon, http.StatusCreated, c.api+"/tickets/"+itoa(id)+".json", w)
}

// validateNewTicket checks a ticket object and collects every problem, as
// Zendesk's RecordInvalid lists all fields at once.
func (st *store) validateNewTicket(obj map[string]json.RawMessage, actor int32) *newTicket {
	nt := &newTicket{public: true, requester: actor}
	add := func(field, desc, code string) {
		nt.errs = append(nt.errs, fieldError{field: field, desc: desc, code: code})
	}

	// The first comment: comment.body (or html_body), or the older
	// top-level description that clients such as zenpy still send.
	if raw, ok := obj["comment"]; ok && !isNull(raw) {
		cm, ok := decodeObject(raw)
		if !ok {
			add("comment", "Comment: must be an object", "InvalidValue")
		} else {
			if s, ok := rawString(cm["body"]); ok {
				nt.body = s
			} else if s, ok := rawString(cm["html_body"]); ok {
				nt.body = s
			}
			if raw, ok := cm["public"]; ok && !isNull(raw) {
				if b, ok := rawBool(raw); ok {
					nt.public = b
				}
			}
		}
	}
	if strings.TrimSpace(nt.body) == "" {
		if s, ok := rawString(obj["description"]); ok {
			nt.body = s
		}
	}
	if strings.TrimSpace(nt.body) == "" {
		add("description", "Description: cannot be blank", "BlankValue")
	}

	switch {
	case obj["requester_id"] != nil && !isNull(obj["requester_id"]):
		id, _ := rawInt(obj["requester_id"])
		u, ok := st.userByID[id]
		if !ok {
			add("requester", fmt.Sprintf("Requester: %s is invalid", strings.TrimSpace(string(obj["requester_id"]))), "InvalidValue")
		}
		nt.requester = u
	case obj["requester"] != nil && !isNull(obj["requester"]):
		rq, ok := decodeObject(obj["requester"])
		email, _ := rawString(rq["email"])
		email = strings.ToLower(strings.TrimSpace(email))
		name, _ := rawString(rq["name"])
		if !ok || !validEmail(email) {
			add("requester", fmt.Sprintf("Requester: Email: %s is not properly formatted", email), "InvalidValue")
			break
		}
		if u, found := st.userByEmail[email]; found {
			nt.requester = u
		} else {
			nt.requester, nt.newEmail, nt.newName = -1, email, strings.TrimSpace(name)
			if nt.newName == "" {
				nt.newName, _, _ = strings.Cut(email, "@")
			}
		}
	}

	ch := st.parseTicketChange(obj)
	nt.change = ch
	if ch.invalid != "" {
		nt.errs = append(nt.errs, fieldError{field: "base", desc: ch.invalid, code: "InvalidValue", key: ch.invalidField})
	}
	nt.t = ticket{assignee: -1, group: -1, org: -1, cc: -1, units: -1, via: viaAPI, status: statusNew}
	for _, e := range st.changeTicket(&nt.t, ch, true) {
		add(e.field, e.details, "InvalidValue")
	}
	return nt
}

// validEmail is a plausibility check: one @, something on each side, a dot
// in the domain, no spaces.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t\r\n,;<>\"") &&
		!strings.Contains(domain, "@") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// addTicket creates a validated ticket (and its requester, when the body
// named a new one) and returns its index.
func (st *store) addTicket(nt *newTicket, actor int32, now int64) int32 {
	if nt.requester < 0 {
		nt.requester = st.addEndUser(nt.newName, nt.newEmail, now)
	}
	t := nt.t
	t.requester, t.submitter = nt.requester, actor
	t.createdAt, t.updatedAt = now, now
	if m := st.users[t.requester].orgMembers; len(m) > 0 {
		t.org = st.orgMems[m[0]].org
	}
	i := int32(len(st.tickets))
	ch := nt.change
	tags := append(append([]string(nil), ch.tags...), ch.addTags...)
	tags = st.applyFields(&t, i, ch.fields, tags)
	t.tags = st.internTagList(normalizeTags(tags))
	st.tickets = append(st.tickets, t)
	if st.mut.descriptions == nil {
		st.mut.descriptions = map[int32]string{}
	}
	st.mut.descriptions[i] = nt.body
	st.indexTicket(i)
	return i
}

// addEndUser creates an unverified end user with one email identity, as
// Zendesk does for an unknown requester; with no email (a user created by
// name and external id) it has no identity.
func (st *store) addEndUser(name, email string, now int64) int32 {
	i := int32(len(st.users))
	st.users = append(st.users, user{
		id: seqID(userIDBase, int(i)), name: name, email: email,
		createdAt: now, updatedAt: now, role: roleEndUser, defGroup: -1,
		tags: st.internTagList(nil),
	})
	st.userByID[st.users[i].id] = i
	if email != "" {
		st.userByEmail[email] = i
		addIdentity(st, i, identityEmail, email, true, false, now)
	}
	st.requested = append(st.requested, nil)
	st.assigned = append(st.assigned, nil)
	st.ccd = append(st.ccd, nil)
	return i
}

// writeCreateAudit writes the audit of a ticket's creation: the comment and
// a Create event per field set, as in the recorded response.
func (c *wcall) writeCreateAudit(w *jw, i int32, nt *newTicket) {
	st := c.st
	t := &st.tickets[i]
	st.mut.auditSeq++
	auditID := seqID(auditIDBase, st.mut.auditSeq)
	event := func() int64 {
		st.mut.eventSeq++
		return seqID(eventIDBase, st.mut.eventSeq)
	}
	requesterID := st.users[t.requester].id
	w.obj()
	w.ki("id", auditID)
	w.ki("ticket_id", ticketID(i))
	w.kt("created_at", t.createdAt)
	w.ki("author_id", st.users[c.actor()].id)
	w.key("metadata")
	w.obj()
	w.key("system")
	w.obj()
	w.ks("client", c.r.UserAgent())
	ip, _, err := net.SplitHostPort(c.r.RemoteAddr)
	if err != nil {
		ip = c.r.RemoteAddr
	}
	w.ks("ip_address", ip)
	w.endObj()
	w.key("custom")
	w.obj()
	w.endObj()
	w.endObj()
	w.key("events")
	w.arr()
	w.obj()
	w.ki("id", event())
	w.ks("type", "Comment")
	w.ki("author_id", requesterID)
	w.ks("body", nt.body)
	w.ks("html_body", `<div class="zd-comment" dir="auto"><p dir="auto">`+
		strings.ReplaceAll(html.EscapeString(nt.body), "\n", "<br>")+"</p></div>")
	w.ks("plain_body", nt.body)
	w.kb("public", nt.public)
	w.kempty("attachments")
	w.ki("audit_id", auditID)
	w.endObj()
	create := func(field, value string, null bool) {
		w.obj()
		w.ki("id", event())
		w.ks("type", "Create")
		if null {
			w.kn("value")
		} else {
			w.ks("value", value)
		}
		w.ks("field_name", field)
		w.endObj()
	}
	create("subject", t.subject, false)
	create("requester_id", itoa(requesterID), false)
	create("priority", priorityNames[t.priority], t.priority == 0)
	create("type", typeNames[t.ttype], t.ttype == 0)
	create("status", statusNames[t.status], false)
	if t.group >= 0 {
		create("group_id", itoa(st.groups[t.group].id), false)
	}
	if t.assignee >= 0 {
		create("assignee_id", itoa(st.users[t.assignee].id), false)
	}
	if t.org >= 0 {
		create("organization_id", itoa(st.orgs[t.org].id), false)
	}
	if tags := st.tagSets[t.tags]; len(tags) > 0 {
		create("tags", strings.Join(tags, " "), false)
	}
	create("brand_id", itoa(st.brandID), false)
	create("ticket_form_id", itoa(st.formID), false)
	create("custom_status_id", itoa(st.customState[min(t.status, statusSolved)]), false)
	w.endArr()
	w.key("via")
	w.obj()
	w.ks("channel", "api")
	w.key("source")
	w.obj()
	w.key("from")
	w.obj()
	w.endObj()
	w.key("to")
	w.obj()
	w.endObj()
	w.kn("rel")
	w.endObj()
	w.endObj()
	w.endObj()
}
