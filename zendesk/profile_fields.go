package zendesk

import "context"

// ProfileField is a custom user field or organization field (same shape in Zendesk). Users
// carry their values in User.UserFields and organizations in Organization.OrganizationFields,
// keyed by Key.
type ProfileField struct {
	ID                 int64         `json:"id"`
	URL                string        `json:"url"`
	Key                string        `json:"key"`  // what user_fields / organization_fields are keyed by
	Type               string        `json:"type"` // text, textarea, checkbox, date, integer, decimal, regexp, dropdown, lookup, multiselect
	Title              string        `json:"title"`
	Description        string        `json:"description"`
	Active             bool          `json:"active"`
	CustomFieldOptions []FieldOption `json:"custom_field_options"`
}

// Fields reads the account's custom user fields: GET /user_fields. Accounts have few, so
// they come back in one slice.
func (s *UsersService) Fields(ctx context.Context) ([]ProfileField, error) {
	return cursorPages[ProfileField](s.c, "user_fields", nil, "user_fields").Collect(ctx)
}

// Fields reads the account's custom organization fields: GET /organization_fields.
func (s *OrganizationsService) Fields(ctx context.Context) ([]ProfileField, error) {
	return cursorPages[ProfileField](s.c, "organization_fields", nil, "organization_fields").Collect(ctx)
}
