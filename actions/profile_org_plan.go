package actions

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// planUpsertOrganization plans upsert-organization: one create_or_update (left out when
// nothing would change), then the member, created first when missing.
func (p Planner) planUpsertOrganization(ctx context.Context, b *stepBuilder) error {
	o := b.plan.Request.Params.OrgProfile
	var org *zendesk.Organization
	var err error
	switch {
	case o.ID != 0:
		if org, err = p.findOrganization(ctx, OrgRef{ID: o.ID}); err == nil && org == nil {
			err = fmt.Errorf("organization %d not found", o.ID)
		}
	case o.ExternalID != "":
		org, err = p.findOrganization(ctx, OrgRef{ExternalID: o.ExternalID})
	}
	if err != nil {
		return err
	}
	fieldValues := o.OrganizationFields
	var fields []zendesk.ProfileField
	if len(fieldValues) > 0 || o.URL != "" {
		if fields, err = p.organizationFields(ctx); err != nil {
			return err
		}
	}
	if o.URL != "" {
		// Zendesk organizations have no url: it goes to a field keyed "url" if there is one.
		if slices.ContainsFunc(fields, func(f zendesk.ProfileField) bool { return f.Key == "url" }) && fieldValues["url"] == nil {
			fieldValues = cloneMap(fieldValues)
			fieldValues["url"] = o.URL
		} else {
			b.skip("organization-field", 0, "url", "Zendesk organizations have no url attribute and no organization field has the key url: not written (add a text field with the key url to keep it)")
		}
	}
	values, skipped := profileFieldValues("organization", fields, fieldValues)
	b.plan.Skipped = append(b.plan.Skipped, skipped...)

	body := zendesk.OrganizationUpsert{
		ExternalID: o.ExternalID, Name: o.Name, DomainNames: o.DomainNames, Tags: o.Tags,
		Details: o.Details, Notes: o.Notes, OrganizationFields: values,
	}
	var who ref
	if org == nil {
		if strings.TrimSpace(o.Name) == "" {
			return fmt.Errorf("no organization has the external_id %s, and there is no name to create one with (Zendesk needs a unique name)", o.ExternalID)
		}
		match := "none found by external_id " + o.ExternalID
		note := "no organization has the external_id " + o.ExternalID + ": Zendesk creates one (201)"
		if o.ExternalID == "" {
			match = "none: there is no external_id to find it by"
			note = "without an external_id Zendesk always creates a new organization (and refuses a name already taken)"
		}
		n, err := b.add(Step{
			Kind: StepUpsertOrganization, Method: http.MethodPost, Path: apiPrefix + "organizations/create_or_update",
			Subject: "new organization " + o.Name, Creates: true, Match: match, Note: note,
		}, map[string]any{"organization": body}, nil)
		if err != nil {
			return err
		}
		who = from(n, InputOrganizationID)
	} else {
		match := "external_id " + org.ExternalID
		if o.ID != 0 {
			body.ID, match = org.ID, fmt.Sprintf("id %d", org.ID)
		}
		changes := orgChanges(*org, body)
		if len(changes) > 0 {
			if _, err := b.add(Step{
				Kind: StepUpsertOrganization, Method: http.MethodPost, Path: apiPrefix + "organizations/create_or_update",
				OrganizationID: org.ID, Subject: orgLabel(*org), Match: match, Changes: changes,
				Note: "Zendesk finds the organization by " + match + " and updates it (200)",
			}, map[string]any{"organization": body}, nil); err != nil {
				return err
			}
		} else {
			b.skip("organization", org.ID, orgLabel(*org), "already has the values given: no create_or_update needed")
		}
		who = known(org.ID)
	}
	if len(o.DomainNames) > 0 && (org == nil || !sameValue(o.DomainNames, org.DomainNames)) {
		b.consequence("Zendesk replaces the organization's domain names with the ones given; users whose email is on one of them join the organization automatically when the account is set up so.")
	}
	if o.Member == nil {
		return nil
	}
	orgName := "new organization " + o.Name
	if org != nil {
		orgName = orgLabel(*org)
	}
	return p.memberStep(ctx, b, *o.Member, who, org, orgName)
}

// orgChanges lists the fields body would change on org.
func orgChanges(org zendesk.Organization, body zendesk.OrganizationUpsert) []FieldChange {
	var out []FieldChange
	change := func(field string, before, after any) {
		out = append(out, FieldChange{Field: field, Before: rawJSON(before), After: rawJSON(after)})
	}
	str := func(field, given, current string) {
		if given != "" && given != current {
			change(field, current, given)
		}
	}
	str("external_id", body.ExternalID, org.ExternalID)
	str("name", body.Name, org.Name)
	str("details", body.Details, org.Details)
	str("notes", body.Notes, org.Notes)
	if len(body.DomainNames) > 0 && !sameValue(body.DomainNames, org.DomainNames) {
		change("domain_names", org.DomainNames, body.DomainNames)
	}
	if len(body.Tags) > 0 && !sameValue(body.Tags, org.Tags) {
		change("tags", org.Tags, body.Tags)
	}
	for _, k := range sortedKeys(body.OrganizationFields) {
		if !sameValue(body.OrganizationFields[k], org.OrganizationFields[k]) {
			change("organization_fields."+k, org.OrganizationFields[k], body.OrganizationFields[k])
		}
	}
	return out
}

// memberStep adds a user to an organization: found by external_id then email, created
// first when missing and the key has a name and an email.
func (p Planner) memberStep(ctx context.Context, b *stepBuilder, k UserKey, org ref, found *zendesk.Organization, orgName string) error {
	user, err := p.findUser(ctx, k)
	if err != nil {
		return err
	}
	who, err := p.userOrCreate(b, user, k)
	if err != nil {
		return err
	}
	if found != nil {
		if user != nil {
			mems, err := p.memberships(ctx, user.ID)
			if err != nil {
				return err
			}
			if membershipOf(mems, found.ID) != nil {
				b.skip("membership", user.ID, summarize(*user).String(), "already a member of "+orgName)
				return nil
			}
		}
	}
	return addMembershipStep(b, who, org, userSubject(user, k)+" to "+orgName)
}

// userOrCreate is the user's id, or a create_or_update that creates the user from the
// key (it needs a name and an email, as Zendesk does).
func (p Planner) userOrCreate(b *stepBuilder, user *zendesk.User, k UserKey) (ref, error) {
	if user != nil {
		return known(user.ID), nil
	}
	if k.Name == "" || k.Email == "" {
		return ref{}, fmt.Errorf("no user has %s, and the name and email needed to create one are not both known (give context.traits.name and context.traits.email)", keyWords(k))
	}
	prof := &UserProfile{Name: k.Name, Email: k.Email, ExternalID: k.ExternalID, CreateVerified: k.CreateVerified, SkipVerifyEmail: k.SkipVerifyEmail}
	n, err := p.createUserStep(b, k, prof, nil)
	if err != nil {
		return ref{}, err
	}
	return from(n, InputUserID), nil
}

// membershipSteps adds and removes the memberships an upsert-user asks for.
func (p Planner) membershipSteps(ctx context.Context, b *stepBuilder, user *zendesk.User, who ref, k UserKey, join, leave []OrgRef) error {
	if len(join)+len(leave) == 0 {
		return nil
	}
	var mems []zendesk.OrganizationMembership
	if user != nil {
		var err error
		if mems, err = p.memberships(ctx, user.ID); err != nil {
			return err
		}
	}
	done := map[int64]bool{}
	for _, r := range join {
		org, err := p.findOrganization(ctx, r)
		if err != nil {
			return err
		}
		if org == nil {
			return fmt.Errorf("no %s: the user cannot be added to it (create it first, with a group event or upsert-organization)", r)
		}
		switch {
		case done[org.ID]:
		case user != nil && membershipOf(mems, org.ID) != nil:
			b.skip("membership", user.ID, summarize(*user).String(), "already a member of "+orgLabel(*org))
		default:
			if err := addMembershipStep(b, who, known(org.ID), userSubject(user, k)+" to "+orgLabel(*org)); err != nil {
				return err
			}
		}
		done[org.ID] = true
	}
	for _, r := range leave {
		org, err := p.findOrganization(ctx, r)
		if err != nil {
			return err
		}
		switch {
		case org == nil:
			b.skip("membership", 0, r.String(), "no such organization: nothing to leave")
		case done[org.ID]:
			return fmt.Errorf("%s is both joined and left", orgLabel(*org))
		case user == nil:
			b.skip("membership", 0, orgLabel(*org), "a new user belongs to no organization: nothing to leave")
		default:
			m := membershipOf(mems, org.ID)
			if m == nil {
				b.skip("membership", user.ID, summarize(*user).String(), "not a member of "+orgLabel(*org))
				break
			}
			if err := removeMembershipStep(b, *m, summarize(*user).String()+" from "+orgLabel(*org)); err != nil {
				return err
			}
		}
		if org != nil {
			done[org.ID] = true
		}
	}
	return nil
}

// planMembership plans add-to-organization and remove-from-organization.
func (p Planner) planMembership(ctx context.Context, b *stepBuilder, user *zendesk.User) error {
	r := *b.plan.Request.Params.Organization
	org, err := p.findOrganization(ctx, r)
	if err != nil {
		return err
	}
	if org == nil {
		return fmt.Errorf("no %s", r)
	}
	mems, err := p.memberships(ctx, user.ID)
	if err != nil {
		return err
	}
	m := membershipOf(mems, org.ID)
	subject := summarize(*user).String()
	if b.plan.Request.Action == AddToOrganization {
		if m != nil {
			b.skip("membership", user.ID, subject, "already a member of "+orgLabel(*org))
			return nil
		}
		return addMembershipStep(b, known(user.ID), known(org.ID), subject+" to "+orgLabel(*org))
	}
	if m == nil {
		b.skip("membership", user.ID, subject, "not a member of "+orgLabel(*org))
		return nil
	}
	return removeMembershipStep(b, *m, subject+" from "+orgLabel(*org))
}

// planDeleteOrganization plans delete-organization: a dangerous step, confirmed by typing
// the organization's name.
func (p Planner) planDeleteOrganization(ctx context.Context, b *stepBuilder) error {
	r := *b.plan.Request.Params.Organization
	org, err := p.findOrganization(ctx, r)
	if err != nil {
		return err
	}
	if org == nil {
		b.skip("organization", 0, r.String(), "no such organization: nothing to delete")
		return nil
	}
	members := ""
	if mems, err := p.Client.Organizations.Memberships(org.ID).Collect(ctx); err == nil {
		members = fmt.Sprintf(" (%s)", plural(len(mems), "membership"))
	}
	if _, err := b.add(Step{
		Kind: StepDeleteOrganization, Method: http.MethodDelete, Path: apiPrefix + fmt.Sprintf("organizations/%d", org.ID),
		OrganizationID: org.ID, Subject: orgLabel(*org), Danger: true,
		Note: "Zendesk deletes the organization and every membership in it" + members,
	}, nil, nil); err != nil {
		return err
	}
	b.consequence("Zendesk removes every membership of the organization and unassigns it from its tickets; a deleted organization cannot be restored, so this cannot be undone.")
	b.plan.ConfirmPhrase = firstOf(org.Name, org.ExternalID)
	return nil
}

// addMembershipStep adds POST /organization_memberships.
func addMembershipStep(b *stepBuilder, user, org ref, subject string) error {
	ids := &bodyIDs{}
	body := membershipBody(ids.id(user), ids.id(org))
	_, err := b.add(Step{
		Kind: StepAddMembership, Method: http.MethodPost, Path: apiPrefix + "organization_memberships",
		UserID: user.knownID(), OrganizationID: org.knownID(), Subject: subject,
		Note: "the user's other memberships stay; already a member counts as done",
	}, body, ids)
	return err
}

// removeMembershipStep adds DELETE /organization_memberships/{id}.
func removeMembershipStep(b *stepBuilder, m zendesk.OrganizationMembership, subject string) error {
	_, err := b.add(Step{
		Kind: StepRemoveMembership, Method: http.MethodDelete, Path: apiPrefix + fmt.Sprintf("organization_memberships/%d", m.ID),
		UserID: m.UserID, OrganizationID: m.OrganizationID, MembershipID: m.ID, Subject: subject,
		Note: "membership #" + fmt.Sprint(m.ID) + ", found among all of the user's memberships",
	}, nil, nil)
	if err == nil {
		b.consequence("Removing a user from an organization makes Zendesk unassign the organization from the user's tickets that are not closed.")
	}
	return err
}

// membershipOf finds the user's membership of an organization.
func membershipOf(mems []zendesk.OrganizationMembership, orgID int64) *zendesk.OrganizationMembership {
	for i := range mems {
		if mems[i].OrganizationID == orgID {
			return &mems[i]
		}
	}
	return nil
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}
