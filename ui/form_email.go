package ui

import (
	"strings"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// newEmailForm adds an email to a user: as the primary email (make-primary-email adds the
// identity, then makes it primary) or as a secondary one (upsert-user: the planner adds it
// with POST /users/{id}/identities when the user's email is what create_or_update finds
// the user by, and sends it in the create_or_update of a user matched by external_id,
// which Zendesk adds as a secondary email).
func newEmailForm(pc *programContext, owner compID, t actionTarget, idents []zendesk.Identity) *entryForm {
	mk := cycleField("primary", "Make primary", []string{"yes", "no"}, "yes")
	mk.options[0].label, mk.options[1].label = "yes: it becomes the primary email", "no: a secondary email"
	fls := []*formField{lineField(pc, "email", "Email", "", "e.g. name@example.com", 254), mk}
	f := newEntryForm(pc, owner, "Add an email to "+t.label(), fls)
	f.read = func(f *entryForm) (formResult, error) { return readEmailForm(f, idents) }
	return f
}

func readEmailForm(f *entryForm, idents []zendesk.Identity) (formResult, error) {
	fl := f.field("email")
	email := fl.value()
	if email == "" {
		return formResult{}, fieldErr(fl, "type the address to add, such as name@example.com")
	}
	if err := actions.CheckEmail(email); err != nil {
		return formResult{}, fieldErr(fl, err.Error())
	}
	primary := f.field("primary").value() == "yes"
	for _, id := range idents {
		if id.Type == "email" && strings.EqualFold(id.Value, email) && !primary {
			return formResult{}, fieldErr(fl, "the user already has this email: pick it in the list to make it primary, or type another")
		}
	}
	if primary {
		return formResult{action: actions.MakePrimaryEmail, params: actions.Params{Email: email}}, nil
	}
	return formResult{action: actions.UpsertUser, params: actions.Params{Profile: &actions.UserProfile{Email: email}}}, nil
}
