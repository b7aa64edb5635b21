package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
)

// TestGoldenProfile draws every customer-record form, the lists of the m and p keys and the
// preview of profile plans, at 120x34 and some at 80x24, and compares them with
// testdata/TestGoldenProfile/*.golden (go test ./ui -run TestGoldenProfile -update rewrites
// them). The driver runs every request in order, so the frames (and the header's request
// budget) are the same on every run.
func TestGoldenProfile(t *testing.T) {
	onUser := func(keys ...string) func(d *driver, a *testAccount) {
		return func(d *driver, a *testAccount) {
			uid, _ := a.srv.SampleUser("end-user")
			d.openUser(uid)
			d.key(keys...)
		}
	}
	cases := []struct {
		name  string
		w, h  int
		steps func(d *driver, a *testAccount)
	}{
		{name: "form_edit_user", steps: onUser("e")},
		{name: "form_edit_user_80x24", w: 80, h: 24, steps: onUser("e")},
		{name: "form_new_user", steps: func(d *driver, _ *testAccount) { d.key("N") }},
		{name: "form_edit_org", steps: func(d *driver, a *testAccount) {
			oid, _ := a.srv.SampleOrganization()
			d.key("5")
			d.send(openMsg{from: d.m.tabs[4].ID(), kind: orgDetailKind, id: oid, title: "org"})
			d.key("e")
		}},
		{name: "form_new_org", steps: func(d *driver, _ *testAccount) { d.key("5", "N") }},
		{name: "form_event", steps: onUser("t")},
		{name: "form_ticket", steps: func(d *driver, a *testAccount) {
			onUser("n")(d, a)
			d.focus("add-custom")
			d.key("enter")
			d.pickLabel("Affected features")
			d.key("enter", " ", "enter")
		}},
		{name: "form_add_email", steps: onUser("p", "enter")},
		{name: "list_memberships", steps: onUser("m")},
		{name: "list_primary_email", steps: onUser("p")},
		{name: "preview_edit_user", steps: func(d *driver, a *testAccount) {
			onUser("e")(d, a)
			d.fill("name", "Rosa K. Example")
			d.fill("tags", "vip partner")
			d.focus("user_fields.plan")
			d.key("right")
			d.key("ctrl+s")
		}},
		{name: "preview_make_primary", steps: func(d *driver, a *testAccount) {
			onUser("p", "enter")(d, a)
			d.typeText("rosa.new@example.com")
			d.key("ctrl+s")
		}},
		{name: "preview_make_primary_80x24", w: 80, h: 24, steps: func(d *driver, a *testAccount) {
			onUser("p", "enter")(d, a)
			d.typeText("rosa.new@example.com")
			d.key("ctrl+s", "pgdown")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, h := tc.w, tc.h
			if w == 0 {
				w, h = 120, 34
			}
			a := newActionAccount(t)
			d := newDriver(t, newActionModel(t, a, nil), w, h)
			tc.steps(d, a)
			view := d.view()
			checkFrame(t, view, w, h)
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}
