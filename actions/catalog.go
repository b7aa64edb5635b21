package actions

import "strings"

// ActionID names a prompt action: "set-priority", "delete-tickets", ...
type ActionID string

// The prompt actions.
const (
	CreateTicket  ActionID = "create-ticket"
	SetPriority   ActionID = "set-priority"
	SetStatus     ActionID = "set-status"
	AssignAgent   ActionID = "assign-agent"
	AssignGroup   ActionID = "assign-group"
	SuspendUser   ActionID = "suspend-user"
	RestoreUser   ActionID = "restore-user"
	DeleteTickets ActionID = "delete-tickets"
	SpamTickets   ActionID = "spam-tickets"

	// Customer profiles (planned as steps: profile_plan.go).
	UpsertUser             ActionID = "upsert-user"
	MakePrimaryEmail       ActionID = "make-primary-email"
	UpsertOrganization     ActionID = "upsert-organization"
	DeleteOrganization     ActionID = "delete-organization"
	AddToOrganization      ActionID = "add-to-organization"
	RemoveFromOrganization ActionID = "remove-from-organization"
	UpdateTicket           ActionID = "update-ticket"
	TrackEvent             ActionID = "track-event"
)

// Param names one field of Params that an action uses.
type Param string

// The parameters actions take.
const (
	ParamPriority Param = "priority"
	ParamStatus   Param = "status"
	ParamAgent    Param = "agent"
	ParamGroup    Param = "group"
	ParamSubject  Param = "subject"
	ParamBody     Param = "body"
	ParamType     Param = "type"
	ParamTags     Param = "tags"

	ParamRequester    Param = "requester"            // Params.Requester
	ParamCustomFields Param = "custom-fields"        // Params.CustomFields
	ParamProfile      Param = "profile"              // Params.Profile
	ParamOrgProfile   Param = "organization-profile" // Params.OrgProfile
	ParamOrganization Param = "organization"         // Params.Organization
	ParamEmail        Param = "email"                // Params.Email
	ParamEvent        Param = "event"                // Params.Event
)

// Spec describes an action for menus, help and confirmation.
type Spec struct {
	ID          ActionID
	Title       string
	Description string
	// Danger marks an action that destroys or locks out: it asks for a typed confirmation
	// and is hidden in read-only mode.
	Danger bool
	// Needs lists the Params fields the action uses, in the order a form asks for them.
	// Required ones are checked by Request.Validate; for create-ticket all are optional.
	Needs []Param
	// Targets says what the action can work on.
	Targets TargetKinds
	// Undo says what undoing a run of this action does, or why it cannot.
	Undo string
}

// TargetKinds says which kinds of Target an action accepts.
type TargetKinds struct {
	User    bool // one user, by id or email
	Tickets bool // a selection of ticket ids
	UserIDs bool // a selection of user ids
	// None: the action can work without a target, from its Params alone (a new user or
	// organization, a requester by email, an event's user).
	None bool
}

// Valid values of the enumerated parameters.
var (
	Priorities  = []string{"low", "normal", "high", "urgent"}
	Statuses    = []string{"open", "pending", "hold", "solved", "closed"}
	TicketTypes = []string{"question", "incident", "problem", "task"}
)

var catalog = []Spec{
	{
		ID: SetPriority, Title: "Set priority",
		Description: "Set the priority of all the user's tickets (closed tickets are left alone).",
		Needs:       []Param{ParamPriority},
		Targets:     TargetKinds{User: true, Tickets: true},
		Undo:        "Puts each ticket's previous priority back.",
	},
	{
		ID: SetStatus, Title: "Set status",
		Description: "Set the status of all the user's tickets: open, pending, hold, solved, or closed (only solved tickets can be closed).",
		Needs:       []Param{ParamStatus},
		Targets:     TargetKinds{User: true, Tickets: true},
		Undo:        "Puts each ticket's previous status back, except on tickets that are closed: Zendesk cannot reopen a closed ticket.",
	},
	{
		ID: AssignAgent, Title: "Assign to agent",
		Description: "Assign all the user's tickets to one agent.",
		Needs:       []Param{ParamAgent},
		Targets:     TargetKinds{User: true, Tickets: true},
		Undo:        "Puts each ticket's previous assignee back (or none).",
	},
	{
		ID: AssignGroup, Title: "Assign to group",
		Description: "Assign all the user's tickets to one group.",
		Needs:       []Param{ParamGroup},
		Targets:     TargetKinds{User: true, Tickets: true},
		Undo:        "Puts each ticket's previous group back (or none).",
	},
	{
		ID: SuspendUser, Title: "Suspend user", Danger: true,
		Description: "Suspend the user (or the selected users): they can no longer sign in and their new tickets are suspended.",
		Targets:     TargetKinds{User: true, UserIDs: true},
		Undo:        "Restores (unsuspends) the users the run suspended.",
	},
	{
		ID: RestoreUser, Title: "Restore user",
		Description: "Restore (unsuspend) the user or the selected users.",
		Targets:     TargetKinds{User: true, UserIDs: true},
		Undo:        "Suspends again the users the run restored.",
	},
	{
		ID: DeleteTickets, Title: "Delete tickets", Danger: true,
		Description: "Delete all the user's tickets. They stay in Deleted tickets for 30 days and can be restored from there.",
		Targets:     TargetKinds{User: true, Tickets: true},
		Undo:        "Restores the deleted tickets from Deleted tickets (possible for 30 days).",
	},
	{
		ID: SpamTickets, Title: "Mark tickets as spam", Danger: true,
		Description: "Mark all the user's tickets as spam: Zendesk deletes them and suspends their requester.",
		Targets:     TargetKinds{User: true, Tickets: true},
		Undo:        "Restores the tickets from Deleted tickets (possible for 30 days) and unsuspends the requesters who were not suspended before.",
	},
	{
		ID: CreateTicket, Title: "Create ticket",
		Description: "Create a ticket about the user (the user is the requester; the first comment is private), or for a requester given by email (found, or created by Zendesk). Subject and body default to a description of the requester; status, group, assignee and custom fields (by name, values checked against the field's options) are optional.",
		Needs:       []Param{ParamSubject, ParamBody, ParamPriority, ParamType, ParamTags, ParamStatus, ParamGroup, ParamAgent, ParamRequester, ParamCustomFields},
		Targets:     TargetKinds{User: true, None: true},
		Undo:        "Deletes the created ticket (it can be restored from Deleted tickets for 30 days).",
	},
	{
		ID: UpsertUser, Title: "Edit or create user",
		Description: "Create the user, or update the fields given (name, email, external_id, phone, time zone, tags, user fields, organizations) with POST /users/create_or_update. A new email becomes a secondary identity unless update_primary_email is set.",
		Needs:       []Param{ParamProfile},
		Targets:     TargetKinds{User: true, None: true},
		Undo:        "Writes back the values before of the fields an update changed, and reverses membership changes; a user the run created stays (Zendesk users are not deleted by an undo), and fields that were empty before cannot be emptied through create_or_update (the undo says which).",
	},
	{
		ID: MakePrimaryEmail, Title: "Make email primary",
		Description: "Make an email the user's primary one: add it as an identity if the user lacks it, then PUT .../identities/{id}/make_primary.",
		Needs:       []Param{ParamEmail},
		Targets:     TargetKinds{User: true},
		Undo:        "Makes the previous primary email primary again; an identity the run added stays as a secondary one.",
	},
	{
		ID: UpsertOrganization, Title: "Edit or create organization",
		Description: "Create the organization, or update the fields given (name, external_id, domain names, tags, details, notes, organization fields; a url goes to an organization field keyed url) with POST /organizations/create_or_update, matched by id or external_id.",
		Needs:       []Param{ParamOrgProfile},
		Targets:     TargetKinds{None: true},
		Undo:        "Writes back the values before of the fields an update changed and removes a membership the run added; an organization the run created stays.",
	},
	{
		ID: DeleteOrganization, Title: "Delete organization", Danger: true,
		Description: "Delete the organization. Zendesk removes every membership and unassigns the organization from its tickets.",
		Needs:       []Param{ParamOrganization},
		Targets:     TargetKinds{None: true},
		Undo:        "Cannot be undone: Zendesk has no way to restore a deleted organization.",
	},
	{
		ID: AddToOrganization, Title: "Add to organization",
		Description: "Add the user to an organization (POST /organization_memberships); the user's other memberships stay. Already a member counts as done.",
		Needs:       []Param{ParamOrganization},
		Targets:     TargetKinds{User: true},
		Undo:        "Removes the membership the run added (not one that already existed).",
	},
	{
		ID: RemoveFromOrganization, Title: "Remove from organization",
		Description: "Remove the user from an organization: the membership is found among all of the user's memberships and deleted. Zendesk also unassigns the organization from the user's tickets that are not closed.",
		Needs:       []Param{ParamOrganization},
		Targets:     TargetKinds{User: true},
		Undo:        "Adds the user to the organization again; the tickets Zendesk unassigned from the organization stay unassigned.",
	},
	{
		ID: UpdateTicket, Title: "Update ticket",
		Description: "Update one ticket: subject, priority, status, type, tags (replacing them), group, assignee, requester (found or created by email) and custom fields chosen by name.",
		Needs:       []Param{ParamSubject, ParamPriority, ParamStatus, ParamType, ParamTags, ParamGroup, ParamAgent, ParamRequester, ParamCustomFields},
		Targets:     TargetKinds{Tickets: true},
		Undo:        "Writes back the values before of the fields the update changed, unless the ticket was closed since.",
	},
	{
		ID: TrackEvent, Title: "Track event",
		Description: "Record an event on the user's profile (POST /users/{id}/events) with a source, type, description, properties and time.",
		Needs:       []Param{ParamEvent},
		Targets:     TargetKinds{User: true, None: true},
		Undo:        "Cannot be undone: Zendesk keeps tracked events and has no call to delete one.",
	},
}

// Catalog lists every prompt action, in menu order. The slice is a copy.
func Catalog() []Spec {
	out := make([]Spec, len(catalog))
	for i, s := range catalog {
		s.Needs = append([]Param(nil), s.Needs...)
		out[i] = s
	}
	return out
}

// Lookup finds an action by its id ("set-priority"); case and surrounding spaces are ignored.
func Lookup(id string) (Spec, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	for _, s := range Catalog() {
		if string(s.ID) == id {
			return s, true
		}
	}
	return Spec{}, false
}

// ActionIDs lists every action id, for messages and completions.
func ActionIDs() []string {
	out := make([]string, len(catalog))
	for i, s := range catalog {
		out[i] = string(s.ID)
	}
	return out
}

func (id ActionID) spec() (Spec, bool) { return Lookup(string(id)) }

// isTicketUpdate reports whether the action changes one field of tickets.
func (id ActionID) isTicketUpdate() bool {
	switch id {
	case SetPriority, SetStatus, AssignAgent, AssignGroup:
		return true
	}
	return false
}

// isTicketAction reports whether the action writes tickets (update, delete, spam).
func (id ActionID) isTicketAction() bool {
	return id.isTicketUpdate() || id == DeleteTickets || id == SpamTickets
}

// isUserAction reports whether the action writes users.
func (id ActionID) isUserAction() bool { return id == SuspendUser || id == RestoreUser }
