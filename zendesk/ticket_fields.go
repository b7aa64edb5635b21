package zendesk

import (
	"context"
	"strconv"
)

// TicketField is a field on the ticket form: a system field (subject, status, priority, ...)
// or a custom one whose value sits in Ticket.CustomFields under the field's id.
type TicketField struct {
	ID                 int64         `json:"id"`
	URL                string        `json:"url"`
	Type               string        `json:"type"` // text, textarea, checkbox, date, integer, decimal, regexp, tagger, multiselect, or a system type
	Title              string        `json:"title"`
	Description        string        `json:"description"`
	Active             bool          `json:"active"`
	Required           bool          `json:"required"`
	Removable          bool          `json:"removable"` // false for system fields
	Position           int           `json:"position"`
	CustomFieldOptions []FieldOption `json:"custom_field_options"`
	SystemFieldOptions []FieldOption `json:"system_field_options"`
}

// FieldOption is one choice of a tagger or multiselect field: Name is shown, Value (a tag)
// is what a ticket stores.
type FieldOption struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	Default bool   `json:"default"`
}

// Custom reports whether the field is an account's own (its values sit in CustomFields).
func (f TicketField) Custom() bool { return f.Removable }

// TicketFieldsService reads the account's ticket fields.
type TicketFieldsService struct{ c *Client }

// List reads every ticket field. Accounts have few, so they come back in one slice.
func (s *TicketFieldsService) List(ctx context.Context) ([]TicketField, error) {
	return cursorPages[TicketField](s.c, "ticket_fields", nil, "ticket_fields").Collect(ctx)
}

// Get reads one ticket field.
func (s *TicketFieldsService) Get(ctx context.Context, id int64) (TicketField, error) {
	return getRecord[TicketField](ctx, s.c, "ticket_fields/"+strconv.FormatInt(id, 10), "ticket_field")
}
