package actions

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// planUpsertUser plans upsert-user: one create_or_update (left out when nothing would
// change), the identity steps of a new primary email, and the memberships.
func (p Planner) planUpsertUser(ctx context.Context, b *stepBuilder, target *zendesk.User) error {
	prof := b.plan.Request.Params.Profile
	key := UserKey{ExternalID: prof.ExternalID, Email: prof.Email, Name: prof.Name}
	user := target
	if user == nil {
		var err error
		if user, err = p.findUser(ctx, key); err != nil {
			return err
		}
	}
	var values map[string]any
	if len(prof.UserFields) > 0 {
		fields, err := p.userFields(ctx)
		if err != nil {
			return err
		}
		var skipped []Skip
		values, skipped = profileFieldValues("user", fields, prof.UserFields)
		b.plan.Skipped = append(b.plan.Skipped, skipped...)
	}
	var who ref
	if user == nil {
		n, err := p.createUserStep(b, key, prof, values)
		if err != nil {
			return err
		}
		who = from(n, InputUserID)
	} else {
		if b.plan.User == nil {
			b.plan.User = summarize(*user)
		}
		if err := p.updateUserSteps(ctx, b, *user, prof, values); err != nil {
			return err
		}
		who = known(user.ID)
	}
	return p.membershipSteps(ctx, b, user, who, key, prof.JoinOrganizations, prof.LeaveOrganizations)
}

// createUserStep adds the create_or_update that creates a user no lookup found.
func (p Planner) createUserStep(b *stepBuilder, key UserKey, prof *UserProfile, values map[string]any) (int, error) {
	if strings.TrimSpace(prof.Name) == "" {
		return 0, fmt.Errorf("no user has %s, and there is no name to create one with (Zendesk needs a name)", keyWords(key))
	}
	body := zendesk.UserUpsert{
		Name: prof.Name, Email: prof.Email, ExternalID: prof.ExternalID, Phone: prof.Phone,
		TimeZone: prof.TimeZone, Tags: prof.Tags, UserFields: values,
	}
	if prof.CreateVerified {
		body.Verified = zendesk.Ptr(true)
	}
	if prof.SkipVerifyEmail {
		body.SkipVerifyEmail = zendesk.Ptr(true)
	}
	note := "no user has " + keyWords(key) + ": Zendesk creates one (201)"
	if prof.Email != "" && !prof.CreateVerified && !prof.SkipVerifyEmail {
		note += " and sends it a verification email"
	}
	return b.add(Step{
		Kind: StepUpsertUser, Method: http.MethodPost, Path: apiPrefix + "users/create_or_update",
		Subject: "new " + key.String(), Creates: true, Match: "none found by " + keyWords(key), Note: note,
	}, map[string]any{"user": body}, nil)
}

// updateUserSteps adds the create_or_update that updates an existing user with the fields
// given, and the steps a new email needs.
func (p Planner) updateUserSteps(ctx context.Context, b *stepBuilder, user zendesk.User, prof *UserProfile, values map[string]any) error {
	var body zendesk.UserUpsert
	var changes []FieldChange
	change := func(field string, before, after any) {
		changes = append(changes, FieldChange{Field: field, Before: rawJSON(before), After: rawJSON(after)})
	}
	// What create_or_update finds the user by: the user's own external_id, else the
	// primary email. A user with neither cannot be reached through create_or_update.
	var match string
	emailIsKey := false
	switch {
	case user.ExternalID != "" && (prof.ExternalID == "" || strings.EqualFold(prof.ExternalID, user.ExternalID)):
		body.ExternalID = firstOf(prof.ExternalID, user.ExternalID)
		match = "external_id " + body.ExternalID
		if body.ExternalID != user.ExternalID {
			change("external_id", user.ExternalID, body.ExternalID) // Zendesk keeps the case sent
		}
	case user.Email != "":
		body.Email, emailIsKey = user.Email, true
		match = "email " + user.Email
		if prof.ExternalID != "" {
			// create_or_update would find another user holding this external_id before
			// this one by email: refuse rather than show one user and write another.
			holders, err := usersWithExternalID(ctx, p.Client, prof.ExternalID)
			if err != nil {
				return err
			}
			for _, h := range holders {
				if h.ID != user.ID {
					return fmt.Errorf("the external_id %s belongs to user %s, not to %s: refusing to give it to a second user (change it on %s first)",
						prof.ExternalID, summarize(h), summarize(user), summarize(h))
				}
			}
			body.ExternalID = prof.ExternalID
			change("external_id", user.ExternalID, prof.ExternalID)
		}
	default:
		return fmt.Errorf("user %s has neither an external_id nor an email, so create_or_update cannot find it: give it one in Zendesk first", summarize(user))
	}
	str := func(field, given, current string, dst *string) {
		if given == "" {
			return
		}
		*dst = given
		if given != current {
			change(field, current, given)
		}
	}
	str("name", prof.Name, user.Name, &body.Name)
	str("phone", prof.Phone, user.Phone, &body.Phone)
	str("time_zone", prof.TimeZone, user.TimeZone, &body.TimeZone)
	if len(prof.Tags) > 0 {
		body.Tags = prof.Tags
		if !sameValue(prof.Tags, user.Tags) {
			change("tags", user.Tags, prof.Tags)
		}
	}
	for _, k := range sortedKeys(values) {
		if body.UserFields == nil {
			body.UserFields = map[string]any{}
		}
		body.UserFields[k] = values[k]
		if !sameValue(values[k], user.UserFields[k]) {
			change("user_fields."+k, user.UserFields[k], values[k])
		}
	}

	// A new email: a secondary identity (Zendesk's way with an email sent on update), or,
	// with UpdatePrimaryEmail, the user's primary email through make_primary.
	var identitySteps func() error
	if prof.Email != "" && !strings.EqualFold(prof.Email, user.Email) {
		if owner, err := p.emailOwner(ctx, prof.Email, user.ID); err != nil {
			return err
		} else if owner != nil {
			return fmt.Errorf("the email %s belongs to user %s, not to %s: refusing to guess which user is meant (merge them in Zendesk, or fix the source)", prof.Email, summarize(*owner), summarize(user))
		}
		idents, err := p.identities(ctx, user.ID)
		if err != nil {
			return err
		}
		existing := emailIdentity(idents, prof.Email)
		switch {
		case prof.UpdatePrimaryEmail:
			identitySteps = func() error {
				return identityStepsForPrimary(b, user, idents, prof.Email, prof.CreateVerified, prof.SkipVerifyEmail)
			}
		case existing != nil:
			b.skip("identity", existing.ID, prof.Email, "already a secondary email of the user: it stays secondary (update_primary_email makes it primary)")
		case emailIsKey:
			// The body's email finds the user, so the new one goes in its own call.
			identitySteps = func() error {
				_, err := addIdentityStep(b, user, prof.Email, prof.CreateVerified, prof.SkipVerifyEmail,
					"added as a secondary email; the primary stays "+user.Email+" (update_primary_email makes it primary)")
				return err
			}
		default:
			body.Email = prof.Email
			change("secondary email", nil, prof.Email)
			b.consequence(fmt.Sprintf("Zendesk adds %s to %s as a secondary email, unverified; the primary email stays %s. Set update_primary_email to make it primary.",
				prof.Email, summarize(user), display(user.Email)))
		}
	} else if prof.Email != "" && !emailIsKey {
		body.Email = prof.Email
	}

	if len(changes) > 0 {
		if _, err := b.add(Step{
			Kind: StepUpsertUser, Method: http.MethodPost, Path: apiPrefix + "users/create_or_update",
			UserID: user.ID, Subject: summarize(user).String(), Match: match, Changes: changes,
			Note: "Zendesk finds the user by " + match + " and updates it (200)",
		}, map[string]any{"user": body}, nil); err != nil {
			return err
		}
	} else {
		b.skip("user", user.ID, summarize(user).String(), "already has the values given: no create_or_update needed")
	}
	if identitySteps != nil {
		return identitySteps()
	}
	return nil
}

// planMakePrimary plans make-primary-email.
func (p Planner) planMakePrimary(ctx context.Context, b *stepBuilder, user *zendesk.User) error {
	email := strings.TrimSpace(b.plan.Request.Params.Email)
	if strings.EqualFold(user.Email, email) {
		b.skip("identity", 0, email, "already the primary email of "+summarize(*user).String())
		return nil
	}
	if owner, err := p.emailOwner(ctx, email, user.ID); err != nil {
		return err
	} else if owner != nil {
		return fmt.Errorf("the email %s is the primary email of user %s: Zendesk does not let two users share it", email, summarize(*owner))
	}
	idents, err := p.identities(ctx, user.ID)
	if err != nil {
		return err
	}
	return identityStepsForPrimary(b, *user, idents, email, false, false)
}

// identityStepsForPrimary adds the identity if the user lacks it, then make_primary.
func identityStepsForPrimary(b *stepBuilder, user zendesk.User, idents []zendesk.Identity, email string, verified, skipVerify bool) error {
	var id ref
	if existing := emailIdentity(idents, email); existing != nil {
		id = known(existing.ID)
	} else {
		n, err := addIdentityStep(b, user, email, verified, skipVerify, "added first, so that it can be made primary")
		if err != nil {
			return err
		}
		id = from(n, InputIdentityID)
	}
	var before zendesk.Identity
	for _, i := range idents {
		if i.Primary && i.Type == "email" {
			before = i
		}
	}
	_, err := b.add(Step{
		Kind: StepMakePrimary, Method: http.MethodPut,
		Path:   apiPrefix + fmt.Sprintf("users/%d/identities/%s/make_primary", user.ID, id.path()),
		UserID: user.ID, IdentityID: id.knownID(), Subject: summarize(user).String(),
		Changes:       []FieldChange{{Field: "email", Before: rawJSON(before.Value), After: rawJSON(email)}},
		PrimaryBefore: before.ID, PrimaryBeforeValue: before.Value,
		Note: "the previous primary email stays as a secondary one",
	}, nil, nil, id)
	return err
}

// addIdentityStep adds an email identity to a user.
func addIdentityStep(b *stepBuilder, user zendesk.User, email string, verified, skipVerify bool, note string) (int, error) {
	body := zendesk.NewIdentity{Type: "email", Value: email}
	if verified {
		body.Verified = zendesk.Ptr(true)
	}
	if skipVerify {
		body.SkipVerifyEmail = zendesk.Ptr(true)
	}
	if !verified && !skipVerify {
		note += "; Zendesk sends a verification email to it"
	}
	return b.add(Step{
		Kind: StepAddIdentity, Method: http.MethodPost, Path: apiPrefix + fmt.Sprintf("users/%d/identities", user.ID),
		UserID: user.ID, Subject: summarize(user).String(), Note: email + " " + note,
		Changes: []FieldChange{{Field: "identity", Before: rawJSON(nil), After: rawJSON(email)}},
	}, map[string]any{"identity": body}, nil)
}

// emailIdentity finds the user's email identity with the address, if any.
func emailIdentity(idents []zendesk.Identity, email string) *zendesk.Identity {
	for i := range idents {
		if idents[i].Type == "email" && strings.EqualFold(idents[i].Value, email) {
			return &idents[i]
		}
	}
	return nil
}

// keyWords is "external_id ext-42 or email ada@example.com".
func keyWords(k UserKey) string {
	switch {
	case k.ExternalID != "" && k.Email != "":
		return "the external_id " + k.ExternalID + " or the email " + k.Email
	case k.ExternalID != "":
		return "the external_id " + k.ExternalID
	}
	return "the email " + k.Email
}
