package config

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
)

// redacted stands in for a token wherever a value is printed or logged.
const redacted = "[redacted]"

func mask(token string) string {
	if token == "" {
		return ""
	}
	return redacted
}

// String shows where and how zdops signs in, with the token hidden.
func (r Resolved) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "profile=%s url=%s", r.Profile, r.BaseURL())
	if r.Email != "" {
		fmt.Fprintf(&b, " email=%s", r.Email)
	}
	switch {
	case r.APIToken != "":
		b.WriteString(" api_token=" + redacted)
	case r.OAuthToken != "":
		b.WriteString(" oauth_token=" + redacted)
	}
	if r.ReadOnly {
		b.WriteString(" read_only=true")
	}
	return b.String()
}

// Format makes every fmt verb, %#v and %+v included, print String, so no
// verb reaches the token fields.
func (r Resolved) Format(s fmt.State, _ rune) { io.WriteString(s, r.String()) }

// LogValue keeps the token out of slog output.
func (r Resolved) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("profile", r.Profile),
		slog.String("url", r.BaseURL()),
		slog.String("email", r.Email),
		slog.String("api_token", mask(r.APIToken)),
		slog.String("oauth_token", mask(r.OAuthToken)),
		slog.Bool("read_only", r.ReadOnly),
	)
}

// displayURL drops the parts of a URL where credentials can hide (user
// information, query, fragment); Load refuses such URLs, but a Profile can be
// printed before it is validated.
func displayURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if s == "" {
			return ""
		}
		return "(invalid URL)"
	}
	if u.User == nil && u.RawQuery == "" && u.Fragment == "" {
		return s
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment = nil, "", "", ""
	return u.String()
}

// String shows a profile as written, with token literals hidden; the names
// in *_env fields are not secret and are shown.
func (p Profile) String() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("subdomain", p.Subdomain)
	add("url", displayURL(p.URL))
	add("email", p.Email)
	add("api_token", mask(p.APIToken))
	add("api_token_env", p.APITokenEnv)
	add("oauth_token", mask(p.OAuthToken))
	add("oauth_token_env", p.OAuthTokenEnv)
	if p.ReadOnly {
		add("read_only", "true")
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// Format makes every fmt verb print String, also inside a printed File.
func (p Profile) Format(s fmt.State, _ rune) { io.WriteString(s, p.String()) }

// LogValue keeps token literals out of slog output.
func (p Profile) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("subdomain", p.Subdomain),
		slog.String("url", displayURL(p.URL)),
		slog.String("email", p.Email),
		slog.String("api_token", mask(p.APIToken)),
		slog.String("api_token_env", p.APITokenEnv),
		slog.String("oauth_token", mask(p.OAuthToken)),
		slog.String("oauth_token_env", p.OAuthTokenEnv),
		slog.Bool("read_only", p.ReadOnly),
	)
}
