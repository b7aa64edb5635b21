package config

import (
	"strings"
	"testing"
)

// twoProfiles has a Basic-auth profile and an OAuth one, tokens in the
// environment.
const twoProfiles = acme + `
[profiles.beta]
url = "https://support.beta.example"
oauth_token_env = "BETA_TOKEN"
read_only = true
`

func TestResolve(t *testing.T) {
	baseEnv := map[string]string{"ACME_ZENDESK_TOKEN": "acme-token", "BETA_TOKEN": "beta-token"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range baseEnv {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	acmeResolved := Resolved{Profile: "acme", Subdomain: "acme", Email: "ops@acme.com", APIToken: "acme-token"}

	tests := []struct {
		name        string
		file        string // "" for no config file
		flagProfile string
		flagURL     string
		env         map[string]string
		want        Resolved
		wantOK      bool
		wantErr     []string
		wantKind    error
	}{
		{name: "nothing configured starts the sandbox", env: baseEnv, wantOK: false},
		{name: "a file without profiles starts the sandbox", file: "read_only = true\n", env: baseEnv, wantOK: false},
		{name: "the only profile", file: acme, env: baseEnv, want: acmeResolved, wantOK: true},
		{name: "default profile", file: "default_profile = \"beta\"\n" + twoProfiles, env: baseEnv, wantOK: true,
			want: Resolved{Profile: "beta", URL: "https://support.beta.example", OAuthToken: "beta-token", ReadOnly: true}},
		{name: "flag beats default profile", file: "default_profile = \"beta\"\n" + twoProfiles, flagProfile: "acme", env: baseEnv,
			want: acmeResolved, wantOK: true},
		{name: "missing --profile lists the profiles", file: twoProfiles, flagProfile: "prod", env: baseEnv,
			wantErr: []string{`--profile: profile "prod" does not exist; profiles: acme, beta`}, wantKind: ErrNoProfile},
		{name: "--profile without a config file", flagProfile: "prod", env: baseEnv,
			wantErr: []string{`profile "prod" does not exist`, "no config file was read"}, wantKind: ErrNoProfile},
		{name: "several profiles and no default", file: twoProfiles, env: baseEnv,
			wantErr: []string{"2 profiles and no default_profile", "--profile", "profiles: acme, beta"}, wantKind: ErrNoProfile},
		{name: "several profiles and no default, environment only", file: twoProfiles,
			env:  with(map[string]string{EnvSubdomain: "envco", EnvOAuthToken: "env-oauth"}),
			want: Resolved{Profile: EnvProfile, Subdomain: "envco", OAuthToken: "env-oauth"}, wantOK: true},
		{name: "token variable unset names it and the profile", file: acme, env: map[string]string{},
			wantErr:  []string{"profiles.acme.api_token_env: environment variable ACME_ZENDESK_TOKEN is not set", `profile "acme"`},
			wantKind: ErrMissingEnv},
		{name: "token variable empty", file: acme, env: map[string]string{"ACME_ZENDESK_TOKEN": "  "},
			wantErr: []string{"ACME_ZENDESK_TOKEN is not set or is empty"}, wantKind: ErrMissingEnv},
		{name: "oauth token variable unset", file: twoProfiles, flagProfile: "beta", env: map[string]string{},
			wantErr: []string{"profiles.beta.oauth_token_env: environment variable BETA_TOKEN", `profile "beta"`}, wantKind: ErrMissingEnv},
		{name: "token variable not needed when the environment gives the token", file: acme,
			env:  map[string]string{EnvAPIToken: "env-token"},
			want: Resolved{Profile: "acme", Subdomain: "acme", Email: "ops@acme.com", APIToken: "env-token"}, wantOK: true},

		// The environment overrides field by field.
		{name: "ZENDESK_SUBDOMAIN", file: acme, env: with(map[string]string{EnvSubdomain: "Other"}),
			want: Resolved{Profile: "acme", Subdomain: "other", Email: "ops@acme.com", APIToken: "acme-token"}, wantOK: true},
		{name: "ZENDESK_SUBDOMAIN replaces a profile url", file: twoProfiles, flagProfile: "beta", env: with(map[string]string{EnvSubdomain: "other"}),
			want: Resolved{Profile: "beta", Subdomain: "other", OAuthToken: "beta-token", ReadOnly: true}, wantOK: true},
		{name: "ZENDESK_EMAIL", file: acme, env: with(map[string]string{EnvEmail: "me@acme.com"}),
			want: Resolved{Profile: "acme", Subdomain: "acme", Email: "me@acme.com", APIToken: "acme-token"}, wantOK: true},
		{name: "ZENDESK_API_TOKEN", file: acme, env: with(map[string]string{EnvAPIToken: "env-token"}),
			want: Resolved{Profile: "acme", Subdomain: "acme", Email: "ops@acme.com", APIToken: "env-token"}, wantOK: true},
		{name: "ZENDESK_OAUTH_TOKEN replaces an API token", file: acme, env: with(map[string]string{EnvOAuthToken: "env-oauth"}),
			want: Resolved{Profile: "acme", Subdomain: "acme", Email: "ops@acme.com", OAuthToken: "env-oauth"}, wantOK: true},
		{name: "ZENDESK_API_TOKEN replaces an OAuth token", file: twoProfiles, flagProfile: "beta",
			env:  with(map[string]string{EnvAPIToken: "env-token", EnvEmail: "me@beta.example"}),
			want: Resolved{Profile: "beta", URL: "https://support.beta.example", Email: "me@beta.example", APIToken: "env-token", ReadOnly: true}, wantOK: true},
		{name: "ZENDESK_URL", file: acme, env: with(map[string]string{EnvURL: "https://proxy.example/"}),
			want: Resolved{Profile: "acme", URL: "https://proxy.example", Email: "ops@acme.com", APIToken: "acme-token"}, wantOK: true},
		{name: "ZENDESK_URL beats ZENDESK_SUBDOMAIN", env: map[string]string{EnvURL: "http://localhost:9000", EnvSubdomain: "x", EnvOAuthToken: "t"},
			want: Resolved{Profile: EnvProfile, URL: "http://localhost:9000", OAuthToken: "t"}, wantOK: true},
		{name: "environment only", env: map[string]string{EnvSubdomain: "envco", EnvEmail: "e@envco.com", EnvAPIToken: " env-token\n"},
			want: Resolved{Profile: EnvProfile, Subdomain: "envco", Email: "e@envco.com", APIToken: "env-token"}, wantOK: true},
		{name: "environment only, both tokens", env: map[string]string{EnvSubdomain: "envco", EnvAPIToken: "a-token", EnvOAuthToken: "o-token"},
			wantErr: []string{"ZENDESK_API_TOKEN and ZENDESK_OAUTH_TOKEN: both are set"}, wantKind: ErrInvalid},
		{name: "environment only, no token", env: map[string]string{EnvSubdomain: "envco"},
			wantErr: []string{"no token to sign in with", EnvAPIToken, EnvOAuthToken}, wantKind: ErrInvalid},
		{name: "environment only, no account", env: map[string]string{EnvOAuthToken: "o-token"},
			wantErr: []string{"no Zendesk account", EnvSubdomain}, wantKind: ErrInvalid},
		{name: "environment only, API token without email", env: map[string]string{EnvSubdomain: "envco", EnvAPIToken: "a-token"},
			wantErr: []string{"ZENDESK_API_TOKEN: an API token needs the agent's email", EnvEmail}, wantKind: ErrInvalid},
		{name: "bad ZENDESK_SUBDOMAIN", file: acme, env: with(map[string]string{EnvSubdomain: "evil.com/x"}),
			wantErr: []string{`ZENDESK_SUBDOMAIN: "evil.com/x" is not a Zendesk subdomain`}, wantKind: ErrInvalid},
		{name: "bad ZENDESK_URL", file: acme, env: with(map[string]string{EnvURL: "http://proxy.example"}),
			wantErr: []string{"ZENDESK_URL: http://proxy.example uses plain http"}, wantKind: ErrInvalid},

		// --url comes last.
		{name: "--url overrides profile and environment", file: acme, flagURL: "http://127.0.0.1:8080",
			env:  with(map[string]string{EnvURL: "https://proxy.example", EnvSubdomain: "x"}),
			want: Resolved{Profile: "acme", URL: "http://127.0.0.1:8080", Email: "ops@acme.com", APIToken: "acme-token"}, wantOK: true},
		{name: "bad --url", file: acme, flagURL: "http://evil.example", env: baseEnv,
			wantErr: []string{"--url: http://evil.example uses plain http"}, wantKind: ErrInvalid},
		{name: "--url alone has no token", flagURL: "http://127.0.0.1:8080", env: baseEnv,
			wantErr: []string{"no token to sign in with"}, wantKind: ErrInvalid},

		{name: "file-wide read_only", file: "read_only = true\n" + acme, env: baseEnv,
			want: Resolved{Profile: "acme", Subdomain: "acme", Email: "ops@acme.com", APIToken: "acme-token", ReadOnly: true}, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &File{}
			if tt.file != "" {
				var err error
				if f, err = Load(writeConfig(t, tt.file, 0o600), true); err != nil {
					t.Fatalf("Load: %v", err)
				}
			}
			got, ok, err := Resolve(f, tt.flagProfile, tt.flagURL, mapEnv(tt.env))
			if tt.wantErr != nil {
				checkErr(t, err, tt.wantKind, tt.wantErr...)
				if ok {
					t.Errorf("ok = true with an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("Resolve = %#v, %v\nwant      %#v, %v", plain(got), ok, plain(tt.want), tt.wantOK)
			}
		})
	}
}

// plain hides Resolved's redacting Format so a failing test shows the
// fields (test tokens only).
type plainResolved struct {
	Profile, Subdomain, URL, Email, APIToken, OAuthToken string
	ReadOnly                                             bool
}

func plain(r Resolved) plainResolved { return plainResolved(r) }

func TestResolveNilFileAndEnv(t *testing.T) {
	r, ok, err := Resolve(nil, "", "", nil)
	if ok || err != nil || r != (Resolved{}) {
		t.Errorf("Resolve(nil) = %v, %v, %v; want nothing configured", r, ok, err)
	}
}

func TestResolveChecksHandBuiltFiles(t *testing.T) {
	tests := []struct {
		name  string
		file  *File
		kind  error
		wants []string
	}{
		{"default profile missing", &File{DefaultProfile: "prod", Profiles: map[string]Profile{"acme": {}}},
			ErrNoProfile, []string{`default_profile: names profile "prod"`, "profiles: acme"}},
		{"invalid profile", &File{Profiles: map[string]Profile{"acme": {Subdomain: "a b", OAuthToken: "literal-oauth-token"}}},
			ErrInvalid, []string{`profiles.acme.subdomain: "a b" is not a Zendesk subdomain`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok, err := Resolve(tt.file, "", "", mapEnv(nil))
			checkErr(t, err, tt.kind, tt.wants...)
			if ok {
				t.Error("ok = true with an error")
			}
		})
	}
}

func TestResolvedBaseURL(t *testing.T) {
	for _, tt := range []struct {
		r    Resolved
		want string
	}{
		{Resolved{Subdomain: "acme"}, "https://acme.zendesk.com"},
		{Resolved{URL: "http://127.0.0.1:8080"}, "http://127.0.0.1:8080"},
		{Resolved{}, ""},
	} {
		if got := tt.r.BaseURL(); got != tt.want {
			t.Errorf("BaseURL() = %q, want %q", got, tt.want)
		}
	}
}

// An unset token variable is the whole story: no second "no token" error.
func TestResolveMissingEnvIsTheOnlyError(t *testing.T) {
	f, err := Load(writeConfig(t, acme, 0o600), true)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Resolve(f, "", "", mapEnv(nil))
	checkErr(t, err, ErrMissingEnv, "ACME_ZENDESK_TOKEN")
	if strings.Contains(err.Error(), "no token") {
		t.Errorf("error %q adds a misleading second problem", err)
	}
}
