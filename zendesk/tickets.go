package zendesk

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Ticket is a Zendesk support ticket. Absent ids read as 0 and absent strings as "".
type Ticket struct {
	ID              int64              `json:"id"`
	URL             string             `json:"url"`
	ExternalID      string             `json:"external_id"`
	Subject         string             `json:"subject"`
	RawSubject      string             `json:"raw_subject"`
	Description     string             `json:"description"`
	Status          string             `json:"status"`   // new, open, pending, hold, solved, closed
	Priority        string             `json:"priority"` // low, normal, high, urgent or ""
	Type            string             `json:"type"`     // question, incident, problem, task or ""
	RequesterID     int64              `json:"requester_id"`
	SubmitterID     int64              `json:"submitter_id"`
	AssigneeID      int64              `json:"assignee_id"`
	GroupID         int64              `json:"group_id"`
	OrganizationID  int64              `json:"organization_id"`
	BrandID         int64              `json:"brand_id"`
	TicketFormID    int64              `json:"ticket_form_id"`
	ProblemID       int64              `json:"problem_id"`
	CollaboratorIDs []int64            `json:"collaborator_ids"`
	FollowerIDs     []int64            `json:"follower_ids"`
	Tags            []string           `json:"tags"`
	CustomFields    []CustomFieldValue `json:"custom_fields"`
	Via             Via                `json:"via"`
	IsPublic        bool               `json:"is_public"`
	HasIncidents    bool               `json:"has_incidents"`
	DueAt           *time.Time         `json:"due_at"`
	CreatedAt       time.Time          `json:"created_at"`
	UpdatedAt       time.Time          `json:"updated_at"`
}

// CustomFieldValue is a ticket's value for one ticket field: a string, a bool, a number, a
// list of option tags (multiselect) or nil.
type CustomFieldValue struct {
	ID    int64 `json:"id"`
	Value any   `json:"value"`
}

// Via says how a ticket came in.
type Via struct {
	Channel string `json:"channel"`
}

// TicketsService reads tickets.
type TicketsService struct{ c *Client }

// List lists every ticket in the account, oldest first. (Archived tickets are not listed
// here; Requested lists them.)
func (s *TicketsService) List() Pages[Ticket] {
	return cursorPages[Ticket](s.c, "tickets", nil, "tickets")
}

// Get reads one ticket.
func (s *TicketsService) Get(ctx context.Context, id int64) (Ticket, error) {
	return getRecord[Ticket](ctx, s.c, "tickets/"+strconv.FormatInt(id, 10), "ticket")
}

// ShowMany reads tickets by id, 100 per request.
func (s *TicketsService) ShowMany(ctx context.Context, ids []int64) ([]Ticket, error) {
	return showMany[Ticket](ctx, s.c, "tickets/show_many", "tickets", ids)
}

// Requested lists the tickets a user requested, archived ones included, with no cap on
// their number: the list bulk actions work from.
func (s *TicketsService) Requested(userID int64) Pages[Ticket] {
	return cursorPages[Ticket](s.c, fmt.Sprintf("users/%d/tickets/requested", userID), nil, "tickets")
}

// Assigned lists the tickets assigned to an agent.
func (s *TicketsService) Assigned(userID int64) Pages[Ticket] {
	return cursorPages[Ticket](s.c, fmt.Sprintf("users/%d/tickets/assigned", userID), nil, "tickets")
}

// OfOrganization lists an organization's tickets.
func (s *TicketsService) OfOrganization(orgID int64) Pages[Ticket] {
	return cursorPages[Ticket](s.c, fmt.Sprintf("organizations/%d/tickets", orgID), nil, "tickets")
}
