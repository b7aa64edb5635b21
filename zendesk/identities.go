package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// NewIdentity is an address to add to a user.
type NewIdentity struct {
	Type            string `json:"type"` // "email", "phone_number"
	Value           string `json:"value"`
	Verified        *bool  `json:"verified,omitempty"`
	SkipVerifyEmail *bool  `json:"skip_verify_email,omitempty"`
}

// AddIdentity adds an address to a user: POST /users/{id}/identities {"identity":...}, which
// answers 201 {"identity":{...}}. Zendesk refuses (422) an address that already belongs to
// any user. The call is sent once.
func (s *UsersService) AddIdentity(ctx context.Context, userID int64, id NewIdentity) (Identity, error) {
	if strings.TrimSpace(id.Type) == "" || strings.TrimSpace(id.Value) == "" {
		return Identity{}, errors.New("add identity: Type (email, phone_number) and Value are required")
	}
	path := fmt.Sprintf("users/%d/identities", userID)
	var raw map[string]json.RawMessage
	if _, err := s.c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"identity": id}}, &raw); err != nil {
		return Identity{}, fmt.Errorf("add %s identity to user %d: %w", id.Type, userID, err)
	}
	return recordIn[Identity](raw, "identity", "POST /api/v2/"+path)
}

// MakePrimaryIdentity makes an identity the user's primary one of its type (for an email,
// the user's email): PUT /users/{id}/identities/{identity_id}/make_primary, with no body.
// Zendesk answers with the user's whole identity list, which is returned.
func (s *UsersService) MakePrimaryIdentity(ctx context.Context, userID, identityID int64) ([]Identity, error) {
	path := fmt.Sprintf("users/%d/identities/%d/make_primary", userID, identityID)
	var out struct {
		Identities *[]Identity `json:"identities"`
	}
	if _, err := s.c.do(ctx, request{method: http.MethodPut, path: path}, &out); err != nil {
		return nil, fmt.Errorf("make identity %d primary for user %d: %w", identityID, userID, err)
	}
	if out.Identities == nil {
		return nil, fmt.Errorf("PUT /api/v2/%s: the answer has no %q", path, "identities")
	}
	return *out.Identities, nil
}
