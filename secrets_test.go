package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// The tokens of TestSecretsNeverLeak: recognisable, so that a leak anywhere is found by a
// plain search.
const (
	secretToken = "zdops-secret-TOKEN-1f2e3d4c"
	secretOAuth = "zdops-secret-OAUTH-5a6b7c8d"
)

// leakForms are the ways a credential can show: as itself, inside the Basic header, or by a
// distinctive part.
func leakForms(email string) []string {
	return []string{
		secretToken, secretOAuth, "1f2e3d4c", "5a6b7c8d",
		base64.StdEncoding.EncodeToString([]byte(email + "/token:" + secretToken)),
	}
}

// journey is one command and what it printed.
type journey struct {
	args         []string
	code         int
	stdout       string
	stderr       string
	wantCode     int
	wantInStderr string
}

// TestSecretsNeverLeak runs the main headless journeys with a recognisable token, including
// the failing ones (bad config, wrong token, a 401, an unreachable host, a crash), and
// searches everything written for it: stdout, stderr, every file under the home directory
// (the audit log and any state), and checks that zdops created those files 0600.
func TestSecretsNeverLeak(t *testing.T) {
	home := isolate(t)
	s, err := sandbox.New(sandbox.Options{Users: 200, Tickets: 800, Token: secretToken, OAuthToken: secretOAuth, JobDuration: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	running, err := sandbox.Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { running.Close() })
	email, _, _ := s.Credentials()
	// Another account, which does not know the token: signing in there fails with a 401.
	other, otherURL, _, _ := startSandboxServer(t)
	_ = other
	// A port nothing listens on: a transport error that quotes the URL.
	closed := httptest.NewServer(nil)
	downURL := closed.URL
	closed.Close()

	configDir := filepath.Join(home, ".config", "zdops")
	if err := os.MkdirAll(configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	config := `default_profile = "acme"
[profiles.acme]
url = "` + running.URL + `"
email = "` + email + `"
api_token = "` + secretToken + `"

[profiles.oauth]
url = "` + running.URL + `"
oauth_token = "` + secretOAuth + `"

[profiles.wrong]
url = "` + otherURL + `"
email = "` + email + `"
api_token = "` + secretToken + `"

[profiles.down]
url = "` + downURL + `"
email = "` + email + `"
api_token = "` + secretToken + `"
`
	configPath := filepath.Join(configDir, "config.toml")
	if err := os.WriteFile(configPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	// Bad configurations that hold the token, in a directory of their own.
	badDir := t.TempDir()
	bad := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(badDir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	readable := bad("readable.toml", config, 0o644)
	badSubdomain := bad("subdomain.toml", "[profiles.acme]\nsubdomain = \""+secretToken+".evil.com/x\"\nemail = \"a@b.c\"\napi_token = \""+secretToken+"\"\n", 0o600)
	tokenInURL := bad("url.toml", "[profiles.acme]\nurl = \"https://ops:"+secretToken+"@acme.zendesk.com/?t="+secretToken+"\"\noauth_token = \""+secretOAuth+"\"\n", 0o600)
	bareToken := bad("bare.toml", "[profiles.acme]\nsubdomain = \"acme\"\nemail = \"a@b.c\"\napi_token = "+secretToken+"\n", 0o600)

	_, userEmail := requesterWithOpenTickets(t, s)
	stdinIsTerminal = func() bool { return false }
	t.Cleanup(func() { stdinIsTerminal = func() bool { return false }; stdin = os.Stdin })

	var all []journey
	do := func(wantCode int, wantInStderr string, args ...string) journey {
		t.Helper()
		code, out, errOut := runCLI(args...)
		j := journey{args: args, code: code, stdout: out, stderr: errOut, wantCode: wantCode, wantInStderr: wantInStderr}
		all = append(all, j)
		if code != wantCode || !strings.Contains(errOut, wantInStderr) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)\nstdout %s", args, code, wantCode, errOut, wantInStderr, out)
		}
		return j
	}

	// config check, valid and failing.
	do(0, "", "config", "check")
	do(0, "", "config", "check", "--profile", "oauth")
	do(1, "authentication failed for profile \"wrong\"", "config", "check", "--profile", "wrong")
	do(1, "connection refused", "config", "check", "--profile", "down")
	do(1, "chmod 600", "config", "check", "--config", readable)
	do(1, "is not a Zendesk subdomain", "config", "check", "--config", badSubdomain)
	do(1, "must not hold a user name or password", "config", "check", "--config", tokenInURL)
	do(1, "text values need quotes", "config", "check", "--config", bareToken)

	// run: dry run, real runs, a typed confirmation, and the same through the environment.
	do(0, "", "run", "set-priority", "--user", userEmail, "--priority", "urgent", "--dry-run")
	do(0, "", "run", "set-priority", "--user", userEmail, "--priority", "urgent", "--dry-run", "--json")
	j := do(0, "", "run", "set-priority", "--user", userEmail, "--priority", "high", "--yes", "--json")
	var res struct {
		RunID string `json:"run_id"`
	}
	if err := json.Unmarshal([]byte(j.stdout), &res); err != nil || res.RunID == "" {
		t.Fatalf("run --json: %v\n%s", err, j.stdout)
	}
	do(0, "", "run", "set-status", "--user", userEmail, "--status", "pending", "--yes", "--profile", "oauth")
	stdinIsTerminal = func() bool { return true }
	stdin = strings.NewReader(userEmail + "\n")
	do(0, "", "run", "suspend-user", "--user", userEmail)
	stdin = strings.NewReader("y\n")
	do(0, "", "run", "restore-user", "--user", userEmail)
	stdinIsTerminal = func() bool { return false }
	t.Setenv("ZENDESK_URL", running.URL)
	t.Setenv("ZENDESK_EMAIL", email)
	t.Setenv("ZENDESK_API_TOKEN", secretToken)
	do(0, "", "run", "set-priority", "--user", userEmail, "--priority", "low", "--dry-run")
	t.Setenv("ZENDESK_URL", "")
	t.Setenv("ZENDESK_EMAIL", "")
	t.Setenv("ZENDESK_API_TOKEN", "")

	// Failing auth in the middle of a run (the transport error is config check's above).
	do(1, "authentication failed for profile \"wrong\"", "run", "set-priority", "--user", userEmail, "--priority", "low", "--yes", "--profile", "wrong")

	// apply: dry run, real, JSON, and a file with a bad line.
	events := filepath.Join(t.TempDir(), "events.jsonl")
	eventLines := `{"type":"identify","userId":"crm-secret-1","traits":{"email":"new.person@example.com","name":"New Person"}}
{"type":"track","event":"Order Placed","userId":"crm-secret-1","properties":{"total":12}}
{"type":"identify",
`
	if err := os.WriteFile(events, []byte(eventLines), 0o600); err != nil {
		t.Fatal(err)
	}
	do(exitFailedWrites, "of 3 events failed", "apply", "--dry-run", events) // the track needs the user the dry run did not create
	do(exitFailedWrites, "1 of 3 events failed", "apply", events)
	do(exitFailedWrites, "1 of 3 events failed", "apply", "--json", "--profile", "oauth", events)
	do(1, "authentication failed", "apply", "--profile", "wrong", events)

	// log, undo, resume.
	do(0, "", "log")
	do(0, "", "log", "--json")
	do(0, "", "undo", res.RunID, "--dry-run")
	do(0, "", "undo", res.RunID, "--yes", "--json")
	do(1, res.RunID, "resume", res.RunID)

	// A crash: a panic inside the command, after the account (and its token) was loaded.
	stdinIsTerminal = func() bool { return true }
	stdin = panicReader{}
	j = do(exitCrash, "zdops: internal error: terminal read failed", "run", "set-priority", "--user", userEmail, "--priority", "urgent")
	if !strings.Contains(j.stderr, "REDACTED") || !strings.Contains(j.stderr, "goroutine ") {
		t.Errorf("the crash report is not a scrubbed panic with its stack:\n%s", j.stderr)
	}
	stdinIsTerminal = func() bool { return false }
	stdin = os.Stdin

	// Nothing printed holds a credential.
	for _, j := range all {
		for _, form := range leakForms(email) {
			if strings.Contains(j.stdout+j.stderr, form) {
				t.Errorf("%v printed a credential (%s):\nstdout %s\nstderr %s", j.args, form, j.stdout, j.stderr)
			}
		}
	}

	// Nothing written holds one: every file under the home directory but the configuration
	// the test wrote (which holds the token by design) and which zdops must leave alone.
	stateFiles := 0
	err = filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		inState := strings.HasPrefix(path, filepath.Join(home, ".local", "state", "zdops"))
		if d.IsDir() {
			if inState && info.Mode().Perm() != 0o700 {
				t.Errorf("state directory %s has mode %04o, want 0700", path, info.Mode().Perm())
			}
			return nil
		}
		if path == configPath {
			return nil
		}
		if strings.HasPrefix(path, configDir) {
			t.Errorf("zdops wrote %s into the config directory", path)
		}
		if inState {
			stateFiles++
			if info.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %04o, want 0600", path, info.Mode().Perm())
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, form := range leakForms(email) {
			if bytes.Contains(data, []byte(form)) {
				t.Errorf("%s holds a credential (%s)", path, form)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stateFiles == 0 {
		t.Fatal("no audit log was written: the search proved nothing")
	}
	if got, _ := os.ReadFile(configPath); string(got) != config {
		t.Error("zdops changed the config file")
	}
	if fi, _ := os.Stat(configPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("the config file's mode changed to %04o", fi.Mode().Perm())
	}
}

// panicReader stands for a bug deep inside a command: reading the confirmation panics, and
// the panic's value holds the token.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) {
	panic("terminal read failed for " + secretToken + " / " + secretOAuth)
}

// A panic on any path of the console (Update, View, a command, a command of a batch) is
// re-raised scrubbed, for Bubble Tea to print after it has restored the terminal.
func TestCrashGuardScrubsConsolePanics(t *testing.T) {
	rememberCredentials("ops@acme.test", secretToken, secretOAuth)
	boom := func() tea.Msg { panic(errors.New("request failed with token " + secretToken)) }
	cases := map[string]func(g crashGuard){
		"Init":   func(g crashGuard) { g.Init() },
		"Update": func(g crashGuard) { g.Update(tea.KeyMsg{Type: tea.KeyEnter}) },
		"View":   func(g crashGuard) { g.View() },
		"command": func(g crashGuard) {
			_, cmd := g.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("c")})
			cmd()
		},
		"command in a batch": func(g crashGuard) {
			_, cmd := g.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("b")})
			for _, c := range cmd().(tea.BatchMsg) {
				if c != nil {
					c()
				}
			}
		},
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) {
			g := crashGuard{panicModel{on: name, boom: boom}}
			var got any
			func() {
				defer func() { got = recover() }()
				call(g)
			}()
			msg, ok := got.(string)
			if !ok || !strings.Contains(msg, "REDACTED") || strings.Contains(msg, secretToken) {
				t.Fatalf("the panic came out as %#v", got)
			}
		})
	}
}

// panicModel panics where on says.
type panicModel struct {
	on   string
	boom tea.Cmd
}

func (m panicModel) Init() tea.Cmd {
	if m.on == "Init" {
		panic("init with " + secretToken)
	}
	return nil
}

func (m panicModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m.on {
	case "Update":
		panic(struct{ Token string }{secretToken})
	case "command":
		return m, m.boom
	case "command in a batch":
		return m, tea.Batch(func() tea.Msg { return nil }, m.boom)
	}
	return m, nil
}

func (m panicModel) View() string {
	if m.on == "View" {
		panic("view of " + secretOAuth)
	}
	return ""
}
