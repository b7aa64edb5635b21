package sandbox

import (
	"slices"
	"strings"
)

func (c *call) userListing() listing {
	st := c.st
	return listing{n: len(st.users), id: func(pos int) int64 { return st.users[pos].id }}
}

// userFilter reads the list filters of GET /users and /users/count:
// role=, role[]= (repeatable) and external_id=. An unknown role matches nobody.
func (c *call) userFilter() func(pos int) bool {
	st := c.st
	var roles uint8
	filtered := false
	for _, key := range []string{"role", "role[]"} {
		for _, v := range c.q[key] {
			filtered = true
			if r, ok := parseRole(v); ok {
				roles |= 1 << r
			}
		}
	}
	ext, byExt := c.q["external_id"]
	if !filtered && !byExt {
		return nil
	}
	target := int32(-1)
	if byExt {
		if i, ok := st.userByExtID[strings.ToLower(ext[0])]; ok {
			target = i
		}
	}
	return func(pos int) bool {
		if filtered && roles&(1<<st.users[pos].role) == 0 {
			return false
		}
		return !byExt || int32(pos) == target
	}
}

func (c *call) writeUserAt(w *jw, pos int) { c.st.writeUser(w, c.api, int32(pos)) }

func listUsers(c *call) {
	l := c.userListing()
	l.keep = c.userFilter()
	c.serveList("users", "id", l, c.writeUserAt)
}

func countUsers(c *call) {
	l := c.userListing()
	l.keep = c.userFilter()
	c.sendCount(countKept(l))
}

// showMe answers for the authenticated user: both credentials belong to the
// sandbox admin. Zendesk adds the user's CSRF authenticity_token here
// (recorded in TestUserMe.test_users_me; CurrentUserResponse in the spec);
// the sandbox checks no CSRF token, so a fixed one stands in.
func showMe(c *call) {
	c.one("user", func(w *jw) {
		w.obj()
		c.st.userFields(w, c.api, 0)
		w.ks("authenticity_token", "sandbox-authenticity-token")
		w.endObj()
	})
}

func showUser(c *call) {
	if i, ok := c.lookupPath(c.st.userByID); ok {
		c.one("user", func(w *jw) { c.st.writeUser(w, c.api, i) })
	}
}

func showManyUsers(c *call) {
	if idx, ok := c.resolveMany(c.st.userByID, c.st.userByExtID); ok {
		c.sendMany("users", idx, func(w *jw, i int32) { c.st.writeUser(w, c.api, i) })
	}
}

func showUserRelated(c *call) {
	if i, ok := c.lookupPath(c.st.userByID); ok {
		w := c.jw()
		c.st.writeUserRelated(w, i)
		c.send(200, w)
	}
}

// listUserIdentities supports the type[] filter (email, phone_number).
// Identities are listed primary first, which after make_primary need not be
// id order, so the cursor counts positions.
func listUserIdentities(c *call) {
	i, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	st := c.st
	ids := st.users[i].identities
	l := listing{n: len(ids), id: func(pos int) int64 { return int64(pos) }}
	if types := c.q["type[]"]; len(types) > 0 {
		l.keep = func(pos int) bool {
			kind := "email"
			if st.identities[ids[pos]].kind == identityPhone {
				kind = "phone_number"
			}
			return slices.Contains(types, kind)
		}
	}
	c.serveList("identities", "position", l, func(w *jw, pos int) { st.writeIdentity(w, c.api, ids[pos]) })
}

func listUserGroupMemberships(c *call) {
	if i, ok := c.lookupPath(c.st.userByID); ok {
		c.listGroupMems(c.st.users[i].groupMems)
	}
}

func listUserOrgs(c *call) {
	i, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	var orgs []int32
	for _, m := range c.st.users[i].orgMembers {
		orgs = append(orgs, c.st.orgMems[m].org)
	}
	slices.Sort(orgs) // organisation indexes follow id order
	c.listOrgsOf(orgs)
}

func listUserGroups(c *call) {
	i, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	var groups []int32
	for _, m := range c.st.users[i].groupMems {
		groups = append(groups, c.st.groupMems[m].group)
	}
	slices.Sort(groups)
	c.listGroupsOf(groups)
}

// userTickets serves /users/{id}/tickets/{requested,assigned,ccd} from the
// per-user index, so a user's 20,000th ticket costs what the first did.
func userTickets(index func(st *store) [][]int32) func(c *call) {
	return func(c *call) {
		if i, ok := c.lookupPath(c.st.userByID); ok {
			c.listTicketsOf(index(c.st)[i])
		}
	}
}

// listUsersOf lists users given as indexes in id order.
func (c *call) listUsersOf(users []int32) {
	st := c.st
	l := sliceListing(users, func(i int32) int64 { return st.users[i].id })
	c.serveList("users", "id", l, func(w *jw, pos int) { st.writeUser(w, c.api, users[pos]) })
}

func searchUsers(c *call) {
	st := c.st
	if ext, ok := c.q["external_id"]; ok {
		var idx []int32
		if i, found := st.userByExtID[strings.ToLower(ext[0])]; found {
			idx = append(idx, i)
		}
		c.sendMany("users", idx, func(w *jw, i int32) { st.writeUser(w, c.api, i) })
		return
	}
	p, e := parseOffsetPaging(c.q)
	if e != nil {
		c.fail(e)
		return
	}
	q := parseQuery(c.q.Get("query"))
	q.types = typeUser
	hits := runSearch(st, q)
	c.sendSearchPage("users", p, hits, func(w *jw, h hit) { st.writeUser(w, c.api, h.idx) })
}
