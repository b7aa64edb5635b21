package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// startSandbox serves a small sandbox on loopback for the duration of a test.
func startSandbox(t *testing.T) (url, email, token string) {
	_, url, email, token = startSandboxServer(t)
	return url, email, token
}

func startSandboxServer(t *testing.T) (s *sandbox.Server, url, email, token string) {
	t.Helper()
	s, err := sandbox.New(sandbox.Options{Users: 200, Tickets: 800, Token: "test-token-3f9a", JobDuration: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r, err := sandbox.Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	email, token, _ = s.Credentials()
	return s, r.URL, email, token
}

// isolate gives the test an empty home and no Zendesk environment.
func isolate(t *testing.T) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, ".local", "state"))
	for _, k := range []string{"ZENDESK_SUBDOMAIN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN", "ZENDESK_URL"} {
		t.Setenv(k, "")
	}
	return home
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	isolate(t)
	cases := []struct {
		args []string
		code int
		has  string
	}{
		{[]string{"help"}, 0, "Usage:"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"--no-such-flag"}, exitUsage, "flag provided but not defined"},
		{[]string{"config"}, exitUsage, "zdops config check"},
		{[]string{"config", "check", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"sandbox", "--users", "-5"}, exitUsage, "must not be negative"},
		{[]string{"sandbox", "--addr", "0.0.0.0:0"}, 1, "loopback"},
	}
	for _, tc := range cases {
		code, out, errOut := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.has) {
			t.Errorf("%v: exit %d (want %d), output %q, want it to contain %q", tc.args, code, tc.code, out+errOut, tc.has)
		}
	}
}

func TestConfigCheckWithoutProfile(t *testing.T) {
	isolate(t)
	code, _, errOut := runCLI("config", "check")
	if code != 1 || !strings.Contains(errOut, "no Zendesk profile is configured") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestConfigCheckSignsIn(t *testing.T) {
	home := isolate(t)
	url, email, token := startSandbox(t)
	cfg := filepath.Join(home, "zdops.toml")
	body := "default_profile = \"local\"\n[profiles.local]\nurl = \"" + url + "\"\nemail = \"" + email + "\"\napi_token_env = \"LOCAL_TOKEN\"\n"
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LOCAL_TOKEN", token)
	code, out, errOut := runCLI("config", "check", "--config", cfg)
	if code != 0 || !strings.Contains(out, "profile local: signed in to "+url) || !strings.Contains(out, "rate limit:") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if strings.Contains(out+errOut, token) {
		t.Fatal("the token was printed")
	}
}

func TestConfigCheckBadToken(t *testing.T) {
	isolate(t)
	url, email, _ := startSandbox(t)
	t.Setenv("ZENDESK_URL", url)
	t.Setenv("ZENDESK_EMAIL", email)
	t.Setenv("ZENDESK_API_TOKEN", "wrong-token-77c1")
	code, out, errOut := runCLI("config", "check")
	if code != 1 || !strings.Contains(errOut, "authentication failed for profile") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if strings.Contains(out+errOut, "wrong-token-77c1") {
		t.Fatal("the token was printed")
	}
}

func TestConfigCheckRefusesPlainHTTPToRemoteHost(t *testing.T) {
	isolate(t)
	t.Setenv("ZENDESK_URL", "http://zendesk.example.com")
	t.Setenv("ZENDESK_EMAIL", "ops@example.com")
	t.Setenv("ZENDESK_API_TOKEN", "tok-123456")
	code, _, errOut := runCLI("config", "check")
	if code != 1 || !strings.Contains(errOut, "https") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// A misspelt ZDOPS_THEME stops the console before it takes the terminal, naming the fix.
func TestConsoleRefusesUnknownTheme(t *testing.T) {
	isolate(t)
	t.Setenv("ZDOPS_THEME", "bright")
	code, _, stderr := runCLI()
	if code == 0 || !strings.Contains(stderr, `ZDOPS_THEME: "bright" is not one of auto, light, dark; set ZDOPS_THEME=light`) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
