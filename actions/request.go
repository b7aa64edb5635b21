package actions

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// Target is what an action works on: one user (by Zendesk id or by email), or a selection.
//
// Ticket actions take a user (all the user's requested tickets) or TicketIDs (those
// tickets; with a user as well, tickets the user did not request are skipped). Suspend and
// restore take a user or UserIDs. create-ticket takes a user.
type Target struct {
	UserID    int64   `json:"user_id,omitempty"`
	UserEmail string  `json:"user_email,omitempty"`
	TicketIDs []int64 `json:"ticket_ids,omitempty"`
	UserIDs   []int64 `json:"user_ids,omitempty"`
}

// HasUser reports whether the target names a user.
func (t Target) HasUser() bool { return t.UserID != 0 || strings.TrimSpace(t.UserEmail) != "" }

// String describes the target for messages: "user 123", "user a@b.c", "7 tickets".
func (t Target) String() string {
	var parts []string
	switch {
	case t.UserID != 0 && t.UserEmail != "":
		parts = append(parts, fmt.Sprintf("user %d (%s)", t.UserID, t.UserEmail))
	case t.UserID != 0:
		parts = append(parts, fmt.Sprintf("user %d", t.UserID))
	case t.UserEmail != "":
		parts = append(parts, "user "+t.UserEmail)
	}
	if len(t.TicketIDs) > 0 {
		parts = append(parts, plural(len(t.TicketIDs), "selected ticket"))
	}
	if len(t.UserIDs) > 0 {
		parts = append(parts, plural(len(t.UserIDs), "selected user"))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// Params are the values an action writes. Each action uses only the fields its Spec.Needs
// names; Validate refuses the others, so that a typo in a script is not silently ignored.
type Params struct {
	Priority string   `json:"priority,omitempty"` // low, normal, high, urgent
	Status   string   `json:"status,omitempty"`   // open, pending, hold, solved, closed
	Type     string   `json:"type,omitempty"`     // question, incident, problem, task (create-ticket)
	Subject  string   `json:"subject,omitempty"`  // create-ticket; "" means a default
	Body     string   `json:"body,omitempty"`     // create-ticket; "" means a default
	AgentID  int64    `json:"agent_id,omitempty"` // assign-agent
	GroupID  int64    `json:"group_id,omitempty"` // assign-group
	Tags     []string `json:"tags,omitempty"`     // create-ticket

	// Customer profiles (profile_params.go). Status, GroupID and AgentID (the assignee)
	// also serve create-ticket and update-ticket.
	Requester    *zendesk.Requester   `json:"requester,omitempty"`            // create-ticket, update-ticket: the requester by email, found or created
	CustomFields map[string]any       `json:"custom_fields,omitempty"`        // create-ticket, update-ticket: ticket field title (or id) -> value
	Profile      *UserProfile         `json:"profile,omitempty"`              // upsert-user
	OrgProfile   *OrganizationProfile `json:"organization_profile,omitempty"` // upsert-organization
	Organization *OrgRef              `json:"organization,omitempty"`         // add-to-, remove-from-, delete-organization
	Email        string               `json:"email,omitempty"`                // make-primary-email
	Event        *TrackedEvent        `json:"event,omitempty"`                // track-event
}

// Request is an action to plan: what to do, to what, with which values.
type Request struct {
	Action ActionID `json:"action"`
	Target Target   `json:"target"`
	Params Params   `json:"params"`
	// Source says where the request came from when it was not typed: "events.jsonl:12".
	Source string `json:"source,omitempty"`
}

// Validate checks the request before anything is read: a known action, a target of a kind
// the action takes, and the parameters it needs, with valid values. The messages list the
// valid values.
func (r Request) Validate() error {
	spec, ok := r.Action.spec()
	if !ok {
		return fmt.Errorf("unknown action %q: valid actions are %s", r.Action, strings.Join(ActionIDs(), ", "))
	}
	if err := r.validateTarget(spec); err != nil {
		return fmt.Errorf("%s: %w", r.Action, err)
	}
	if err := r.validateParams(spec); err != nil {
		return fmt.Errorf("%s: %w", r.Action, err)
	}
	return nil
}

func (r Request) validateTarget(spec Spec) error {
	t := r.Target
	if t.UserID < 0 {
		return fmt.Errorf("user id %d is not a Zendesk id", t.UserID)
	}
	if e := strings.TrimSpace(t.UserEmail); e != "" {
		if err := CheckEmail(e); err != nil {
			return err
		}
	}
	if len(t.TicketIDs) > 0 && !spec.Targets.Tickets {
		return fmt.Errorf("works on users, not on a selection of tickets")
	}
	if len(t.UserIDs) > 0 && !spec.Targets.UserIDs {
		return fmt.Errorf("does not take a selection of users")
	}
	if len(t.UserIDs) > 0 && t.HasUser() {
		return fmt.Errorf("give either one user or a selection of users, not both")
	}
	if !t.HasUser() && len(t.TicketIDs) == 0 && len(t.UserIDs) == 0 && !spec.Targets.None {
		what := "a user (id or email)"
		switch {
		case spec.Targets.Tickets:
			what += " or a selection of tickets"
		case spec.Targets.UserIDs:
			what += " or a selection of users"
		}
		return fmt.Errorf("no target: give %s", what)
	}
	for _, id := range t.TicketIDs {
		if id <= 0 {
			return fmt.Errorf("ticket id %d is not a Zendesk id", id)
		}
	}
	for _, id := range t.UserIDs {
		if id <= 0 {
			return fmt.Errorf("user id %d is not a Zendesk id", id)
		}
	}
	return nil
}

func (r Request) validateParams(spec Spec) error {
	p := r.Params
	uses := func(q Param) bool { return slices.Contains(spec.Needs, q) }
	var unused []string
	check := func(q Param, set bool) {
		if set && !uses(q) {
			unused = append(unused, string(q))
		}
	}
	check(ParamPriority, p.Priority != "")
	check(ParamStatus, p.Status != "")
	check(ParamType, p.Type != "")
	check(ParamSubject, p.Subject != "")
	check(ParamBody, p.Body != "")
	check(ParamAgent, p.AgentID != 0)
	check(ParamGroup, p.GroupID != 0)
	check(ParamTags, len(p.Tags) > 0)
	check(ParamRequester, p.Requester != nil)
	check(ParamCustomFields, len(p.CustomFields) > 0)
	check(ParamProfile, p.Profile != nil)
	check(ParamOrgProfile, p.OrgProfile != nil)
	check(ParamOrganization, p.Organization != nil)
	check(ParamEmail, p.Email != "")
	check(ParamEvent, p.Event != nil)
	if len(unused) > 0 {
		return fmt.Errorf("does not use %s", strings.Join(unused, ", "))
	}
	switch r.Action {
	case SetPriority:
		return oneOf("priority", p.Priority, Priorities, true)
	case SetStatus:
		return oneOf("status", p.Status, Statuses, true)
	case AssignAgent:
		if p.AgentID <= 0 {
			return errors.New("no agent: give the agent's Zendesk user id")
		}
	case AssignGroup:
		if p.GroupID <= 0 {
			return errors.New("no group: give the group's Zendesk id")
		}
	case CreateTicket:
		return r.validateCreateTicketExtras()
	}
	if r.Action.isProfileAction() {
		return r.validateProfileParams()
	}
	return nil
}

// oneOf checks an enumerated value; "" passes when the value is optional.
func oneOf(name, v string, valid []string, required bool) error {
	switch {
	case v == "" && required:
		return fmt.Errorf("no %s: give one of %s", name, strings.Join(valid, ", "))
	case v == "":
		return nil
	case !slices.Contains(valid, v):
		return fmt.Errorf("%s %q is not one of %s", name, v, strings.Join(valid, ", "))
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + noun + "s"
}
