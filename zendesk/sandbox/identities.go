package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Identities written through the API: POST /users/{id}/identities and
// PUT /users/{id}/identities/{identity_id}/make_primary. A user's identities
// are kept primary first, then in the order they were made.

// identityByID finds an identity by its id. Identity ids are seqID values,
// whose jitter stays below the stride, so the index is the id's offset over
// the stride; the lookup then checks the id really is that identity's.
func (st *store) identityByID(id int64) (int32, bool) {
	k := (id - identityIDBase) / 1000
	if id < identityIDBase || k >= int64(len(st.identities)) || st.identities[k].id != id {
		return 0, false
	}
	return int32(k), true
}

// addUserIdentity serves POST /users/{id}/identities with
// {"identity":{"type":"email"|"phone_number","value":..,"verified":..,
// "primary":..,"skip_verify_email":..}}: 201 with the identity and a
// Location header; 404 for an unknown user; 422 RecordInvalid for a value
// that is malformed or already an identity of any user. An email identity
// added to a user with no email becomes the primary one.
func addUserIdentity(c *wcall) {
	u, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	obj, ok := c.bodyObject("identity")
	if !ok {
		return
	}
	st := c.st
	var errs []fieldError
	add := func(field, code, format string, a ...any) {
		errs = append(errs, fieldError{field: field, desc: fmt.Sprintf(format, a...), code: code})
	}
	typ, _ := rawString(obj["type"])
	value, _ := rawString(obj["value"])
	value = strings.TrimSpace(value)
	var kind identityKind
	switch typ {
	case "email":
		kind, value = identityEmail, strings.ToLower(value)
		switch j, taken := st.userByEmail[value]; {
		case value == "":
			add("value", "BlankValue", "Value: cannot be blank")
		case !validEmail(value):
			add("value", "InvalidValue", "Value: %s is not a valid email address", value)
		case taken && j == u:
			add("value", "DuplicateValue", "Value: %s is already an identity of this user", value)
		case taken:
			add("value", "DuplicateValue", "Value: %s is already being used by another user", value)
		}
	case "phone_number":
		kind = identityPhone
		switch j := st.phoneOwner(value); {
		case value == "":
			add("value", "BlankValue", "Value: cannot be blank")
		case !validPhone(value):
			add("value", "InvalidValue", "Value: %s is not a valid phone number", value)
		case j == u:
			add("value", "DuplicateValue", "Value: %s is already an identity of this user", value)
		case j >= 0:
			add("value", "DuplicateValue", "Value: %s is already being used by another user", value)
		}
	default:
		add("type", "InvalidValue", "Type: %q is not supported by the sandbox (use email or phone_number)", typ)
	}
	flag := func(key string) bool {
		raw, ok := obj[key]
		if !ok || isNull(raw) {
			return false
		}
		b, ok := rawBool(raw)
		if !ok {
			add(key, "InvalidValue", "%s: %s is not valid", key, strings.TrimSpace(string(raw)))
		}
		return b
	}
	verified, primary := flag("verified"), flag("primary")
	flag("skip_verify_email") // the sandbox sends no verification mail
	if len(errs) > 0 {
		c.recordInvalid(errs)
		return
	}
	usr := &st.users[u]
	if kind == identityEmail {
		st.userByEmail[value] = u
		primary = primary || usr.email == ""
	}
	addIdentity(st, u, kind, value, false, verified, c.unix())
	k := int32(len(st.identities) - 1)
	if primary {
		st.makePrimary(u, k)
	}
	usr.updatedAt = max(c.unix(), usr.createdAt)
	w := c.jw()
	w.obj()
	w.key("identity")
	st.writeIdentity(w, c.api, k)
	w.endObj()
	c.w.Header().Set("Location", c.api+"/users/"+itoa(usr.id)+"/identities/"+itoa(st.identities[k].id)+".json")
	c.send(http.StatusCreated, w)
}

// makeIdentityPrimary serves PUT /users/{id}/identities/{identity_id}/make_primary
// (no body): 200 with all the user's identities, as Zendesk answers; 404 for
// an unknown user or an identity that is not the user's. Making an email
// primary makes it the user's email.
func makeIdentityPrimary(c *wcall) {
	u, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.pathID("identity_id"), 10, 64)
	k, found := c.st.identityByID(id)
	if err != nil || !found || c.st.identities[k].user != u {
		c.fail(errRecordNotFound())
		return
	}
	st := c.st
	st.makePrimary(u, k)
	usr := &st.users[u]
	usr.updatedAt = max(c.unix(), usr.createdAt)
	w := c.jw()
	w.obj()
	w.key("identities")
	w.arr()
	for _, j := range usr.identities {
		st.writeIdentity(w, c.api, j)
	}
	w.endArr()
	w.endObj()
	c.send(http.StatusOK, w)
}

// makePrimary makes identity k the primary one of its kind for user u and
// moves it to the front of the user's list.
func (st *store) makePrimary(u, k int32) {
	usr := &st.users[u]
	kind := st.identities[k].kind
	for _, j := range usr.identities {
		if id := &st.identities[j]; id.kind == kind {
			id.primary = j == k
		}
	}
	if kind == identityEmail {
		usr.email = st.identities[k].value
	}
	slices.SortStableFunc(usr.identities, func(a, b int32) int {
		pa, pb := st.identities[a].primary, st.identities[b].primary
		switch {
		case pa == pb:
			return int(a - b) // identities are appended in id order
		case pa:
			return -1
		default:
			return 1
		}
	})
}

// phoneOwner returns the user with a phone identity equal to value, or -1.
// Phone identities are few and have no index; a scan is cheap enough for a
// write.
func (st *store) phoneOwner(value string) int32 {
	want := phoneDigits(value)
	if want == "" {
		return -1
	}
	for k := range st.identities {
		if id := &st.identities[k]; id.kind == identityPhone && phoneDigits(id.value) == want {
			return id.user
		}
	}
	return -1
}

// phoneDigits keeps a leading + and the digits, so that "+1 555-0100" and
// "+15550100" are the same number.
func phoneDigits(s string) string {
	var b strings.Builder
	for k, r := range strings.TrimSpace(s) {
		if r >= '0' && r <= '9' || r == '+' && k == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validPhone accepts digits with the separators people write (spaces,
// dashes, dots, parentheses) and an optional leading +.
func validPhone(s string) bool {
	digits := 0
	for k, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && k == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 4 && digits <= 15
}
