package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
)

// TestGoldenFormReview draws what the forms review changed, at 80x24 where room is
// scarcest, and compares it with testdata/TestGoldenFormReview/*.golden (-update rewrites
// them): the action picker with the whole description of a destructive action under the
// list, the question esc asks on a changed form, and the preview of a "new" user Zendesk
// already has.
func TestGoldenFormReview(t *testing.T) {
	onUser := func(d *driver, a *testAccount) {
		uid, _ := a.srv.SampleUser("end-user")
		d.openUser(uid)
	}
	cases := []struct {
		name  string
		steps func(d *driver, a *testAccount)
	}{
		{name: "picker_delete_tickets", steps: func(d *driver, a *testAccount) {
			onUser(d, a)
			d.key("a")
			d.pickerTo("Delete tickets")
		}},
		{name: "picker_create_ticket", steps: func(d *driver, a *testAccount) {
			onUser(d, a)
			d.key("a")
			d.pickerTo("Create ticket")
		}},
		{name: "form_discard_question", steps: func(d *driver, a *testAccount) {
			onUser(d, a)
			d.key("e")
			d.fill("phone", "+15550001234")
			d.key("esc")
		}},
		{name: "preview_update_existing_user", steps: func(d *driver, a *testAccount) {
			_, email := a.srv.SampleUser("end-user")
			d.key("N")
			d.fill("name", "Someone Else")
			d.fill("email", email)
			d.key("ctrl+s")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newActionAccount(t)
			d := newDriver(t, newActionModel(t, a, nil), 80, 24)
			tc.steps(d, a)
			view := d.view()
			checkFrame(t, view, 80, 24)
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}

// pickerTo moves the picker's cursor to the action titled title, as down keys would.
func (d *driver) pickerTo(title string) {
	d.t.Helper()
	f := d.m.flow
	for range f.specs {
		if it, ok := f.picker.selected(); ok && it.label == title {
			return
		}
		d.key("down")
	}
	d.t.Fatalf("the picker has no %q:\n%s", title, d.view())
}
