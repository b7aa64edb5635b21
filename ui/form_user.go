package ui

import (
	"strings"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// newUserForm is upsert-user's form. For an existing user (d.user) it shows the profile as
// Zendesk has it and sends only what the operator changes; for a new user it starts empty
// and needs a name and an email or external_id. Custom user fields are listed from the
// account's; an organization picked here is joined (a membership; the others stay).
func newUserForm(pc *programContext, owner compID, t actionTarget, d formData) *entryForm {
	u := d.user
	if u == nil {
		u = &zendesk.User{}
	}
	fls := []*formField{
		lineField(pc, "name", "Name", u.Name, "the user's full name", 255),
		lineField(pc, "email", "Email", u.Email, "e.g. name@example.com", 254),
	}
	if d.user != nil {
		fls = append(fls, cycleField("primary", "New email is", []string{"secondary", "primary"}, "secondary"))
		fls[len(fls)-1].options[0].label = "a secondary email (Zendesk's way)"
		fls[len(fls)-1].options[1].label = "the primary email"
	}
	fls = append(fls,
		lineField(pc, "external_id", "External ID", u.ExternalID, "the user's id in your systems", 255),
		lineField(pc, "phone", "Phone", u.Phone, "e.g. +1 555 0100", 64),
		timeZoneField(u.TimeZone),
		lineField(pc, "tags", "Tags", strings.Join(u.Tags, " "), "space-separated tags", 2000),
	)
	for _, pf := range activeProfileFields(d.userFields) {
		fls = append(fls, profileFormField(pc, "user_fields", pf, u.UserFields[pf.Key]))
	}
	org := pickField("organization", "Organization", "Organization to add the user to", nil, nil)
	org.load = loadOrganizations
	fls = append(fls, org)
	title := "Edit " + t.label()
	if d.user == nil {
		title = "New user"
		fls = append(fls,
			cycleField("verified", "Verified", []string{"no", "yes"}, "no"),
			cycleField("welcome", "Verify email", []string{"send", "skip"}, "send"))
	}
	f := newEntryForm(pc, owner, title, fls)
	switch {
	case d.user == nil:
		f.creates = "user"
		f.note = "POST /users/create_or_update: Zendesk creates the user, or updates the one with this email or external_id"
	default:
		f.note = "only the fields you change are sent · member of: " + membershipNames(d.memberships)
	}
	f.read = func(f *entryForm) (formResult, error) { return readUserForm(f, d.user != nil) }
	return f
}

// membershipNames lists a user's organizations for a note: "Acme (default), Globex".
func membershipNames(ms []zendesk.OrganizationMembership) string {
	if len(ms) == 0 {
		return "no organization"
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		n := sanitizeLine(m.OrganizationName)
		if n == "" {
			n = "#" + idText(m.OrganizationID)
		}
		if m.Default {
			n += " (default)"
		}
		names[i] = n
	}
	return strings.Join(names, ", ")
}

// readUserForm turns the form into upsert-user's profile: for an existing user the fields
// changed, for a new one every field given.
func readUserForm(f *entryForm, existing bool) (formResult, error) {
	prof := &actions.UserProfile{}
	changed := false
	text := func(id string, dst *string) error {
		fl := f.field(id)
		if fl == nil || (existing && !fl.changed()) {
			return nil
		}
		v := fl.value()
		if v == "" {
			if existing {
				return emptiedErr(fl)
			}
			return nil
		}
		*dst, changed = v, true
		return nil
	}
	for _, x := range []struct {
		id  string
		dst *string
	}{{"name", &prof.Name}, {"email", &prof.Email}, {"external_id", &prof.ExternalID}, {"phone", &prof.Phone}, {"time_zone", &prof.TimeZone}} {
		if err := text(x.id, x.dst); err != nil {
			return formResult{}, err
		}
	}
	if prof.Email != "" {
		if err := actions.CheckEmail(prof.Email); err != nil {
			return formResult{}, fieldErr(f.field("email"), err.Error())
		}
		if fl := f.field("primary"); fl != nil && fl.value() == "primary" {
			prof.UpdatePrimaryEmail = true
		}
	}
	if fl := f.field("tags"); fl != nil {
		tags, err := changedWords(fl, existing, "tag")
		if err != nil {
			return formResult{}, err
		}
		if len(tags) > 0 {
			prof.Tags, changed = tags, true
		}
	}
	values, err := changedProfileFields(f, "user_fields")
	if err != nil {
		return formResult{}, err
	}
	if len(values) > 0 {
		prof.UserFields, changed = values, true
	}
	if id := f.field("organization").pickedID(); id != 0 {
		prof.JoinOrganizations, changed = []actions.OrgRef{{ID: id}}, true
	}
	if !existing {
		switch {
		case prof.Name == "":
			return formResult{}, fieldErr(f.field("name"), "a new user needs a name: type the user's full name")
		case prof.Email == "" && prof.ExternalID == "":
			return formResult{}, fieldErr(f.field("email"), "a new user needs an email or an external ID: type one of them")
		}
		prof.CreateVerified = f.field("verified").value() == "yes"
		prof.SkipVerifyEmail = f.field("welcome").value() == "skip"
	}
	if !changed {
		return formResult{}, &formError{field: "name", msg: "nothing changed: edit a field first, or press esc to go back"}
	}
	return formResult{action: actions.UpsertUser, params: actions.Params{Profile: prof}}, nil
}
