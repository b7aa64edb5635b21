package config

import (
	"errors"
	"fmt"
	"strings"
)

// Kinds of configuration problem. Every *Error wraps one of them, so main can
// tell, with errors.Is, a broken file from an unset environment variable.
var (
	ErrSyntax      = errors.New("malformed TOML")
	ErrUnknownKey  = errors.New("unknown key")
	ErrInvalid     = errors.New("invalid setting")
	ErrPermissions = errors.New("config file with a token is readable by others")
	ErrNoProfile   = errors.New("no such profile")
	ErrMissingEnv  = errors.New("environment variable not set")
)

// Error is one problem with the configuration, placed as precisely as is
// known: the file, line and column, and the dotted key, environment variable
// or flag at fault. Msg says what is wrong and Hint how to fix it.
//
// An Error never holds a token: messages name keys and variables, and Load
// and Resolve mask any token value before returning.
type Error struct {
	Path string // config file, "" when the problem is not in a file
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based; 0 when unknown
	Key  string // "profiles.acme.subdomain", "ZENDESK_URL", "--url"; may be ""
	Msg  string
	Hint string
	Kind error // one of the Err* values above
}

// Error reads like a compiler diagnostic ("path:3:7: key: msg; hint") so that
// editors and terminals can jump to the place.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Kind }

// minSecretLen keeps masking from mangling messages with a one-letter
// "token"; real Zendesk tokens are 40 characters or more.
const minSecretLen = 6

// joinProblems returns nil, the single problem, or all of them joined (one a
// line), so an operator can fix a whole file in one pass. Token values are
// masked first as a last line of defence: messages are written not to hold
// them, but a value echoed back (a subdomain, say) could equal one.
func joinProblems(problems []*Error, secrets ...string) error {
	for _, p := range problems {
		for _, s := range secrets {
			if len(s) < minSecretLen {
				continue
			}
			p.Msg = strings.ReplaceAll(p.Msg, s, "[redacted]")
			p.Hint = strings.ReplaceAll(p.Hint, s, "[redacted]")
			p.Key = strings.ReplaceAll(p.Key, s, "[redacted]")
		}
	}
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return problems[0]
	}
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}

// quoteShort quotes a user-supplied value for a message, cut short so a
// pasted blob does not flood the terminal.
func quoteShort(s string) string {
	const max = 64
	if r := []rune(s); len(r) > max {
		return fmt.Sprintf("%q…", string(r[:max]))
	}
	return fmt.Sprintf("%q", s)
}
