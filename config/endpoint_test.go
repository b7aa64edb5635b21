package config

import (
	"strings"
	"testing"
)

func TestCheckSubdomain(t *testing.T) {
	valid := []string{"acme", "a", "a-b", "Acme1", "0", strings.Repeat("a", 63)}
	for _, s := range valid {
		if e := checkSubdomain(s); e != nil {
			t.Errorf("checkSubdomain(%q) = %v, want nil", s, e)
		}
	}
	tests := []struct {
		in   string
		hint string
	}{
		{"evil.com/x", `give only the subdomain part, e.g. "acme" for acme.zendesk.com`},
		{"a b", "give only the subdomain part"},
		{"-x", "give only the subdomain part"},
		{"x-", "give only the subdomain part"},
		{"", "give only the subdomain part"},
		{"acme_x", "give only the subdomain part"},
		{"ümlaut", "give only the subdomain part"},
		{strings.Repeat("a", 64), "give only the subdomain part"},
		{"acme.zendesk.com", `give only the subdomain part: "acme"`},
		{"ACME.Zendesk.com", `give only the subdomain part: "ACME"`},
		{"https://acme.zendesk.com/agent", `give only the subdomain part: "acme"`},
		{"https://support.example.com", "or set url to the full address"},
	}
	for _, tt := range tests {
		e := checkSubdomain(tt.in)
		if e == nil {
			t.Errorf("checkSubdomain(%q) = nil, want an error", tt.in)
			continue
		}
		if e.Kind != ErrInvalid || !strings.Contains(e.Hint, tt.hint) {
			t.Errorf("checkSubdomain(%q) = %v, want hint %q", tt.in, e, tt.hint)
		}
	}
}

func TestCheckURL(t *testing.T) {
	valid := []struct{ in, want string }{
		{"https://acme.zendesk.com", "https://acme.zendesk.com"},
		{"https://acme.zendesk.com/", "https://acme.zendesk.com"},
		{"HTTPS://support.example.com:8443", "https://support.example.com:8443"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://127.9.8.7", "http://127.9.8.7"},
		{"http://localhost:3000/", "http://localhost:3000"},
		{"http://LOCALHOST", "http://LOCALHOST"},
		{"http://[::1]:8080", "http://[::1]:8080"},
		{"https://[2001:db8::1]", "https://[2001:db8::1]"},
	}
	for _, tt := range valid {
		got, e := checkURL(tt.in)
		if e != nil || got != tt.want {
			t.Errorf("checkURL(%q) = %q, %v; want %q", tt.in, got, e, tt.want)
		}
	}
	invalid := []struct{ in, want string }{
		{"http://acme.zendesk.com", "plain http to another machine"},
		{"http://10.0.0.1:8080", "plain http"},
		{"http://localhost.evil.com", "plain http"},
		{"http://127.0.0.1.nip.io", "plain http"},
		{"http://[::2]", "plain http"},
		{"ftp://acme.zendesk.com", "must use https"},
		{"acme.zendesk.com", "not an absolute URL"},
		{"https:acme", "not an absolute URL"},
		{"https://", "not an absolute URL"},
		{"https://:443", "has no host name"},
		{"https://acme.zendesk.com:0", "invalid port"},
		{"https://acme.zendesk.com:99999", "invalid port"},
		{"https://ops:hunter2secret@acme.zendesk.com", "must not hold a user name or password"},
		{"https://acme.zendesk.com/?token=hunter2secret", "must not have a query"},
		{"https://acme.zendesk.com/?", "must not have a query"},
		{"https://acme.zendesk.com/#hunter2secret", "must not have a fragment"},
		{"https://acme.zendesk.com/api/v2", "must not have a path"},
		{"https://acme.zendesk.com:x/", "not a valid URL"},
		{"https://acme zendesk.com", "not a valid URL"},
		{"", "not an absolute URL"},
	}
	for _, tt := range invalid {
		got, e := checkURL(tt.in)
		if e == nil {
			t.Errorf("checkURL(%q) = %q, want an error", tt.in, got)
			continue
		}
		if !strings.Contains(e.Error(), tt.want) {
			t.Errorf("checkURL(%q) = %v, want %q", tt.in, e, tt.want)
		}
		if strings.Contains(e.Error(), "hunter2") {
			t.Errorf("checkURL(%q) echoes a credential: %v", tt.in, e)
		}
	}
}
