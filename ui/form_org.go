package ui

import (
	"strings"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// newOrgForm is upsert-organization's form. For an existing organization (d.org) it shows
// it as Zendesk has it, matches it by id and sends only what the operator changes; a new
// organization needs a name (and is matched by its external ID when one is given).
func newOrgForm(pc *programContext, owner compID, d formData) *entryForm {
	o := d.org
	if o == nil {
		o = &zendesk.Organization{}
	}
	fls := []*formField{
		lineField(pc, "name", "Name", o.Name, "unique in the account", 255),
		lineField(pc, "external_id", "External ID", o.ExternalID, "the organization's id in your systems", 255),
		lineField(pc, "domains", "Domains", strings.Join(o.DomainNames, " "), "e.g. example.com example.org", 2000),
		lineField(pc, "tags", "Tags", strings.Join(o.Tags, " "), "space-separated tags", 2000),
		textField("details", "Details", o.Details, "", 5000, 3),
		textField("notes", "Notes", o.Notes, "", 5000, 3),
	}
	for _, pf := range activeProfileFields(d.orgFields) {
		fls = append(fls, profileFormField(pc, "organization_fields", pf, o.OrganizationFields[pf.Key]))
	}
	title, creates := "New organization", "organization"
	note := "POST /organizations/create_or_update: Zendesk updates the organization with this external ID, or creates one"
	if d.org != nil {
		title, creates = "Edit organization "+sanitizeLine(o.Name), ""
		note = "only the fields you change are sent; Zendesk finds the organization by its id (#" + idText(o.ID) + ")"
	}
	f := newEntryForm(pc, owner, title, fls)
	f.note, f.creates = note, creates
	f.read = func(f *entryForm) (formResult, error) { return readOrgForm(f, d.org) }
	return f
}

// readOrgForm turns the form into upsert-organization's profile.
func readOrgForm(f *entryForm, org *zendesk.Organization) (formResult, error) {
	existing := org != nil
	prof := &actions.OrganizationProfile{}
	if existing {
		prof.ID = org.ID
	}
	changed := false
	for _, x := range []struct {
		id  string
		dst *string
	}{{"name", &prof.Name}, {"external_id", &prof.ExternalID}, {"details", &prof.Details}, {"notes", &prof.Notes}} {
		fl := f.field(x.id)
		if existing && !fl.changed() {
			continue
		}
		v := fl.value()
		if v == "" && existing {
			return formResult{}, emptiedErr(fl)
		}
		if v != "" {
			*x.dst, changed = v, true
		}
	}
	for _, x := range []struct {
		id, what string
		dst      *[]string
	}{{"domains", "domain", &prof.DomainNames}, {"tags", "tag", &prof.Tags}} {
		words, err := changedWords(f.field(x.id), existing, x.what)
		if err != nil {
			return formResult{}, err
		}
		if len(words) > 0 {
			*x.dst, changed = words, true
		}
	}
	for _, d := range prof.DomainNames {
		if strings.ContainsAny(d, "/@:") || !strings.Contains(d, ".") {
			return formResult{}, fieldErr(f.field("domains"), "\""+clip(d, 40)+"\" is not a domain: give bare domains such as example.com, separated by spaces")
		}
	}
	values, err := changedProfileFields(f, "organization_fields")
	if err != nil {
		return formResult{}, err
	}
	if len(values) > 0 {
		prof.OrganizationFields, changed = values, true
	}
	if !existing && prof.Name == "" {
		return formResult{}, fieldErr(f.field("name"), "a new organization needs a name: type one that no other organization has")
	}
	if !changed {
		return formResult{}, &formError{field: "name", msg: "nothing changed: edit a field first, or press esc to go back"}
	}
	return formResult{action: actions.UpsertOrganization, params: actions.Params{OrgProfile: prof}}, nil
}
