package actions

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// trackedProfileType is the profile type of the events zdops tracks. One type for every
// event keeps each person's events on one profile per source (an integration that uses the
// event's name as the profile type makes a new profile for every kind of event).
const trackedProfileType = "customer"

// planTrackEvent plans track-event: the user (the target, or found by the event's
// external_id then email, created when missing and the name and email are known), then
// POST /users/{id}/events.
func (p Planner) planTrackEvent(ctx context.Context, b *stepBuilder, target *zendesk.User) error {
	e := b.plan.Request.Params.Event
	source := e.Source
	if source == "" {
		source = DefaultEventSource
	}
	var k UserKey
	user := target
	if target != nil {
		k = UserKey{ExternalID: target.ExternalID, Email: target.Email}
	} else {
		k = *e.User
		var err error
		if user, err = p.findUser(ctx, k); err != nil {
			return err
		}
	}
	who, err := p.userOrCreate(b, user, k)
	if err != nil {
		return err
	}
	if user != nil && b.plan.User == nil {
		b.plan.User = summarize(*user)
	}
	if user != nil && k.Email == "" {
		k.Email = user.Email // the profile names the person by every identifier known
	}
	var ids []zendesk.EventIdentifier
	if k.Email != "" {
		ids = append(ids, zendesk.EventIdentifier{Type: "email", Value: k.Email})
	}
	if k.ExternalID != "" {
		ids = append(ids, zendesk.EventIdentifier{Type: "external_id", Value: k.ExternalID})
	}
	props := e.Properties
	if props == nil {
		props = map[string]any{} // Zendesk requires properties, even empty
	}
	body := zendesk.UserEvent{
		Profile: zendesk.EventProfile{Source: source, Type: trackedProfileType, Identifiers: ids},
		Event: zendesk.Event{Source: source, Type: e.Type, Description: e.Description,
			Properties: props, CreatedAt: e.CreatedAt},
	}
	note := "Zendesk keeps tracked events: this cannot be undone, and a resumed run sends it again only when its outcome is unknown"
	if user != nil && k.Email != "" && user.Email != "" && !strings.EqualFold(k.Email, user.Email) {
		note += "; Zendesk adds the identifier " + k.Email + " to the user"
	}
	if user != nil && k.ExternalID != "" && user.ExternalID == "" {
		// REFERENCE §11: an external_id identifier sets the user's external_id.
		note += "; Zendesk sets the user's external_id to " + k.ExternalID
	}
	_, err = b.add(Step{
		Kind: StepTrackEvent, Method: http.MethodPost, Path: apiPrefix + "users/" + who.path() + "/events",
		UserID: who.knownID(), Subject: strconv.Quote(e.Type), Note: note,
	}, body, nil, who)
	if err == nil {
		b.consequence(fmt.Sprintf("Zendesk stores the event on the user's %s profile (source %s); events cannot be deleted.", trackedProfileType, source))
	}
	return err
}
