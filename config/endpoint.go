package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// subdomainRE is one DNS label: what may stand before .zendesk.com.
var subdomainRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// checkSubdomain refuses anything that is not a single DNS label. The
// subdomain is pasted into https://%s.zendesk.com, so "evil.com/x" would
// send the token somewhere else entirely.
func checkSubdomain(s string) *Error {
	if subdomainRE.MatchString(s) {
		return nil
	}
	what := quoteShort(s) + " is not a Zendesk subdomain"
	if s == "" {
		what = "the subdomain is empty"
	}
	return &Error{
		Msg:  what + " (letters, digits and hyphens, 1-63 characters, not starting or ending with '-')",
		Hint: subdomainHint(s),
		Kind: ErrInvalid,
	}
}

// subdomainHint suggests the subdomain itself when the operator pasted a
// whole Zendesk address.
func subdomainHint(s string) string {
	const generic = `give only the subdomain part, e.g. "acme" for acme.zendesk.com`
	host := s
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		host = u.Hostname()
	} else if strings.Contains(s, "://") {
		return generic + ", or set url to the full address"
	}
	if i := len(host) - len(".zendesk.com"); i > 0 && strings.EqualFold(host[i:], ".zendesk.com") {
		if sub := host[:i]; subdomainRE.MatchString(sub) {
			return fmt.Sprintf("give only the subdomain part: %q", sub)
		}
	}
	if host != s {
		return generic + ", or set url to the full address"
	}
	return generic
}

// checkURL validates an explicit base URL and returns it as scheme://host.
// Plain http is allowed only to this machine (the sandbox, a local proxy):
// anywhere else the token would cross the network in the clear. Userinfo,
// query and fragment are refused because they are where credentials hide
// and zdops builds its own paths and queries.
//
// The URL is never echoed whole in a message, only its scheme and host.
func checkURL(s string) (string, *Error) {
	bad := func(msg, hint string) (string, *Error) {
		return "", &Error{Msg: msg, Hint: hint, Kind: ErrInvalid}
	}
	const example = "like https://acme.zendesk.com"
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL
		}
		return bad("not a valid URL: "+err.Error(), "give a base URL "+example)
	}
	if u.Scheme == "" || u.Opaque != "" || u.Host == "" {
		return bad("not an absolute URL", "give a base URL "+example)
	}
	shown := u.Scheme + "://" + u.Host
	switch {
	case u.User != nil:
		return bad(shown+" must not hold a user name or password", "put credentials in email and api_token or oauth_token")
	case u.RawQuery != "" || u.ForceQuery:
		return bad(shown+" must not have a query (?...)", "give only scheme and host, "+example)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return bad(shown+" must not have a fragment (#...)", "give only scheme and host, "+example)
	case u.Path != "" && u.Path != "/":
		return bad(shown+" must not have a path", "zdops adds /api/v2 itself; give only scheme and host, "+example)
	}
	host := u.Hostname()
	if host == "" {
		return bad(shown+" has no host name", "give a base URL "+example)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad(shown+" has an invalid port", "ports run from 1 to 65535")
		}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(host) {
			return bad(shown+" uses plain http to another machine, which would send the token unencrypted",
				"use https; http is allowed only to 127.0.0.1, ::1 or localhost")
		}
	default:
		return bad(shown+" must use https", "give a base URL "+example)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" {
		host += ":" + p
	}
	return u.Scheme + "://" + host, nil
}

// isLoopback reports whether host names this machine: a loopback address
// (127.0.0.0/8, ::1) or "localhost". Other names are not resolved: what they
// resolve to can change after this check.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
