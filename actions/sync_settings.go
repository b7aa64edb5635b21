package actions

import (
	"fmt"
	"strings"
	"unicode"
)

// DefaultEventSource is the source name zdops gives the events it tracks.
const DefaultEventSource = "zdops"

// SyncSettings decide how events are applied. main fills them from the config file's
// [sync] section and the flags of zdops apply; the zero value is the cautious default.
type SyncSettings struct {
	// CreateVerified creates new users, and adds new email identities, as verified.
	CreateVerified bool `json:"create_verified,omitempty"`
	// SkipVerifyEmail suppresses the verification email Zendesk sends for a new user or a
	// new email identity.
	SkipVerifyEmail bool `json:"skip_verify_email,omitempty"`
	// UpdatePrimaryEmail makes an identify's new email the user's primary one (add the
	// identity if missing, then make_primary). Without it Zendesk adds the email as a
	// secondary identity and the primary stays.
	UpdatePrimaryEmail bool `json:"update_primary_email,omitempty"`
	// RemoveFromOrg lets traits.company.remove remove the user from the company's
	// organization. Without it such events are reported as skipped.
	RemoveFromOrg bool `json:"remove_from_org,omitempty"`
	// GroupWithoutUser upserts the organization of a group event that names no user.
	// Without it such events are reported as skipped.
	GroupWithoutUser bool `json:"group_without_user,omitempty"`
	// DeleteOrganizations lets a group call with traits.deleted: true delete the
	// organization. A file is not a preview an operator confirms, and Zendesk cannot bring a
	// deleted organization back, so without it such events are reported as skipped.
	DeleteOrganizations bool `json:"delete_organizations,omitempty"`
	// Source is the source name of tracked events and their profiles; "" means
	// DefaultEventSource. Zendesk reserves "zendesk".
	Source string `json:"source,omitempty"`
}

// EventSource is the source name tracked events carry.
func (s SyncSettings) EventSource() string {
	if src := strings.TrimSpace(s.Source); src != "" {
		return src
	}
	return DefaultEventSource
}

// Validate checks the settings before any event is read.
func (s SyncSettings) Validate() error { return validEventSource(s.Source) }

// validEventSource checks a source name for tracked events: Zendesk refuses "zendesk",
// and a name is one short word.
func validEventSource(src string) error {
	src = strings.TrimSpace(src)
	switch {
	case src == "":
		return nil
	case strings.EqualFold(src, "zendesk"):
		return fmt.Errorf(`event source %q is reserved by Zendesk: choose another name (default %q)`, src, DefaultEventSource)
	case len(src) > 40 || strings.ContainsFunc(src, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return fmt.Errorf("event source %q: use one word of at most 40 characters (default %q)", src, DefaultEventSource)
	}
	return nil
}
