package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The bad configurations and command lines of TESTING.md, run through the real command
// line (run(), as main calls it) against a loopback sandbox: each row names the exit code
// and the words the operator reads. None may panic, run anything, or print a token.

// badConfigToken is the literal token some of these files hold; no output may show it.
const badConfigToken = "zdops-secret-TOKEN-1f2e3d4c"

// writeConfigFile writes a config file with mode and returns its path.
func writeConfigFile(t *testing.T, dir, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadInputConfig(t *testing.T) {
	url, email, token := startSandbox(t)
	good := "[profiles.acme]\nurl = \"" + url + "\"\nemail = \"" + email + "\"\napi_token_env = \"ACME_TOKEN\"\n"
	cases := []struct {
		name    string
		content string      // the config file; "" means none is written
		mode    os.FileMode // 0 means 0600
		args    []string    // after "config check --config PATH"
		env     map[string]string
		want    []string // in stderr; PATH stands for the config file's path
	}{
		{name: "malformed TOML", content: "[profiles.acme]\nread_only = tru\n",
			want: []string{"PATH:2:13: ", "expected value"}},
		{name: "unterminated string", content: "[profiles.acme]\nsubdomain = \"acme\n",
			want: []string{"PATH:2:", "unterminated"}},
		{name: "bare word", content: "[profiles.acme]\nsubdomain = acme\n",
			want: []string{"PATH:2:13: ", "text values need quotes"}},
		{name: "unknown key", content: good + "read_ony = true\n",
			want: []string{"PATH: profiles.acme.read_ony: unknown key; did you mean profiles.acme.read_only?"}},
		{name: "unknown table", content: "[profile.acme]\nsubdomain = \"acme\"\n",
			want: []string{"PATH: profile: unknown key; did you mean profiles?"}},
		{name: "wrong type", content: good + "read_only = \"yes\"\n",
			want: []string{"PATH:5: profiles.acme.read_only: must be true or false, not a string"}},
		{name: "unknown theme", content: "theme = \"purple\"\n" + good,
			want: []string{`PATH: theme: "purple" is not one of auto, light, dark; write theme = "light" or "dark"`}},
		{name: "profiles not a table", content: "profiles = 3\n",
			want: []string{"PATH: profiles: must be a table, not a number"}},
		{name: "empty profile", content: "[profiles.acme]\n",
			want: []string{"PATH: profiles.acme: no Zendesk account: neither subdomain nor url is set", "PATH: profiles.acme: no token"}},
		{name: "http URL to a non-loopback host", content: "[profiles.acme]\nurl = \"http://acme.zendesk.com\"\noauth_token_env = \"ACME_TOKEN\"\n",
			want: []string{"PATH: profiles.acme.url: http://acme.zendesk.com uses plain http to another machine, which would send the token unencrypted; use https"}},
		{name: "URL with a path", content: "[profiles.acme]\nurl = \"https://acme.zendesk.com/api/v2\"\noauth_token_env = \"ACME_TOKEN\"\n",
			want: []string{"profiles.acme.url: https://acme.zendesk.com must not have a path; zdops adds /api/v2 itself"}},
		{name: "URL holding the token", content: "[profiles.acme]\nurl = \"https://ops:" + badConfigToken + "@acme.zendesk.com\"\noauth_token_env = \"ACME_TOKEN\"\n",
			want: []string{"profiles.acme.url: https://acme.zendesk.com must not hold a user name or password"}},
		{name: "subdomain evil.com/x", content: "[profiles.acme]\nsubdomain = \"evil.com/x\"\nemail = \"a@b.c\"\napi_token_env = \"ACME_TOKEN\"\n",
			want: []string{`PATH: profiles.acme.subdomain: "evil.com/x" is not a Zendesk subdomain`, "give only the subdomain part"}},
		{name: "subdomain with a space", content: "[profiles.acme]\nsubdomain = \"a b\"\nemail = \"a@b.c\"\napi_token_env = \"ACME_TOKEN\"\n",
			want: []string{`PATH: profiles.acme.subdomain: "a b" is not a Zendesk subdomain`}},
		{name: "whole host as subdomain", content: "[profiles.acme]\nsubdomain = \"acme.zendesk.com\"\nemail = \"a@b.c\"\napi_token_env = \"ACME_TOKEN\"\n",
			want: []string{`give only the subdomain part: "acme"`}},
		{name: "token file readable by others", mode: 0o644,
			content: "[profiles.acme]\nurl = \"" + url + "\"\nemail = \"" + email + "\"\napi_token = \"" + badConfigToken + "\"\n",
			want:    []string{"PATH is readable by other users (mode 0644) and holds a token; run: chmod 600 PATH"}},
		{name: "token file writable by others", mode: 0o620,
			content: "[profiles.acme]\nurl = \"" + url + "\"\noauth_token = \"" + badConfigToken + "\"\n",
			want:    []string{"is writable by other users (mode 0620) and holds a token; run: chmod 600 PATH"}},
		{name: "missing token env var", content: good,
			want: []string{"ACME_TOKEN", "not set"}},
		{name: "env name that is a token", content: "[profiles.acme]\nsubdomain = \"acme\"\noauth_token_env = \"wUaIRQTZ6XVvXK0ZJmBlLeRbw9Av9V3lXq1bO2Jd\"\n",
			want: []string{"profiles.acme.oauth_token_env: looks like a token, not the name of an environment variable"}},
		{name: "API token without email", content: "[profiles.acme]\nurl = \"" + url + "\"\napi_token_env = \"ACME_TOKEN\"\n",
			env:  map[string]string{"ACME_TOKEN": "x"},
			want: []string{"profiles.acme.email: missing: an API token signs in as email/token"}},
		{name: "two kinds of token", content: good + "oauth_token_env = \"OTHER\"\n",
			want: []string{"profiles.acme: both an API token and an OAuth token are set"}},
		{name: "no such profile", content: good, args: []string{"--profile", "prod"},
			want: []string{`PATH: --profile: profile "prod" does not exist; profiles: acme`}},
		{name: "default_profile names no profile", content: "default_profile = \"prod\"\n" + good,
			want: []string{`PATH: default_profile: names profile "prod", which does not exist; profiles: acme`}},
		{name: "several profiles, no default", content: good + "[profiles.beta]\nsubdomain = \"beta\"\noauth_token_env = \"B\"\n",
			want: []string{"2 profiles and no default_profile", "pass --profile NAME or set default_profile"}},
		{name: "config path is a directory", content: "", args: []string{"--config", "DIR"},
			want: []string{"not a regular file"}},
		{name: "config file missing", content: "", args: []string{"--config", "DIR/nope.toml"},
			want: []string{"read config:", "no such file or directory"}},
		{name: "config larger than 1 MiB", content: "# " + strings.Repeat("x", 1<<20) + "\n",
			want: []string{"PATH: larger than 1 MiB; is this the right file?"}},
		{name: "empty key binding", content: good + "[keys]\nquit = []\n",
			want: []string{"PATH: keys.quit: no keys given"}},
		{name: "unknown key binding", content: good + "[keys]\nfrobnicate = [\"f\"]\n",
			env:  map[string]string{"ACME_TOKEN": token},
			want: []string{`keys: unknown binding "frobnicate" (known: `}},
		{name: "key bound twice", content: good + "[keys]\nreload = [\"q\"]\n",
			env:  map[string]string{"ACME_TOKEN": token},
			want: []string{`keys: "q" is bound to both quit and reload`}},
		{name: "ZENDESK_URL plain http to another host", content: "",
			env:  map[string]string{"ZENDESK_URL": "http://zendesk.example.com", "ZENDESK_EMAIL": "a@b.c", "ZENDESK_API_TOKEN": badConfigToken},
			want: []string{"ZENDESK_URL: http://zendesk.example.com uses plain http to another machine"}},
		{name: "ZENDESK_SUBDOMAIN evil.com/x", content: "",
			env:  map[string]string{"ZENDESK_SUBDOMAIN": "evil.com/x", "ZENDESK_EMAIL": "a@b.c", "ZENDESK_API_TOKEN": badConfigToken},
			want: []string{`ZENDESK_SUBDOMAIN: "evil.com/x" is not a Zendesk subdomain`}},
		{name: "--url with another scheme", content: good, args: []string{"--url", "ftp://acme.zendesk.com"},
			env:  map[string]string{"ACME_TOKEN": token},
			want: []string{"--url: ftp://acme.zendesk.com must use https"}},
		{name: "both token variables", content: "",
			env:  map[string]string{"ZENDESK_URL": url, "ZENDESK_API_TOKEN": badConfigToken, "ZENDESK_OAUTH_TOKEN": badConfigToken, "ZENDESK_EMAIL": email},
			want: []string{"ZENDESK_API_TOKEN and ZENDESK_OAUTH_TOKEN: both are set"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			home := isolate(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			path := filepath.Join(home, "config.toml")
			if tc.content != "" {
				mode := tc.mode
				if mode == 0 {
					mode = 0o600
				}
				path = writeConfigFile(t, home, tc.content, mode)
			}
			args := []string{"config", "check", "--config", path}
			if tc.content == "" && tc.env != nil {
				args = []string{"config", "check"} // the environment alone
			}
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "DIR", home))
			}
			code, out, errOut := runCLI(args...)
			if code != 1 {
				t.Errorf("exit %d, want 1\nstdout %s\nstderr %s", code, out, errOut)
			}
			if !strings.HasPrefix(errOut, "zdops: ") {
				t.Errorf("stderr %q does not start with zdops:", errOut)
			}
			for _, w := range tc.want {
				w = strings.ReplaceAll(w, "PATH", path)
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr\n%s\nlacks %q", errOut, w)
				}
			}
			if strings.Contains(out+errOut, "1f2e3d4c") {
				t.Fatalf("the token was printed:\n%s%s", out, errOut)
			}
			if strings.Contains(out, "signed in") {
				t.Fatalf("signed in with a bad configuration: %s", out)
			}
		})
	}
}

// hostileSandbox serves the sandbox behind a loopback proxy whose intercept may answer a
// request itself (returning true), and points the commands at the proxy.
func hostileSandbox(t *testing.T, intercept func(w http.ResponseWriter, r *http.Request) bool) {
	t.Helper()
	isolate(t)
	s, _, email, token := startSandboxServer(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			s.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	t.Setenv("ZENDESK_URL", srv.URL)
	t.Setenv("ZENDESK_EMAIL", email)
	t.Setenv("ZENDESK_API_TOKEN", token)
	stdinIsTerminal = func() bool { return false }
}

func TestBadInputFlags(t *testing.T) {
	s := useSandbox(t)
	_, endUser := requesterWithOpenTickets(t, s)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown command", []string{"frobnicate"}, exitUsage, `zdops: unknown command "frobnicate"`},
		{"unknown flag", []string{"run", "set-priority", "--user", endUser, "--prio", "high"}, exitUsage, "flag provided but not defined: -prio"},
		{"flag without its value", []string{"run", "set-priority", "--user", endUser, "--priority"}, exitUsage, "flag needs an argument: -priority"},
		{"stray argument", []string{"log", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"no action", []string{"run", "--user", endUser}, exitUsage, "name the action first: zdops run ACTION"},
		{"unknown action", []string{"run", "frobnicate", "--user", endUser}, exitUsage, `unknown action "frobnicate"; actions: `},
		{"bad priority", []string{"run", "set-priority", "--user", endUser, "--priority", "sky-high"}, exitUsage, `priority "sky-high" is not one of low, normal, high, urgent`},
		{"missing priority", []string{"run", "set-priority", "--user", endUser}, exitUsage, "no priority: give one of low, normal, high, urgent"},
		{"bad status", []string{"run", "set-status", "--user", endUser, "--status", "done"}, exitUsage, `status "done" is not one of open, pending, hold, solved, closed`},
		{"bad ticket type", []string{"run", "create-ticket", "--user", endUser, "--type", "bug"}, exitUsage, `type "bug" is not one of`},
		{"parameter the action does not use", []string{"run", "suspend-user", "--user", endUser, "--priority", "high"}, exitUsage, "does not use"},
		{"escape sequence in a flag value", []string{"run", "set-priority", "--user", endUser, "--priority", "\x1b[2J\x1b]0;pwned\x07"}, exitUsage, `priority "\x1b[2J\x1b]0;pwned\a" is not one of`},
		{"no target", []string{"run", "set-priority", "--priority", "high"}, exitUsage, "give exactly one target: --user EMAIL|ID, --tickets IDS or --users IDS"},
		{"two targets", []string{"run", "set-priority", "--user", endUser, "--tickets", "1", "--priority", "high"}, exitUsage, "give exactly one target"},
		{"user neither email nor id", []string{"run", "set-priority", "--user", "bob", "--priority", "high"}, exitUsage, `--user "bob" is neither an email nor a Zendesk user id`},
		{"negative user id", []string{"run", "set-priority", "--user", "-5", "--priority", "high"}, exitUsage, `--user "-5" is neither an email nor a Zendesk user id`},
		{"email that matches no user", []string{"run", "set-priority", "--user", "nobody-at-all@nowhere.example", "--priority", "high", "--yes"}, 1, "no user has the email nobody-at-all@nowhere.example"},
		{"user id that does not exist", []string{"run", "set-priority", "--user", "987654321", "--priority", "high", "--yes"}, 1, "user 987654321 not found"},
		{"ticket id not a number", []string{"run", "set-priority", "--tickets", "1,x", "--priority", "high"}, exitUsage, `--tickets: "x" is not an id`},
		{"ticket id zero", []string{"run", "set-priority", "--tickets", "0", "--priority", "high"}, exitUsage, `--tickets: "0" is not an id`},
		{"ticket id negative", []string{"run", "delete-tickets", "--tickets", "5,-3"}, exitUsage, `--tickets: "-3" is not an id`},
		{"ticket id past int64", []string{"run", "set-priority", "--tickets", "99999999999999999999", "--priority", "high"}, exitUsage, `--tickets: "99999999999999999999" is not an id`},
		{"ticket list of commas", []string{"run", "set-priority", "--tickets", ",, ,", "--priority", "high"}, exitUsage, "--tickets lists no ids"},
		{"user ids for a ticket action", []string{"run", "set-priority", "--users", "1,2", "--priority", "high"}, exitUsage, "does not take a selection of users"},
		{"agent who is an end user", []string{"run", "assign-agent", "--user", endUser, "--agent", endUser}, 1, "is an end-user, not an agent"},
		{"agent email that matches no user", []string{"run", "assign-agent", "--user", endUser, "--agent", "ghost@nowhere.example"}, 1, "--agent: no user has the email ghost@nowhere.example"},
		{"group name that matches none", []string{"run", "assign-group", "--user", endUser, "--group", "Nonexistent Team"}, 1, `--group "Nonexistent Team": no group has that name`},
		{"destructive without --yes and no terminal", []string{"run", "delete-tickets", "--user", endUser}, 1, "refusing to run delete-tickets without --yes: it is destructive and stdin is not a terminal"},
		{"resume of an unknown run", []string{"resume", "no-such-run"}, 1, "no-such-run"},
		{"undo of an unknown run", []string{"undo", "no-such-run"}, 1, "no-such-run"},
		{"sandbox with a negative size", []string{"sandbox", "--users", "-5"}, exitUsage, "must not be negative"},
		{"sandbox on a public address", []string{"sandbox", "--addr", "0.0.0.0:0"}, 1, "loopback"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s.ResetStats()
			code, out, errOut := runCLI(tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d (want %d)\nstderr %q\nwant it to contain %q", code, tc.code, errOut, tc.want)
			}
			if strings.ContainsAny(out+errOut, "\x1b\x07") {
				t.Errorf("a control character reached the terminal: %q", out+errOut)
			}
			for route, n := range s.Stats().ByRoute {
				if !strings.HasPrefix(route, "GET ") && n > 0 {
					t.Fatalf("bad input made %d %s requests", n, route)
				}
			}
		})
	}
}

// Zendesk keeps emails unique, but a search can still match several users (an email that is
// a secondary identity of one and the primary of another); the sandbox never does this, so a
// proxy in front of it answers the search with two.
func TestBadInputEmailMatchingSeveralUsers(t *testing.T) {
	hostileSandbox(t, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/api/v2/users/search") {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"users":[{"id":101,"name":"Ada","email":"dup@example.com","role":"end-user"},{"id":102,"name":"Ada L","email":"DUP@example.com","role":"end-user"}],"next_page":null,"count":2}`)
		return true
	})
	code, _, errOut := runCLI("run", "set-priority", "--user", "dup@example.com", "--priority", "high", "--yes")
	if want := "2 users have the email dup@example.com (ids 101, 102): give the user's id instead"; code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errOut, want)
	}
}

func TestBadInputGroupNameMatchingSeveral(t *testing.T) {
	hostileSandbox(t, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v2/groups" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"groups":[{"id":11,"name":"Billing"},{"id":12,"name":"billing"}],"meta":{"has_more":false}}`)
		return true
	})
	code, _, errOut := runCLI("run", "assign-group", "--user", "1", "--group", "Billing", "--yes")
	if want := `zdops: --group "Billing": 2 groups have that name; give the id`; code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errOut, want)
	}
}

// A confirmation typed at the terminal that is not the phrase cancels the run, and nothing
// is written; so does pasted junk with escape sequences.
func TestBadInputWrongConfirmation(t *testing.T) {
	s := useSandbox(t)
	id, email := requesterWithOpenTickets(t, s)
	before := s.RequestedCount(id)
	stdinIsTerminal = func() bool { return true }
	for _, typed := range []string{"yes\n", "\x1b[A" + email + "\n", email + "x\n", ""} {
		stdin = strings.NewReader(typed)
		code, _, errOut := runCLI("run", "delete-tickets", "--user", email)
		if code != 1 || !strings.Contains(errOut, "cancelled: confirmation did not match; nothing was written") {
			t.Errorf("typed %q: exit %d, stderr %q", typed, code, errOut)
		}
	}
	stdin = os.Stdin
	if after := s.RequestedCount(id); after != before {
		t.Fatalf("tickets were deleted: %d -> %d", before, after)
	}
}

// A damaged audit log (a torn last line, a line that is not JSON) is reported by line, and
// the runs on the other lines still show.
func TestBadInputDamagedAuditLog(t *testing.T) {
	s := useSandbox(t)
	_, email := requesterWithOpenTickets(t, s)
	if code, out, errOut := runCLI("run", "set-priority", "--user", email, "--priority", "low", "--yes"); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	path, err := auditPath()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("this is not json\n{\"type\":\"intent\",\"run\":\"torn")
	f.Close()
	code, out, errOut := runCLI("log")
	if code != 0 || !strings.Contains(out, "set-priority low") {
		t.Fatalf("exit %d; the good run is not listed:\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "warning: "+path+" line ") || strings.Count(errOut, "warning:") != 2 {
		t.Fatalf("the damaged lines are not both reported:\n%s", errOut)
	}
}

// writeEvents writes lines as a JSON Lines event file and returns its path.
func writeEvents(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBadInputEventFile runs zdops apply on a file of one bad line each. A line that cannot
// be applied is reported by its number and the run goes on with the next (exit 3 says some
// failed); nothing is written for it.
func TestBadInputEventFile(t *testing.T) {
	s := useSandbox(t)
	_, email := requesterWithOpenTickets(t, s)
	cases := []struct {
		name string
		line string
		code int
		want string
	}{
		{"malformed line", `{"type":"identify","userId":`, exitFailedWrites, "line 1: error: malformed JSON: unexpected EOF"},
		{"two events on one line", `{"type":"identify","userId":"u1"} {"type":"identify","userId":"u2"}`, exitFailedWrites, "line 1: error: malformed JSON: something follows the event object on the same line (one event a line)"},
		{"not an object", `["identify","u1"]`, exitFailedWrites, "line 1: error: the line holds an array, not an object: each line is one event object"},
		{"unknown type", `{"type":"page","userId":"u1"}`, exitFailedWrites, `line 1: error: unknown type "page": zdops applies "identify", "group" and "track" events`},
		{"missing type", `{"userId":"u1"}`, exitFailedWrites, `line 1: error: missing "type": give "identify", "group" or "track"`},
		{"type of the wrong kind", `{"type":7,"userId":"u1"}`, exitFailedWrites, `line 1: error: "type" is a number, not a string`},
		{"missing userId and email", `{"type":"identify","traits":{"name":"Ada"}}`, exitFailedWrites, `line 1: error: identify: missing "userId" and "traits.email": give at least one to find the user by`},
		{"track without a user", `{"type":"track","event":"Order Placed"}`, exitFailedWrites, `line 1: error: track: missing "userId" and "context.traits.email"`},
		{"track without an event", `{"type":"track","userId":"u1"}`, exitFailedWrites, `line 1: error: track: missing "event": name what happened ("Order Placed")`},
		{"group without groupId", `{"type":"group","userId":"u1","traits":{"name":"Acme"}}`, exitFailedWrites, `line 1: error: group: missing "groupId": it is the organization's external_id`},
		{"userId as an object", `{"type":"identify","userId":{"id":1}}`, exitFailedWrites, `line 1: error: "userId" is an object: give a string or a number`},
		{"traits as a string", `{"type":"identify","userId":"u1","traits":"vip"}`, exitFailedWrites, `line 1: error: "traits" is a string, not an object`},
		{"email as a number", `{"type":"identify","traits":{"email":42}}`, exitFailedWrites, `line 1: error: "traits.email" is a number, not a string`},
		{"timestamp not a time", `{"type":"identify","userId":"u1","timestamp":"yesterday"}`, exitFailedWrites, `line 1: error: "timestamp" "yesterday" is not an RFC 3339 time`},
		{"invalid UTF-8", "{\"type\":\"identify\",\"userId\":\"\xff\"}", exitFailedWrites, "line 1: error: the line is not valid UTF-8: save the file as UTF-8"},
		{"a 2 MB line", `{"type":"identify","userId":"u1","traits":{"notes":"` + strings.Repeat("x", 2<<20) + `"}}`, exitFailedWrites, "line 1: error: the line is longer than 1048576 bytes, the limit for one event: split it or trim its properties"},
		{"a user_fields key that does not exist", `{"type":"identify","traits":{"email":"` + email + `","plan_tier":"gold"}}`, 0, "left alone: user_fields.plan_tier: no user field has this key: not written (add the field in Admin Center, or leave it out)"},
		{"track for an unknown user without a name", `{"type":"track","event":"Order Placed","context":{"traits":{"email":"nobody@nowhere.example"}}}`, exitFailedWrites, "no user has the email nobody@nowhere.example, and the name and email needed to create one are not both known"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s.ResetStats()
			code, out, errOut := runCLI("apply", writeEvents(t, tc.line))
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d (want %d)\nstdout %.600s\nstderr %s\nwant stdout to contain %q", code, tc.code, out, errOut, tc.want)
			}
			if tc.code == exitFailedWrites && !strings.Contains(errOut, "zdops: 1 of 1 events failed (see above)") {
				t.Errorf("stderr %q does not count the failed event", errOut)
			}
			if tc.code != 0 {
				for route, n := range s.Stats().ByRoute {
					if !strings.HasPrefix(route, "GET ") && n > 0 {
						t.Fatalf("a bad line made %d %s requests", n, route)
					}
				}
			}
		})
	}
}

// One bad line among good ones is named by its line number, and the good lines around it
// are still applied.
func TestBadInputEventFileBadLineAmongGood(t *testing.T) {
	s := useSandbox(t)
	id, email := requesterWithOpenTickets(t, s)
	path := writeEvents(t,
		`{"type":"identify","traits":{"email":"`+email+`","name":"First Name"}}`,
		``,
		`{"type":"identify",`,
		`{"type":"identify","traits":{"email":"`+email+`","name":"Second Name"}}`,
	)
	code, out, errOut := runCLI("apply", path)
	if code != exitFailedWrites || !strings.Contains(out, "line 3: error: malformed JSON") || !strings.Contains(errOut, "1 of 3 events failed") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "line 1 identify") || !strings.Contains(out, "line 4 identify") {
		t.Fatalf("the good lines are not reported:\n%s", out)
	}
	if u, ok := s.UserProfile(id); !ok || u.Name != "Second Name" {
		t.Fatalf("the last good line was not applied: %+v", u)
	}
}

// Several users matching the email (or the userId) an event names: the event fails, naming
// them, and nothing is written to either. The sandbox keeps both unique, so a proxy in front
// of it answers the user searches with two users.
func TestBadInputEventMatchingSeveralUsers(t *testing.T) {
	hostileSandbox(t, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/api/v2/users/search") {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"users":[{"id":101,"name":"Ada","email":"dup@example.com","external_id":"crm-7","role":"end-user"},{"id":102,"name":"Ada L","email":"dup@example.com","external_id":"CRM-7","role":"end-user"}],"next_page":null,"count":2}`)
		return true
	})
	cases := []struct{ line, want string }{
		{`{"type":"identify","traits":{"email":"dup@example.com","name":"Ada"}}`, "2 users have the email dup@example.com"},
		{`{"type":"identify","userId":"crm-7","traits":{"name":"Ada"}}`, "2 users have the external_id crm-7 (#101, #102): refusing to guess which one is meant"},
		{`{"type":"track","event":"Order Placed","context":{"traits":{"email":"dup@example.com"}}}`, "2 users have the email dup@example.com"},
	}
	for _, tc := range cases {
		code, out, errOut := runCLI("apply", writeEvents(t, tc.line))
		if code != exitFailedWrites || !strings.Contains(out, "line 1 ") || !strings.Contains(out, tc.want) {
			t.Errorf("%s:\nexit %d\nstdout %s\nstderr %s\nwant %q", tc.line, code, out, errOut, tc.want)
		}
	}
}

func TestBadInputEventFileItself(t *testing.T) {
	useSandbox(t)
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"apply"}, exitUsage, "give one event file (JSON Lines), or - to read stdin"},
		{"two files", []string{"apply", "a.jsonl", "b.jsonl"}, exitUsage, "give one event file"},
		{"missing file", []string{"apply", filepath.Join(dir, "nope.jsonl")}, 1, "open the event file: open " + filepath.Join(dir, "nope.jsonl") + ": no such file or directory"},
		{"a directory", []string{"apply", dir}, 1, dir + " is a directory: give a JSON Lines file of events"},
	}
	for _, tc := range cases {
		code, _, errOut := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q, want %q", tc.name, code, tc.code, errOut, tc.want)
		}
	}
}
