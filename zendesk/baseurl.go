package zendesk

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// subdomainPattern is what Zendesk accepts as an account subdomain: a single DNS label.
// Checking it strictly keeps a value like "evil.com/x" from steering requests (and the
// credentials in them) to another host.
var subdomainPattern = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$`)

// SubdomainURL returns https://{subdomain}.zendesk.com for a valid subdomain.
func SubdomainURL(subdomain string) (*url.URL, error) {
	if !subdomainPattern.MatchString(subdomain) {
		hint := ""
		if strings.Contains(subdomain, ".") {
			hint = fmt.Sprintf(" (give only the first part, e.g. %q for %s)", strings.SplitN(subdomain, ".", 2)[0], subdomain)
		}
		return nil, fmt.Errorf("invalid Zendesk subdomain %q: use only letters, digits and hyphens%s", subdomain, hint)
	}
	return &url.URL{Scheme: "https", Host: strings.ToLower(subdomain) + ".zendesk.com"}, nil
}

// ParseBaseURL accepts an explicit account URL: https anywhere, or plain http only to a
// loopback address (the sandbox). It refuses user info, queries and paths, which have no
// place in a base URL and could hide a different target.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL, which may hold a token
		}
		if strings.HasPrefix(err.Error(), "invalid port") {
			err = errors.New("what follows the host's colon is not a port number") // the error quotes it: "host:TOKEN"
		}
		return nil, fmt.Errorf("invalid Zendesk URL: %v", err)
	}
	if u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("invalid Zendesk URL %q: want https://SUBDOMAIN.zendesk.com", shownRawURL(raw))
	}
	if u.User != nil {
		return nil, fmt.Errorf("invalid Zendesk URL %q: credentials do not belong in the URL; set email and token in the profile", redactUserinfo(u))
	}
	if u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		// Only scheme and host are shown: a query or fragment is where a token would hide.
		return nil, fmt.Errorf("invalid Zendesk URL %s://%s: give only scheme and host, e.g. https://acme.zendesk.com", u.Scheme, u.Host)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("invalid Zendesk URL %q: plain http is allowed only to a loopback address (the sandbox); use https", raw)
		}
	default:
		return nil, fmt.Errorf("invalid Zendesk URL %q: the scheme must be https", raw)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// IsLoopbackHost reports whether host (no port) names this machine: "localhost" or a loopback IP.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// shownRawURL is a URL that did not parse as one, fit to quote in an error: without what
// follows a '?' or '#', and with anything before an '@' ("user:TOKEN@host") replaced.
func shownRawURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		raw = "REDACTED" + raw[i:]
	}
	return raw
}

// redactUserinfo shows the URL's scheme and host with its credentials replaced, and nothing
// after the host, where a token could sit too.
func redactUserinfo(u *url.URL) string {
	return u.Scheme + "://REDACTED@" + u.Host
}
