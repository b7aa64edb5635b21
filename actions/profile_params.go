package actions

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// UserProfile is what upsert-user writes: the fields given, nothing else. Zendesk finds
// the user by email or external_id (POST /users/create_or_update); with a target user, the
// user's own external_id (or primary email) is sent to match it.
type UserProfile struct {
	Name       string   `json:"name,omitempty"`
	Email      string   `json:"email,omitempty"`
	ExternalID string   `json:"external_id,omitempty"`
	Phone      string   `json:"phone,omitempty"`
	TimeZone   string   `json:"time_zone,omitempty"`
	Tags       []string `json:"tags,omitempty"` // replaces the user's tags
	// UserFields are custom user field values by the field's key. A key that is no user
	// field is reported in the plan and left out of the body.
	UserFields map[string]any `json:"user_fields,omitempty"`
	// JoinOrganizations are organizations the user is added to (a membership each; the
	// user's other memberships stay). LeaveOrganizations are left (the membership deleted).
	JoinOrganizations  []OrgRef `json:"join_organizations,omitempty"`
	LeaveOrganizations []OrgRef `json:"leave_organizations,omitempty"`
	// CreateVerified: a new user (and an email identity zdops adds) is created verified.
	CreateVerified bool `json:"create_verified,omitempty"`
	// SkipVerifyEmail: Zendesk sends no verification email for a new user or identity.
	SkipVerifyEmail bool `json:"skip_verify_email,omitempty"`
	// UpdatePrimaryEmail makes a new Email the user's primary email (identity added if
	// missing, then make_primary). Without it Zendesk adds it as a secondary identity.
	UpdatePrimaryEmail bool `json:"update_primary_email,omitempty"`
}

// OrganizationProfile is what upsert-organization writes. Zendesk matches an organization
// by id or external_id only, never by name.
type OrganizationProfile struct {
	ID          int64    `json:"id,omitempty"` // an existing organization to edit
	ExternalID  string   `json:"external_id,omitempty"`
	Name        string   `json:"name,omitempty"`
	DomainNames []string `json:"domain_names,omitempty"` // replaces the organization's domains
	Tags        []string `json:"tags,omitempty"`         // replaces the organization's tags
	Details     string   `json:"details,omitempty"`
	Notes       string   `json:"notes,omitempty"`
	// URL has no place of its own in a Zendesk organization: it is written to the
	// organization field whose key is "url" when the account has one, and reported as
	// not written otherwise.
	URL string `json:"url,omitempty"`
	// OrganizationFields are custom organization field values by key; unknown keys are
	// reported and left out.
	OrganizationFields map[string]any `json:"organization_fields,omitempty"`
	// Member, when set, is added to the organization (found by external_id, then email;
	// created when missing and its name and email are known).
	Member *UserKey `json:"member,omitempty"`
}

// OrgRef names an organization: by Zendesk id, by external_id, or by Key, a value that
// may be either (events name companies by whatever id their source uses). A Key is looked
// up both ways; two different organizations found is an error, never a guess.
type OrgRef struct {
	ID         int64  `json:"id,omitempty"`
	ExternalID string `json:"external_id,omitempty"`
	Key        string `json:"key,omitempty"`
}

func (r OrgRef) String() string {
	switch {
	case r.ID != 0:
		return fmt.Sprintf("organization #%d", r.ID)
	case r.ExternalID != "":
		return "organization with external_id " + r.ExternalID
	}
	return "organization " + r.Key
}

func (r OrgRef) validate() error {
	set := 0
	for _, ok := range []bool{r.ID != 0, r.ExternalID != "", r.Key != ""} {
		if ok {
			set++
		}
	}
	switch {
	case set != 1:
		return errors.New("name an organization by exactly one of id, external_id or key")
	case r.ID < 0:
		return fmt.Errorf("organization id %d is not a Zendesk id", r.ID)
	}
	return nil
}

// UserKey names a user the way events do: by external_id first, then email. Name lets a
// missing user be created (Zendesk needs a name and an email to create one from an event).
type UserKey struct {
	ExternalID string `json:"external_id,omitempty"`
	Email      string `json:"email,omitempty"`
	Name       string `json:"name,omitempty"`
	// CreateVerified and SkipVerifyEmail apply when the user has to be created.
	CreateVerified  bool `json:"create_verified,omitempty"`
	SkipVerifyEmail bool `json:"skip_verify_email,omitempty"`
}

func (k UserKey) String() string {
	switch {
	case k.ExternalID != "" && k.Email != "":
		return fmt.Sprintf("user %s (%s)", k.ExternalID, k.Email)
	case k.ExternalID != "":
		return "user " + k.ExternalID
	}
	return "user " + k.Email
}

func (k UserKey) validate() error {
	if k.ExternalID == "" && k.Email == "" {
		return errors.New("name the user by external_id or email")
	}
	if k.Email != "" {
		return CheckEmail(k.Email)
	}
	return nil
}

// TrackedEvent is what track-event records on a user (POST /users/{id}/events).
type TrackedEvent struct {
	Type        string         `json:"type"` // what happened: "Order Placed"
	Description string         `json:"description,omitempty"`
	Properties  map[string]any `json:"properties,omitempty"`
	CreatedAt   *time.Time     `json:"created_at,omitempty"`
	Source      string         `json:"source,omitempty"` // "" means "zdops"; Zendesk reserves "zendesk"
	// User is the user when the request has no target user.
	User *UserKey `json:"user,omitempty"`
}

// Valid values of ticket statuses a new ticket can be created with.
var NewTicketStatuses = []string{"new", "open", "pending", "hold", "solved"}

// isProfileAction reports whether the action is planned as a sequence of steps.
func (id ActionID) isProfileAction() bool {
	switch id {
	case UpsertUser, MakePrimaryEmail, UpsertOrganization, DeleteOrganization,
		AddToOrganization, RemoveFromOrganization, UpdateTicket, TrackEvent:
		return true
	}
	return false
}

// validateProfileParams checks the parameters of the profile actions.
func (r Request) validateProfileParams() error {
	p, t := r.Params, r.Target
	switch r.Action {
	case UpsertUser:
		if p.Profile == nil {
			return errors.New("no profile: give the user's fields (email or external_id, name, ...)")
		}
		return p.Profile.validate(t.HasUser())
	case MakePrimaryEmail:
		if p.Email == "" {
			return errors.New("no email: give the email to make the user's primary")
		}
		return CheckEmail(p.Email)
	case UpsertOrganization:
		if p.OrgProfile == nil {
			return errors.New("no organization: give its external_id (or id) and fields")
		}
		return p.OrgProfile.validate()
	case DeleteOrganization, AddToOrganization, RemoveFromOrganization:
		if p.Organization == nil {
			return errors.New("no organization: give its id or external_id")
		}
		return p.Organization.validate()
	case TrackEvent:
		e := p.Event
		switch {
		case e == nil:
			return errors.New("no event: give its type and properties")
		case strings.TrimSpace(e.Type) == "":
			return errors.New("the event has no type: name what happened")
		case e.User != nil && t.HasUser():
			return errors.New("give the user as the target or in the event, not both")
		case e.User == nil && !t.HasUser():
			return errors.New("no user: give a target user or the event's user (external_id or email)")
		}
		if e.User != nil {
			if err := e.User.validate(); err != nil {
				return err
			}
		}
		return validEventSource(e.Source)
	case UpdateTicket:
		if len(t.TicketIDs) != 1 {
			return fmt.Errorf("update-ticket works on one ticket; %d given", len(t.TicketIDs))
		}
		if p.Subject == "" && p.Priority == "" && p.Status == "" && p.Type == "" && len(p.Tags) == 0 &&
			p.GroupID == 0 && p.AgentID == 0 && p.Requester == nil && len(p.CustomFields) == 0 {
			return errors.New("nothing to change: give at least one field")
		}
		if err := oneOf("status", p.Status, Statuses, false); err != nil {
			return err
		}
		return r.validateTicketFields()
	}
	return nil
}

// validateTicketFields checks what create-ticket and update-ticket share.
func (r Request) validateTicketFields() error {
	p := r.Params
	if err := oneOf("priority", p.Priority, Priorities, false); err != nil {
		return err
	}
	if err := oneOf("type", p.Type, TicketTypes, false); err != nil {
		return err
	}
	if err := checkTags(p.Tags); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(p.Subject); n > 150 {
		return fmt.Errorf("subject is %d characters; keep it to 150", n)
	}
	if p.AgentID < 0 || p.GroupID < 0 {
		return errors.New("assignee and group are Zendesk ids")
	}
	if p.Requester != nil {
		if err := CheckEmail(p.Requester.Email); err != nil {
			return fmt.Errorf("requester: %w", err)
		}
	}
	for name := range p.CustomFields {
		if strings.TrimSpace(name) == "" {
			return errors.New("a custom field without a name: name it by its title or id")
		}
	}
	return nil
}

// validateCreateTicketExtras checks what create-ticket took on with customer profiles: a
// requester by email instead of a target user, a status, custom fields.
func (r Request) validateCreateTicketExtras() error {
	p := r.Params
	switch {
	case p.Requester != nil && r.Target.HasUser():
		return errors.New("give the requester as the target user or by email, not both")
	case p.Requester == nil && !r.Target.HasUser():
		return errors.New("no requester: give a target user or a requester email")
	}
	if err := oneOf("status", p.Status, NewTicketStatuses, false); err != nil {
		return err
	}
	return r.validateTicketFields()
}

func (p *UserProfile) validate(hasTarget bool) error {
	if !hasTarget && p.Email == "" && p.ExternalID == "" {
		return errors.New("the profile names no user: give an email or an external_id (or a target user)")
	}
	if p.Email != "" {
		if err := CheckEmail(p.Email); err != nil {
			return err
		}
	}
	if p.UpdatePrimaryEmail && p.Email == "" {
		return errors.New("update_primary_email needs the email to make primary")
	}
	if err := checkTags(p.Tags); err != nil {
		return err
	}
	for k := range p.UserFields {
		if strings.TrimSpace(k) == "" {
			return errors.New("a user field without a key")
		}
	}
	for _, o := range slices.Concat(p.JoinOrganizations, p.LeaveOrganizations) {
		if err := o.validate(); err != nil {
			return err
		}
	}
	return nil
}

func (p *OrganizationProfile) validate() error {
	if p.ID == 0 && p.ExternalID == "" && p.Name == "" {
		return errors.New("the organization has no id, external_id or name")
	}
	if p.ID < 0 {
		return fmt.Errorf("organization id %d is not a Zendesk id", p.ID)
	}
	if err := checkTags(p.Tags); err != nil {
		return err
	}
	for _, d := range p.DomainNames {
		if d == "" || strings.ContainsFunc(d, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '/' || r == '@' }) {
			return fmt.Errorf("domain name %q: give a bare domain such as example.com", d)
		}
	}
	for k := range p.OrganizationFields {
		if strings.TrimSpace(k) == "" {
			return errors.New("an organization field without a key")
		}
	}
	if p.Member != nil {
		return p.Member.validate()
	}
	return nil
}

func checkTags(tags []string) error {
	for _, tag := range tags {
		if tag == "" || strings.ContainsFunc(tag, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
			return fmt.Errorf("tag %q: a tag is one word without spaces or commas", tag)
		}
	}
	return nil
}

// cloneProfileParams copies what a plan must not share with its caller's request.
func cloneProfileParams(p *Params) {
	if p.Requester != nil {
		r := *p.Requester
		p.Requester = &r
	}
	p.CustomFields = maps.Clone(p.CustomFields)
	if p.Profile != nil {
		u := *p.Profile
		u.Tags = slices.Clone(u.Tags)
		u.UserFields = maps.Clone(u.UserFields)
		u.JoinOrganizations = slices.Clone(u.JoinOrganizations)
		u.LeaveOrganizations = slices.Clone(u.LeaveOrganizations)
		p.Profile = &u
	}
	if p.OrgProfile != nil {
		o := *p.OrgProfile
		o.DomainNames = slices.Clone(o.DomainNames)
		o.Tags = slices.Clone(o.Tags)
		o.OrganizationFields = maps.Clone(o.OrganizationFields)
		if o.Member != nil {
			m := *o.Member
			o.Member = &m
		}
		p.OrgProfile = &o
	}
	if p.Organization != nil {
		o := *p.Organization
		p.Organization = &o
	}
	if p.Event != nil {
		e := *p.Event
		e.Properties = maps.Clone(e.Properties)
		if e.User != nil {
			u := *e.User
			e.User = &u
		}
		p.Event = &e
	}
}
