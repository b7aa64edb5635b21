package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// userChange is a validated PUT /users/{id} body.
type userChange struct {
	name, phone, notes, details, externalID optString
	zone                                    int // -1: unchanged
	role                                    int // -1: unchanged
	suspended                               *bool
	tags                                    []string
	setTags                                 bool
	org                                     optID
	orgIdx                                  int32
	email                                   string
	plan                                    int // -1: unchanged
	customerSince                           optString
}

// updateUser serves PUT /users/{id} with {"user":{...}}: 200 {"user":...},
// 404 for an unknown user, 422 RecordInvalid for values Zendesk refuses.
// It changes suspended, name, phone, time_zone, tags (replaced), external_id,
// notes, details, user_fields (merged: plan, customer_since), role and
// organization_id (which replaces the user's memberships, as Zendesk's
// reference says); an email is added as a secondary, unverified identity.
// Unknown keys are ignored.
func updateUser(c *wcall) {
	i, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	obj, ok := c.bodyObject("user")
	if !ok {
		return
	}
	ch, errs := c.st.parseUserChange(i, obj)
	if len(errs) > 0 {
		c.recordInvalid(errs)
		return
	}
	c.st.applyUserChange(i, ch, c.unix())
	c.one("user", func(w *jw) { c.st.writeUser(w, c.api, i) })
}

func (st *store) parseUserChange(i int32, obj map[string]json.RawMessage) (*userChange, []fieldError) {
	ch := &userChange{zone: -1, role: -1, plan: -1}
	var errs []fieldError
	add := func(field, code, format string, a ...any) {
		errs = append(errs, fieldError{field, fmt.Sprintf(format, a...), code})
	}
	str := func(key, label string, dst *optString) {
		raw, ok := obj[key]
		if !ok {
			return
		}
		dst.set = true
		if isNull(raw) {
			dst.null = true
			return
		}
		if v, ok := rawString(raw); ok {
			dst.v = strings.TrimSpace(v)
		} else if n, ok := rawInt(raw); ok && key == "external_id" {
			dst.v = itoa(n)
		} else {
			add(key, "InvalidValue", "%s: is not a string", label)
		}
		dst.null = dst.v == ""
	}
	str("name", "Name", &ch.name)
	if ch.name.set && ch.name.null {
		add("name", "BlankValue", "Name: cannot be blank")
	}
	str("phone", "Phone", &ch.phone)
	str("notes", "Notes", &ch.notes)
	str("details", "Details", &ch.details)
	str("external_id", "External", &ch.externalID)
	if ch.externalID.set && !ch.externalID.null {
		if j, taken := st.userByExtID[strings.ToLower(ch.externalID.v)]; taken && j != i {
			add("external_id", "DuplicateValue", "External: %s has already been taken", ch.externalID.v)
		}
	}
	if raw, ok := obj["time_zone"]; ok {
		v, _ := rawString(raw)
		ch.zone = slices.IndexFunc(timeZones, func(z timeZone) bool {
			return strings.EqualFold(z.name, v) || strings.EqualFold(z.iana, v)
		})
		if ch.zone < 0 {
			add("time_zone", "InvalidValue", "Time zone: %s is not valid", strings.TrimSpace(string(raw)))
		}
	}
	if raw, ok := obj["role"]; ok {
		v, _ := rawString(raw)
		r, ok := parseRole(v)
		if !ok {
			add("role", "InvalidValue", "Role: %s is not valid", strings.TrimSpace(string(raw)))
		}
		ch.role = int(r)
	}
	if raw, ok := obj["suspended"]; ok {
		b, ok := rawBool(raw)
		if !ok || isNull(raw) {
			add("suspended", "InvalidValue", "Suspended: %s is not valid", strings.TrimSpace(string(raw)))
		}
		ch.suspended = &b
	}
	if raw, ok := obj["tags"]; ok {
		tags, ok := rawStrings(raw)
		if !ok {
			add("tags", "InvalidValue", "Tags: must be a list of strings")
		}
		ch.tags, ch.setTags = normalizeTags(tags), true
	}
	if raw, ok := obj["organization_id"]; ok {
		ch.org.set = true
		if isNull(raw) {
			ch.org.null = true
		} else {
			id, _ := rawInt(raw)
			o, found := st.orgByID[id]
			if !found {
				add("organization_id", "InvalidValue", "Organization: %s does not exist", strings.TrimSpace(string(raw)))
			}
			ch.org.v, ch.orgIdx = id, o
		}
	}
	if raw, ok := obj["email"]; ok && !isNull(raw) {
		v, _ := rawString(raw)
		v = strings.ToLower(strings.TrimSpace(v))
		switch j, taken := st.userByEmail[v]; {
		case !validEmail(v):
			add("email", "InvalidValue", "Email: %s is not properly formatted", v)
		case taken && j != i:
			add("email", "DuplicateValue", "Email: %s is already being used by another user", v)
		}
		ch.email = v
	}
	if raw, ok := obj["user_fields"]; ok && !isNull(raw) {
		fields, ok := decodeObject(raw)
		if !ok {
			add("user_fields", "InvalidValue", "User fields: must be an object")
		}
		if v, ok := fields["plan"]; ok {
			s, isStr := rawString(v)
			ch.plan = slices.Index(plans, strings.ToLower(strings.TrimSpace(s))) // "" is no value
			if !isStr && !isNull(v) || ch.plan < 0 {
				add("user_fields", "InvalidValue", "Plan: %s is not a valid value", strings.TrimSpace(string(v)))
			}
		}
		if v, ok := fields["customer_since"]; ok {
			s, isStr := rawString(v)
			ch.customerSince = optString{set: true, null: s == "", v: s}
			_, err := time.Parse(time.DateOnly, s)
			if !isStr && !isNull(v) || s != "" && err != nil {
				add("user_fields", "InvalidValue", "Customer since: %s is not a valid date", strings.TrimSpace(string(v)))
			}
		}
	}
	return ch, errs
}

func (st *store) applyUserChange(i int32, ch *userChange, now int64) {
	u := &st.users[i]
	if ch.name.set {
		u.name = ch.name.v
	}
	if ch.phone.set {
		u.phone = ch.phone.v
	}
	if ch.notes.set {
		u.notes = ch.notes.v
	}
	if ch.details.set {
		u.details = ch.details.v
	}
	if ch.externalID.set {
		if old := strings.ToLower(u.externalID); old != "" && st.userByExtID[old] == i {
			delete(st.userByExtID, old)
		}
		u.externalID = ch.externalID.v
		if u.externalID != "" {
			st.userByExtID[strings.ToLower(u.externalID)] = i
		}
	}
	if ch.zone >= 0 {
		u.zone = uint8(ch.zone)
	}
	if ch.role >= 0 {
		u.role = role(ch.role)
	}
	if ch.suspended != nil {
		u.suspended = *ch.suspended
	}
	if ch.setTags {
		u.tags = st.internTagList(ch.tags)
	}
	if ch.org.set {
		st.replaceOrgMemberships(i, ch, now)
	}
	if ch.email != "" {
		if _, known := st.userByEmail[ch.email]; !known {
			st.userByEmail[ch.email] = i
			addIdentity(st, i, identityEmail, ch.email, false, false, now)
		}
	}
	if ch.plan >= 0 {
		u.plan = uint8(ch.plan)
	}
	if ch.customerSince.set {
		if st.mut.customerSince == nil {
			st.mut.customerSince = map[int32]string{}
		}
		st.mut.customerSince[i] = ch.customerSince.v
	}
	u.updatedAt = max(now, u.createdAt)
}

// replaceOrgMemberships makes the user a member of exactly the organization
// the change names (or of none for null). A membership that already matches
// is kept as it is.
func (st *store) replaceOrgMemberships(i int32, ch *userChange, now int64) {
	u := &st.users[i]
	if !ch.org.null && len(u.orgMembers) == 1 && st.orgMems[u.orgMembers[0]].org == ch.orgIdx {
		return
	}
	for _, m := range u.orgMembers {
		mem := &st.orgMems[m]
		o := &st.orgs[mem.org]
		o.members = slices.DeleteFunc(o.members, func(k int32) bool { return k == m })
		delete(st.orgMemByID, mem.id)
		if st.mut.removedOrgMems == nil {
			st.mut.removedOrgMems = map[int32]bool{}
		}
		st.mut.removedOrgMems[m] = true
	}
	u.orgMembers = nil
	if !ch.org.null {
		addOrgMembership(st, i, ch.orgIdx, true, now)
	}
}
