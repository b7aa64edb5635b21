package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// secret is a token literal that must never come back out of this package.
// secretPart is a piece of it, to catch partial echoes.
const (
	secret     = "zdTOKENs3cr3tVALUE4242abcdef"
	secretPart = "s3cr3t"
)

func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, secretPart) {
		t.Errorf("%s shows the token: %q", what, s)
	}
}

// TestLoadErrorsNeverShowTokens feeds Load files that fail in every way with
// a token literal in them, including tokens pasted without quotes, with bad
// escapes, and into the wrong field.
func TestLoadErrorsNeverShowTokens(t *testing.T) {
	p := "[profiles.acme]\nsubdomain = \"acme\"\nemail = \"ops@acme.com\"\n"
	tests := []struct {
		name    string
		content string
	}{
		{"bare token", p + "api_token = " + secret + "\n"},
		{"bare token starting with t", p + "api_token = t" + secret + "\n"},
		{"hex-looking token", p + "api_token = 0x" + secret + "\n"},
		{"numeric token", p + "api_token = 1234567890123456789012345" + secret + "\n"},
		{"date-looking token", p + "api_token = 1979-05-27T" + secret + "\n"},
		{"unterminated string", p + "api_token = \"" + secret + "\n"},
		{"bad escape", p + "api_token = \"" + secret + "\\q\"\n"},
		{"bad unicode escape", p + "api_token = \"" + secret + "\\u12zz\"\n"},
		{"bad escape in multi-line string", p + "api_token = \"\"\"\n" + secret + "\n\\uzzzz\"\"\"\n"},
		{"token as a number out of range", p + "api_token = 99999999999999999999999999\n"},
		{"token and garbage", p + "api_token = \"" + secret + "\" junk\n"},
		{"token in an inline table", "profiles = { acme = { api_token = " + secret + " } }\n"},
		{"world-readable file", p + "api_token = \"" + secret + "\"\n"},
		{"token with the env form too", p + "api_token = \"" + secret + "\"\napi_token_env = \"X\"\n"},
		{"both kinds", p + "api_token = \"" + secret + "\"\noauth_token = \"" + secret + "\"\n"},
		{"no email", "[profiles.acme]\nsubdomain = \"acme\"\napi_token = \"" + secret + "\"\n"},
		{"token in the email field", "[profiles.acme]\nsubdomain = \"acme\"\nemail = \"" + secret + "\"\napi_token_env = \"T\"\n"},
		{"token as the env name", "[profiles.acme]\nsubdomain = \"acme\"\noauth_token_env = \"" + secret + "\"\n"},
		{"token as the env name, with dashes", "[profiles.acme]\nsubdomain = \"acme\"\noauth_token_env = \"" + secret + "-x\"\n"},
		{"token in the url", "[profiles.acme]\nurl = \"https://ops:" + secret + "@acme.zendesk.com/?t=" + secret + "#" + secret + "\"\noauth_token_env = \"T\"\n"},
		{"token with a wrong type nearby", p + "api_token = \"" + secret + "\"\nread_only = \"" + secret + "\"\n"},
		{"token under an unknown key", p + "api_tokn = \"" + secret + "\"\n"},
		{"token equal to a bad subdomain", "[profiles.acme]\nsubdomain = \"" + secret + ".x\"\nemail = \"a@b.c\"\napi_token = \"" + secret + ".x\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tt.content, 0o644), true)
			if err == nil {
				t.Fatal("Load accepted the file")
			}
			assertNoSecret(t, "Load error", err.Error())
		})
	}
}

func TestResolveErrorsNeverShowTokens(t *testing.T) {
	tests := []struct {
		name string
		file *File
		env  map[string]string
	}{
		{"both env tokens", nil, map[string]string{EnvSubdomain: "acme", EnvAPIToken: secret, EnvOAuthToken: secret}},
		{"env token without email", nil, map[string]string{EnvSubdomain: "acme", EnvAPIToken: secret}},
		{"env token without account", nil, map[string]string{EnvAPIToken: secret, EnvEmail: "a@b.c"}},
		{"env token in the subdomain", nil, map[string]string{EnvSubdomain: secret + ".x", EnvAPIToken: secret + ".x", EnvEmail: "a@b.c"}},
		{"env token in the url", nil, map[string]string{EnvURL: "https://u:" + secret + "@h/?" + secret, EnvOAuthToken: secret}},
		{"file token, bad env subdomain", &File{Profiles: map[string]Profile{"acme": {Subdomain: "acme", OAuthToken: secret}}},
			map[string]string{EnvSubdomain: "-bad"}},
		{"file token, invalid profile", &File{Profiles: map[string]Profile{"acme": {Subdomain: secret + "/x", OAuthToken: secret + "/x"}}}, nil},
		{"file token, both kinds", &File{Profiles: map[string]Profile{"acme": {Subdomain: "acme", Email: "a@b.c", APIToken: secret, OAuthToken: secret}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Resolve(tt.file, "", "", mapEnv(tt.env))
			if err == nil {
				t.Fatal("Resolve accepted it")
			}
			assertNoSecret(t, "Resolve error", err.Error())
		})
	}
}

func TestPrintingHidesTokens(t *testing.T) {
	r := Resolved{Profile: "acme", Subdomain: "acme", Email: "ops@acme.com", APIToken: secret, ReadOnly: true}
	o := Resolved{Profile: "env", URL: "http://127.0.0.1:8080", OAuthToken: secret}
	p := Profile{Subdomain: "acme", Email: "ops@acme.com", APIToken: secret, OAuthToken: secret, URL: "https://u:" + secret + "@h/?q=" + secret}
	f := &File{Profiles: map[string]Profile{"acme": p}}

	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, v := range []any{r, &r, o, p, &p, f, *f, []Resolved{r}, map[string]Profile{"a": p}} {
			assertNoSecret(t, fmt.Sprintf("Sprintf(%s, %T)", verb, v), fmt.Sprintf(verb, v))
		}
	}
	if got, want := r.String(), "profile=acme url=https://acme.zendesk.com email=ops@acme.com api_token=[redacted] read_only=true"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := o.String(), "profile=env url=http://127.0.0.1:8080 oauth_token=[redacted]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := p.String(); !strings.Contains(got, "api_token=[redacted]") || !strings.Contains(got, "oauth_token=[redacted]") {
		t.Errorf("Profile.String() = %q, want the tokens marked as set", got)
	}

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("resolved", "account", r, "other", o, "profile", p)
	assertNoSecret(t, "slog output", buf.String())
	if !strings.Contains(buf.String(), `"api_token":"[redacted]"`) {
		t.Errorf("slog output %s does not mark the token as set", buf.String())
	}
}
