package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Organization memberships written through the API: POST
// /organization_memberships, DELETE /organization_memberships/{id} and
// DELETE /users/{id}/organization_memberships/{membership_id}. A user's
// memberships are kept default first, then in the order they were made.

// addOrgMember makes user u a member of organization o. The first
// membership of a user is the default one, and so is one made with
// makeDefault, which takes the default from the old one.
func (st *store) addOrgMember(u, o int32, makeDefault bool, now int64) int32 {
	mems := st.users[u].orgMembers
	isDefault := makeDefault || len(mems) == 0
	if isDefault {
		for _, m := range mems {
			st.orgMems[m].isDefault = false
		}
	}
	addOrgMembership(st, u, o, isDefault, now)
	m := int32(len(st.orgMems) - 1)
	if isDefault {
		mems = st.users[u].orgMembers
		copy(mems[1:], mems[:len(mems)-1])
		mems[0] = m
	}
	return m
}

// removeOrgMembership ends a membership as Zendesk does: the user's
// organization_id moves to the next membership (or null), and the user's
// working tickets (all but closed ones) for that organization lose it.
// Zendesk does the ticket part in a job; the sandbox does it at once.
func (st *store) removeOrgMembership(m int32, now int64) {
	mem := &st.orgMems[m]
	u, o := mem.user, mem.org
	org := &st.orgs[o]
	org.members = slices.DeleteFunc(org.members, func(k int32) bool { return k == m })
	usr := &st.users[u]
	usr.orgMembers = slices.DeleteFunc(usr.orgMembers, func(k int32) bool { return k == m })
	delete(st.orgMemByID, mem.id)
	if st.mut.removedOrgMems == nil {
		st.mut.removedOrgMems = map[int32]bool{}
	}
	st.mut.removedOrgMems[m] = true
	if mem.isDefault && len(usr.orgMembers) > 0 {
		st.orgMems[usr.orgMembers[0]].isDefault = true
	}
	mem.isDefault = false
	for _, k := range slices.Clone(st.requested[u]) {
		if t := &st.tickets[k]; t.org == o && t.status != statusClosed {
			st.orgTix[o] = removeSorted(st.orgTix[o], k)
			t.org = -1
			t.updatedAt = max(now, t.createdAt)
		}
	}
	usr.updatedAt = max(now, usr.createdAt)
}

// createOrgMembership serves POST /organization_memberships with
// {"organization_membership":{"user_id":..,"organization_id":..,"default":..}}:
// 201 with the membership and a Location header, or 422 RecordInvalid for
// an unknown user or organization and when the user is already a member.
// Zendesk's reference documents that 422 without its body; the sandbox
// answers it the way Zendesk reports a taken value.
func createOrgMembership(c *wcall) {
	obj, ok := c.bodyObject("organization_membership")
	if !ok {
		return
	}
	st := c.st
	var errs []fieldError
	ref := func(key, label string, index map[int64]int32) int32 {
		raw := obj[key]
		id, ok := rawInt(raw)
		i, found := index[id]
		switch {
		case raw == nil || isNull(raw):
			errs = append(errs, fieldError{field: key, desc: label + ": cannot be blank", code: "BlankValue"})
		case !ok || !found:
			errs = append(errs, fieldError{field: key, desc: fmt.Sprintf("%s: %s does not exist", label, strings.TrimSpace(string(raw))), code: "InvalidValue"})
		default:
			return i
		}
		return -1
	}
	u := ref("user_id", "User", st.userByID)
	o := ref("organization_id", "Organization", st.orgByID)
	makeDefault := false
	if raw, ok := obj["default"]; ok && !isNull(raw) {
		b, ok := rawBool(raw)
		if !ok {
			errs = append(errs, fieldError{field: "default", desc: "Default: " + strings.TrimSpace(string(raw)) + " is not valid", code: "InvalidValue"})
		}
		makeDefault = b
	}
	if u >= 0 && o >= 0 && slices.ContainsFunc(st.users[u].orgMembers, func(m int32) bool { return st.orgMems[m].org == o }) {
		errs = append(errs, fieldError{field: "user_id", code: "DuplicateValue",
			desc: fmt.Sprintf("User: %d is already a member of organization %d", st.users[u].id, st.orgs[o].id)})
	}
	if len(errs) > 0 {
		c.recordInvalid(errs)
		return
	}
	m := st.addOrgMember(u, o, makeDefault, c.unix())
	st.users[u].updatedAt = max(c.unix(), st.users[u].createdAt)
	w := c.jw()
	w.obj()
	w.key("organization_membership")
	st.writeOrgMembership(w, c.api, m)
	w.endObj()
	c.w.Header().Set("Location", c.api+"/organization_memberships/"+itoa(st.orgMems[m].id)+".json")
	c.send(http.StatusCreated, w)
}

// deleteOrgMembership serves DELETE /organization_memberships/{id}: 204, or
// 404 for a membership that does not exist (or no longer does).
func deleteOrgMembership(c *wcall) {
	if m, ok := c.lookupPath(c.st.orgMemByID); ok {
		c.st.removeOrgMembership(m, c.unix())
		c.w.WriteHeader(http.StatusNoContent)
	}
}

// deleteUserOrgMembership serves DELETE
// /users/{id}/organization_memberships/{membership_id}: as above, and 404
// when the membership is not the user's.
func deleteUserOrgMembership(c *wcall) {
	u, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.pathID("membership_id"), 10, 64)
	m, found := c.st.orgMemByID[id]
	if err != nil || !found || c.st.orgMems[m].user != u {
		c.fail(errRecordNotFound())
		return
	}
	c.st.removeOrgMembership(m, c.unix())
	c.w.WriteHeader(http.StatusNoContent)
}

// listUserOrgMemberships serves GET /users/{id}/organization_memberships:
// default first, which after writes need not be id order, so the cursor
// counts positions.
func listUserOrgMemberships(c *call) {
	i, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	st := c.st
	mems := st.users[i].orgMembers
	l := listing{n: len(mems), id: func(pos int) int64 { return int64(pos) }}
	c.serveList("organization_memberships", "position", l, func(w *jw, pos int) { st.writeOrgMembership(w, c.api, mems[pos]) })
}
