package actions

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckEmail reports what is wrong with an email address, or nil. It is the one check the
// console's forms and the planner share, so an address the preview shows is one Zendesk
// takes: a name, one @, and a domain of at least two dot-separated labels (a@b.c is fine,
// a@b@c.com, a@.com and a@b. are not). Quoted local parts and bracketed IP domains, which
// nobody types for a customer, are refused rather than half-checked.
func CheckEmail(e string) error {
	if why := emailProblem(e); why != "" {
		shown := clipRunes(e, 60)
		if shown != e {
			shown += "…"
		}
		return fmt.Errorf("%q is not an email address: %s; write it as name@example.com", shown, why)
	}
	return nil
}

func emailProblem(e string) string {
	if e == "" {
		return "it is empty"
	}
	if n := utf8.RuneCountInString(e); n > 254 {
		return fmt.Sprintf("it is %d characters, and an address has at most 254", n)
	}
	if strings.ContainsFunc(e, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError }) {
		return "it has a space or a control character"
	}
	switch n := strings.Count(e, "@"); {
	case n == 0:
		return "it has no @"
	case n > 1:
		return "it has more than one @"
	}
	local, domain, _ := strings.Cut(e, "@")
	switch {
	case local == "":
		return "there is no name before the @"
	case domain == "":
		return "there is no domain after the @"
	case strings.ContainsAny(local, `"(),:;<>[\]`):
		return "the name before the @ has a character addresses cannot have (\" ( ) , : ; < > [ \\ ])"
	case strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, ".."):
		return "the name before the @ starts or ends with a dot, or has two in a row"
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "the domain has no dot (such as example.com)"
	}
	for _, l := range labels {
		switch {
		case l == "":
			return "the domain starts or ends with a dot, or has two in a row"
		case strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-"):
			return "a part of the domain starts or ends with a hyphen"
		case strings.ContainsFunc(l, func(r rune) bool { return r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) }):
			return "the domain has a character domains cannot have (only letters, digits, hyphens and dots)"
		}
	}
	return ""
}
