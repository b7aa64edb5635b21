package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestLoadValidFile(t *testing.T) {
	const content = `
default_profile = "acme"
read_only = true

[profiles.acme]
subdomain = "acme"
email = "ops@acme.com"
api_token_env = "ACME_ZENDESK_TOKEN"

[profiles.local]
url = "http://127.0.0.1:8080"
oauth_token_env = "LOCAL_TOKEN"
read_only = true

[keys]
quit = ["q", "ctrl+c"]
search = ["/"]

[sync]
create_verified = true
skip_verify_email = true
update_primary_email = true
remove_from_org = true
group_without_user = true
`
	path := writeConfig(t, content, 0o644)
	f, err := Load(path, true)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := &File{
		Path:           path,
		Exists:         true,
		DefaultProfile: "acme",
		ReadOnly:       true,
		Profiles: map[string]Profile{
			"acme":  {Subdomain: "acme", Email: "ops@acme.com", APITokenEnv: "ACME_ZENDESK_TOKEN"},
			"local": {URL: "http://127.0.0.1:8080", OAuthTokenEnv: "LOCAL_TOKEN", ReadOnly: true},
		},
		Keys: map[string][]string{"quit": {"q", "ctrl+c"}, "search": {"/"}},
		Sync: Sync{CreateVerified: true, SkipVerifyEmail: true, UpdatePrimaryEmail: true, RemoveFromOrg: true, GroupWithoutUser: true},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("Load =\n%#v\nwant\n%#v", *f, *want)
	}
	if got := f.ProfileNames(); !reflect.DeepEqual(got, []string{"acme", "local"}) {
		t.Errorf("ProfileNames = %q", got)
	}
	if got := f.KeyActions(); !reflect.DeepEqual(got, []string{"quit", "search"}) {
		t.Errorf("KeyActions = %q", got)
	}
}

func TestLoadEmptyFileIsValid(t *testing.T) {
	f, err := Load(writeConfig(t, "", 0o644), true)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Exists || len(f.Profiles) != 0 {
		t.Errorf("Load(empty) = %+v", f)
	}
}

func TestLoadMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope", "config.toml")

	f, err := Load(missing, false)
	if err != nil {
		t.Fatalf("missing file at the default path: %v", err)
	}
	if f.Exists || f.Path != "" || f.Profiles != nil {
		t.Errorf("missing default file gave %+v, want an empty File", f)
	}

	_, err = Load(missing, true)
	checkErr(t, err, fs.ErrNotExist, missing)

	f, err = Load("", false)
	if err != nil || f.Exists {
		t.Errorf(`Load("", false) = %+v, %v; want an empty File`, f, err)
	}
	_, err = Load("", true)
	checkErr(t, err, ErrInvalid, "empty")
}

func TestLoadNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir, false)
	checkErr(t, err, ErrInvalid, dir, "not a regular file")
}

func TestLoadTooLarge(t *testing.T) {
	big := "# " + strings.Repeat("x", maxFileSize) + "\n"
	_, err := Load(writeConfig(t, big, 0o600), true)
	checkErr(t, err, ErrInvalid, "larger than 1 MiB")
}

func TestLoadSyntaxErrorHasLineAndColumn(t *testing.T) {
	tests := []struct {
		name      string
		content   string
		line, col int
		wants     []string
	}{
		{"bad boolean", "default_profile = \"acme\"\nread_only = tru\n", 2, 13, []string{"expected value"}},
		{"missing value", "[sync]\ncreate_verified = \n", 2, 19, []string{"expected value"}},
		{"unterminated table header", "[profiles.acme\nsubdomain = \"acme\"\n", 1, 15, nil},
		{"duplicate key keeps the key name", "read_only = true\nread_only = false\n", 2, 1, []string{"Key 'read_only' has already been defined"}},
		{"bare word", "[profiles.acme]\nsubdomain = acme\n", 2, 13, []string{`text values need quotes`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.content, 0o600)
			_, err := Load(path, true)
			checkErr(t, err, ErrSyntax, tt.wants...)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if e.Line != tt.line || e.Col != tt.col {
				t.Errorf("position %d:%d, want %d:%d (%v)", e.Line, e.Col, tt.line, tt.col, err)
			}
			prefix := fmt.Sprintf("%s:%d:%d: ", path, tt.line, tt.col)
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q does not start with %q", err, prefix)
			}
		})
	}
}

func TestLoadWrongTypes(t *testing.T) {
	tests := []struct {
		name    string
		content string
		wants   []string
	}{
		{"boolean as string", "default_profile = \"\"\nread_only = \"yes\"\n", []string{":2: read_only: must be true or false, not a string"}},
		{"profile field", "[profiles.acme]\nsubdomain = \"acme\"\nread_only = 1\n", []string{":3: profiles.acme.read_only: must be true or false, not a number"}},
		{"string as number", "[profiles.acme]\nsubdomain = 42\n", []string{":2: profiles.acme.subdomain: must be a string in quotes, not a number"}},
		{"key binding not a list", "[keys]\nquit = \"q\"\n", []string{":2: keys.quit: must be a list"}},
		{"key binding of numbers", "[keys]\nquit = [\"q\", 1]\n", []string{":2: keys.quit: must be a list of strings"}},
		{"profile not a table", "[profiles]\nacme = 3\n", []string{":2: profiles.acme: must be a table, not a number"}},
		{"profiles not a table", "profiles = 3\n", []string{"profiles: must be a table, not a number"}},
		{"profiles as array of tables", "[[profiles]]\nsubdomain = \"acme\"\n", []string{"profiles: must be a table, not an array of tables"}},
		{"keys not a table", "keys = [\"q\"]\n", []string{"keys: must be a table, not a list"}},
		{"sync not a table", "sync = true\n", []string{"sync: must be a table, not a boolean"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tt.content, 0o600), true)
			checkErr(t, err, ErrInvalid, tt.wants...)
		})
	}
}

func TestLoadUnknownKeys(t *testing.T) {
	tests := []struct {
		name    string
		content string
		wants   []string
	}{
		{"typo in a profile", acme + "api_tokn = \"x\"\n",
			[]string{"profiles.acme.api_tokn: unknown key; did you mean profiles.acme.api_token?"}},
		{"swapped letters", acme + "read_ony = true\n",
			[]string{"profiles.acme.read_ony: unknown key; did you mean profiles.acme.read_only?"}},
		{"singular table name", "[profile.acme]\nsubdomain = \"acme\"\n",
			[]string{"profile: unknown key; did you mean profiles?"}},
		{"dash for underscore", "default-profile = \"acme\"\n",
			[]string{"default-profile: unknown key; did you mean default_profile?"}},
		{"case differs", "Read_Only = true\n",
			[]string{"Read_Only: unknown key; did you mean read_only?"}},
		{"sync typo", "[sync]\ncreate_verfied = true\n",
			[]string{"sync.create_verfied: unknown key; did you mean sync.create_verified?"}},
		{"no close match lists the known keys", "colour = \"blue\"\n",
			[]string{"colour: unknown key; known keys here: default_profile, keys, profiles, read_only, sync"}},
		{"every unknown key is named", "colour = 1\n[sync]\nfoo = true\n" + acme + "bar = 2\n",
			[]string{"colour: unknown key", "sync.foo: unknown key", "profiles.acme.bar: unknown key"}},
		{"quoted profile name", "[profiles.\"a b\"]\nsubdomain = \"acme\"\nemail = \"a@b.c\"\napi_token_env = \"T\"\nurll = \"x\"\n",
			[]string{`profiles."a b".urll: unknown key; did you mean profiles."a b".url?`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tt.content, 0o600), true)
			checkErr(t, err, ErrUnknownKey, tt.wants...)
		})
	}
}

func TestLoadValidation(t *testing.T) {
	tests := []struct {
		name    string
		content string
		kind    error
		wants   []string
	}{
		{"no subdomain and no url", "[profiles.acme]\nemail = \"a@b.c\"\napi_token_env = \"T\"\n",
			ErrInvalid, []string{"profiles.acme: no Zendesk account: neither subdomain nor url is set"}},
		{"empty subdomain", "[profiles.acme]\nsubdomain = \"\"\nemail = \"a@b.c\"\napi_token_env = \"T\"\n",
			ErrInvalid, []string{"profiles.acme: no Zendesk account"}},
		{"both subdomain and url", acme + "url = \"https://acme.zendesk.com\"\n",
			ErrInvalid, []string{"profiles.acme: both subdomain and url are set"}},
		{"no token at all", "[profiles.acme]\nsubdomain = \"acme\"\nemail = \"a@b.c\"\n",
			ErrInvalid, []string{"profiles.acme: no token", "api_token_env"}},
		{"api token and its env variant", acme + "api_token = \"literal-token-1\"\n",
			ErrInvalid, []string{"both api_token and api_token_env are set"}},
		{"oauth token and its env variant", "[profiles.acme]\nsubdomain = \"acme\"\noauth_token = \"literal-token-2\"\noauth_token_env = \"T\"\n",
			ErrInvalid, []string{"both oauth_token and oauth_token_env are set"}},
		{"api and oauth tokens", acme + "oauth_token_env = \"T\"\n",
			ErrInvalid, []string{"both an API token and an OAuth token are set"}},
		{"email missing with api_token_env", "[profiles.acme]\nsubdomain = \"acme\"\napi_token_env = \"T\"\n",
			ErrInvalid, []string{"profiles.acme.email: missing", "API token"}},
		{"email missing with api_token", "[profiles.acme]\nsubdomain = \"acme\"\napi_token = \"literal-token-3\"\n",
			ErrInvalid, []string{"profiles.acme.email: missing"}},
		{"email without @", "[profiles.acme]\nsubdomain = \"acme\"\nemail = \"ops\"\napi_token_env = \"T\"\n",
			ErrInvalid, []string{"profiles.acme.email: does not look like an email address"}},
		{"default profile missing", "default_profile = \"prod\"\n" + acme + "[profiles.beta]\nsubdomain = \"beta\"\noauth_token_env = \"T\"\n",
			ErrNoProfile, []string{`default_profile: names profile "prod", which does not exist; profiles: acme, beta`}},
		{"default profile with no profiles", "default_profile = \"prod\"\n",
			ErrNoProfile, []string{`names profile "prod"`, "no profiles"}},
		{"invalid subdomain", "[profiles.acme]\nsubdomain = \"evil.com/x\"\nemail = \"a@b.c\"\napi_token_env = \"T\"\n",
			ErrInvalid, []string{`profiles.acme.subdomain: "evil.com/x" is not a Zendesk subdomain`, "give only the subdomain part"}},
		{"full host as subdomain", "[profiles.acme]\nsubdomain = \"acme.zendesk.com\"\nemail = \"a@b.c\"\napi_token_env = \"T\"\n",
			ErrInvalid, []string{`give only the subdomain part: "acme"`}},
		{"plain http to another host", "[profiles.acme]\nurl = \"http://acme.zendesk.com\"\noauth_token_env = \"T\"\n",
			ErrInvalid, []string{"profiles.acme.url: http://acme.zendesk.com uses plain http", "use https"}},
		{"env name with a space", "[profiles.acme]\nsubdomain = \"acme\"\noauth_token_env = \"MY TOKEN\"\n",
			ErrInvalid, []string{"profiles.acme.oauth_token_env: is not the name of an environment variable"}},
		{"token given as env name", "[profiles.acme]\nsubdomain = \"acme\"\noauth_token_env = \"wUaIRQTZ6XVvXK0ZJmBlLeRbw9Av9V3lXq1bO2Jd\"\n",
			ErrInvalid, []string{"profiles.acme.oauth_token_env: looks like a token"}},
		{"empty profile name", "[profiles.\"\"]\nsubdomain = \"acme\"\noauth_token_env = \"T\"\n",
			ErrInvalid, []string{"a profile needs a name"}},
		{"empty key list", "[keys]\nquit = []\n",
			ErrInvalid, []string{"keys.quit: no keys given"}},
		{"empty key name", "[keys]\nquit = [\"q\", \"\"]\n",
			ErrInvalid, []string{"keys.quit: holds an empty key name"}},
		{"all problems at once", "[profiles.a]\nsubdomain = \"-a\"\noauth_token_env = \"T\"\n[profiles.b]\nurl = \"ftp://b\"\noauth_token_env = \"T\"\n",
			ErrInvalid, []string{"profiles.a.subdomain:", "profiles.b.url:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.content, 0o600)
			_, err := Load(path, true)
			checkErr(t, err, tt.kind, tt.wants...)
			if !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestLoadValidVariants(t *testing.T) {
	tests := []struct {
		name    string
		content string
	}{
		{"oauth token needs no email", "[profiles.acme]\nsubdomain = \"acme\"\noauth_token_env = \"T\"\n"},
		{"https url", "[profiles.acme]\nurl = \"https://support.example.com/\"\noauth_token_env = \"T\"\n"},
		{"http to localhost", "[profiles.acme]\nurl = \"http://localhost:8080\"\noauth_token_env = \"T\"\n"},
		{"space is a key", "[keys]\nselect = [\" \"]\n"},
		{"unknown action names are the UI's business", "[keys]\nfrobnicate = [\"f\"]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Load(writeConfig(t, tt.content, 0o644), true); err != nil {
				t.Errorf("Load: %v", err)
			}
		})
	}
}

func TestLoadPermissions(t *testing.T) {
	withAPIToken := "[profiles.acme]\nsubdomain = \"acme\"\nemail = \"ops@acme.com\"\napi_token = \"literal-api-token\"\n"
	withOAuthToken := "[profiles.acme]\nsubdomain = \"acme\"\noauth_token = \"literal-oauth-token\"\n"
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		wants   []string // nil: accepted
	}{
		{"token in a world-readable file", withAPIToken, 0o644, []string{"is readable by other users (mode 0644) and holds a token", "run: chmod 600 "}},
		{"token in a group-readable file", withOAuthToken, 0o640, []string{"readable by other users", "chmod 600"}},
		{"token in a group-writable file", withAPIToken, 0o620, []string{"is writable by other users", "chmod 600"}},
		{"token in an owner-only file", withAPIToken, 0o600, nil},
		{"token in a read-only owner-only file", withOAuthToken, 0o400, nil},
		{"token in an env var, world-readable file", acme, 0o644, nil},
		{"no token at all, world-readable file", "read_only = true\n", 0o644, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if runtime.GOOS == "windows" {
				t.Skip("file modes do not describe access on Windows")
			}
			path := writeConfig(t, tt.content, tt.mode)
			_, err := Load(path, true)
			if tt.wants == nil {
				if err != nil {
					t.Errorf("Load: %v", err)
				}
				return
			}
			checkErr(t, err, ErrPermissions, append(tt.wants, path, "chmod 600 "+path)...)
		})
	}
}

// Undecoded is the safety net for a key the schema lists but no field takes
// (a field renamed without its tag, say): such a key is still reported.
func TestUnknownKeysUsesUndecoded(t *testing.T) {
	var narrow struct {
		ReadOnly bool `toml:"read_only"`
	}
	md, err := toml.Decode("read_only = true\ndefault_profile = \"acme\"\n", &narrow)
	if err != nil {
		t.Fatal(err)
	}
	problems := unknownKeys("config.toml", md)
	if len(problems) != 1 || problems[0].Key != "default_profile" {
		t.Errorf("unknownKeys = %v, want default_profile reported", problems)
	}
}
