package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// e on a user: the form shows the profile as Zendesk has it; the changed fields (and only
// those) go into one create_or_update, previewed with before → after; after the run Zendesk
// has them, the open detail shows them without r, and the Log has the run.
func TestProfileEditUser(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	ud := d.openUser(uid)
	before, err := a.client.Users.Get(bg, uid)
	if err != nil {
		t.Fatal(err)
	}
	d.key("e")
	form := d.form()
	if got := form.field("name").value(); got != before.Name {
		t.Fatalf("the form shows the name %q, Zendesk has %q", got, before.Name)
	}
	d.fill("name", "Rosa K. Example")
	d.fill("phone", "+15550001111")
	d.fill("tags", "vip partner")
	plan := d.focus("user_fields.plan")
	want := plan.options[(plan.cur+1)%len(plan.options)].value
	d.key("right")
	d.key("ctrl+s")
	d.previewHas("1. POST /api/v2/users/create_or_update", `"name": "Rosa K. Example"`, `"phone": "+15550001111"`,
		"name: "+before.Name+" → Rosa K. Example", `"plan": "`+want+`"`, "Run it? y")
	if p := d.m.flow.preview.plan; len(p.Steps) != 1 || strings.Contains(string(p.Steps[0].Body), `"time_zone"`) {
		t.Fatalf("unchanged fields are sent: %s", p.Steps[0].Body)
	}
	if writes(a) != 0 {
		t.Fatal("the preview wrote")
	}
	d.runPreview()
	after, err := a.client.Users.Get(bg, uid)
	if err != nil {
		t.Fatal(err)
	}
	tags := slices.Clone(after.Tags)
	slices.Sort(tags)
	if after.Name != "Rosa K. Example" || after.Phone != "+15550001111" || !slices.Equal(tags, []string{"partner", "vip"}) ||
		after.UserFields["plan"] != want || after.TimeZone != before.TimeZone {
		t.Fatalf("Zendesk has %q %q %v plan %v zone %q", after.Name, after.Phone, after.Tags, after.UserFields["plan"], after.TimeZone)
	}
	d.key("esc")
	if ud.user == nil || ud.user.Name != "Rosa K. Example" || !strings.Contains(d.view(), "Rosa K. Example") {
		t.Fatalf("the open detail was not read again:\n%s", d.view())
	}
	d.key("6")
	lv := d.m.log()
	if len(lv.rows) != 1 || lv.rows[0].action != "upsert-user" || lv.rows[0].ok != "1" || lv.rows[0].failed != "0" || lv.rows[0].state != "done" {
		t.Fatalf("the Log has %+v", lv.rows)
	}
	if v := d.view(); !strings.Contains(v, "upsert-user") || !strings.Contains(v, before.Name+" <"+before.Email+">") {
		t.Fatalf("Log:\n%s", v)
	}
	d.key("enter")
	if v := d.view(); !strings.Contains(v, "step 1") || !strings.Contains(v, "succeeded") || !strings.Contains(v, "updated user #") {
		t.Fatalf("the run's detail does not list its steps:\n%s", v)
	}
	// u previews the undo call by call, and y puts the values before back.
	d.key("u")
	if f := d.m.flow; f == nil || f.kind != flowUndo || f.stage != stagePreview || f.preview.doc == nil {
		t.Fatalf("u on a profile run:\n%s", d.view())
	}
	d.previewHas("Undo of: ", "POST /api/v2/users/create_or_update", `"name": "`+before.Name+`"`)
	d.runPreview()
	if u, err := a.client.Users.Get(bg, uid); err != nil || u.Name != before.Name || u.Phone != before.Phone {
		t.Fatalf("after the undo Zendesk has %q %q (%v)", u.Name, u.Phone, err)
	}
}

// m, then the first entry: an organization picked from the account's is added.
func TestProfileMembershipAdd(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	orgs, err := a.client.Organizations.List().Collect(bg)
	if err != nil {
		t.Fatal(err)
	}
	var target zendesk.Organization
	for _, o := range orgs {
		if !slices.Contains(memberOf(t, a, uid), o.ID) {
			target = o
			break
		}
	}
	d.key("m")
	if v := d.view(); !strings.Contains(v, "Organizations of ") || !strings.Contains(v, "+ Add to an organization…") {
		t.Fatalf("m:\n%s", v)
	}
	d.key("enter")
	d.pickLabel(target.Name)
	d.previewHas("1. POST /api/v2/organization_memberships", fmt.Sprintf(`"organization_id": %d`, target.ID), fmt.Sprintf(`"user_id": %d`, uid))
	d.runPreview()
	if !slices.Contains(memberOf(t, a, uid), target.ID) {
		t.Fatalf("user %d is not in organization %d", uid, target.ID)
	}
}

// m, then a membership: the preview names the call and says what Zendesk does to the
// user's tickets; the membership is gone after the run.
func TestProfileMembershipRemove(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	mems, err := a.client.Users.OrganizationMemberships(uid).Collect(bg)
	if err != nil || len(mems) == 0 {
		t.Fatalf("user %d has no membership to remove (%v)", uid, err)
	}
	d.openUser(uid)
	d.key("m", "down", "enter")
	d.previewHas(fmt.Sprintf("1. DELETE /api/v2/organization_memberships/%d", mems[0].ID), "no body",
		"makes Zendesk unassign the organization from the user's tickets")
	d.runPreview()
	if slices.Contains(memberOf(t, a, uid), mems[0].OrganizationID) {
		t.Fatalf("user %d is still in organization %d", uid, mems[0].OrganizationID)
	}
}

func memberOf(t *testing.T, a *testAccount, uid int64) []int64 {
	t.Helper()
	mems, err := a.client.Users.OrganizationMemberships(uid).Collect(bg)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range mems {
		ids = append(ids, m.OrganizationID)
	}
	return ids
}

// p: a new email added as the primary one (two calls, the second waiting for the first's
// id, shown as a placeholder); then p again makes the old address primary again.
func TestProfilePrimaryEmail(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, old := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("p")
	if v := d.view(); !strings.Contains(v, "Primary email of ") || !strings.Contains(v, old) {
		t.Fatalf("p:\n%s", v)
	}
	d.key("enter") // + Add an email…
	d.fill("email", "rosa.new@example.com")
	d.key("ctrl+s")
	d.previewHas(fmt.Sprintf("1. POST /api/v2/users/%d/identities", uid),
		fmt.Sprintf("2. PUT /api/v2/users/%d/identities/{identity id from step 1}/make_primary", uid),
		"{identity id from step 1}: the identity id step 1 returns", "email: "+old+" → rosa.new@example.com")
	d.runPreview()
	if u, err := a.client.Users.Get(bg, uid); err != nil || u.Email != "rosa.new@example.com" {
		t.Fatalf("primary email %q (%v)", u.Email, err)
	}
	d.key("esc", "p")
	d.pickLabel(old)
	d.previewHas("make_primary", "email: rosa.new@example.com → "+old)
	if n := len(d.m.flow.preview.plan.Steps); n != 1 {
		t.Fatalf("an existing identity needs one call, the plan has %d", n)
	}
	d.runPreview()
	u, err := a.client.Users.Get(bg, uid)
	if err != nil || u.Email != old {
		t.Fatalf("primary email %q (%v)", u.Email, err)
	}
	ids, err := a.client.Users.Identities(uid).Collect(bg)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, id := range ids {
		found = found || (id.Value == "rosa.new@example.com" && !id.Primary)
	}
	if !found {
		t.Fatalf("the added email is not a secondary identity: %+v", ids)
	}
}

// t: an event with typed properties is recorded on the user.
func TestProfileTrackEvent(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("t")
	d.fill("type", "Order Placed")
	d.fill("description", "first order")
	d.focus("properties")
	d.typeText("plan=pro\ntotal=12.5\ngift=true")
	d.fill("time", "2026-01-10 09:30")
	d.key("ctrl+s")
	d.previewHas(fmt.Sprintf("1. POST /api/v2/users/%d/events", uid), `"type": "Order Placed"`, `"total": 12.5`,
		`"gift": true`, `"created_at": "2026-01-10T09:30:00Z"`, "events cannot be deleted")
	d.runPreview()
	events, err := a.client.Users.Events(uid).Collect(bg)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Type != "Order Placed" || events[0].Source != actions.DefaultEventSource ||
		events[0].Properties["plan"] != "pro" || events[0].Description != "first order" {
		t.Fatalf("events %+v", events)
	}
}

// n: a ticket with the user as requester and everything the form offers: a priority, a
// status, a group and an assignee picked from lists, a tagger and a multiselect custom
// field whose values are picked from their options.
func TestProfileNewTicket(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	agents, err := a.client.Users.Agents().Collect(bg)
	if err != nil {
		t.Fatal(err)
	}
	var agent zendesk.User
	for _, u := range agents {
		if u.Role == "agent" && !u.Suspended && u.DefaultGroupID != 0 {
			agent = u
			break
		}
	}
	group, err := a.client.Groups.Get(bg, agent.DefaultGroupID)
	if err != nil {
		t.Fatal(err)
	}
	d.openUser(uid)
	d.key("n")
	d.fill("subject", "Refund for order 1042")
	d.focus("priority")
	d.key("right", "right", "right") // (none), low, normal, high
	d.focus("status")
	d.key("right", "right") // (default), new, open
	d.focus("group")
	d.key("enter")
	d.pickLabel(group.Name)
	d.focus("assignee")
	d.key("enter")
	d.pickLabel(agent.Name)
	d.focus("add-custom")
	d.key("enter")
	d.pickLabel("Product area")
	if fl := d.form().fields[d.form().focus]; fl.label != "Product area" || fl.kind != fieldPick {
		t.Fatalf("the added field has the focus: %+v", fl)
	}
	d.key("enter")
	d.pickLabel("Mobile app")
	d.focus("add-custom")
	d.key("enter")
	d.pickLabel("Affected features")
	d.key("enter", " ", "down", " ", "enter") // mark the first two options
	d.key("ctrl+s")
	p := d.m.flow.preview.plan
	nt := p.NewTicket
	if nt == nil || nt.Priority != "high" || nt.Status != "open" || nt.GroupID != group.ID || nt.AssigneeID != agent.ID || len(nt.CustomFields) != 2 {
		t.Fatalf("planned ticket %+v", nt)
	}
	d.previewHas("1. POST /api/v2/tickets", `"subject": "Refund for order 1042"`, `"priority": "high"`,
		fmt.Sprintf(`"group_id": %d`, group.ID), fmt.Sprintf(`"assignee_id": %d`, agent.ID), `"custom_fields": [`, "Idempotency-Key")
	d.runPreview()
	id := d.m.flow.run.res.CreatedTicket
	tk, err := a.client.Tickets.Get(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	if tk.RequesterID != uid || tk.Subject != "Refund for order 1042" || tk.Priority != "high" || tk.Status != "open" ||
		tk.GroupID != group.ID || tk.AssigneeID != agent.ID {
		t.Fatalf("Zendesk has ticket %+v", tk)
	}
	values := map[int64]string{}
	for _, cf := range tk.CustomFields {
		values[cf.ID] = fmt.Sprint(cf.Value)
	}
	for _, cf := range nt.CustomFields {
		if values[cf.ID] != fmt.Sprint(cf.Value) {
			t.Errorf("custom field %d is %q, want %v", cf.ID, values[cf.ID], cf.Value)
		}
	}
}

// e on an organization: the changed fields go into one create_or_update matched by id.
func TestProfileEditOrganization(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	oid, _ := a.srv.SampleOrganization()
	before, err := a.client.Organizations.Get(bg, oid)
	if err != nil {
		t.Fatal(err)
	}
	d.key("5")
	d.send(openMsg{from: d.m.tabs[4].ID(), kind: orgDetailKind, id: oid, title: "org"})
	d.key("e")
	d.fill("tags", "vip renewal")
	d.focus("details")
	d.typeText("Renews in March.")
	d.key("ctrl+s")
	d.previewHas("1. POST /api/v2/organizations/create_or_update", fmt.Sprintf("matched by id %d", oid),
		fmt.Sprintf(`"id": %d`, oid), `"details": "`, "Renews in March.")
	d.runPreview()
	after, err := a.client.Organizations.Get(bg, oid)
	if err != nil {
		t.Fatal(err)
	}
	tags := slices.Clone(after.Tags)
	slices.Sort(tags)
	if !slices.Equal(tags, []string{"renewal", "vip"}) || !strings.HasSuffix(after.Details, "Renews in March.") || after.Name != before.Name {
		t.Fatalf("Zendesk has %+v", after)
	}
	d.key("esc")
	if v := d.view(); !strings.Contains(v, "vip renewal") && !strings.Contains(v, "renewal vip") {
		t.Fatalf("the open detail was not read again:\n%s", v)
	}
}

// N on Users: a new user, with a time zone picked from Zendesk's names.
func TestProfileNewUser(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	d.key("N")
	if d.form().title != "New user" {
		t.Fatalf("N:\n%s", d.view())
	}
	d.fill("name", "Grace Hopper")
	d.fill("email", "grace@example.com")
	d.fill("external_id", "crm-grace")
	d.focus("time_zone")
	d.key("enter")
	d.pickLabel("Amsterdam")
	d.key("ctrl+s")
	d.previewHas("1. POST /api/v2/users/create_or_update", "creates it: none found by", `"name": "Grace Hopper"`, `"time_zone": "Amsterdam"`)
	d.runPreview()
	users, err := a.client.Users.FindByExternalID(bg, "crm-grace")
	if err != nil || len(users) != 1 {
		t.Fatalf("%d users with the external id (%v)", len(users), err)
	}
	if u := users[0]; u.Name != "Grace Hopper" || u.Email != "grace@example.com" || u.TimeZone != "Amsterdam" {
		t.Fatalf("Zendesk has %+v", u)
	}
}

// N on Organizations: a new organization.
func TestProfileNewOrganization(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	d.key("5", "N")
	if d.form().title != "New organization" {
		t.Fatalf("N:\n%s", d.view())
	}
	d.fill("name", "Analytical Engines")
	d.fill("external_id", "org-ae")
	d.fill("domains", "engines.example.com")
	d.key("ctrl+s")
	d.previewHas("1. POST /api/v2/organizations/create_or_update", `"name": "Analytical Engines"`, `"engines.example.com"`)
	d.runPreview()
	orgs, err := a.client.Organizations.FindByExternalID(bg, "org-ae")
	if err != nil || len(orgs) != 1 || orgs[0].Name != "Analytical Engines" || !slices.Equal(orgs[0].DomainNames, []string{"engines.example.com"}) {
		t.Fatalf("Zendesk has %+v (%v)", orgs, err)
	}
}

// The picker's customer-record actions lead to the same forms and lists.
func TestProfileFromPicker(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	for _, c := range []struct{ title, want string }{
		{"Edit or create user", "Edit "}, {"Make email primary", "Primary email of "}, {"Add to organization", "Organizations of "},
		{"Remove from organization", "Organizations of "}, {"Track event", "Track an event on "}, {"Create ticket", "Create a ticket for "},
	} {
		d.key("a")
		d.pickAction(c.title)
		if v := d.view(); !strings.Contains(v, c.want) {
			t.Fatalf("%s:\n%s", c.title, v)
		}
		d.key("esc") // back to the picker
		if f := d.m.flow; f == nil || f.stage != stagePick {
			t.Fatalf("esc from %s did not go back to the picker:\n%s", c.title, d.view())
		}
		d.key("esc")
	}
	d.key("a")
	for _, s := range d.m.flow.specs {
		if s.ID == actions.UpdateTicket || s.ID == actions.UpsertOrganization {
			t.Errorf("the picker offers %s on a user", s.ID)
		}
	}
}

// Read-only: the customer-record keys are not in help and are refused with a note, the
// picker leaves their actions out, and nothing is written.
func TestProfileReadOnly(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, func(o *Options) { o.ReadOnly = true }), 120, 34)
	if v := d.view(); strings.Contains(v, "new user") {
		t.Fatalf("read-only shows N:\n%s", v)
	}
	d.key("N")
	if d.m.flow != nil || !strings.Contains(d.view(), "read-only: creating users writes to Zendesk") {
		t.Fatalf("N in read-only:\n%s", d.view())
	}
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	v := d.view()
	for _, hidden := range []string{"e edit", "m orgs", "p email", "t event", "n ticket"} {
		if strings.Contains(v, hidden) {
			t.Errorf("read-only help shows %q:\n%s", hidden, v)
		}
	}
	for _, k := range []string{"e", "m", "p", "t", "n"} {
		d.key(k)
		if d.m.flow != nil || !strings.Contains(d.view(), "read-only: ") {
			t.Fatalf("%s in read-only:\n%s", k, d.view())
		}
	}
	d.key("?")
	if v := d.view(); strings.Contains(v, "edit profile") || strings.Contains(v, "track event") {
		t.Fatalf("read-only full help shows the customer-record keys:\n%s", v)
	}
	d.key("?", "a")
	for _, s := range d.m.flow.specs {
		if profileWrites[s.ID] {
			t.Errorf("read-only picker offers %s", s.ID)
		}
	}
	if !strings.Contains(d.view(), "mark tickets as spam), and profile edits") {
		t.Fatalf("the picker does not say what it hides:\n%s", d.view())
	}
	d.key("esc", "esc", "5")
	oid, _ := a.srv.SampleOrganization()
	d.send(openMsg{from: d.m.tabs[4].ID(), kind: orgDetailKind, id: oid, title: "org"})
	d.key("e")
	if d.m.flow != nil || !strings.Contains(d.view(), "read-only: editing the organization") {
		t.Fatalf("e on an organization in read-only:\n%s", d.view())
	}
	if n := writes(a); n != 0 {
		t.Fatalf("read-only wrote %d times", n)
	}
}

// What is wrong in a form is said there, naming the field and the fix, and nothing is
// planned: an address that is not one, a field emptied, nothing changed, a property without
// a value, a number that is not one.
func TestProfileFormValidation(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	check := func(what string, wants ...string) {
		t.Helper()
		d.key("ctrl+s")
		f := d.m.flow
		if f.stage != stageForm {
			t.Fatalf("%s: the form was sent:\n%s", what, d.view())
		}
		v := d.view()
		for _, w := range wants {
			if !strings.Contains(f.form.err, w) || !strings.Contains(v, w) {
				t.Errorf("%s: the form says %q, want %q:\n%s", what, f.form.err, w, v)
			}
		}
	}
	d.key("e")
	check("nothing changed", "nothing changed: edit a field first")
	d.fill("email", "not-an-address")
	check("a bad email", `Email: "not-an-address" is not an email address: it has no @; write it as name@example.com`)
	if fl := d.form().fields[d.form().focus]; fl.id != "email" {
		t.Errorf("the focus is on %s, not on the field in error", fl.id)
	}
	d.fill("email", "")
	check("an emptied email", "Email: Zendesk's create_or_update cannot empty a field")
	d.key("esc", "y", "t") // y: discard the changes
	d.fill("type", "Order Placed")
	d.focus("properties")
	d.typeText("plan pro")
	check("a property without =", `Properties: line 1 ("plan pro") has no =: write key=value`)
	d.key("esc", "y", "n")
	d.focus("add-custom")
	d.key("enter")
	d.pickLabel("Units affected")
	d.typeText("many")
	check("a number that is not one", `Units affected: "many" is not a whole number`)
	if n := writes(a); n != 0 {
		t.Fatalf("%d writes", n)
	}
}

// A 10,000-character paste with control characters in a form: the fields keep their
// limits, nothing reaches the screen as a control character, and the frame keeps its size
// at 120x34 and 80x24.
func TestProfileFormHostilePaste(t *testing.T) {
	a := newActionAccount(t)
	for _, size := range [][2]int{{120, 34}, {80, 24}} {
		d := newDriver(t, newActionModel(t, a, nil), size[0], size[1])
		uid, _ := a.srv.SampleUser("end-user")
		d.openUser(uid)
		for _, k := range []string{"e", "t", "n"} {
			d.key(k)
			form := d.form()
			for _, fl := range form.fields {
				if fl.kind != fieldLine && fl.kind != fieldText {
					continue
				}
				d.focus(fl.id)
				d.paste(strings.Repeat("ü\x1b[2J\u202e\x07", 2500))
				d.paste("\r\nend")
			}
			f := d.view()
			checkFrame(t, f, size[0], size[1])
			if n := strings.Count(f, "\n") + 1; n != size[1] {
				t.Errorf("%s form: %d lines at %dx%d", k, n, size[0], size[1])
			}
			if !clean(f, true) {
				t.Fatalf("%s form: a control character reached the screen: %q", k, f)
			}
			for _, fl := range form.fields {
				if fl.kind == fieldLine && len([]rune(fl.line.Value())) > fl.line.CharLimit {
					t.Errorf("%s grew past its limit", fl.id)
				}
			}
			d.key("ctrl+s")
			if p := d.m.flow.preview; p != nil {
				f = d.view()
				checkFrame(t, f, size[0], size[1])
				if !clean(f, true) {
					t.Fatalf("%s preview: a control character reached the screen: %q", k, f)
				}
				d.key("G")
				checkFrame(t, d.view(), size[0], size[1])
				d.key("esc")
			}
			d.key("esc", "y") // the form has changes: esc asks, y discards them
			if d.m.flow != nil {
				t.Fatalf("esc, y did not close the %s form:\n%s", k, d.view())
			}
		}
	}
}

// Every customer-record screen fits 80x24 and 120x34 exactly: no line wider than the
// terminal, no fewer or more lines than it has.
func TestProfileScreensFit(t *testing.T) {
	a := newActionAccount(t)
	for _, size := range [][2]int{{80, 24}, {120, 34}} {
		d := newDriver(t, newActionModel(t, a, nil), size[0], size[1])
		check := func(what string) {
			t.Helper()
			f := d.view()
			checkFrame(t, f, size[0], size[1])
			if n := strings.Count(f, "\n") + 1; n != size[1] {
				t.Errorf("%s at %dx%d: %d lines:\n%s", what, size[0], size[1], n, f)
			}
		}
		uid, _ := a.srv.SampleUser("end-user")
		d.openUser(uid)
		check("user detail")
		d.key("e")
		check("profile form")
		d.focus("organization")
		d.key("enter")
		check("organization list")
		d.key("esc")
		d.fill("phone", "+15550002222")
		d.key("ctrl+s")
		check("profile preview")
		d.key("esc", "esc")
		check("profile form, asking to discard")
		d.key("y", "m")
		check("memberships")
		d.key("enter")
		check("organizations to add")
		d.key("esc", "esc", "p")
		check("emails")
		d.key("enter")
		check("email form")
		d.typeText("someone.else@example.com")
		d.key("ctrl+s")
		check("make-primary preview")
		d.key("pgdown")
		check("make-primary preview, scrolled")
		d.key("esc", "esc", "y", "esc", "t")
		check("event form")
		d.key("esc", "n")
		check("ticket form")
		for range 12 {
			d.key("tab")
		}
		check("ticket form, scrolled to the end")
		d.key("esc", "esc", "N")
		check("new user form")
		d.key("esc", "5", "N")
		check("new organization form")
		d.fill("name", "Tiny Screens Ltd")
		d.key("ctrl+s")
		check("new organization preview")
		for _, tiny := range [][2]int{{40, 10}, {20, 5}, {8, 3}} {
			d.send(tea.WindowSizeMsg{Width: tiny[0], Height: tiny[1]})
			checkFrame(t, d.view(), tiny[0], tiny[1])
			d.key("esc") // the form, squeezed too
			checkFrame(t, d.view(), tiny[0], tiny[1])
			d.key("ctrl+s")
		}
	}
}

// A profile plan's warnings: a user field the account does not have is left out of the
// body, and the preview says so with the reason.
func TestPreviewLeftOutFields(t *testing.T) {
	a := newActionAccount(t)
	m := newActionModel(t, a, nil)
	d := newDriver(t, m, 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	planner := actions.Planner{Client: a.client, Now: m.pc.now}
	plan, err := planner.Plan(bg, actions.Request{Action: actions.UpsertUser, Target: actions.Target{UserID: uid},
		Params: actions.Params{Profile: &actions.UserProfile{Phone: "+15550009999", UserFields: map[string]any{"shoe_size": 44}}}})
	if err != nil {
		t.Fatal(err)
	}
	p := newPreview(m.pc, plan, "Edit", "a user")
	p.setSize(120, d.m.bodyH)
	doc := strings.Join(p.doc.lines, "\n")
	for _, want := range []string{"Left out (1)", "user_fields.shoe_size: no user field has this key: not written", `"phone": "+15550009999"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the preview lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(string(plan.Steps[0].Body), "shoe_size") {
		t.Fatalf("the unknown field is sent: %s", plan.Steps[0].Body)
	}
	if !strings.Contains(p.summary, "1 left out") {
		t.Fatalf("summary %q", p.summary)
	}
}

// The customer-record keys rebind like the others, and help shows the keys bound.
func TestProfileKeyRebinding(t *testing.T) {
	for _, n := range []string{"edit", "memberships", "primary_email", "track_event", "new_ticket", "create"} {
		if !slices.Contains(KeyNames(), n) {
			t.Errorf("KeyNames lacks %q", n)
		}
	}
	a := newActionAccount(t)
	m := newActionModel(t, a, func(o *Options) {
		o.Keys = map[string][]string{"edit": {"E"}, "create": {"ctrl+n"}, "new_ticket": {"T"}}
	})
	d := newDriver(t, m, 120, 34)
	if !strings.Contains(d.view(), "ctrl+n new user") {
		t.Fatalf("help does not show the bound key:\n%s", d.view())
	}
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("e")
	if d.m.flow != nil {
		t.Fatal("e still edits after edit was rebound to E")
	}
	if v := d.view(); !strings.Contains(v, "E edit") || !strings.Contains(v, "T ticket") {
		t.Fatalf("help does not show the bound keys:\n%s", v)
	}
	d.key("E")
	if d.m.flow == nil || d.form().title != "Edit "+d.m.flow.target.label() {
		t.Fatalf("E does not edit:\n%s", d.view())
	}
	// A key taken by a customer-record binding cannot be given to another binding.
	if _, err := New(Options{Client: a.client, Keys: map[string][]string{"reload": {"m"}}}); err == nil || !strings.Contains(err.Error(), "memberships") {
		t.Fatalf("reload = m: %v", err)
	}
}

// A call Zendesk refuses: the run says which step failed and why, and the Log counts it.
func TestProfileFailedStep(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	d.key("N")
	d.fill("name", "Kalani Ahe")
	d.fill("email", "kalani@example.com")
	d.focus("time_zone")
	d.key("enter")
	d.pickLabel("Hawaii") // a Zendesk time zone the sandbox's account does not offer
	d.key("ctrl+s", "y")
	f := d.m.flow
	if f.run == nil || !f.run.done || f.run.res == nil || f.run.res.Failed != 1 {
		t.Fatalf("the run: %+v\n%s", f.run, d.view())
	}
	if v := d.view(); !strings.Contains(v, "✗ 1. failed: ") || !strings.Contains(v, "Time zone") {
		t.Fatalf("the failed step is not shown with Zendesk's reason:\n%s", v)
	}
	d.key("esc", "6")
	if r := d.m.log().rows[0]; r.failed != "1" || r.ok != "0" || r.action != "upsert-user" || !strings.Contains(r.target, "kalani@example.com") {
		t.Fatalf("the Log has %+v", r)
	}
}
