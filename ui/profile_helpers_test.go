package ui

import (
	"context"
	"strings"
)

// form is the flow's open form; the test fails when there is none.
func (d *driver) form() *entryForm {
	d.t.Helper()
	f := d.m.flow
	if f == nil || f.stage != stageForm || f.form == nil {
		d.t.Fatalf("no form open:\n%s", d.view())
	}
	return f.form
}

// focus moves the form's focus to the field with id, with tab, as an operator would.
func (d *driver) focus(id string) *formField {
	d.t.Helper()
	form := d.form()
	for range len(form.fields) + 1 {
		if fl := form.fields[form.focus]; fl.id == id {
			return fl
		}
		d.key("tab")
	}
	d.t.Fatalf("the form has no field %q:\n%s", id, d.view())
	return nil
}

// fill replaces a line field's text: ctrl+u clears it, then the text is typed.
func (d *driver) fill(id, text string) {
	d.t.Helper()
	d.focus(id)
	d.key("ctrl+u")
	d.typeText(text)
	if got := d.form().field(id).value(); got != strings.TrimSpace(text) {
		d.t.Fatalf("field %s holds %q after typing %q", id, got, text)
	}
}

// pickLabel chooses the entry labelled label in the open list (the flow's, or a form
// field's): typed into the filter when the list has one, then enter.
func (d *driver) pickLabel(label string) {
	d.t.Helper()
	c := d.openList()
	if c.filterable {
		d.typeText(label)
	}
	c = d.openList()
	for i, k := range c.shown {
		if c.items[k].label == label {
			c.setCursor(i)
			d.key("enter")
			return
		}
	}
	d.t.Fatalf("no %q to pick:\n%s", label, d.view())
}

// openList is the list that has the keys: a form field's, or the flow's.
func (d *driver) openList() *choiceList {
	d.t.Helper()
	f := d.m.flow
	switch {
	case f == nil:
	case f.stage == stageForm && f.form.sub != nil:
		return f.form.sub
	case f.stage == stageChoose && f.choice != nil:
		return f.choice
	}
	d.t.Fatalf("no list open:\n%s", d.view())
	return nil
}

// runPreview confirms the preview and checks the run went through.
func (d *driver) runPreview() {
	d.t.Helper()
	f := d.m.flow
	if f == nil || f.stage != stagePreview {
		d.t.Fatalf("no preview:\n%s", d.view())
	}
	d.key("y")
	if f.run == nil || !f.run.done || f.run.res == nil || f.run.res.Failed != 0 || f.run.res.Succeeded == 0 {
		var res any = nil
		if f.run != nil {
			res = f.run.res
		}
		d.t.Fatalf("the run: %+v\n%s", res, d.view())
	}
}

// previewHas fails unless the preview shows every text (scrolled through, page by page).
func (d *driver) previewHas(texts ...string) {
	d.t.Helper()
	p := d.m.flow.preview
	var all strings.Builder
	if p.doc != nil {
		all.WriteString(strings.Join(p.doc.lines, "\n"))
	}
	all.WriteString(d.view())
	for _, x := range texts {
		if !strings.Contains(all.String(), x) {
			d.t.Errorf("the preview lacks %q:\n%s", x, all.String())
		}
	}
}

var bg = context.Background()
