package sandbox

import "strconv"

// adminRoleID is the custom_role_id Zendesk shows on admins.
var adminRoleID = seqID(roleIDBase, 0)

// userFields writes a user's keys in Zendesk's order (taken from recorded
// responses), with null wherever Zendesk sends null.
func (st *store) userFields(w *jw, api string, i int32) {
	u := &st.users[i]
	staff := u.role != roleEndUser
	w.ki("id", u.id)
	w.kurl("url", api, "/users/", u.id)
	w.ks("name", u.name)
	w.ksn("email", u.email) // null for a user created without one
	w.kt("created_at", u.createdAt)
	w.kt("updated_at", u.updatedAt)
	tz := timeZones[u.zone]
	w.ks("time_zone", tz.name)
	w.ks("iana_time_zone", tz.iana)
	w.ksn("phone", u.phone)
	w.key("shared_phone_number")
	if u.phone == "" {
		w.null()
	} else {
		w.bool(false)
	}
	w.kn("photo")
	loc := locales[u.locale]
	w.ki("locale_id", loc.id)
	w.ks("locale", loc.tag)
	if len(u.orgMembers) > 0 {
		w.ki("organization_id", st.orgs[st.orgMems[u.orgMembers[0]].org].id)
	} else {
		w.kn("organization_id")
	}
	w.ks("role", roleNames[u.role])
	w.kb("verified", u.verified)
	w.ksn("external_id", u.externalID)
	w.kstrs("tags", st.tagSets[u.tags])
	w.kn("alias")
	w.kb("active", true)
	w.kb("shared", false)
	w.kb("shared_agent", false)
	w.ktn("last_login_at", u.lastLoginAt)
	w.key("two_factor_auth_enabled")
	if staff {
		w.null()
	} else {
		w.bool(false)
	}
	w.ksn("signature", u.signature)
	w.ksn("details", u.details)
	w.ksn("notes", u.notes)
	if u.role == roleAdmin {
		w.ki("role_type", 4)
		w.ki("custom_role_id", adminRoleID)
	} else {
		w.kn("role_type")
		w.kn("custom_role_id")
	}
	w.kb("moderator", u.role == roleAdmin)
	if staff {
		w.kn("ticket_restriction")
	} else {
		w.ks("ticket_restriction", "requested")
	}
	w.kb("only_private_comments", false)
	w.kb("restricted_agent", !staff)
	w.kb("suspended", u.suspended)
	if u.defGroup >= 0 {
		w.ki("default_group_id", st.groups[u.defGroup].id)
	} else {
		w.kn("default_group_id")
	}
	w.kb("report_csv", u.role == roleAdmin)
	w.key("user_fields")
	st.writeUserFieldValues(w, i) // profile_fields.go
}

func (st *store) writeUser(w *jw, api string, i int32) {
	w.obj()
	st.userFields(w, api, i)
	w.endObj()
}

// writeAnonymousUser is what Zendesk answers on /users/me to a request with
// no credentials at all: a 200 with a user whose id is null.
func writeAnonymousUser(w *jw) {
	w.obj()
	w.kn("id")
	w.kn("url")
	w.ks("name", "Anonymous user")
	w.ks("email", "invalid@example.com")
	w.kn("created_at")
	w.kn("updated_at")
	w.ks("time_zone", timeZones[0].name)
	w.ks("iana_time_zone", timeZones[0].iana)
	w.kn("phone")
	w.kn("shared_phone_number")
	w.kn("photo")
	w.ki("locale_id", locales[0].id)
	w.ks("locale", locales[0].tag)
	w.kn("organization_id")
	w.ks("role", "end-user")
	w.kb("verified", false)
	w.kn("external_id")
	w.kempty("tags")
	w.kn("alias")
	w.kb("active", true)
	w.kb("shared", false)
	w.kb("shared_agent", false)
	w.kn("last_login_at")
	w.kb("two_factor_auth_enabled", false)
	w.kn("signature")
	w.kn("details")
	w.kn("notes")
	w.kn("role_type")
	w.kn("custom_role_id")
	w.kb("moderator", false)
	w.ks("ticket_restriction", "requested")
	w.kb("only_private_comments", false)
	w.kb("restricted_agent", true)
	w.kb("suspended", false)
	w.kn("default_group_id")
	w.kb("report_csv", false)
	w.key("user_fields")
	w.obj()
	w.endObj()
	w.endObj()
}

func (st *store) writeIdentity(w *jw, api string, i int32) {
	id := &st.identities[i]
	u := &st.users[id.user]
	w.obj()
	w.kurl("url", api, "/users/"+itoa(u.id)+"/identities/", id.id)
	w.ki("id", id.id)
	w.ki("user_id", u.id)
	if id.kind == identityPhone {
		w.ks("type", "phone_number")
	} else {
		w.ks("type", "email")
	}
	w.ks("value", id.value)
	w.kb("verified", id.verified)
	w.kb("primary", id.primary)
	w.kt("created_at", id.createdAt)
	w.kt("updated_at", id.createdAt)
	w.ki("undeliverable_count", 0)
	if id.kind == identityEmail {
		w.ks("deliverable_state", "deliverable")
	}
	if id.verified {
		w.ks("verification_method", "full")
	} else {
		w.ks("verification_method", "none")
	}
	w.endObj()
}

func (st *store) writeUserRelated(w *jw, i int32) {
	w.obj()
	w.key("user_related")
	w.obj()
	w.ki("assigned_tickets", int64(len(st.assigned[i])))
	w.ki("requested_tickets", int64(len(st.requested[i])))
	w.ki("ccd_tickets", int64(len(st.ccd[i])))
	w.ki("organization_subscriptions", 0)
	w.endObj()
	w.endObj()
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
