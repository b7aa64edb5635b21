package actions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// A profile plan (upsert a user or an organization, memberships, identities, a ticket
// update, a tracked event) is a short sequence of single calls, each shown exactly as it
// will be sent. A later call can need what an earlier one returns (the id of a user the
// first call creates): it names that input, and its path and body hold a placeholder until
// the earlier call has run.

// StepKind says what one step of a profile plan does.
type StepKind string

// The kinds of step, with the call each makes.
const (
	StepUpsertUser         StepKind = "upsert-user"         // POST /users/create_or_update
	StepAddIdentity        StepKind = "add-identity"        // POST /users/{id}/identities
	StepMakePrimary        StepKind = "make-primary"        // PUT /users/{id}/identities/{identity_id}/make_primary
	StepUpsertOrganization StepKind = "upsert-organization" // POST /organizations/create_or_update
	StepDeleteOrganization StepKind = "delete-organization" // DELETE /organizations/{id}
	StepAddMembership      StepKind = "add-membership"      // POST /organization_memberships
	StepRemoveMembership   StepKind = "remove-membership"   // DELETE /organization_memberships/{id}
	StepUpdateTicket       StepKind = "update-ticket"       // PUT /tickets/{id}
	StepTrackEvent         StepKind = "track-event"         // POST /users/{id}/events
)

// InputKind names an id one step hands to a later one.
type InputKind string

const (
	InputUserID         InputKind = "user id"
	InputOrganizationID InputKind = "organization id"
	InputIdentityID     InputKind = "identity id"
)

// StepInput is an id a step needs from an earlier step's outcome.
type StepInput struct {
	From  int       `json:"from"`  // the step (1-based) whose outcome holds it
	Value InputKind `json:"value"` // which id
}

// Placeholder is how the input appears in the step's path and body until it is known:
// "{user id from step 1}".
func (in StepInput) Placeholder() string {
	return fmt.Sprintf("{%s from step %d}", in.Value, in.From)
}

// Step is one call of a profile plan.
type Step struct {
	N      int      `json:"n"` // 1-based position in Plan.Steps
	Kind   StepKind `json:"kind"`
	Method string   `json:"method"`
	// Path is the request path, "/api/v2/users/123/identities", with a placeholder for an
	// input: "/api/v2/users/{user id from step 1}/identities".
	Path string `json:"path"`
	// Body is the JSON body, byte for byte what is sent; an input appears in it as its
	// placeholder, a JSON string, until it is known. Steps without a body have none.
	Body json.RawMessage `json:"body,omitempty"`
	// Inputs are the ids the step takes from earlier steps.
	Inputs []StepInput `json:"inputs,omitempty"`

	// The ids the step works on that were known when it was planned (0 for an input).
	UserID         int64 `json:"user_id,omitempty"`
	OrganizationID int64 `json:"organization_id,omitempty"`
	IdentityID     int64 `json:"identity_id,omitempty"`
	MembershipID   int64 `json:"membership_id,omitempty"`
	TicketID       int64 `json:"ticket_id,omitempty"`

	// Subject names what the step writes: "Ada Lovelace <ada@example.com> (#12)",
	// "organization Acme (#9)", "new user ada@example.com".
	Subject string `json:"subject,omitempty"`
	// Match says how Zendesk finds the record a create_or_update writes ("external_id
	// ext-42"); Creates is set when planning found none, so Zendesk will create it.
	Match   string `json:"match,omitempty"`
	Creates bool   `json:"creates,omitempty"`
	// Changes are the fields the step changes, with their values before: the preview shows
	// them and undo writes the before-values back.
	Changes []FieldChange `json:"changes,omitempty"`
	// PrimaryBefore is, for make-primary, the identity that was primary before (undo makes
	// it primary again); PrimaryBeforeValue its email.
	PrimaryBefore      int64  `json:"primary_before,omitempty"`
	PrimaryBeforeValue string `json:"primary_before_value,omitempty"`
	Note               string `json:"note,omitempty"`
	Danger             bool   `json:"danger,omitempty"` // the step destroys something
}

// FieldChange is one field a step changes. Before and After are JSON values; Before is
// null for a field that had no value.
type FieldChange struct {
	Field  string          `json:"field"` // "name", "phone", "tags", "user_fields.plan", "custom_fields.Product"
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
	// FieldID is the ticket field's id, for a ticket's custom field.
	FieldID int64 `json:"field_id,omitempty"`
}

// String is "name: Ada → Ada Lovelace".
func (c FieldChange) String() string {
	return c.Field + ": " + shownJSON(c.Before) + " → " + shownJSON(c.After)
}

// shownJSON renders a JSON value for people: strings without quotes, null as (none).
func shownJSON(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == "[]" {
		return "(none)"
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// Call is the step as the preview lists it.
func (s Step) Call() Call {
	return Call{Method: s.Method, Path: s.Path, Times: 1, Body: string(s.Body), Note: s.Note}
}

// String is one line for a preview: "2. POST /api/v2/organization_memberships {...}".
func (s Step) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d. %s %s", s.N, s.Method, s.Path)
	if len(s.Body) > 0 {
		b.WriteString(" " + string(s.Body))
	}
	return b.String()
}

// Describe says what the step will do in words: "update user Ada (#12): name, phone".
func (s Step) Describe() string {
	fields := make([]string, len(s.Changes))
	for i, c := range s.Changes {
		fields[i] = c.Field
	}
	what := s.Subject
	switch s.Kind {
	case StepUpsertUser, StepUpsertOrganization:
		verb := "update "
		if s.Creates {
			verb = "create "
		}
		if len(fields) > 0 && !s.Creates {
			return verb + what + ": " + strings.Join(fields, ", ")
		}
		return verb + what
	case StepAddIdentity:
		return "add " + s.changedTo() + " as an email of " + what
	case StepMakePrimary:
		return "make " + s.changedTo() + " the primary email of " + what
	case StepDeleteOrganization:
		return "delete " + what
	case StepAddMembership:
		return "add " + what
	case StepRemoveMembership:
		return "remove " + what
	case StepUpdateTicket:
		return "update " + what + ": " + strings.Join(fields, ", ")
	case StepTrackEvent:
		return "track " + what + " on the user"
	}
	return string(s.Kind) + " " + what
}

// changedTo is the value the step's first change writes, for its description.
func (s Step) changedTo() string {
	if len(s.Changes) == 0 {
		return "an address"
	}
	return shownJSON(s.Changes[0].After)
}

// StepOutcome is how one step went: what Zendesk answered and the ids it returned.
type StepOutcome struct {
	N     int          `json:"n"`
	Kind  StepKind     `json:"kind"`
	State OutcomeState `json:"state"`
	// Created is set when Zendesk created a record (201 from create_or_update).
	Created bool `json:"created,omitempty"`
	// The ids the step wrote or produced: the user an upsert matched or created, the new
	// identity, the organization, the membership, the ticket.
	UserID         int64 `json:"user_id,omitempty"`
	OrganizationID int64 `json:"organization_id,omitempty"`
	IdentityID     int64 `json:"identity_id,omitempty"`
	MembershipID   int64 `json:"membership_id,omitempty"`
	TicketID       int64 `json:"ticket_id,omitempty"`
	// Reason is Zendesk's error (failed) or what is not known (unknown).
	Reason string `json:"reason,omitempty"`
	// Note tells what else happened: "already a member", "sent again after an unknown outcome".
	Note string `json:"note,omitempty"`
	// AlreadyDone is set when Zendesk said the write was already in place (a membership that
	// existed, a membership or organization already gone): the step wrote nothing itself.
	AlreadyDone bool `json:"already_done,omitempty"`
	// Resent is set when the step was sent again by a resumed run after an unknown outcome.
	Resent bool `json:"resent,omitempty"`

	err error // the error behind a failure, for the runner (not recorded)
}

// input reads the id an outcome hands on.
func (o StepOutcome) input(k InputKind) int64 {
	switch k {
	case InputUserID:
		return o.UserID
	case InputOrganizationID:
		return o.OrganizationID
	case InputIdentityID:
		return o.IdentityID
	}
	return 0
}

// Summary says what a step did in a few words: "updated user #12 (name, phone)", "added
// to organization #9", "failed: ...".
func (s Step) Summary(o StepOutcome) string {
	switch o.State {
	case Failed:
		return "failed: " + o.Reason
	case Unknown:
		if o.Reason != "" {
			return "outcome unknown (" + o.Reason + ")"
		}
		return "outcome unknown"
	}
	var fields []string
	for _, c := range s.Changes {
		fields = append(fields, c.Field)
	}
	list := ""
	if len(fields) > 0 {
		list = " (" + strings.Join(fields, ", ") + ")"
	}
	var out string
	switch s.Kind {
	case StepUpsertUser:
		if o.Created {
			out = fmt.Sprintf("created user #%d", o.UserID)
		} else {
			out = fmt.Sprintf("updated user #%d%s", o.UserID, list)
		}
	case StepUpsertOrganization:
		if o.Created {
			out = fmt.Sprintf("created organization #%d", o.OrganizationID)
		} else {
			out = fmt.Sprintf("updated organization #%d%s", o.OrganizationID, list)
		}
	case StepAddIdentity:
		out = fmt.Sprintf("added email identity #%d", o.IdentityID)
	case StepMakePrimary:
		out = fmt.Sprintf("made identity #%d the primary email", o.IdentityID)
	case StepDeleteOrganization:
		out = fmt.Sprintf("deleted organization #%d", o.OrganizationID)
	case StepAddMembership:
		out = fmt.Sprintf("added to organization #%d", o.OrganizationID)
	case StepRemoveMembership:
		out = fmt.Sprintf("removed from organization #%d", o.OrganizationID)
	case StepUpdateTicket:
		out = fmt.Sprintf("updated ticket #%d%s", o.TicketID, list)
	case StepTrackEvent:
		out = fmt.Sprintf("tracked event %s on user #%d", s.Subject, o.UserID)
	default:
		out = string(s.Kind) + " done"
	}
	if o.Note != "" {
		out += " [" + o.Note + "]"
	}
	return out
}

// stepCalls lists a step plan's calls for Plan.Calls.
func stepCalls(steps []Step) []Call {
	out := make([]Call, len(steps))
	for i, s := range steps {
		out[i] = s.Call()
	}
	return out
}

// placeholderID stands for an input while a body is encoded (the k-th input of a body as
// placeholderMarker(k)); it is then replaced by the input's placeholder. No Zendesk id is
// negative, so it cannot be confused with one.
const placeholderID int64 = -7_000_000_000_000_000_001

func placeholderMarker(k int) int64 { return placeholderID - int64(k) }

// withPlaceholders replaces each input's marker in an encoded body by the input's
// placeholder. Each marker must appear exactly once.
func withPlaceholders(body []byte, inputs []StepInput) ([]byte, error) {
	for k, in := range inputs {
		marker := []byte(strconv.FormatInt(placeholderMarker(k), 10))
		if n := bytes.Count(body, marker); n != 1 {
			return nil, fmt.Errorf("encode a step body: the %s appears %d times, want once (a value looks like zdops' marker %s)", in.Value, n, marker)
		}
		body = bytes.Replace(body, marker, []byte(strconv.Quote(in.Placeholder())), 1)
	}
	return body, nil
}

// checkNoPlaceholderText refuses a body whose data holds one of the step's placeholders as
// a value: the runner, which puts the ids in their place, could not tell it from the real one.
func checkNoPlaceholderText(body []byte, inputs []StepInput) error {
	want := map[StepInput]int{}
	for _, in := range inputs {
		want[in]++
	}
	for in, n := range want {
		if bytes.Count(body, []byte(strconv.Quote(in.Placeholder()))) != n {
			return fmt.Errorf("a value contains the text %q, which zdops uses for ids not known yet: change the value", in.Placeholder())
		}
	}
	return nil
}
