package sandbox

func (st *store) groupFields(w *jw, api string, i int32) {
	g := &st.groups[i]
	w.kurl("url", api, "/groups/", g.id)
	w.ki("id", g.id)
	w.kb("is_public", g.isPublic)
	w.ks("name", g.name)
	w.ks("description", g.description)
	w.kb("default", g.isDefault)
	w.kb("deleted", false)
	w.kt("created_at", g.createdAt)
	w.kt("updated_at", g.updatedAt)
}

func (st *store) writeGroup(w *jw, api string, i int32) {
	w.obj()
	st.groupFields(w, api, i)
	w.endObj()
}

func (st *store) writeGroupMembership(w *jw, api string, i int32) {
	m := &st.groupMems[i]
	w.obj()
	w.kurl("url", api, "/group_memberships/", m.id)
	w.ki("id", m.id)
	w.ki("user_id", st.users[m.user].id)
	w.ki("group_id", st.groups[m.group].id)
	w.kb("default", m.isDefault)
	w.kt("created_at", m.createdAt)
	w.kt("updated_at", m.createdAt)
	w.endObj()
}
