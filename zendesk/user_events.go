package zendesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// UserEvent is the body of POST /users/{id}/events (the Events API): the profile that says
// who, in the source system, did it, and the event.
type UserEvent struct {
	Profile EventProfile `json:"profile"`
	Event   Event        `json:"event"`
}

// EventProfile identifies the person in the system the event comes from.
type EventProfile struct {
	Source      string            `json:"source"`
	Type        string            `json:"type"`
	Identifiers []EventIdentifier `json:"identifiers"`
}

// EventIdentifier is one way the source system knows the person.
type EventIdentifier struct {
	Type  string `json:"type"` // email, phone_number, external_id
	Value string `json:"value"`
}

// Event is something a person did in another system.
type Event struct {
	ID          string         `json:"id,omitempty"` // set by Zendesk on reads
	Source      string         `json:"source"`
	Type        string         `json:"type"`
	Description string         `json:"description,omitempty"`
	Properties  map[string]any `json:"properties"`
	CreatedAt   *time.Time     `json:"created_at,omitempty"`
	ReceivedAt  *time.Time     `json:"received_at,omitempty"` // reads only
}

// TrackEvent stores an event for a user: POST /users/{id}/events, which answers 202. What
// Zendesk would refuse is refused before sending: a missing profile source, type or
// identifier, a missing event source or type, and the source "zendesk", which Zendesk keeps
// for its own events. Nil Properties are sent as {}. The call is sent once.
func (s *UsersService) TrackEvent(ctx context.Context, userID int64, e UserEvent) error {
	if err := e.check(); err != nil {
		return fmt.Errorf("track event for user %d: %w", userID, err)
	}
	if e.Event.Properties == nil {
		e.Event.Properties = map[string]any{}
	}
	e.Event.ID, e.Event.ReceivedAt = "", nil // Zendesk sets them
	if _, err := s.c.do(ctx, request{method: http.MethodPost, path: fmt.Sprintf("users/%d/events", userID), body: e}, nil); err != nil {
		return fmt.Errorf("track %s event %q for user %d: %w", e.Event.Source, e.Event.Type, userID, err)
	}
	return nil
}

func (e UserEvent) check() error {
	var missing []string
	need := func(v, name string) {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	need(e.Profile.Source, "profile source")
	need(e.Profile.Type, "profile type")
	need(e.Event.Source, "event source")
	need(e.Event.Type, "event type")
	if len(e.Profile.Identifiers) == 0 {
		missing = append(missing, "a profile identifier (email, phone_number or external_id)")
	}
	for _, id := range e.Profile.Identifiers {
		if strings.TrimSpace(id.Type) == "" || strings.TrimSpace(id.Value) == "" {
			missing = append(missing, "the type and value of every identifier")
			break
		}
	}
	if len(missing) > 0 {
		return errors.New("missing " + strings.Join(missing, ", "))
	}
	for _, src := range []string{e.Profile.Source, e.Event.Source} {
		if strings.EqualFold(strings.TrimSpace(src), "zendesk") {
			return errors.New(`the source "zendesk" is reserved for Zendesk's own events; name your system instead`)
		}
	}
	return nil
}

// Events lists the events stored for a user, newest first: GET /users/{id}/events, in cursor
// pages under "data".
func (s *UsersService) Events(userID int64) Pages[Event] {
	return cursorPages[Event](s.c, fmt.Sprintf("users/%d/events", userID), nil, "data")
}
