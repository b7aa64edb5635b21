package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
)

// createOrUpdateUser serves POST /users/create_or_update with {"user":{...}}.
// It finds the user by external_id (case-insensitive; the stored id takes
// the case sent) or else by email (any of the user's email identities,
// case-insensitive) and updates it as PUT /users/{id} does, answering 200;
// otherwise it creates an end user (or the role sent) and answers 201. Both
// carry Location: .../users/{id}.json, as the reference says.
//
// Unlike PUT /users/{id}, a user_fields key that names no user field is
// refused (see parseFieldValues). A new user needs a name: Zendesk requires
// one on user creation and the reference says nothing of deriving it from
// the email here, so the sandbox answers 422 without one. verified sets
// whether the new (or newly added) email identity is verified;
// skip_verify_email only suppresses mail, which the sandbox never sends.
func createOrUpdateUser(c *wcall) {
	obj, ok := c.bodyObject("user")
	if !ok {
		return
	}
	st := c.st
	if i, found := st.matchUser(obj); found {
		ch, errs := st.parseUserChange(i, obj, true)
		if len(errs) > 0 {
			c.recordInvalid(errs)
			return
		}
		st.applyUserChange(i, ch, c.unix())
		c.sendUser(http.StatusOK, i)
		return
	}
	ch, errs := st.parseUserChange(-1, obj, true)
	if !ch.name.set || ch.name.null {
		if _, sent := obj["name"]; !sent { // a blank name sent is already reported
			errs = append(errs, fieldError{field: "name", desc: "Name: cannot be blank", code: "BlankValue"})
		}
	}
	if len(errs) > 0 {
		c.recordInvalid(errs)
		return
	}
	now := c.unix()
	i := st.addEndUser(ch.name.v, ch.email, now)
	if ch.email != "" && ch.verified != nil && *ch.verified {
		st.users[i].verified = true
		st.identities[st.users[i].identities[0]].verified = true
	}
	ch.email, ch.verified = "", nil // the email is the new user's primary one, handled above
	st.applyUserChange(i, ch, now)
	c.sendUser(http.StatusCreated, i)
}

// matchUser finds the user a create_or_update body names: by external_id
// first, as the id a sync keys on, then by email.
func (st *store) matchUser(obj map[string]json.RawMessage) (int32, bool) {
	if raw, ok := obj["external_id"]; ok && !isNull(raw) {
		ext, isStr := rawString(raw)
		if !isStr {
			if n, ok := rawInt(raw); ok {
				ext = itoa(n)
			}
		}
		if i, found := st.userByExtID[strings.ToLower(strings.TrimSpace(ext))]; found && ext != "" {
			return i, true
		}
	}
	if email, ok := rawString(obj["email"]); ok {
		if i, found := st.userByEmail[strings.ToLower(strings.TrimSpace(email))]; found {
			return i, true
		}
	}
	return 0, false
}

// sendUser answers {"user":...} with the user's Location.
func (c *wcall) sendUser(status int, i int32) {
	w := c.jw()
	w.obj()
	w.key("user")
	c.st.writeUser(w, c.api, i)
	w.endObj()
	c.w.Header().Set("Location", c.api+"/users/"+itoa(c.st.users[i].id)+".json")
	c.send(status, w)
}
