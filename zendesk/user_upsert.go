package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// UserUpsert is the body of POST /users/create_or_update. Only set fields are sent.
//
// Zendesk finds the user by email (any of the user's email addresses) or external_id (case
// insensitive; the stored id takes the case sent). On an existing user an Email that is not
// one of the user's is added as a secondary address, unverified unless Verified is true; the
// primary address stays (use AddIdentity and MakePrimaryIdentity to change it).
// OrganizationID replaces all the user's organization memberships with that one.
type UserUpsert struct {
	Name            string         `json:"name,omitempty"`
	Email           string         `json:"email,omitempty"`
	ExternalID      string         `json:"external_id,omitempty"`
	Phone           string         `json:"phone,omitempty"`
	TimeZone        string         `json:"time_zone,omitempty"`
	OrganizationID  int64          `json:"organization_id,omitempty"`
	Role            string         `json:"role,omitempty"`
	Tags            []string       `json:"tags,omitempty"`
	Details         string         `json:"details,omitempty"`
	Notes           string         `json:"notes,omitempty"`
	UserFields      map[string]any `json:"user_fields,omitempty"`
	Verified        *bool          `json:"verified,omitempty"`
	SkipVerifyEmail *bool          `json:"skip_verify_email,omitempty"`
}

// CreateOrUpdate sends POST /users/create_or_update {"user":u}. created is true when Zendesk
// answered 201 (a new user), false for 200 (an existing user, matched by email or
// external_id). A body with neither could never match a user and would create one on every
// call, so it is refused before anything is sent. The call is not resent after a server or
// network error (Zendesk may have carried it out), only after 429 or 503.
func (s *UsersService) CreateOrUpdate(ctx context.Context, u UserUpsert) (user User, created bool, err error) {
	if u.Email == "" && u.ExternalID == "" {
		return User{}, false, errors.New("create or update user: set Email or ExternalID, which Zendesk finds the user by; without them every call creates a new user")
	}
	var raw map[string]json.RawMessage
	var status int
	_, err = s.c.do(ctx, request{method: http.MethodPost, path: "users/create_or_update", body: map[string]any{"user": u}, status: &status}, &raw)
	if err != nil {
		return User{}, false, wrapUpsert("user", u.ExternalID, u.Email, err)
	}
	user, err = recordIn[User](raw, "user", "POST /api/v2/users/create_or_update")
	return user, status == http.StatusCreated, err
}
