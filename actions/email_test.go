package actions

import (
	"strings"
	"testing"
)

// One email check for the forms and the planner: the addresses a review found getting
// through (two @, a domain starting or ending with a dot) are refused with what is wrong,
// and the addresses Zendesk accounts hold are taken.
func TestCheckEmail(t *testing.T) {
	for _, ok := range []string{
		"a@b.c", "rosa_kaur@example.org", "juliamoreau@harborviewsoftware.example.com", "first.last+tag@sub.example.co.uk",
		"o'brien@example.ie", "jörg@bücher.example", "x@1-2.example",
	} {
		if err := CheckEmail(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, c := range []struct{ email, why string }{
		{"", "it is empty"},
		{"nobody", "it has no @"},
		{"a@b@c.com", "more than one @"},
		{"a@.com", "starts or ends with a dot"},
		{"a@b.", "starts or ends with a dot"},
		{"a@b", "has no dot"},
		{"a@b..com", "two in a row"},
		{"@example.com", "no name before the @"},
		{"a@", "no domain after the @"},
		{".a@example.com", "starts or ends with a dot"},
		{"a b@example.com", "a space"},
		{"a\x1b@example.com", "control character"},
		{"<a>@example.com", "cannot have"},
		{"a@exa_mple.com", "domains cannot have"},
		{"a@-example.com", "hyphen"},
		{strings.Repeat("a", 250) + "@example.com", "at most 254"},
	} {
		err := CheckEmail(c.email)
		if err == nil {
			t.Errorf("%q: accepted", c.email)
			continue
		}
		if !strings.Contains(err.Error(), c.why) || !strings.Contains(err.Error(), "is not an email address") ||
			!strings.Contains(err.Error(), "write it as name@example.com") {
			t.Errorf("%q: %v; want it to say %q and how to write one", c.email, err, c.why)
		}
	}
}

// The planner refuses what the forms refuse: every action that takes an email checks it
// with CheckEmail.
func TestValidateRefusesBadEmails(t *testing.T) {
	for _, e := range []string{"a@b@c.com", "a@.com", "a@b."} {
		for _, r := range []Request{
			{Action: UpsertUser, Target: Target{UserID: 5}, Params: Params{Profile: &UserProfile{Email: e}}},
			{Action: MakePrimaryEmail, Target: Target{UserID: 5}, Params: Params{Email: e}},
			{Action: SuspendUser, Target: Target{UserEmail: e}},
		} {
			if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "is not an email address") {
				t.Errorf("%s with %q: %v", r.Action, e, err)
			}
		}
	}
}
