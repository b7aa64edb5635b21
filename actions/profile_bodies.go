package actions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/zdops/zdops/zendesk"
)

// A step's body is planned as bytes (what the preview shows) and sent through the client's
// typed methods. The runner decodes the bytes into the values the client is given and
// encodes them again the way the client does: when the two differ, the step is not sent.

// membershipBody is the body of POST /organization_memberships as the client encodes it.
func membershipBody(userID, orgID int64) any {
	return map[string]any{"organization_membership": map[string]int64{"user_id": userID, "organization_id": orgID}}
}

// decodeExact decodes a body into v with numbers kept as written and no unknown keys, then
// checks that encode (the client's encoding of v) gives the body back byte for byte.
func decodeExact(body []byte, v any, encode func() any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("read the planned body: %w", err)
	}
	again, err := json.Marshal(encode())
	if err != nil {
		return fmt.Errorf("encode the planned body: %w", err)
	}
	if !bytes.Equal(again, body) {
		return fmt.Errorf("the body the client would send differs from the planned one (planned %s, would send %s): nothing sent", clipBytes(body), clipBytes(again))
	}
	return nil
}

func clipBytes(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

func decodeUserUpsert(body []byte) (zendesk.UserUpsert, error) {
	var w struct {
		User zendesk.UserUpsert `json:"user"`
	}
	err := decodeExact(body, &w, func() any { return map[string]any{"user": w.User} })
	return w.User, err
}

func decodeNewIdentity(body []byte) (zendesk.NewIdentity, error) {
	var w struct {
		Identity zendesk.NewIdentity `json:"identity"`
	}
	err := decodeExact(body, &w, func() any { return map[string]any{"identity": w.Identity} })
	return w.Identity, err
}

func decodeOrganizationUpsert(body []byte) (zendesk.OrganizationUpsert, error) {
	var w struct {
		Organization zendesk.OrganizationUpsert `json:"organization"`
	}
	err := decodeExact(body, &w, func() any { return map[string]any{"organization": w.Organization} })
	return w.Organization, err
}

func decodeMembership(body []byte) (userID, orgID int64, err error) {
	var w struct {
		M struct {
			UserID         int64 `json:"user_id"`
			OrganizationID int64 `json:"organization_id"`
		} `json:"organization_membership"`
	}
	err = decodeExact(body, &w, func() any { return membershipBody(w.M.UserID, w.M.OrganizationID) })
	return w.M.UserID, w.M.OrganizationID, err
}

func decodeUserEvent(body []byte) (zendesk.UserEvent, error) {
	var e zendesk.UserEvent
	err := decodeExact(body, &e, func() any { return e })
	return e, err
}

// decodeTicketUpdate reads {"ticket":{...}} into a TicketUpdate, whose JSON names are set
// by its MarshalJSON only.
func decodeTicketUpdate(body []byte) (zendesk.TicketUpdate, error) {
	var u zendesk.TicketUpdate
	var w struct {
		Ticket map[string]json.RawMessage `json:"ticket"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return u, fmt.Errorf("read the planned body: %w", err)
	}
	str := func(raw json.RawMessage) (*string, error) {
		if string(raw) == "null" {
			return zendesk.Ptr(""), nil
		}
		var s string
		return &s, json.Unmarshal(raw, &s)
	}
	id := func(raw json.RawMessage) (*int64, error) {
		if string(raw) == "null" {
			return zendesk.Ptr(int64(0)), nil
		}
		var n int64
		return &n, json.Unmarshal(raw, &n)
	}
	var errs []error
	for k, raw := range w.Ticket {
		var err error
		switch k {
		case "subject":
			u.Subject, err = str(raw)
		case "status":
			u.Status, err = str(raw)
		case "priority":
			u.Priority, err = str(raw)
		case "type":
			u.Type, err = str(raw)
		case "assignee_id":
			u.AssigneeID, err = id(raw)
		case "group_id":
			u.GroupID, err = id(raw)
		case "requester_id":
			u.RequesterID, err = id(raw)
		case "tags":
			err = json.Unmarshal(raw, &u.Tags)
		case "additional_tags":
			err = json.Unmarshal(raw, &u.AdditionalTags)
		case "remove_tags":
			err = json.Unmarshal(raw, &u.RemoveTags)
		case "custom_fields":
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			err = dec.Decode(&u.CustomFields)
		default:
			err = fmt.Errorf("unknown ticket attribute %q", k)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return u, fmt.Errorf("read the planned body: %w", err)
	}
	again, err := json.Marshal(map[string]any{"ticket": u})
	if err != nil {
		return u, err
	}
	if !bytes.Equal(again, body) {
		return u, fmt.Errorf("the body the client would send differs from the planned one (planned %s, would send %s): nothing sent", clipBytes(body), clipBytes(again))
	}
	return u, nil
}
