package sandbox

func listGroups(c *call) {
	st := c.st
	l := listing{n: len(st.groups), id: func(pos int) int64 { return st.groups[pos].id }}
	c.serveList("groups", "id", l, func(w *jw, pos int) { st.writeGroup(w, c.api, int32(pos)) })
}

// listGroupsOf lists groups given as indexes in id order.
func (c *call) listGroupsOf(groups []int32) {
	st := c.st
	l := sliceListing(groups, func(i int32) int64 { return st.groups[i].id })
	c.serveList("groups", "id", l, func(w *jw, pos int) { st.writeGroup(w, c.api, groups[pos]) })
}

func countGroups(c *call) { c.sendCount(len(c.st.groups)) }

func showGroup(c *call) {
	if i, ok := c.lookupPath(c.st.groupByID); ok {
		c.one("group", func(w *jw) { c.st.writeGroup(w, c.api, i) })
	}
}

func listGroupMembershipsOfGroup(c *call) {
	if i, ok := c.lookupPath(c.st.groupByID); ok {
		c.listGroupMems(c.st.groups[i].members)
	}
}

// listGroupUsers relies on memberships being created in user order, so the
// members' users are already in id order.
func listGroupUsers(c *call) {
	i, ok := c.lookupPath(c.st.groupByID)
	if !ok {
		return
	}
	mems := c.st.groups[i].members
	users := make([]int32, len(mems))
	for k, m := range mems {
		users[k] = c.st.groupMems[m].user
	}
	c.listUsersOf(users)
}

func listGroupMemberships(c *call) {
	st := c.st
	l := listing{n: len(st.groupMems), id: func(pos int) int64 { return st.groupMems[pos].id }}
	c.serveList("group_memberships", "id", l, func(w *jw, pos int) { st.writeGroupMembership(w, c.api, int32(pos)) })
}

func (c *call) listGroupMems(mems []int32) {
	st := c.st
	l := sliceListing(mems, func(i int32) int64 { return st.groupMems[i].id })
	c.serveList("group_memberships", "id", l, func(w *jw, pos int) { st.writeGroupMembership(w, c.api, mems[pos]) })
}

func showGroupMembership(c *call) {
	if i, ok := c.lookupPath(c.st.groupMemByID); ok {
		c.one("group_membership", func(w *jw) { c.st.writeGroupMembership(w, c.api, i) })
	}
}
