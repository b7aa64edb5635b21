package zendesk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TicketUpdate is a change to one or many tickets. Only the fields that are set are sent; a
// field set to its zero value ("" or 0) is sent as null, which clears it in Zendesk.
type TicketUpdate struct {
	ID             int64 // the ticket, for per-ticket updates (UpdateEach); ignored by UpdateMany
	Status         *string
	Priority       *string
	Type           *string
	AssigneeID     *int64
	GroupID        *int64
	AdditionalTags []string
	RemoveTags     []string
	// Subject, when set, is sent as is (a ticket always has a subject, "" included).
	Subject *string
	// Tags, when not nil, replaces the ticket's tags (an empty list removes them all).
	Tags []string
	// CustomFields sets the listed custom fields' values (nil Value clears one).
	CustomFields []CustomFieldValue
	// RequesterID moves the ticket to another requester (and that requester's organization).
	RequesterID *int64
}

// MarshalJSON sends only the set fields, with null for cleared ones.
func (u TicketUpdate) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if u.ID != 0 {
		m["id"] = u.ID
	}
	str := func(k string, v *string) {
		if v != nil {
			if *v == "" {
				m[k] = nil
			} else {
				m[k] = *v
			}
		}
	}
	id := func(k string, v *int64) {
		if v != nil {
			if *v == 0 {
				m[k] = nil
			} else {
				m[k] = *v
			}
		}
	}
	str("status", u.Status)
	str("priority", u.Priority)
	str("type", u.Type)
	id("assignee_id", u.AssigneeID)
	id("group_id", u.GroupID)
	if len(u.AdditionalTags) > 0 {
		m["additional_tags"] = u.AdditionalTags
	}
	if len(u.RemoveTags) > 0 {
		m["remove_tags"] = u.RemoveTags
	}
	if u.Subject != nil {
		m["subject"] = *u.Subject
	}
	if u.Tags != nil {
		m["tags"] = u.Tags
	}
	if len(u.CustomFields) > 0 {
		m["custom_fields"] = u.CustomFields
	}
	id("requester_id", u.RequesterID)
	return json.Marshal(m)
}

// Ptr returns a pointer to v, for the optional fields of updates.
func Ptr[T any](v T) *T { return &v }

// idsQuery renders up to ShowManyLimit ids for a bulk call, refusing more before anything
// is sent (Zendesk would answer TooManyValues).
func idsQuery(ids []int64) (url.Values, error) {
	if len(ids) == 0 {
		return nil, fmt.Errorf("no ticket ids")
	}
	if len(ids) > ShowManyLimit {
		return nil, fmt.Errorf("%d ids in one call: Zendesk takes at most %d", len(ids), ShowManyLimit)
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return url.Values{"ids": {strings.Join(parts, ",")}}, nil
}

func (s *TicketsService) bulk(ctx context.Context, method, path string, ids []int64, body any) (JobStatus, error) {
	q, err := idsQuery(ids)
	if err != nil {
		return JobStatus{}, err
	}
	var out jobAnswer
	_, err = s.c.do(ctx, request{method: method, path: path, query: q, body: body, once: true}, &out)
	return out.JobStatus, err
}

// UpdateMany applies the same change to up to 100 tickets: PUT /tickets/update_many?ids=.
// Zendesk answers with a job; poll it for the per-ticket results.
func (s *TicketsService) UpdateMany(ctx context.Context, ids []int64, change TicketUpdate) (JobStatus, error) {
	change.ID = 0
	return s.bulk(ctx, http.MethodPut, "tickets/update_many", ids, map[string]any{"ticket": change})
}

// UpdateEach applies a different change to each of up to 100 tickets (each update names its
// ticket): PUT /tickets/update_many with a tickets list.
func (s *TicketsService) UpdateEach(ctx context.Context, updates []TicketUpdate) (JobStatus, error) {
	if len(updates) == 0 || len(updates) > ShowManyLimit {
		return JobStatus{}, fmt.Errorf("%d ticket updates in one call: Zendesk takes 1 to %d", len(updates), ShowManyLimit)
	}
	for _, u := range updates {
		if u.ID == 0 {
			return JobStatus{}, fmt.Errorf("a per-ticket update without a ticket id")
		}
	}
	var out jobAnswer
	_, err := s.c.do(ctx, request{method: http.MethodPut, path: "tickets/update_many", body: map[string]any{"tickets": updates}, once: true}, &out)
	return out.JobStatus, err
}

// DestroyMany soft-deletes up to 100 tickets (restorable for 30 days): DELETE /tickets/destroy_many.
func (s *TicketsService) DestroyMany(ctx context.Context, ids []int64) (JobStatus, error) {
	return s.bulk(ctx, http.MethodDelete, "tickets/destroy_many", ids, nil)
}

// MarkManyAsSpam marks up to 100 tickets as spam, which deletes them and suspends their
// requesters: PUT /tickets/mark_many_as_spam.
func (s *TicketsService) MarkManyAsSpam(ctx context.Context, ids []int64) (JobStatus, error) {
	return s.bulk(ctx, http.MethodPut, "tickets/mark_many_as_spam", ids, nil)
}

// DeletedTicket is a soft-deleted ticket that can still be restored.
type DeletedTicket struct {
	ID            int64     `json:"id"`
	Subject       string    `json:"subject"`
	Description   string    `json:"description"`
	PreviousState string    `json:"previous_state"`
	DeletedAt     time.Time `json:"deleted_at"`
	Actor         struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"actor"`
}

// Deleted lists the soft-deleted tickets.
func (s *TicketsService) Deleted() Pages[DeletedTicket] {
	return cursorPages[DeletedTicket](s.c, "deleted_tickets", nil, "deleted_tickets")
}

// RestoreMany brings back up to 100 soft-deleted tickets: PUT /deleted_tickets/restore_many.
func (s *TicketsService) RestoreMany(ctx context.Context, ids []int64) error {
	q, err := idsQuery(ids)
	if err != nil {
		return err
	}
	_, err = s.c.do(ctx, request{method: http.MethodPut, path: "deleted_tickets/restore_many", query: q, once: true}, nil)
	return err
}

// NewTicket is a ticket to create.
type NewTicket struct {
	Subject      string             `json:"subject,omitempty"`
	Comment      Comment            `json:"comment"`
	RequesterID  int64              `json:"requester_id,omitempty"`
	Requester    *Requester         `json:"requester,omitempty"`
	Priority     string             `json:"priority,omitempty"`
	Status       string             `json:"status,omitempty"`
	Type         string             `json:"type,omitempty"`
	Tags         []string           `json:"tags,omitempty"`
	GroupID      int64              `json:"group_id,omitempty"`
	AssigneeID   int64              `json:"assignee_id,omitempty"`
	CustomFields []CustomFieldValue `json:"custom_fields,omitempty"`
}

// Comment is a ticket comment; the first one is the ticket's description.
type Comment struct {
	Body   string `json:"body"`
	Public *bool  `json:"public,omitempty"`
}

// Requester names a requester by email; Zendesk finds or creates the user.
type Requester struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email"`
}

// Created says how a ticket creation went.
type Created struct {
	Ticket Ticket
	// Replayed is set when Zendesk recognised the idempotency key and answered with the
	// ticket it created before instead of creating another.
	Replayed bool
}

// Create creates a ticket: POST /tickets with an Idempotency-Key, so that sending it again
// (after a timeout, or by a resumed run) never creates a second ticket.
func (s *TicketsService) Create(ctx context.Context, t NewTicket, idempotencyKey string) (Created, error) {
	if idempotencyKey == "" {
		return Created{}, fmt.Errorf("create ticket: an idempotency key is required")
	}
	var out struct{ Ticket Ticket }
	h, err := s.c.do(ctx, request{
		method: http.MethodPost, path: "tickets",
		body:   map[string]any{"ticket": t},
		header: http.Header{"Idempotency-Key": {idempotencyKey}},
	}, &out)
	if err != nil {
		return Created{}, fmt.Errorf("create ticket: %w", err)
	}
	return Created{Ticket: out.Ticket, Replayed: strings.EqualFold(h.Get("x-idempotency-lookup"), "hit")}, nil
}

// Update changes one ticket at once: PUT /tickets/{id}. Bulk work belongs in UpdateMany; this
// is the one-request-per-ticket way other tools take, kept for comparison and single edits.
func (s *TicketsService) Update(ctx context.Context, id int64, change TicketUpdate) (Ticket, error) {
	change.ID = 0
	var out struct{ Ticket Ticket }
	_, err := s.c.do(ctx, request{method: http.MethodPut, path: "tickets/" + strconv.FormatInt(id, 10), body: map[string]any{"ticket": change}}, &out)
	return out.Ticket, err
}
