package zendesk

import "testing"

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
