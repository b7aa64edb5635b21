package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// useSandbox points the commands at a sandbox through the environment, as a script would.
func useSandbox(t *testing.T) *sandbox.Server {
	t.Helper()
	isolate(t)
	s, url, email, token := startSandboxServer(t)
	t.Setenv("ZENDESK_URL", url)
	t.Setenv("ZENDESK_EMAIL", email)
	t.Setenv("ZENDESK_API_TOKEN", token)
	stdinIsTerminal = func() bool { return false }
	t.Cleanup(func() { stdinIsTerminal = func() bool { return false } })
	return s
}

// requesterWithOpenTickets picks an end user with a few tickets that are not closed.
func requesterWithOpenTickets(t *testing.T, s *sandbox.Server) (id int64, email string) {
	t.Helper()
	id, email = s.SampleUser("end-user")
	if id == 0 || s.RequestedCount(id) == 0 {
		t.Fatal("the sandbox has no sample requester")
	}
	return id, email
}

func TestRunSetPriorityJSONAndUndo(t *testing.T) {
	s := useSandbox(t)
	_, email := requesterWithOpenTickets(t, s)

	code, out, errOut := runCLI("run", "set-priority", "--user", email, "--priority", "urgent", "--yes", "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var res struct {
		RunID     string `json:"run_id"`
		Action    string `json:"action"`
		Planned   int    `json:"planned"`
		Succeeded int    `json:"succeeded"`
		Failed    int    `json:"failed"`
		Skipped   int    `json:"skipped"`
		Failures  []any  `json:"failures"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("--json output is not one JSON object: %v\n%s", err, out)
	}
	if res.Action != "set-priority" || res.RunID == "" || res.Succeeded != res.Planned || res.Failed != 0 || res.Failures == nil {
		t.Fatalf("result %+v", res)
	}

	code, out, _ = runCLI("log", "--json")
	if code != 0 || !strings.Contains(out, res.RunID) {
		t.Fatalf("log does not list run %s: exit %d\n%s", res.RunID, code, out)
	}

	code, out, errOut = runCLI("undo", res.RunID, "--yes")
	if code != 0 || !strings.Contains(out, "undo") {
		t.Fatalf("undo: exit %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = runCLI("undo", res.RunID, "--yes")
	if code == 0 {
		t.Fatalf("a second undo of the same run was accepted: %s", errOut)
	}
}

func TestRunDryRunWritesNothing(t *testing.T) {
	s := useSandbox(t)
	_, email := requesterWithOpenTickets(t, s)
	s.ResetStats()
	code, out, errOut := runCLI("run", "delete-tickets", "--user", email, "--dry-run")
	if code != 0 || !strings.Contains(out, "Calls:") || !strings.Contains(out, "DANGER") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for route, n := range s.Stats().ByRoute {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			t.Fatalf("a dry run made %d %s requests", n, route)
		}
	}
}

func TestDestructiveRunRefusedWithoutTerminalOrYes(t *testing.T) {
	s := useSandbox(t)
	id, email := requesterWithOpenTickets(t, s)
	before := s.RequestedCount(id)
	code, _, errOut := runCLI("run", "delete-tickets", "--user", email)
	if code == 0 || !strings.Contains(errOut, "without --yes") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if after := s.RequestedCount(id); after != before {
		t.Fatalf("tickets were deleted: %d -> %d", before, after)
	}
}

func TestRunBadInput(t *testing.T) {
	useSandbox(t)
	cases := []struct {
		args []string
		code int
		has  string
	}{
		{[]string{"run"}, exitUsage, "name the action first"},
		{[]string{"run", "frobnicate", "--user", "a@b.c"}, exitUsage, `unknown action "frobnicate"`},
		{[]string{"run", "set-priority", "--user", "a@b.c", "--priority", "sky-high"}, exitUsage, "urgent"},
		{[]string{"run", "set-status", "--user", "a@b.c", "--status", "bogus"}, exitUsage, "solved"},
		{[]string{"run", "set-priority", "--priority", "high"}, exitUsage, "exactly one target"},
		{[]string{"run", "set-priority", "--user", "nobody-at-all@nowhere.example", "--priority", "high", "--yes"}, 1, "nobody-at-all@nowhere.example"},
		{[]string{"run", "set-priority", "--user", "bob", "--priority", "high"}, exitUsage, "neither an email nor"},
		{[]string{"run", "set-priority", "--tickets", "1,x", "--priority", "high"}, exitUsage, `"x" is not an id`},
		{[]string{"resume", "no-such-run"}, 1, "no-such-run"},
		{[]string{"undo", "no-such-run"}, 1, "no-such-run"},
	}
	for _, tc := range cases {
		code, out, errOut := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.has) {
			t.Errorf("%v: exit %d (want %d), output %q, want it to contain %q", tc.args, code, tc.code, out+errOut, tc.has)
		}
	}
}

// A read-only profile writes nothing, destructive or not; a dry run still shows the plan.
func TestReadOnlyWritesNothing(t *testing.T) {
	s := useSandbox(t)
	_, email := requesterWithOpenTickets(t, s)
	s.ResetStats()
	code, _, errOut := runCLI("run", "set-priority", "--user", email, "--priority", "urgent", "--yes", "--read-only")
	if code != 1 || !strings.Contains(errOut, "read-only") || !strings.Contains(errOut, "--dry-run") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	code, out, errOut := runCLI("run", "set-priority", "--user", email, "--priority", "urgent", "--dry-run", "--read-only")
	if code != 0 || !strings.Contains(out, "update_many") {
		t.Fatalf("dry run: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for route, n := range s.Stats().ByRoute {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			t.Fatalf("read-only made %d %s requests", n, route)
		}
	}
}

func TestReadOnlyRefusesDestructiveRun(t *testing.T) {
	s := useSandbox(t)
	_, email := requesterWithOpenTickets(t, s)
	code, _, errOut := runCLI("run", "spam-tickets", "--user", email, "--yes", "--read-only")
	if code != 1 || !strings.Contains(errOut, "read-only") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// set-status closed is destructive by its value (closed tickets can never be reopened),
// which only the plan knows: read-only must refuse it too.
func TestReadOnlyRefusesClosingTickets(t *testing.T) {
	s := useSandbox(t)
	_, email := requesterWithOpenTickets(t, s)
	s.ResetStats()
	code, _, errOut := runCLI("run", "set-status", "--user", email, "--status", "closed", "--yes", "--read-only")
	if code != 1 || !strings.Contains(errOut, "read-only") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for route, n := range s.Stats().ByRoute {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			t.Fatalf("read-only made %d %s requests", n, route)
		}
	}
}
