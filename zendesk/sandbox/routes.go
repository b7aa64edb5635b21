package sandbox

import "net/http"

// routes maps the Support API paths the sandbox serves. The pattern strings
// double as the keys of Stats.ByRoute.
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	get := func(path string, h func(c *call)) { m.HandleFunc("GET /api/v2"+path, s.handle(h)) }

	get("/users", listUsers)
	get("/users/count", countUsers)
	get("/users/me", showMe)
	get("/users/show_many", showManyUsers)
	get("/users/search", searchUsers)
	get("/users/{id}", showUser)
	get("/users/{id}/related", showUserRelated)
	get("/users/{id}/identities", listUserIdentities)
	get("/users/{id}/organization_memberships", listUserOrgMemberships)
	get("/users/{id}/group_memberships", listUserGroupMemberships)
	get("/users/{id}/organizations", listUserOrgs)
	get("/users/{id}/groups", listUserGroups)
	get("/users/{id}/tickets/requested", userTickets(func(st *store) [][]int32 { return st.requested }))
	get("/users/{id}/tickets/assigned", userTickets(func(st *store) [][]int32 { return st.assigned }))
	get("/users/{id}/tickets/ccd", userTickets(func(st *store) [][]int32 { return st.ccd }))

	get("/tickets", listTickets)
	get("/tickets/count", countTickets)
	get("/tickets/show_many", showManyTickets)
	get("/tickets/{id}", showTicket)

	get("/groups", listGroups)
	get("/groups/count", countGroups)
	get("/groups/assignable", listGroups)
	get("/groups/{id}", showGroup)
	get("/groups/{id}/memberships", listGroupMembershipsOfGroup)
	get("/groups/{id}/users", listGroupUsers)
	get("/group_memberships", listGroupMemberships)
	get("/group_memberships/{id}", showGroupMembership)

	get("/organizations", listOrgs)
	get("/organizations/count", countOrgs)
	get("/organizations/show_many", showManyOrgs)
	get("/organizations/search", searchOrgs)
	get("/organizations/{id}", showOrg)
	get("/organizations/{id}/organization_memberships", listOrgMembershipsOfOrg)
	get("/organizations/{id}/users", listOrgUsers)
	get("/organizations/{id}/tickets", listOrgTickets)
	get("/organization_memberships", listOrgMemberships)
	get("/organization_memberships/{id}", showOrgMembership)

	get("/ticket_fields", listTicketFields)
	get("/ticket_fields/{id}", showTicketField)

	get("/search", search)
	get("/search/count", searchCount)

	// Customer profiles: custom fields and events (profile_fields.go, user_events.go).
	get("/user_fields", listFields(userFieldSet))
	get("/user_fields/{id}", showField(userFieldSet))
	get("/organization_fields", listFields(orgFieldSet))
	get("/organization_fields/{id}", showField(orgFieldSet))
	get("/users/{id}/events", listUserEvents)

	// Writes, jobs and deleted tickets (handlers_writes.go and friends).
	write := func(method, path string, h func(c *wcall)) { m.HandleFunc(method+" /api/v2"+path, s.handleWrite(h)) }
	job := func(method, path string, h func(c *wcall)) { m.HandleFunc(method+" /api/v2"+path, s.handleJobWrite(h)) }
	timed := func(path string, h func(c *wcall)) { m.HandleFunc("GET /api/v2"+path, s.handleTimed(h)) }
	write("POST", "/tickets", createTicket)
	job("PUT", "/tickets/update_many", updateManyTickets)
	write("PUT", "/tickets/{id}", updateTicket)
	job("DELETE", "/tickets/destroy_many", destroyManyTickets)
	job("PUT", "/tickets/mark_many_as_spam", markManyTicketsAsSpam)
	get("/deleted_tickets", listDeletedTickets)
	write("PUT", "/deleted_tickets/restore_many", restoreManyDeletedTickets)
	write("PUT", "/deleted_tickets/{id}/restore", restoreDeletedTicket)
	write("PUT", "/users/{id}", updateUser)

	// Customer profile writes: upserts, identities, organization memberships, events.
	write("POST", "/users/create_or_update", createOrUpdateUser)
	write("POST", "/users/{id}/identities", addUserIdentity)
	write("PUT", "/users/{id}/identities/{identity_id}/make_primary", makeIdentityPrimary)
	write("POST", "/organization_memberships", createOrgMembership)
	write("DELETE", "/organization_memberships/{id}", deleteOrgMembership)
	write("DELETE", "/users/{id}/organization_memberships/{membership_id}", deleteUserOrgMembership)
	write("POST", "/organizations/create_or_update", createOrUpdateOrg)
	write("DELETE", "/organizations/{id}", deleteOrg)
	write("POST", "/users/{id}/events", trackUserEvent)
	timed("/job_statuses", listJobStatuses)
	timed("/job_statuses/show_many", showManyJobStatuses)
	timed("/job_statuses/{id}", showJobStatus)
	return m
}
