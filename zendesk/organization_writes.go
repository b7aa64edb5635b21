package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// OrganizationUpsert is the body of POST /organizations/create_or_update. Only set fields
// are sent. DomainNames and Tags replace the organization's lists; OrganizationFields are
// merged into its values.
type OrganizationUpsert struct {
	ID                 int64          `json:"id,omitempty"`
	Name               string         `json:"name,omitempty"`
	ExternalID         string         `json:"external_id,omitempty"`
	DomainNames        []string       `json:"domain_names,omitempty"`
	Tags               []string       `json:"tags,omitempty"`
	Details            string         `json:"details,omitempty"`
	Notes              string         `json:"notes,omitempty"`
	OrganizationFields map[string]any `json:"organization_fields,omitempty"`
}

// CreateOrUpdate sends POST /organizations/create_or_update {"organization":o}. Zendesk
// matches an organization by id or external_id, never by name: with neither it creates one,
// and refuses (422 "Name: has already been taken") a name another organization has. created
// is true when Zendesk answered 201. Like the user upsert, it is resent only after 429 or 503.
func (s *OrganizationsService) CreateOrUpdate(ctx context.Context, o OrganizationUpsert) (org Organization, created bool, err error) {
	if o.ID == 0 && o.ExternalID == "" && strings.TrimSpace(o.Name) == "" {
		return Organization{}, false, errors.New("create or update organization: set ExternalID or ID to find it, or Name to create one")
	}
	var raw map[string]json.RawMessage
	var status int
	_, err = s.c.do(ctx, request{method: http.MethodPost, path: "organizations/create_or_update", body: map[string]any{"organization": o}, status: &status}, &raw)
	if err != nil {
		other := o.Name
		if o.ID != 0 {
			other = strconv.FormatInt(o.ID, 10)
		}
		return Organization{}, false, wrapUpsert("organization", o.ExternalID, other, err)
	}
	org, err = recordIn[Organization](raw, "organization", "POST /api/v2/organizations/create_or_update")
	return org, status == http.StatusCreated, err
}

// Delete deletes an organization: DELETE /organizations/{id}, which answers 204. Its
// memberships end, and its users' working tickets lose it.
func (s *OrganizationsService) Delete(ctx context.Context, id int64) error {
	if _, err := s.c.do(ctx, request{method: http.MethodDelete, path: "organizations/" + strconv.FormatInt(id, 10)}, nil); err != nil {
		return fmt.Errorf("delete organization %d: %w", id, err)
	}
	return nil
}

// AddMember makes a user a member of an organization: POST /organization_memberships
// {"organization_membership":{"user_id":..,"organization_id":..}}, which answers 201 with
// the membership. When the user is already a member Zendesk answers 422; the method returns
// that as a *Error and IsAlreadyMember(err) reports it. A user's first membership becomes
// the default one (the user's organization_id). The call is sent once.
func (s *OrganizationsService) AddMember(ctx context.Context, userID, orgID int64) (OrganizationMembership, error) {
	body := map[string]any{"organization_membership": map[string]int64{"user_id": userID, "organization_id": orgID}}
	var raw map[string]json.RawMessage
	if _, err := s.c.do(ctx, request{method: http.MethodPost, path: "organization_memberships", body: body}, &raw); err != nil {
		return OrganizationMembership{}, fmt.Errorf("add user %d to organization %d: %w", userID, orgID, err)
	}
	return recordIn[OrganizationMembership](raw, "organization_membership", "POST /api/v2/organization_memberships")
}

// IsAlreadyMember reports whether err is Zendesk's refusal of a membership the user already
// has: a 422 whose problem is a taken value. Zendesk does not document that answer's body,
// so any DuplicateValue detail, or a text saying "already", counts.
func IsAlreadyMember(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusUnprocessableEntity {
		return false
	}
	for _, details := range e.Details {
		for _, d := range details {
			if d.Error == "DuplicateValue" || strings.Contains(strings.ToLower(d.Description), "already") {
				return true
			}
		}
	}
	return strings.Contains(strings.ToLower(e.Description), "already")
}

// RemoveMembership ends a membership: DELETE /organization_memberships/{membership_id},
// which answers 204, and 404 (a *Error with Status 404) when it is already gone. Zendesk
// then takes the organization off the user's working tickets, and moves the user's
// organization_id to another membership or null.
func (s *OrganizationsService) RemoveMembership(ctx context.Context, membershipID int64) error {
	if _, err := s.c.do(ctx, request{method: http.MethodDelete, path: "organization_memberships/" + strconv.FormatInt(membershipID, 10)}, nil); err != nil {
		return fmt.Errorf("remove organization membership %d: %w", membershipID, err)
	}
	return nil
}
