package actions

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// Profile plans find users the way events name them: by external_id first, then by email.
// Every lookup reads; several matches are an error that names them, never a guess.

// usersWithEmail finds the users who have exactly email (case-insensitive) with Zendesk's
// user search ("email:..."; the client URL-encodes the query): as their primary email, or
// as another of their email identities (read to make sure, for at most a few users the
// search returns with another primary email).
func usersWithEmail(ctx context.Context, c *zendesk.Client, email string) ([]zendesk.User, error) {
	const maxIdentityChecks = 5
	var found, others []zendesk.User
	seen := 0
	for u, err := range c.Users.Search(`email:"` + email + `"`).All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("find the user with email %s: %w", email, err)
		}
		if strings.EqualFold(u.Email, email) {
			found = append(found, u)
		} else if len(others) < maxIdentityChecks {
			others = append(others, u)
		}
		if seen++; seen >= 1000 {
			break // a search for one address that matches this much is not going to narrow down
		}
	}
	for _, u := range others {
		idents, err := c.Users.Identities(u.ID).Collect(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the identities of user %d: %w", u.ID, err)
		}
		if emailIdentity(idents, email) != nil {
			found = append(found, u)
		}
	}
	return found, nil
}

// usersWithExternalID finds the users whose external_id is exactly id (case-insensitive,
// as Zendesk compares them).
func usersWithExternalID(ctx context.Context, c *zendesk.Client, id string) ([]zendesk.User, error) {
	got, err := c.Users.FindByExternalID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("find the user with external_id %s: %w", id, err)
	}
	var out []zendesk.User
	for _, u := range got {
		if strings.EqualFold(u.ExternalID, id) {
			out = append(out, u)
		}
	}
	return out, nil
}

// findUser finds the user a key names, or nil when there is none: by external_id first,
// then by email. A user found by email whose external_id is another one is an error (an
// upsert would overwrite it), as are several users for one key.
func (p Planner) findUser(ctx context.Context, k UserKey) (*zendesk.User, error) {
	if k.ExternalID != "" {
		users, err := usersWithExternalID(ctx, p.Client, k.ExternalID)
		if err != nil {
			return nil, err
		}
		if len(users) > 1 {
			return nil, fmt.Errorf("%d users have the external_id %s (%s): refusing to guess which one is meant", len(users), k.ExternalID, userIDs(users))
		}
		if len(users) == 1 {
			return &users[0], nil
		}
	}
	if k.Email == "" {
		return nil, nil
	}
	users, err := usersWithEmail(ctx, p.Client, k.Email)
	if err != nil {
		return nil, err
	}
	switch {
	case len(users) > 1:
		return nil, fmt.Errorf("%d users have the email %s (%s): refusing to guess which one is meant", len(users), k.Email, userIDs(users))
	case len(users) == 0:
		return nil, nil
	}
	u := users[0]
	if k.ExternalID != "" && u.ExternalID != "" && !strings.EqualFold(u.ExternalID, k.ExternalID) {
		return nil, fmt.Errorf("no user has the external_id %s, and the user with the email %s (#%d) has the external_id %s: refusing to overwrite it (fix the external_id in Zendesk or in the source)",
			k.ExternalID, k.Email, u.ID, u.ExternalID)
	}
	return &u, nil
}

// emailOwner reports another user who has email as their primary email, if any.
func (p Planner) emailOwner(ctx context.Context, email string, not int64) (*zendesk.User, error) {
	users, err := usersWithEmail(ctx, p.Client, email)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.ID != not {
			return &u, nil
		}
	}
	return nil, nil
}

func userIDs(users []zendesk.User) string {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = "#" + strconv.FormatInt(u.ID, 10)
	}
	return strings.Join(ids, ", ")
}

// findOrganization finds the organization a reference names, or nil when there is none. A
// Key is looked up as a Zendesk id (when it is a number) and as an external_id; when both
// find an organization and they differ, it is an error.
func (p Planner) findOrganization(ctx context.Context, r OrgRef) (*zendesk.Organization, error) {
	byID := func(id int64) (*zendesk.Organization, error) {
		o, err := p.Client.Organizations.Get(ctx, id)
		if isNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read organization %d: %w", id, err)
		}
		return &o, nil
	}
	byExternal := func(ext string) (*zendesk.Organization, error) {
		got, err := p.Client.Organizations.FindByExternalID(ctx, ext)
		if err != nil {
			return nil, fmt.Errorf("find the organization with external_id %s: %w", ext, err)
		}
		var out []zendesk.Organization
		for _, o := range got {
			if strings.EqualFold(o.ExternalID, ext) {
				out = append(out, o)
			}
		}
		switch len(out) {
		case 0:
			return nil, nil
		case 1:
			return &out[0], nil
		}
		ids := make([]string, len(out))
		for i, o := range out {
			ids[i] = "#" + strconv.FormatInt(o.ID, 10)
		}
		return nil, fmt.Errorf("%d organizations have the external_id %s (%s): refusing to guess which one is meant", len(out), ext, strings.Join(ids, ", "))
	}
	switch {
	case r.ID != 0:
		return byID(r.ID)
	case r.ExternalID != "":
		return byExternal(r.ExternalID)
	}
	ext, err := byExternal(r.Key)
	if err != nil {
		return nil, err
	}
	id, perr := strconv.ParseInt(r.Key, 10, 64)
	if perr != nil || id <= 0 {
		return ext, nil
	}
	zid, err := byID(id)
	if err != nil {
		return nil, err
	}
	switch {
	case zid == nil:
		return ext, nil
	case ext == nil || ext.ID == zid.ID:
		return zid, nil
	}
	return nil, fmt.Errorf("%s names two organizations: #%d by id and #%d (%s) by external_id: refusing to guess which one is meant", r.Key, zid.ID, ext.ID, ext.Name)
}

// orgLabel is "organization Acme (#9)".
func orgLabel(o zendesk.Organization) string {
	return fmt.Sprintf("organization %s (#%d)", o.Name, o.ID)
}

// memberships lists all of a user's organization memberships (every page: a user can
// belong to many organizations, and the one that matters need not be the first).
func (p Planner) memberships(ctx context.Context, userID int64) ([]zendesk.OrganizationMembership, error) {
	m, err := p.Client.Users.OrganizationMemberships(userID).Collect(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the organization memberships of user %d: %w", userID, err)
	}
	return m, nil
}

// identities lists all of a user's identities.
func (p Planner) identities(ctx context.Context, userID int64) ([]zendesk.Identity, error) {
	ids, err := p.Client.Users.Identities(userID).Collect(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the identities of user %d: %w", userID, err)
	}
	return ids, nil
}
