package ui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// The customer-record forms as a review of them found them wanting: each test names the
// finding it holds to.

// stepBody decodes the body of the preview's first step.
func stepBody(t *testing.T, d *driver) map[string]map[string]any {
	t.Helper()
	f := d.m.flow
	if f == nil || f.stage != stagePreview || len(f.preview.plan.Steps) == 0 {
		t.Fatalf("no preview with a step:\n%s", d.view())
	}
	var body map[string]map[string]any
	if err := json.Unmarshal(f.preview.plan.Steps[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	return body
}

// A user with 200 tags (4,600 characters, past the field's 2,000): the form opens with all
// of them, and adding one sends all 201, not the cut list that would replace the 200.
func TestFormKeepsLongValues(t *testing.T) {
	a := newActionAccount(t)
	uid, email := a.srv.SampleUser("end-user")
	var tags []string
	for i := range 200 {
		tags = append(tags, fmt.Sprintf("customer-segment-%03d-x", i))
	}
	if _, _, err := a.client.Users.CreateOrUpdate(bg, zendesk.UserUpsert{Email: email, Tags: tags}); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	d.openUser(uid)
	d.key("e")
	fl := d.form().field("tags")
	if got := splitWords(fl.value()); !slices.Equal(got, tags) {
		t.Fatalf("the form opened with %d tags, the last %q; Zendesk has 200", len(got), got[len(got)-1])
	}
	d.focus("tags")
	d.typeText(" vip")
	d.key("ctrl+s")
	sent, _ := stepBody(t, d)["user"]["tags"].([]any)
	if len(sent) != 201 || sent[199] != tags[199] || sent[200] != "vip" {
		t.Fatalf("the update sends %d tags, ending %v", len(sent), sent[max(len(sent)-2, 0):])
	}

	// An organization's details past the field's 5,000 characters: untouched they are not
	// sent; edited, they are sent whole.
	oid, _ := a.srv.SampleOrganization()
	long := strings.Repeat("Renewal terms negotiated yearly. ", 200) // 6,600 characters
	if _, _, err := a.client.Organizations.CreateOrUpdate(bg, zendesk.OrganizationUpsert{ID: oid, Details: long}); err != nil {
		t.Fatal(err)
	}
	d.key("esc", "esc", "y", "esc", "5")
	d.send(openMsg{from: d.m.tabs[4].ID(), kind: orgDetailKind, id: oid, title: "org"})
	d.key("e")
	if got := d.form().field("details").area.Value(); got != strings.TrimSpace(long) && got != long {
		t.Fatalf("the details opened with %d of %d characters", len([]rune(got)), len(long))
	}
	d.fill("tags", "renewal")
	d.key("ctrl+s")
	if _, sent := stepBody(t, d)["organization"]["details"]; sent {
		t.Fatal("details the operator did not touch are sent")
	}
	d.key("esc")
	d.focus("details")
	d.typeText(" Signed.")
	d.key("ctrl+s")
	if got, _ := stepBody(t, d)["organization"]["details"].(string); got != strings.TrimSpace(long)+" Signed." {
		t.Fatalf("the details sent are %d characters, want %d", len([]rune(got)), len(strings.TrimSpace(long)+" Signed."))
	}
}

// A name with a zero-width joiner (an emoji sequence) cannot be shown in an input without
// losing it: the field is read-only, says so, and is never sent; typing on it does nothing.
func TestFormLocksValuesItCannotShow(t *testing.T) {
	a := newActionAccount(t)
	uid, email := a.srv.SampleUser("end-user")
	name := "Rosa \U0001F469\u200d\U0001F4BB Kaur"
	if _, _, err := a.client.Users.CreateOrUpdate(bg, zendesk.UserUpsert{Email: email, Name: name}); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	d.openUser(uid)
	d.key("e")
	fl := d.form().field("name")
	if fl.locked == "" {
		t.Fatal("a name the input would change is editable")
	}
	v := d.view()
	if !strings.Contains(v, "read-only · Rosa") || !strings.Contains(v, "read-only: edit it in Zendesk (it has characters this form cannot show)") {
		t.Fatalf("the read-only name is not marked, or the hint does not say why:\n%s", v)
	}
	d.typeText("xyz")
	d.key("backspace", "ctrl+u")
	if fl.changed() || d.form().dirty() {
		t.Fatal("keys changed a read-only field")
	}
	d.fill("phone", "+15550004444")
	d.key("ctrl+s")
	if _, sent := stepBody(t, d)["user"]["name"]; sent {
		t.Fatal("the read-only name is sent")
	}
	if lockReason("one\ntwo", false) == "" || lockReason("one\ntwo", true) != "" || lockReason("tab\there", true) == "" ||
		lockReason(strings.Repeat("line\n", maxTextLines), true) == "" {
		t.Fatal("lockReason: a line break locks a one-line field only; a tab locks both; so do more lines than a text area holds")
	}
}

// Custom fields as Zendesk has them: a textarea is edited on several lines and sent with
// its line breaks; a multiselect keeps a value that is not one of its options; opening the
// multiselect and pressing enter is no change (its values compared as a set).
func TestFormCustomFieldsKeepTheirValues(t *testing.T) {
	a := newActionAccount(t)
	m := newActionModel(t, a, nil)
	newDriver(t, m, 120, 34)
	fields := []zendesk.ProfileField{
		{Key: "about", Title: "About", Type: "textarea", Active: true},
		{Key: "langs", Title: "Languages", Type: "multiselect", Active: true, CustomFieldOptions: []zendesk.FieldOption{
			{Name: "English", Value: "en"}, {Name: "French", Value: "fr"}, {Name: "German", Value: "de"},
		}},
		{Key: "ltv", Title: "Lifetime value", Type: "decimal", Active: true},
	}
	user := &zendesk.User{ID: 7, Name: "Ada", Email: "ada@example.com", ExternalID: "crm-7",
		UserFields: map[string]any{"about": "line one\nline two", "langs": []any{"fr", "en", "xx"}}}
	form := newUserForm(m.pc, 0, actionTarget{user: &userRef{id: 7, name: "Ada"}}, formData{user: user, userFields: fields})
	form.setSize(120, 30)
	press := func(keys ...string) {
		for _, k := range keys {
			form.key(keyMsg(k))
		}
	}
	focus := func(id string) *formField {
		for i, fl := range form.fields {
			if fl.id == id {
				form.focusField(i)
				return fl
			}
		}
		t.Fatalf("no field %s", id)
		return nil
	}
	about := focus("user_fields.about")
	if about.kind != fieldText || about.value() != "line one\nline two" {
		t.Fatalf("the textarea field is %v holding %q", about.kind, about.value())
	}
	langs := focus("user_fields.langs")
	if got := langs.pickedValues(); !slices.Equal(got, []string{"fr", "en", "xx"}) {
		t.Fatalf("the multiselect opened with %v, Zendesk has fr en xx", got)
	}
	press("enter") // the list opens with the three marked
	if form.sub == nil || len(form.sub.chosen) != 3 {
		t.Fatalf("the list marks %v", form.sub)
	}
	press("enter")
	if langs.changed() || form.dirty() {
		t.Fatalf("opening the list and pressing enter changed %v into %v", []string{"fr", "en", "xx"}, langs.pickedValues())
	}
	if _, err := form.read(form); err == nil || !strings.Contains(err.Error(), "nothing changed") {
		t.Fatalf("an unchanged form reads as %v", err)
	}
	focus("user_fields.about")
	about.area.CursorEnd()
	form.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\nline three")})
	r, err := form.read(form)
	if err != nil {
		t.Fatal(err)
	}
	got := r.params.Profile.UserFields
	if got["about"] != "line one\nline two\nline three" {
		t.Fatalf("the textarea is sent as %q", got["about"])
	}
	if _, sent := got["langs"]; sent {
		t.Fatal("the untouched multiselect is sent")
	}
	// Unmarking one value sends the others, the unlisted one with them.
	focus("user_fields.langs")
	press("enter", " ", "enter") // the cursor is on English: unmark it
	r, err = form.read(form)
	if err != nil {
		t.Fatal(err)
	}
	if v := r.params.Profile.UserFields["langs"]; !slices.Equal(v.([]string), []string{"fr", "xx"}) {
		t.Fatalf("the multiselect is sent as %v", v)
	}

	// A decimal field refuses what ParseFloat takes and Zendesk does not.
	ltv := focus("user_fields.ltv")
	for _, bad := range []string{"NaN", "Inf", "-infinity", "0x1p3", "1e5"} {
		ltv.line.SetValue(bad)
		if _, err := form.read(form); err == nil || !strings.Contains(err.Error(), "is not a number") {
			t.Errorf("decimal %q: %v", bad, err)
		}
	}
	ltv.line.SetValue("-12.50")
	if _, err := form.read(form); err != nil {
		t.Errorf("decimal -12.50: %v", err)
	}
}

// N with the email of a user Zendesk has: the preview does not promise a new user but says
// it updates the existing one, and that Verified and Verify email do not apply; at 80
// columns the warning and the form's note are whole. A new organization with an existing
// organization's external ID is likewise an update; a true creation keeps its title.
func TestFormNewRecordThatExists(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 80, 24)
	_, email := a.srv.SampleUser("end-user")
	d.key("N")
	if v := d.view(); !strings.Contains(v, "or updates the one with") || !strings.Contains(v, "this email or external_id") {
		t.Fatalf("the form's note is cut at 80 columns:\n%s", v)
	}
	d.fill("name", "Someone Else")
	d.fill("email", email)
	d.key("ctrl+s")
	p := d.m.flow.preview
	if p == nil || !strings.HasPrefix(p.heading, "Update existing user") {
		t.Fatalf("the preview of an existing user's update is titled %q:\n%s", p.heading, d.view())
	}
	v := d.view()
	for _, want := range []string{"Update existing user", "an existing user matches: it is updated · Verified and Verify email do not apply", "matched by"} {
		if !strings.Contains(v, want) {
			t.Errorf("the preview lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "New user") {
		t.Fatalf("the preview still says New user:\n%s", v)
	}
	d.key("esc")
	d.fill("email", "brand.new.person@example.com")
	d.key("ctrl+s")
	if p := d.m.flow.preview; p.heading != "New user" || p.note != "" {
		t.Fatalf("a creation is titled %q with the note %q", p.heading, p.note)
	}

	d.key("esc", "esc", "y", "5", "N")
	_, ext := a.srv.SampleOrganization()
	d.fill("name", "Some Other Name Ltd")
	d.fill("external_id", ext)
	d.key("ctrl+s")
	if p := d.m.flow.preview; p == nil || p.heading != "Update existing organization" ||
		!strings.Contains(d.view(), "an existing organization matches: it is updated, nothing is created") {
		t.Fatalf("a new organization matched by its external ID:\n%s", d.view())
	}
}

// esc on a form with changes asks before dropping them (on screen and in help); n or esc
// keeps editing with the changes there, y leaves. Without changes esc leaves at once. An
// added custom field is a change.
func TestFormEscAsksBeforeDiscarding(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("e", "esc")
	if d.m.flow != nil {
		t.Fatalf("esc on an unchanged form did not leave:\n%s", d.view())
	}
	d.key("e")
	d.fill("phone", "+15550007777")
	d.key("esc")
	v := d.view()
	if d.m.flow == nil || !d.form().discarding || !strings.Contains(v, "discard your changes to this form? y: discard · n or esc: keep editing") ||
		!strings.Contains(v, "y discard the changes") {
		t.Fatalf("esc with a change made did not ask:\n%s", v)
	}
	d.key("x") // the question waits for its answer
	d.key("n")
	if d.m.flow == nil || d.form().discarding || d.form().field("phone").value() != "+15550007777" {
		t.Fatalf("n did not keep the form as it was:\n%s", d.view())
	}
	d.key("esc", "esc")
	if d.m.flow == nil || d.form().discarding {
		t.Fatalf("esc did not answer keep editing:\n%s", d.view())
	}
	d.key("esc", "y")
	if d.m.flow != nil {
		t.Fatalf("y did not discard:\n%s", d.view())
	}
	d.key("n")
	d.focus("add-custom")
	d.key("enter")
	d.pickLabel("Units affected")
	d.key("esc")
	if d.m.flow == nil || !d.form().discarding {
		t.Fatalf("a form with an added field left without asking:\n%s", d.view())
	}
}

// On the last field enter asks for the preview, whatever the kind of field, and the hint
// says so (a choice field's hint said "enter: next field").
func TestFormLastFieldHint(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	d.key("N")
	d.fill("name", "Last Field")
	d.fill("email", "last.field@example.com")
	d.focus("welcome") // a choice field, the last one
	v := d.view()
	if !strings.Contains(v, "←/→ change · enter or ctrl+s: preview") || strings.Contains(v, "enter: next field") {
		t.Fatalf("the last field's hint:\n%s", v)
	}
	d.key("enter")
	if d.m.flow.stage != stagePreview {
		t.Fatalf("enter on the last field:\n%s", d.view())
	}
	d.key("esc", "esc", "y")
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("t")
	d.focus("time") // a line field, the last one
	if v := d.view(); !strings.Contains(v, "enter or ctrl+s: preview") || strings.Contains(v, "enter: next field") {
		t.Fatalf("the last line field's hint:\n%s", v)
	}
	d.focus("source")
	if v := d.view(); !strings.Contains(v, "enter: next field") {
		t.Fatalf("a field before the last:\n%s", v)
	}
}

// m, Add at 120x34, the terminal shrinks to 60x20, esc: the memberships list under the
// organizations is drawn at the new size.
func TestFlowResizesListsUnderLists(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("m", "enter")
	d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.key("esc")
	f := d.m.flow
	if f.choice == nil || !strings.HasPrefix(f.choice.title, "Organizations of ") {
		t.Fatalf("esc did not go back to the memberships:\n%s", d.view())
	}
	if f.choice.width != 60 {
		t.Fatalf("the memberships list is %d wide at 60 columns", f.choice.width)
	}
	checkFrame(t, d.view(), 60, 20)
}

// Past the organizations a list reads, its filter searches Zendesk: an organization
// beyond the first ones is found and picked, in the m list and in the profile form; while
// a search is awaited, enter cannot choose from the last one's entries.
func TestOrganizationListSearchesPastItsCap(t *testing.T) {
	old := orgListLimit
	orgListLimit = 5
	t.Cleanup(func() { orgListLimit = old })
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	orgs, err := a.client.Organizations.List().Collect(bg)
	if err != nil || len(orgs) < 10 {
		t.Fatalf("%d organizations (%v)", len(orgs), err)
	}
	target := orgs[len(orgs)-1]
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("m", "enter")
	c := d.openList()
	if len(c.items) != 5 || c.remote == nil || !strings.Contains(d.view(), "the first 5 organizations · type to search all of the account's in Zendesk") {
		t.Fatalf("the capped list:\n%s", d.view())
	}
	searches := a.routeCount("GET /api/v2/search")
	cmd := d.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(target.Name), Paste: true})
	if _, ok := c.selected(); ok || !strings.Contains(d.view(), "searching Zendesk…") {
		t.Fatalf("a search is awaited, yet an entry can be chosen:\n%s", d.view())
	}
	d.run(cmd)
	if a.routeCount("GET /api/v2/search") != searches+1 {
		t.Fatalf("%d searches for one pause in typing", a.routeCount("GET /api/v2/search")-searches)
	}
	chooseLabel(t, d, target.Name)
	d.previewHas(fmt.Sprintf(`"organization_id": %d`, target.ID))

	// The profile form's Organization field reaches it the same way.
	d.key("esc", "esc", "esc", "e")
	d.focus("organization")
	d.key("enter")
	d.paste(target.Name)
	chooseLabel(t, d, target.Name)
	if got := d.form().field("organization").pickedID(); got != target.ID {
		t.Fatalf("the form picked organization %d, want %d", got, target.ID)
	}
	if q := prefixQuery("acme gl"); q != "acme gl*" || prefixQuery("tags:vip") != "tags:vip" {
		t.Fatalf("prefixQuery: %q", q)
	}
}

// The stricter email check: the addresses the review found reaching the preview are
// refused in the profile form and the add-email form, with what is wrong.
func TestFormRefusesBadEmails(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	cases := map[string]string{"a@b@c.com": "more than one @", "a@.com": "starts or ends with a dot", "a@b.": "starts or ends with a dot"}
	d.key("e")
	for bad, why := range cases {
		d.fill("email", bad)
		d.key("ctrl+s")
		if d.m.flow.stage != stageForm || !strings.Contains(d.form().err, why) {
			t.Errorf("profile form, %q: %q\n%s", bad, d.form().err, d.view())
		}
	}
	d.key("esc", "y", "p", "enter")
	for bad, why := range cases {
		d.fill("email", bad)
		d.key("ctrl+s")
		if d.m.flow.stage != stageForm || !strings.Contains(d.form().err, why) {
			t.Errorf("add-email form, %q: %q\n%s", bad, d.form().err, d.view())
		}
	}
	if n := writes(a); n != 0 {
		t.Fatalf("%d writes", n)
	}
}

// Without colours (the tests' profile is Ascii, as NO_COLOR makes it), a placeholder is
// marked as one and cannot be taken for a value.
func TestFormPlaceholdersMarked(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	d.key("N")
	v := d.view()
	for _, want := range []string{"Email          (e.g. name@example.com)", "Phone          (e.g. +1 555 0100)", "Name           (the user's full name)"} {
		if !strings.Contains(v, want) {
			t.Errorf("the form lacks %q:\n%s", want, v)
		}
	}
}

// Read-only: the picker leaves create-ticket out, as n refuses it.
func TestReadOnlyPickerLeavesCreateTicketOut(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, func(o *Options) { o.ReadOnly = true }), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("n")
	if d.m.flow != nil {
		t.Fatal("n opened a form in read-only")
	}
	d.key("a")
	for _, s := range d.m.flow.specs {
		if s.ID == actions.CreateTicket {
			t.Fatalf("the read-only picker offers create-ticket:\n%s", d.view())
		}
	}
	if !strings.HasSuffix(d.m.flow.picker.note, "and profile edits and new tickets") {
		t.Fatalf("the picker does not say it hides new tickets:\n%s", d.view())
	}
}

// The action picker shows the whole description of the highlighted action under the list,
// wrapped to the width: at 80x24 and 120x34 every action's description is there in full
// (the DANGER ones among them), and the frame keeps its size.
func TestPickerShowsWholeDescription(t *testing.T) {
	a := newActionAccount(t)
	for _, size := range [][2]int{{80, 24}, {120, 34}} {
		d := newDriver(t, newActionModel(t, a, nil), size[0], size[1])
		uid, _ := a.srv.SampleUser("end-user")
		d.openUser(uid)
		d.key("a")
		f := d.m.flow
		for i, s := range f.specs {
			if i > 0 {
				d.key("down")
			}
			v := d.view()
			checkFrame(t, v, size[0], size[1])
			if n := strings.Count(v, "\n") + 1; n != size[1] {
				t.Fatalf("%d lines at %dx%d", n, size[0], size[1])
			}
			// The description, its lines joined, is all there: no … anywhere in it.
			var desc []string
			for _, l := range strings.Split(v, "\n") {
				if strings.HasPrefix(l, "  ") && !strings.Contains(l, "  "+s.Title) && f.picker.descRows() > 0 {
					desc = append(desc, strings.TrimSpace(l))
				}
			}
			want := describeFor(s, f.target)
			if !strings.Contains(strings.Join(desc, " "), want) {
				t.Errorf("%s at %dx%d: the description is not whole:\n%s", s.Title, size[0], size[1], v)
			}
		}
		if f.picker.rows() < 5 {
			t.Errorf("the list has %d rows at %dx%d", f.picker.rows(), size[0], size[1])
		}
	}
}

// chooseLabel moves the open list's cursor to the entry labelled label and presses enter.
func chooseLabel(t *testing.T, d *driver, label string) {
	t.Helper()
	c := d.openList()
	for i, k := range c.shown {
		if c.items[k].label == label {
			c.setCursor(i)
			d.key("enter")
			return
		}
	}
	t.Fatalf("no %q to choose:\n%s", label, d.view())
}
