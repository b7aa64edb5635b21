package zendesk

import (
	"strings"
	"testing"
)

func TestSubdomainURL(t *testing.T) {
	good := map[string]string{"acme": "https://acme.zendesk.com", "d3v-zenpydev": "https://d3v-zenpydev.zendesk.com", "ACME1": "https://acme1.zendesk.com"}
	for in, want := range good {
		u, err := SubdomainURL(in)
		if err != nil || u.String() != want {
			t.Errorf("%q: %v %v", in, u, err)
		}
	}
	for _, bad := range []string{"", "evil.com/x", "a b", "acme.zendesk.com", "-acme", "acme-", "acme@evil", "acme:443", "ac/me", "a\nb"} {
		if _, err := SubdomainURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	good := map[string]string{
		"https://acme.zendesk.com":   "https://acme.zendesk.com",
		"https://acme.zendesk.com/":  "https://acme.zendesk.com",
		"http://127.0.0.1:8080":      "http://127.0.0.1:8080",
		"http://localhost:9000":      "http://localhost:9000",
		"http://[::1]:9000":          "http://[::1]:9000",
		"https://support.example.io": "https://support.example.io",
	}
	for in, want := range good {
		u, err := ParseBaseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("%q: %v %v", in, u, err)
		}
	}
	for _, bad := range []string{"http://acme.zendesk.com", "http://10.0.0.1", "ftp://acme.zendesk.com", "https://user:pw@acme.zendesk.com", "https://acme.zendesk.com/api/v2", "https://acme.zendesk.com?x=1", "acme.zendesk.com", "", "http://127.0.0.1.evil.com"} {
		if _, err := ParseBaseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestParseBaseURLNeverQuotesAToken: a URL that does not parse, or has no host, is refused
// without quoting the part where a token could sit (user info, query, a "port").
func TestParseBaseURLNeverQuotesAToken(t *testing.T) {
	const token = "S3CRET-tok3n"
	for _, raw := range []string{
		"ops:" + token + "@acme.zendesk.com",
		"acme.zendesk.com/?token=" + token,
		"https://acme.zendesk.com:" + token,
		"https://ops:" + token + "@acme.zendesk.com/?t=" + token,
		"acme.zendesk.com#" + token,
	} {
		_, err := ParseBaseURL(raw)
		if err == nil {
			t.Errorf("%q accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), token) {
			t.Errorf("%q: the error quotes the token: %v", raw, err)
		}
	}
}
