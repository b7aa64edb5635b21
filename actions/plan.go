package actions

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// Plan is the exact preview of a run: what will be written, what is left alone and why,
// and the HTTP calls that will do it. Runner.Apply writes what the plan shows and nothing
// else; the whole plan (with the values before) goes into the audit log, so that a run can
// be resumed and undone from the log alone.
type Plan struct {
	ID      string  `json:"id"` // run id, e.g. "20261121-101500-set-priority-ab12cd34": sortable, unique
	Request Request `json:"request"`
	// Account is the base URL of the Zendesk account the plan was read from; Apply refuses
	// to run it against another.
	Account string `json:"account"`
	// UndoOf names the run this plan undoes ("" for an ordinary run).
	UndoOf string `json:"undo_of,omitempty"`
	// Write is how Apply writes: which Zendesk calls it makes for Changes and UserChanges.
	Write WriteKind `json:"write"`

	User  *UserSummary `json:"user,omitempty"`  // the target user, when the target is a user
	Field string       `json:"field,omitempty"` // "priority", "status", "assignee" or "group" for ticket updates

	Changes     []TicketChange `json:"changes,omitempty"`      // tickets that will be written
	UserChanges []UserChange   `json:"user_changes,omitempty"` // users that will change (written, or suspended by spam)
	Skipped     []Skip         `json:"skipped,omitempty"`      // tickets and users left alone, with the reason
	// NewTicket is the ticket create-ticket sends, exactly (the same body on a resume, as
	// Zendesk's idempotency requires).
	NewTicket *zendesk.NewTicket `json:"new_ticket,omitempty"`
	// Steps are the calls of a profile plan (Write is WriteSteps), in the order they are
	// sent, each with its exact path and body (profile_steps.go).
	Steps []Step `json:"steps,omitempty"`

	Calls         []Call    `json:"calls,omitempty"`        // the HTTP calls Apply will make
	Consequences  []string  `json:"consequences,omitempty"` // what else happens, in plain words
	Danger        bool      `json:"danger,omitempty"`
	ConfirmPhrase string    `json:"confirm_phrase,omitempty"` // what the operator types to confirm a dangerous plan
	PlannedAt     time.Time `json:"planned_at"`
}

// WriteKind says which Zendesk calls apply a plan.
type WriteKind string

const (
	WriteUpdateMany  WriteKind = "update-many"   // PUT tickets/update_many?ids=, one body per distinct after-value
	WriteUpdateEach  WriteKind = "update-each"   // PUT tickets/update_many with per-ticket bodies
	WriteDestroyMany WriteKind = "destroy-many"  // DELETE tickets/destroy_many?ids=
	WriteSpamMany    WriteKind = "spam-many"     // PUT tickets/mark_many_as_spam?ids= (UserChanges follow from it)
	WriteRestoreMany WriteKind = "restore-many"  // PUT deleted_tickets/restore_many?ids=, then PUT users/{id} for UserChanges
	WriteUsers       WriteKind = "update-users"  // PUT users/{id}, one per UserChange
	WriteCreate      WriteKind = "create-ticket" // POST tickets with an Idempotency-Key
	WriteSteps       WriteKind = "steps"         // Steps, one call each, in order (customer profiles)
)

// jobs reports whether the write goes through Zendesk background jobs.
func (w WriteKind) jobs() bool {
	switch w {
	case WriteUpdateMany, WriteUpdateEach, WriteDestroyMany, WriteSpamMany:
		return true
	}
	return false
}

// userWrites reports whether UserChanges are written by Apply (not merely a consequence).
func (w WriteKind) userWrites() bool { return w == WriteUsers || w == WriteRestoreMany }

// UserSummary is the part of a user a preview shows.
type UserSummary struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	Role      string `json:"role,omitempty"`
	Suspended bool   `json:"suspended"`
}

func summarize(u zendesk.User) *UserSummary {
	return &UserSummary{ID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role, Suspended: u.Suspended}
}

// String is "Name <email> (#id)".
func (u UserSummary) String() string {
	var b strings.Builder
	b.WriteString(u.Name)
	if u.Email != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("<" + u.Email + ">")
	}
	fmt.Fprintf(&b, " (#%d)", u.ID)
	return strings.TrimSpace(b.String())
}

// TicketChange is one ticket the run writes.
type TicketChange struct {
	ID      int64  `json:"id"`
	Subject string `json:"subject,omitempty"`
	// Before and After are for display: "normal", "Ada Agent (#12)", "(none)", "deleted".
	Before string `json:"before"`
	After  string `json:"after"`
	// BeforeValue and AfterValue are Zendesk's values of Plan.Field: a priority, a status,
	// or an id in decimal; "" is null. Undo writes BeforeValue back.
	BeforeValue string `json:"before_value"`
	AfterValue  string `json:"after_value"`
	Status      string `json:"status,omitempty"`       // the ticket's status when planned
	RequesterID int64  `json:"requester_id,omitempty"` // its requester when planned
	// Assignment is the ticket's assignee and group when planned ("assignee:group", ids,
	// "" for none), kept by assign-agent and assign-group: Zendesk can move the one when
	// the other changes, and undo puts both back.
	Assignment string `json:"assignment,omitempty"`
}

// UserChange is one user whose suspension changes.
type UserChange struct {
	ID     int64  `json:"id"`
	Email  string `json:"email,omitempty"`
	Name   string `json:"name,omitempty"`
	Before string `json:"before"` // "active" or "suspended"
	After  string `json:"after"`
	// Suspended is the value the run gives the user; SuspendedBefore the value it had.
	Suspended       bool `json:"suspended"`
	SuspendedBefore bool `json:"suspended_before"`
}

// Skip is a ticket or user the run leaves alone.
type Skip struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind,omitempty"` // "ticket" (default) or "user"
	Subject string `json:"subject,omitempty"`
	Reason  string `json:"reason"`
}

// Call is one kind of HTTP call Apply makes, Times times.
type Call struct {
	Method string `json:"method"`
	Path   string `json:"path"`           // "/api/v2/tickets/update_many"
	IDs    int    `json:"ids,omitempty"`  // ids per call, 0 when the call takes none
	Times  int    `json:"times"`          // how many such calls; 0 means "as needed" (polling)
	Body   string `json:"body,omitempty"` // the body, when it is the same for every call
	Note   string `json:"note,omitempty"` // why, or how often
}

// String renders the call the way the preview shows it:
// "PUT /api/v2/tickets/update_many?ids=<100 ids> x 3".
func (c Call) String() string {
	var b strings.Builder
	b.WriteString(c.Method + " " + c.Path)
	if c.IDs > 0 {
		fmt.Fprintf(&b, "?ids=<%s>", plural(c.IDs, "id"))
	}
	if c.Body != "" {
		b.WriteString(" " + c.Body)
	}
	if c.Times > 0 {
		fmt.Fprintf(&b, " x %d", c.Times)
	}
	if c.Note != "" {
		b.WriteString(" (" + c.Note + ")")
	}
	return b.String()
}

// Planned is how many writes the plan makes: tickets, users, or the one created ticket.
func (p *Plan) Planned() int {
	n := len(p.Changes)
	if p.Write.userWrites() {
		n += len(p.UserChanges)
	}
	if p.Write == WriteCreate {
		n = 1
	}
	if p.Write == WriteSteps {
		n = len(p.Steps)
	}
	return n
}

// Confirmed reports whether what the operator typed matches the plan's ConfirmPhrase
// (surrounding spaces and, for an email, case ignored). A plan without danger needs none.
func (p *Plan) Confirmed(typed string) bool {
	if p.ConfirmPhrase == "" {
		return true
	}
	return strings.EqualFold(strings.TrimSpace(typed), p.ConfirmPhrase)
}

// Empty reports whether applying the plan would write nothing.
func (p *Plan) Empty() bool { return p.Planned() == 0 }

// Title is a one-line description: "set-priority high on 250 tickets of Ada <ada@x> (#7)".
func (p *Plan) Title() string {
	var b strings.Builder
	if p.UndoOf != "" {
		b.WriteString("undo " + string(p.Request.Action) + " (run " + p.UndoOf + ")")
	} else {
		b.WriteString(string(p.Request.Action))
		switch p.Request.Action {
		case SetPriority:
			b.WriteString(" " + p.Request.Params.Priority)
		case SetStatus:
			b.WriteString(" " + p.Request.Params.Status)
		}
	}
	switch p.Write {
	case WriteCreate:
	case WriteSteps:
		b.WriteString(p.stepsTitle())
		return b.String()
	case WriteUsers:
		b.WriteString(" on " + plural(len(p.UserChanges), "user"))
	default:
		b.WriteString(" on " + plural(len(p.Changes), "ticket"))
	}
	if p.User == nil && p.Write == WriteCreate && p.Request.Params.Requester != nil {
		b.WriteString(" for new requester " + p.Request.Params.Requester.Email)
	}
	if p.User != nil {
		if p.Write == WriteCreate {
			b.WriteString(" for " + p.User.String())
		} else if p.Write != WriteUsers {
			b.WriteString(" of " + p.User.String())
		} else {
			b.WriteString(": " + p.User.String())
		}
	}
	return b.String()
}

// newRunID makes a sortable, unique run id: "20261121-101500-set-priority-ab12cd34".
func newRunID(now time.Time, name string) string {
	// 32 random bits: runs planned in the same second (an event file applies many a second)
	// must not share an id, or the second would be refused as already started.
	var b [4]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102-150405") + "-" + name + "-" + hex.EncodeToString(b[:])
}

// Ticket field values as the plan stores them.

func ticketValue(t zendesk.Ticket, field string) string {
	switch field {
	case "priority":
		return t.Priority
	case "status":
		return t.Status
	case "assignee":
		return idValue(t.AssigneeID)
	case "group":
		return idValue(t.GroupID)
	case "assignment":
		return idValue(t.AssigneeID) + ":" + idValue(t.GroupID)
	}
	return ""
}

func idValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// fieldUpdate is the Zendesk change that sets field to value ("" clears it).
func fieldUpdate(field, value string) (zendesk.TicketUpdate, error) {
	var u zendesk.TicketUpdate
	switch field {
	case "priority":
		u.Priority = zendesk.Ptr(value)
	case "status":
		u.Status = zendesk.Ptr(value)
	case "assignment":
		a, g, ok := strings.Cut(value, ":")
		if !ok {
			return u, fmt.Errorf("assignment value %q is not assignee:group", value)
		}
		ua, err := fieldUpdate("assignee", a)
		if err != nil {
			return u, err
		}
		ug, err := fieldUpdate("group", g)
		if err != nil {
			return u, err
		}
		u.AssigneeID, u.GroupID = ua.AssigneeID, ug.GroupID
	case "assignee", "group":
		var id int64
		if value != "" {
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n <= 0 {
				return u, fmt.Errorf("%s value %q is not an id", field, value)
			}
			id = n
		}
		if field == "assignee" {
			u.AssigneeID = zendesk.Ptr(id)
		} else {
			u.GroupID = zendesk.Ptr(id)
		}
	default:
		return u, fmt.Errorf("unknown ticket field %q", field)
	}
	return u, nil
}

// updateBody renders the body of an update_many call, for the preview.
func updateBody(u zendesk.TicketUpdate) string {
	b, err := json.Marshal(map[string]any{"ticket": u})
	if err != nil {
		return ""
	}
	return string(b)
}

func display(value string) string {
	if value == "" {
		return "(none)"
	}
	return value
}

func activeWord(suspended bool) string {
	if suspended {
		return "suspended"
	}
	return "active"
}
