package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// orgChange is a validated organization object of
// POST /organizations/create_or_update.
type orgChange struct {
	name, externalID, details, notes optString
	domains                          []string
	setDomains                       bool
	tags                             []string
	setTags                          bool
	sharedTickets, sharedComments    *bool
	fields                           map[string]string // organization field key -> JSON literal
}

// createOrUpdateOrg serves POST /organizations/create_or_update with
// {"organization":{...}}. It matches an organization by id, else by
// external_id (case-insensitive), never by name, and updates it (200), or
// creates one (201). A name taken by another organization answers 422
// "Name: has already been taken". domain_names and tags replace the lists;
// organization_fields merge, and a key that names no organization field is
// refused (our stricter choice; see parseFieldValues). An id that names no
// organization is ignored and the body matched by external_id or created.
func createOrUpdateOrg(c *wcall) {
	obj, ok := c.bodyObject("organization")
	if !ok {
		return
	}
	st := c.st
	o, found := st.matchOrg(obj)
	if !found {
		o = -1
	}
	ch, errs := st.parseOrgChange(o, obj)
	if !found && (!ch.name.set || ch.name.null) {
		if _, sent := obj["name"]; !sent {
			errs = append(errs, fieldError{field: "name", desc: "Name: cannot be blank", code: "BlankValue"})
		}
	}
	if len(errs) > 0 {
		c.recordInvalid(errs)
		return
	}
	now := c.unix()
	status := http.StatusOK
	if !found {
		o, status = st.addOrg(ch.name.v, now), http.StatusCreated
	}
	st.applyOrgChange(o, ch, now)
	w := c.jw()
	w.obj()
	w.key("organization")
	st.writeOrg(w, c.api, o)
	w.endObj()
	c.w.Header().Set("Location", c.api+"/organizations/"+itoa(st.orgs[o].id)+".json")
	c.send(status, w)
}

func (st *store) matchOrg(obj map[string]json.RawMessage) (int32, bool) {
	if id, ok := rawInt(obj["id"]); ok {
		if o, found := st.orgByID[id]; found {
			return o, true
		}
	}
	if ext := rawText(obj["external_id"]); ext != "" {
		if o, found := st.orgByExtID[strings.ToLower(ext)]; found {
			return o, true
		}
	}
	return 0, false
}

// rawText reads a string, or a number as its text (external ids come both
// ways); anything else is "".
func rawText(raw json.RawMessage) string {
	if s, ok := rawString(raw); ok {
		return strings.TrimSpace(s)
	}
	if n, ok := rawNumber(raw); ok {
		return n
	}
	return ""
}

// parseOrgChange checks an organization object for organization o (-1 for
// one about to be created) and collects every problem.
func (st *store) parseOrgChange(o int32, obj map[string]json.RawMessage) (*orgChange, []fieldError) {
	ch := &orgChange{}
	var errs []fieldError
	add := func(field, code, format string, a ...any) {
		errs = append(errs, fieldError{field: field, desc: fmt.Sprintf(format, a...), code: code})
	}
	// A blank string clears the field, as null does.
	str := func(key, label string, dst *optString) {
		if !readOptString(obj, key, dst, key == "external_id") {
			add(key, "InvalidValue", "%s: is not a string", label)
		}
		dst.null = dst.set && dst.v == ""
	}
	str("name", "Name", &ch.name)
	str("external_id", "External", &ch.externalID)
	str("details", "Details", &ch.details)
	str("notes", "Notes", &ch.notes)
	if ch.name.set {
		switch j, taken := st.orgByName[strings.ToLower(ch.name.v)]; {
		case ch.name.null:
			add("name", "BlankValue", "Name: cannot be blank")
		case taken && j != o:
			add("name", "DuplicateValue", "Name: has already been taken")
		}
	}
	if ch.externalID.set && !ch.externalID.null {
		if j, taken := st.orgByExtID[strings.ToLower(ch.externalID.v)]; taken && j != o {
			add("external_id", "DuplicateValue", "External: %s has already been taken", ch.externalID.v)
		}
	}
	if raw, ok := obj["domain_names"]; ok {
		list, ok := rawStrings(raw)
		if !ok {
			add("domain_names", "InvalidValue", "Domain names: must be a list of domains")
		}
		ch.setDomains = true
		for _, d := range list {
			d = strings.ToLower(strings.TrimSpace(d))
			if d == "" {
				continue
			}
			if !validDomain(d) {
				add("domain_names", "InvalidValue", "Domain names: %s is not a valid domain", d)
				continue
			}
			if !slices.Contains(ch.domains, d) {
				ch.domains = append(ch.domains, d)
			}
		}
	}
	if raw, ok := obj["tags"]; ok {
		tags, ok := rawStrings(raw)
		if !ok {
			add("tags", "InvalidValue", "Tags: must be a list of strings")
		}
		ch.tags, ch.setTags = normalizeTags(tags), true
	}
	flag := func(key, label string) *bool {
		raw, ok := obj[key]
		if !ok || isNull(raw) {
			return nil
		}
		b, ok := rawBool(raw)
		if !ok {
			add(key, "InvalidValue", "%s: %s is not valid", label, strings.TrimSpace(string(raw)))
		}
		return &b
	}
	ch.sharedTickets = flag("shared_tickets", "Shared tickets")
	ch.sharedComments = flag("shared_comments", "Shared comments")
	if raw, ok := obj["organization_fields"]; ok && !isNull(raw) {
		vals, ferrs := orgFieldSet.parseFieldValues(raw, true)
		errs = append(errs, ferrs...)
		ch.fields = vals
	}
	return ch, errs
}

// validDomain accepts host names: labels of letters, digits and hyphens
// separated by dots, at least two labels.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// addOrg creates an organization with only a name: no domains, tags or
// field values.
func (st *store) addOrg(name string, now int64) int32 {
	o := int32(len(st.orgs))
	st.orgs = append(st.orgs, organization{id: seqID(orgIDBase, int(o)), name: name,
		createdAt: now, updatedAt: now, tags: st.internTagList(nil)})
	st.orgByID[st.orgs[o].id] = o
	st.orgByName[strings.ToLower(name)] = o
	st.orgTix = append(st.orgTix, nil)
	if st.mut.prof.orgDomains == nil {
		st.mut.prof.orgDomains = map[int32][]string{}
	}
	st.mut.prof.orgDomains[o] = nil
	nulls := map[string]string{}
	for _, f := range orgFieldSet.fields {
		nulls[f.key] = "null" // the seeded tier and region are not this one's
	}
	setFieldValues(&st.mut.prof.orgVals, o, nulls)
	return o
}

func (st *store) applyOrgChange(o int32, ch *orgChange, now int64) {
	org := &st.orgs[o]
	if ch.name.set && !ch.name.null && ch.name.v != org.name {
		if k := strings.ToLower(org.name); st.orgByName[k] == o {
			delete(st.orgByName, k)
		}
		org.name = ch.name.v
		st.orgByName[strings.ToLower(org.name)] = o
	}
	if ch.externalID.set {
		if k := strings.ToLower(org.externalID); k != "" && st.orgByExtID[k] == o {
			delete(st.orgByExtID, k)
		}
		org.externalID = ch.externalID.v
		if org.externalID != "" {
			st.orgByExtID[strings.ToLower(org.externalID)] = o
		}
	}
	if ch.details.set {
		org.details = ch.details.v
	}
	if ch.notes.set {
		org.notes = ch.notes.v
	}
	if ch.setDomains {
		if st.mut.prof.orgDomains == nil {
			st.mut.prof.orgDomains = map[int32][]string{}
		}
		st.mut.prof.orgDomains[o] = ch.domains
	}
	if ch.setTags {
		org.tags = st.internTagList(ch.tags)
	}
	if ch.sharedTickets != nil {
		org.sharedTickets = *ch.sharedTickets
	}
	if ch.sharedComments != nil {
		org.sharedComments = *ch.sharedComments
	}
	setFieldValues(&st.mut.prof.orgVals, o, ch.fields)
	org.updatedAt = max(now, org.createdAt)
}

// deleteOrg serves DELETE /organizations/{id}: 204, or 404 for an unknown
// (or already deleted) organization. Its memberships end as DELETE
// /organization_memberships would end them, its working tickets lose the
// organization, and it disappears from lists, counts, lookups and search.
func deleteOrg(c *wcall) {
	o, ok := c.lookupPath(c.st.orgByID)
	if !ok {
		return
	}
	st := c.st
	now := c.unix()
	org := &st.orgs[o]
	for len(org.members) > 0 {
		st.removeOrgMembership(org.members[0], now)
	}
	// Tickets of requesters who were not members, and soft-deleted ones
	// (restoring files them under their org again), lose it too; closed
	// tickets keep it, as they keep everything.
	for k := range st.tickets {
		if t := &st.tickets[k]; t.org == o && t.status != statusClosed {
			if !t.deleted {
				st.orgTix[o] = removeSorted(st.orgTix[o], int32(k))
			}
			t.org = -1
			t.updatedAt = max(now, t.createdAt)
		}
	}
	delete(st.orgByID, org.id)
	if k := strings.ToLower(org.name); st.orgByName[k] == o {
		delete(st.orgByName, k)
	}
	if k := strings.ToLower(org.externalID); k != "" && st.orgByExtID[k] == o {
		delete(st.orgByExtID, k)
	}
	if st.mut.prof.deletedOrgs == nil {
		st.mut.prof.deletedOrgs = map[int32]bool{}
	}
	st.mut.prof.deletedOrgs[o] = true
	c.w.WriteHeader(http.StatusNoContent)
}
