package zendesk

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Organization is a customer company that users belong to.
type Organization struct {
	ID                 int64          `json:"id"`
	URL                string         `json:"url"`
	Name               string         `json:"name"`
	ExternalID         string         `json:"external_id"`
	Details            string         `json:"details"`
	Notes              string         `json:"notes"`
	DomainNames        []string       `json:"domain_names"`
	GroupID            int64          `json:"group_id"`
	SharedTickets      bool           `json:"shared_tickets"`
	SharedComments     bool           `json:"shared_comments"`
	Tags               []string       `json:"tags"`
	OrganizationFields map[string]any `json:"organization_fields"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
}

// OrganizationMembership puts a user in an organization.
type OrganizationMembership struct {
	ID               int64     `json:"id"`
	URL              string    `json:"url"`
	UserID           int64     `json:"user_id"`
	OrganizationID   int64     `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	Default          bool      `json:"default"` // Zendesk sends true or null
	ViewTickets      bool      `json:"view_tickets"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// OrganizationsService reads organizations and their members.
type OrganizationsService struct{ c *Client }

// List lists every organization.
func (s *OrganizationsService) List() Pages[Organization] {
	return cursorPages[Organization](s.c, "organizations", nil, "organizations")
}

// Get reads one organization.
func (s *OrganizationsService) Get(ctx context.Context, id int64) (Organization, error) {
	return getRecord[Organization](ctx, s.c, "organizations/"+strconv.FormatInt(id, 10), "organization")
}

// ShowMany reads organizations by id, 100 per request.
func (s *OrganizationsService) ShowMany(ctx context.Context, ids []int64) ([]Organization, error) {
	return showMany[Organization](ctx, s.c, "organizations/show_many", "organizations", ids)
}

// FindByExternalID finds the organizations whose external_id is exactly id (case-insensitive).
func (s *OrganizationsService) FindByExternalID(ctx context.Context, id string) ([]Organization, error) {
	var out struct{ Organizations []Organization }
	err := s.c.get(ctx, "organizations/search", url.Values{"external_id": {id}}, &out)
	return out.Organizations, err
}

// Memberships lists an organization's memberships.
func (s *OrganizationsService) Memberships(orgID int64) Pages[OrganizationMembership] {
	return cursorPages[OrganizationMembership](s.c, fmt.Sprintf("organizations/%d/organization_memberships", orgID), nil, "organization_memberships")
}

// Users lists an organization's members.
func (s *OrganizationsService) Users(orgID int64) Pages[User] {
	return cursorPages[User](s.c, fmt.Sprintf("organizations/%d/users", orgID), nil, "users")
}
