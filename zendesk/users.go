package zendesk

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// User is a Zendesk user: an end user, an agent or an admin. Zendesk's nulls read as zero
// values (0 for an absent id, "" for an absent string).
type User struct {
	ID                  int64          `json:"id"`
	URL                 string         `json:"url"`
	Name                string         `json:"name"`
	Email               string         `json:"email"`
	Role                string         `json:"role"` // "end-user", "agent" or "admin"
	RoleType            *int           `json:"role_type"`
	CustomRoleID        int64          `json:"custom_role_id"`
	Active              bool           `json:"active"`
	Suspended           bool           `json:"suspended"`
	Verified            bool           `json:"verified"`
	ExternalID          string         `json:"external_id"`
	OrganizationID      int64          `json:"organization_id"`
	DefaultGroupID      int64          `json:"default_group_id"`
	Phone               string         `json:"phone"`
	TimeZone            string         `json:"time_zone"`
	IANATimeZone        string         `json:"iana_time_zone"`
	Locale              string         `json:"locale"`
	Tags                []string       `json:"tags"`
	UserFields          map[string]any `json:"user_fields"`
	Notes               string         `json:"notes"`
	Details             string         `json:"details"`
	Alias               string         `json:"alias"`
	Signature           string         `json:"signature"`
	Moderator           bool           `json:"moderator"`
	Shared              bool           `json:"shared"`
	SharedAgent         bool           `json:"shared_agent"`
	RestrictedAgent     bool           `json:"restricted_agent"`
	TicketRestriction   string         `json:"ticket_restriction"`
	OnlyPrivateComments bool           `json:"only_private_comments"`
	TwoFactorAuth       bool           `json:"two_factor_auth_enabled"`
	LastLoginAt         *time.Time     `json:"last_login_at"`
	CreatedAt           time.Time      `json:"created_at"`
	UpdatedAt           time.Time      `json:"updated_at"`
}

// IsAgent reports whether the user works tickets (agent or admin).
func (u User) IsAgent() bool { return u.Role == "agent" || u.Role == "admin" }

// UserRelated counts what a user is tied to.
type UserRelated struct {
	AssignedTickets           int `json:"assigned_tickets"`
	RequestedTickets          int `json:"requested_tickets"`
	CCDTickets                int `json:"ccd_tickets"`
	OrganizationSubscriptions int `json:"organization_subscriptions"`
}

// Identity is one way to reach a user: an email address, a phone number, ...
type Identity struct {
	ID                 int64     `json:"id"`
	URL                string    `json:"url"`
	UserID             int64     `json:"user_id"`
	Type               string    `json:"type"` // "email", "phone_number", ...
	Value              string    `json:"value"`
	Primary            bool      `json:"primary"`
	Verified           bool      `json:"verified"`
	VerificationMethod string    `json:"verification_method"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// UsersService reads users, their identities and their memberships.
type UsersService struct{ c *Client }

// UserListOptions filter List.
type UserListOptions struct {
	Roles      []string // "end-user", "agent", "admin"; several mean any of them
	ExternalID string
}

// List lists users, oldest first.
func (s *UsersService) List(opts UserListOptions) Pages[User] {
	q := url.Values{}
	switch len(opts.Roles) {
	case 0:
	case 1:
		q.Set("role", opts.Roles[0])
	default:
		q["role[]"] = opts.Roles
	}
	if opts.ExternalID != "" {
		q.Set("external_id", opts.ExternalID)
	}
	return cursorPages[User](s.c, "users", q, "users")
}

// Agents lists the users who work tickets: agents and admins.
func (s *UsersService) Agents() Pages[User] {
	return s.List(UserListOptions{Roles: []string{"agent", "admin"}})
}

// Get reads one user.
func (s *UsersService) Get(ctx context.Context, id int64) (User, error) {
	return getRecord[User](ctx, s.c, "users/"+strconv.FormatInt(id, 10), "user")
}

// Me reads the authenticated user. Zendesk can answer a wrong token here with 200 and an
// anonymous user, so an answer without an id is an authentication failure.
func (s *UsersService) Me(ctx context.Context) (User, error) {
	var out struct{ User *User }
	if err := s.c.get(ctx, "users/me", nil, &out); err != nil {
		return User{}, err
	}
	if out.User == nil || out.User.ID == 0 {
		return User{}, &AuthError{Profile: s.c.profile, Reason: "Zendesk answered with the anonymous user"}
	}
	return *out.User, nil
}

// ShowMany reads users by id, 100 per request, in the order Zendesk returns them.
func (s *UsersService) ShowMany(ctx context.Context, ids []int64) ([]User, error) {
	return showMany[User](ctx, s.c, "users/show_many", "users", ids)
}

// Search finds users by Zendesk's user search (name, email, phone, notes; "email:a@b.c").
// Zendesk pages search by offset only and serves at most 10,000 results.
func (s *UsersService) Search(query string) Pages[User] {
	return offsetPages[User](s.c, "users/search", url.Values{"query": {query}}, "users", 10000)
}

// FindByExternalID finds the users whose external_id is exactly id (case-insensitive).
func (s *UsersService) FindByExternalID(ctx context.Context, id string) ([]User, error) {
	var out struct{ Users []User }
	err := s.c.get(ctx, "users/search", url.Values{"external_id": {id}}, &out)
	return out.Users, err
}

// Related counts the user's tickets and subscriptions.
func (s *UsersService) Related(ctx context.Context, id int64) (UserRelated, error) {
	var out struct {
		UserRelated UserRelated `json:"user_related"`
	}
	err := s.c.get(ctx, fmt.Sprintf("users/%d/related", id), nil, &out)
	return out.UserRelated, err
}

// Identities lists the user's identities, primary first.
func (s *UsersService) Identities(userID int64) Pages[Identity] {
	return cursorPages[Identity](s.c, fmt.Sprintf("users/%d/identities", userID), nil, "identities")
}

// OrganizationMemberships lists the user's organizations, default first.
func (s *UsersService) OrganizationMemberships(userID int64) Pages[OrganizationMembership] {
	return cursorPages[OrganizationMembership](s.c, fmt.Sprintf("users/%d/organization_memberships", userID), nil, "organization_memberships")
}

// GroupMemberships lists an agent's groups.
func (s *UsersService) GroupMemberships(userID int64) Pages[GroupMembership] {
	return cursorPages[GroupMembership](s.c, fmt.Sprintf("users/%d/group_memberships", userID), nil, "group_memberships")
}
