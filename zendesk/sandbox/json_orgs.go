package sandbox

func (st *store) orgFields(w *jw, api string, i int32) {
	o := &st.orgs[i]
	w.kurl("url", api, "/organizations/", o.id)
	w.ki("id", o.id)
	w.ks("name", o.name)
	w.kb("shared_tickets", o.sharedTickets)
	w.kb("shared_comments", o.sharedComments)
	w.ksn("external_id", o.externalID)
	w.kt("created_at", o.createdAt)
	w.kt("updated_at", o.updatedAt)
	w.kstrs("domain_names", st.orgDomainNames(i))
	w.ksn("details", o.details)
	w.ksn("notes", o.notes)
	w.kn("group_id")
	w.kstrs("tags", st.tagSets[o.tags])
	w.key("organization_fields")
	st.writeOrgFieldValues(w, i) // profile_fields.go
}

// orgDomainNames is the organization's domain list: the one it was seeded
// with, or the list a write replaced it by.
func (st *store) orgDomainNames(i int32) []string {
	if d, ok := st.mut.prof.orgDomains[i]; ok {
		return d
	}
	if d := st.orgs[i].domain; d != "" {
		return []string{d}
	}
	return nil
}

func (st *store) writeOrg(w *jw, api string, i int32) {
	w.obj()
	st.orgFields(w, api, i)
	w.endObj()
}

// writeOrgMembership follows the reference: default is true or null, never false.
func (st *store) writeOrgMembership(w *jw, api string, i int32) {
	m := &st.orgMems[i]
	o := &st.orgs[m.org]
	w.obj()
	w.kurl("url", api, "/organization_memberships/", m.id)
	w.ki("id", m.id)
	w.ki("user_id", st.users[m.user].id)
	w.ki("organization_id", o.id)
	w.key("default")
	if m.isDefault {
		w.bool(true)
	} else {
		w.null()
	}
	w.kt("created_at", m.createdAt)
	w.ks("organization_name", o.name)
	w.kt("updated_at", m.createdAt)
	w.kb("view_tickets", o.sharedTickets)
	w.endObj()
}
