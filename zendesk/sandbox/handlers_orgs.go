package sandbox

import (
	"slices"
	"strings"
)

func listOrgs(c *call) {
	st := c.st
	l := listing{n: len(st.orgs), id: func(pos int) int64 { return st.orgs[pos].id }}
	if deleted := st.mut.prof.deletedOrgs; len(deleted) > 0 {
		l.keep = func(pos int) bool { return !deleted[int32(pos)] }
	}
	c.serveList("organizations", "id", l, func(w *jw, pos int) { st.writeOrg(w, c.api, int32(pos)) })
}

// listOrgsOf lists organisations given as indexes in id order.
func (c *call) listOrgsOf(orgs []int32) {
	st := c.st
	l := sliceListing(orgs, func(i int32) int64 { return st.orgs[i].id })
	c.serveList("organizations", "id", l, func(w *jw, pos int) { st.writeOrg(w, c.api, orgs[pos]) })
}

func countOrgs(c *call) { c.sendCount(len(c.st.orgs) - len(c.st.mut.prof.deletedOrgs)) }

func showOrg(c *call) {
	if i, ok := c.lookupPath(c.st.orgByID); ok {
		c.one("organization", func(w *jw) { c.st.writeOrg(w, c.api, i) })
	}
}

func showManyOrgs(c *call) {
	if idx, ok := c.resolveMany(c.st.orgByID, c.st.orgByExtID); ok {
		c.sendMany("organizations", idx, func(w *jw, i int32) { c.st.writeOrg(w, c.api, i) })
	}
}

// searchOrgs matches external_id or name exactly (case-insensitive), never both.
func searchOrgs(c *call) {
	ext, byExt := c.q["external_id"]
	name, byName := c.q["name"]
	if byExt == byName {
		c.fail(errParameter("Specify either external_id or name"))
		return
	}
	index, key := c.st.orgByExtID, ""
	if byExt {
		key = ext[0]
	} else {
		index, key = c.st.orgByName, name[0]
	}
	var idx []int32
	if i, ok := index[strings.ToLower(key)]; ok {
		idx = append(idx, i)
	}
	c.sendMany("organizations", idx, func(w *jw, i int32) { c.st.writeOrg(w, c.api, i) })
}

func listOrgMembershipsOfOrg(c *call) {
	if i, ok := c.lookupPath(c.st.orgByID); ok {
		c.listOrgMems(c.st.orgs[i].members)
	}
}

// listOrgUsers relies on seeded memberships being created in user order;
// memberships added by PUT /users/{id} come last, so those lists are sorted.
func listOrgUsers(c *call) {
	i, ok := c.lookupPath(c.st.orgByID)
	if !ok {
		return
	}
	mems := c.st.orgs[i].members
	users := make([]int32, len(mems))
	for k, m := range mems {
		users[k] = c.st.orgMems[m].user
	}
	if !slices.IsSorted(users) {
		slices.Sort(users) // user indexes follow id order
	}
	c.listUsersOf(users)
}

func listOrgTickets(c *call) {
	if i, ok := c.lookupPath(c.st.orgByID); ok {
		c.listTicketsOf(c.st.orgTix[i])
	}
}

func listOrgMemberships(c *call) {
	st := c.st
	l := listing{n: len(st.orgMems), id: func(pos int) int64 { return st.orgMems[pos].id }}
	if len(st.mut.removedOrgMems) > 0 {
		l.keep = func(pos int) bool { return !st.mut.removedOrgMems[int32(pos)] }
	}
	c.serveList("organization_memberships", "id", l, func(w *jw, pos int) { st.writeOrgMembership(w, c.api, int32(pos)) })
}

func (c *call) listOrgMems(mems []int32) {
	st := c.st
	l := sliceListing(mems, func(i int32) int64 { return st.orgMems[i].id })
	c.serveList("organization_memberships", "id", l, func(w *jw, pos int) { st.writeOrgMembership(w, c.api, mems[pos]) })
}

func showOrgMembership(c *call) {
	if i, ok := c.lookupPath(c.st.orgMemByID); ok {
		c.one("organization_membership", func(w *jw) { c.st.writeOrgMembership(w, c.api, i) })
	}
}
