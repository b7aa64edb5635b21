package zendesk

import (
	"context"
	"net/http"
	"strconv"
)

// UserUpdate is a change to one user. Only the fields that are set are sent.
type UserUpdate struct {
	Suspended *bool   `json:"suspended,omitempty"`
	Name      *string `json:"name,omitempty"`
	Notes     *string `json:"notes,omitempty"`
}

// Update changes one user: PUT /users/{id}.
func (s *UsersService) Update(ctx context.Context, id int64, change UserUpdate) (User, error) {
	var out struct{ User User }
	_, err := s.c.do(ctx, request{method: http.MethodPut, path: "users/" + strconv.FormatInt(id, 10), body: map[string]any{"user": change}}, &out)
	return out.User, err
}
