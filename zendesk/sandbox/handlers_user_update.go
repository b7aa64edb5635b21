package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
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
	verified                                *bool
	fields                                  map[string]string // user field key -> JSON literal
}

// updateUser serves PUT /users/{id} with {"user":{...}}: 200 {"user":...},
// 404 for an unknown user, 422 RecordInvalid for values Zendesk refuses.
// It changes suspended, name, phone, time_zone, tags (replaced), external_id,
// notes, details, user_fields (merged; see userFieldSet), role and
// organization_id (which replaces the user's memberships, as Zendesk's
// reference says); an email is added as a secondary identity, unverified
// unless verified is true, and verified alone verifies the primary email.
// Unknown keys, and unknown user_fields keys, are ignored.
func updateUser(c *wcall) {
	i, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	obj, ok := c.bodyObject("user")
	if !ok {
		return
	}
	ch, errs := c.st.parseUserChange(i, obj, false)
	if len(errs) > 0 {
		c.recordInvalid(errs)
		return
	}
	c.st.applyUserChange(i, ch, c.unix())
	c.one("user", func(w *jw) { c.st.writeUser(w, c.api, i) })
}

// parseUserChange reads a user object for user i (-1 for a user about to be
// created, whom every taken value belongs to someone else).
// strictFields refuses user_fields keys that name no field.
func (st *store) parseUserChange(i int32, obj map[string]json.RawMessage, strictFields bool) (*userChange, []fieldError) {
	ch := &userChange{zone: -1, role: -1}
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
	if raw, ok := obj["verified"]; ok && !isNull(raw) {
		b, ok := rawBool(raw)
		if !ok {
			add("verified", "InvalidValue", "Verified: %s is not valid", strings.TrimSpace(string(raw)))
		}
		ch.verified = &b
	}
	if raw, ok := obj["skip_verify_email"]; ok && !isNull(raw) {
		// The sandbox sends no mail, so there is nothing to skip; the value is still checked.
		if _, ok := rawBool(raw); !ok {
			add("skip_verify_email", "InvalidValue", "Skip verify email: %s is not valid", strings.TrimSpace(string(raw)))
		}
	}
	if raw, ok := obj["user_fields"]; ok && !isNull(raw) {
		vals, ferrs := userFieldSet.parseFieldValues(raw, strictFields)
		errs = append(errs, ferrs...)
		ch.fields = vals
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
	st.applyEmail(i, ch.email, ch.verified, now)
	setFieldValues(&st.mut.prof.userVals, i, ch.fields)
	u.updatedAt = max(now, u.createdAt)
}

// applyEmail follows Zendesk's rules for email and verified on an existing
// user: an email that is not yet one of the user's becomes a secondary
// identity (verified only when verified is true), or the primary one when
// the user has no email at all; verified with an email the user already has
// sets that identity's state, and verified alone sets the primary's.
func (st *store) applyEmail(i int32, email string, verified *bool, now int64) {
	u := &st.users[i]
	if email == "" {
		email = u.email
	}
	if email == "" {
		return
	}
	if _, known := st.userByEmail[email]; !known {
		st.userByEmail[email] = i
		primary := u.email == ""
		addIdentity(st, i, identityEmail, email, primary, verified != nil && *verified, now)
		if primary {
			u.email = email
			u.verified = verified != nil && *verified
		}
		return
	}
	if verified == nil {
		return
	}
	for _, k := range u.identities {
		if id := &st.identities[k]; id.kind == identityEmail && id.value == email {
			id.verified = *verified
			if id.primary {
				u.verified = *verified
			}
		}
	}
}

// replaceOrgMemberships makes the user a member of exactly the organization
// the change names (or of none for null). A membership that already matches
// is kept as it is; the others are removed as DELETE would remove them
// (removeOrgMembership), which takes their organization off the user's
// working tickets.
func (st *store) replaceOrgMemberships(i int32, ch *userChange, now int64) {
	u := &st.users[i]
	keep := int32(-1)
	for _, m := range u.orgMembers {
		if !ch.org.null && st.orgMems[m].org == ch.orgIdx {
			keep = m
		}
	}
	for _, m := range slices.Clone(u.orgMembers) {
		if m != keep {
			st.removeOrgMembership(m, now)
		}
	}
	if !ch.org.null && keep < 0 {
		st.addOrgMember(i, ch.orgIdx, true, now)
	}
}
