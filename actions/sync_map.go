package actions

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// MappedEvent is what one event asks of Zendesk: a request, planned and applied like any
// other, or the reason it asks nothing.
type MappedEvent struct {
	Request *Request // nil when the event is skipped
	// Skip says why the event writes nothing (a setting is off).
	Skip string
	// Ignored are parts of the event that are not written, each with the reason; they
	// are added to the plan's Skipped list so that the preview and the result show them.
	Ignored []Skip
}

// Traits identify and group map to Zendesk attributes of their own; every other
// non-object trait is a candidate for a custom user or organization field.
var (
	identifyTraits = []string{"email", "name", "first_name", "last_name", "firstName", "lastName", "phone", "timezone", "organizationId", "company"}
	groupTraits    = []string{"name", "domainNames", "tags", "url", "deleted"}
	// idTraits repeat the event's own ids; they are reported, not written as fields.
	idTraits = []string{"id", "userId", "groupId"}
)

// MapEvent turns a decoded event into the request that applies it:
//
//   - identify: upsert-user with traits.email, name (or first and last name), phone,
//     timezone -> time_zone, userId -> external_id, organizationId and traits.company.id ->
//     a membership (company.remove: true removes it, with RemoveFromOrg), and every other
//     single-valued trait -> user_fields (only keys that exist: the plan reports the rest).
//   - group: upsert-organization with groupId -> external_id, name, domainNames, tags,
//     url (to an organization field keyed url, if any) and other single-valued traits ->
//     organization_fields; the user (userId, or context.traits.email) becomes a member.
//     deleted: true deletes the organization instead. Without a user the organization is
//     upserted only with GroupWithoutUser.
//   - track: track-event on the user found by userId (external_id) or email.
//
// Errors are problems of the event itself (a trait of the wrong type).
func MapEvent(ev SyncEvent, s SyncSettings) (MappedEvent, error) {
	switch ev.Type {
	case EventIdentify:
		return mapIdentify(ev, s)
	case EventGroup:
		return mapGroup(ev, s)
	case EventTrack:
		return mapTrack(ev, s)
	}
	return MappedEvent{}, fmt.Errorf("unknown event type %q", ev.Type)
}

func mapIdentify(ev SyncEvent, s SyncSettings) (MappedEvent, error) {
	var m MappedEvent
	t := ev.Traits
	prof := &UserProfile{
		Email:           ev.Email(),
		ExternalID:      ev.UserID,
		Name:            personName(t),
		Phone:           traitString(t, "phone"),
		TimeZone:        traitString(t, "timezone"),
		CreateVerified:  s.CreateVerified,
		SkipVerifyEmail: s.SkipVerifyEmail,
	}
	prof.UpdatePrimaryEmail = s.UpdatePrimaryEmail && prof.Email != ""
	if org, err := orgKeyTrait(t, "organizationId", "traits.organizationId"); err != nil {
		return m, err
	} else if org != "" {
		prof.JoinOrganizations = append(prof.JoinOrganizations, OrgRef{Key: org})
	}
	if c, ok := t["company"]; ok && c != nil {
		company, isObject := c.(map[string]any)
		if !isObject {
			return m, fmt.Errorf("traits.company is %s, not an object with an id", aKind(c))
		}
		id, err := orgKeyTrait(company, "id", "traits.company.id")
		if err != nil {
			return m, err
		}
		remove, err := boolTrait(company, "remove", "traits.company.remove")
		if err != nil {
			return m, err
		}
		switch {
		case id == "":
			m.Ignored = append(m.Ignored, Skip{Kind: "trait", Subject: "traits.company", Reason: "has no id: no organization to add the user to or remove the user from"})
		case remove && !s.RemoveFromOrg:
			m.Ignored = append(m.Ignored, Skip{Kind: "trait", Subject: "traits.company.remove", Reason: fmt.Sprintf(
				"the user is not removed from organization %s: removing is off; set remove_from_org in [sync] (or --remove-from-org) to allow it", id)})
		case remove:
			prof.LeaveOrganizations = append(prof.LeaveOrganizations, OrgRef{Key: id})
		default:
			prof.JoinOrganizations = append(prof.JoinOrganizations, OrgRef{Key: id})
		}
	}
	fields, ignored := otherTraits(t, identifyTraits, "user")
	m.Ignored = append(m.Ignored, ignored...)
	if len(fields) > 0 {
		prof.UserFields = fields
	}
	m.Request = &Request{Action: UpsertUser, Params: Params{Profile: prof}}
	return m, nil
}

func mapGroup(ev SyncEvent, s SyncSettings) (MappedEvent, error) {
	var m MappedEvent
	t := ev.Traits
	deleted, err := boolTrait(t, "deleted", "traits.deleted")
	if err != nil {
		return m, err
	}
	if deleted && !s.DeleteOrganizations {
		m.Skip = "traits.deleted asks to delete the organization, which cannot be undone: set delete_organizations in [sync] (or --delete-organizations) to allow it"
		return m, nil
	}
	if deleted {
		for _, k := range sortedKeys(t) {
			if k != "deleted" {
				m.Ignored = append(m.Ignored, Skip{Kind: "trait", Subject: "traits." + k, Reason: "not written: the organization is deleted"})
			}
		}
		m.Request = &Request{Action: DeleteOrganization, Params: Params{Organization: &OrgRef{ExternalID: ev.GroupID}}}
		return m, nil
	}
	org := &OrganizationProfile{ExternalID: ev.GroupID, Name: traitString(t, "name"), URL: traitString(t, "url")}
	for _, k := range []string{"name", "url"} {
		if err := stringTrait(t, k, "traits."+k); err != nil {
			return m, err
		}
	}
	if org.DomainNames, err = stringsTrait(t, "domainNames", "traits.domainNames"); err != nil {
		return m, err
	}
	if org.Tags, err = stringsTrait(t, "tags", "traits.tags"); err != nil {
		return m, err
	}
	fields, ignored := otherTraits(t, groupTraits, "organization")
	m.Ignored = append(m.Ignored, ignored...)
	if len(fields) > 0 {
		org.OrganizationFields = fields
	}
	if key := eventUser(ev, s); key != nil {
		org.Member = key
	} else if !s.GroupWithoutUser {
		m.Skip = "a group call without userId or context.traits.email: the organization is not upserted; set group_without_user in [sync] (or --group-without-user) to upsert it anyway"
		return m, nil
	}
	m.Request = &Request{Action: UpsertOrganization, Params: Params{OrgProfile: org}}
	return m, nil
}

func mapTrack(ev SyncEvent, s SyncSettings) (MappedEvent, error) {
	props := ev.Properties
	if props == nil {
		props = map[string]any{} // Zendesk requires properties, even empty
	}
	e := &TrackedEvent{
		Type:        ev.Event,
		Description: ev.Event,
		Properties:  props,
		CreatedAt:   ev.Timestamp,
		Source:      s.EventSource(),
		User:        eventUser(ev, s),
	}
	return MappedEvent{Request: &Request{Action: TrackEvent, Params: Params{Event: e}}}, nil
}

// eventUser is the user a group or track event names, or nil when it names none.
func eventUser(ev SyncEvent, s SyncSettings) *UserKey {
	email := ev.Email()
	if ev.UserID == "" && email == "" {
		return nil
	}
	return &UserKey{ExternalID: ev.UserID, Email: email, Name: personName(ev.ContextTraits),
		CreateVerified: s.CreateVerified, SkipVerifyEmail: s.SkipVerifyEmail}
}

// personName is name, or first and last name joined.
func personName(t map[string]any) string {
	if n := traitString(t, "name"); n != "" {
		return n
	}
	first := firstOf(traitString(t, "first_name"), traitString(t, "firstName"))
	last := firstOf(traitString(t, "last_name"), traitString(t, "lastName"))
	return strings.TrimSpace(first + " " + last)
}

// otherTraits are the traits that may be custom fields: all but the mapped ones and the
// ids; objects are reported, since a custom field holds one value.
func otherTraits(t map[string]any, mapped []string, kind string) (map[string]any, []Skip) {
	fields := map[string]any{}
	var ignored []Skip
	for _, k := range sortedKeys(t) {
		v := t[k]
		switch {
		case slices.Contains(mapped, k):
		case slices.Contains(idTraits, k):
			ignored = append(ignored, Skip{Kind: "trait", Subject: "traits." + k, Reason: "not written: the event's own ids say which record it is"})
		default:
			if _, isObject := v.(map[string]any); isObject {
				ignored = append(ignored, Skip{Kind: "trait", Subject: "traits." + k, Reason: "is an object: a " + kind + " field holds one value, so it is not written"})
				continue
			}
			fields[k] = v
		}
	}
	return fields, ignored
}

// orgKeyTrait reads an organization id trait: a string or a number.
func orgKeyTrait(t map[string]any, key, name string) (string, error) {
	switch v := t[key].(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	case json.Number:
		return v.String(), nil
	default:
		return "", fmt.Errorf("%s is %s: give the organization's id as a string or a number", name, aKind(v))
	}
}

func boolTrait(t map[string]any, key, name string) (bool, error) {
	switch v := t[key].(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	default:
		return false, fmt.Errorf("%s is %s, not true or false", name, aKind(v))
	}
}

// stringsTrait reads a list of strings; one string reads as a list of one.
func stringsTrait(t map[string]any, key, name string) ([]string, error) {
	switch v := t[key].(type) {
	case nil:
		return nil, nil
	case string:
		if v = strings.TrimSpace(v); v == "" {
			return nil, nil
		}
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%s[%d] is %s, not a string", name, i, aKind(x))
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%s is %s, not a list of strings", name, aKind(v))
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
