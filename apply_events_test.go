package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zdops/zdops/actions"
)

// mixedEvents is a file of good and bad lines; wantMixed is what each line comes to.
const mixedEvents = `{"type":"identify","userId":"u-a","traits":{"email":"a@example.com","name":"Alice A","plan":"pro","shoe_size":42}}

not json at all
{"type":"group","userId":"u-a","groupId":"g-1","traits":{"name":"G One","url":"https://g.example"}}
{"type":"alias","userId":"u-a","previousId":"x"}
{"type":"identify","traits":{"name":"Nobody"}}
{"type":"track","userId":"u-a","event":"Order Placed","properties":{"total":10}}
{"type":"group","groupId":"g-2","traits":{"name":"G Two"}}
{"type":"identify","userId":"u-a","traits":{"name":"Alice A"}}
{"type":"track","userId":"u-ghost","event":"Order Placed"}
`

var wantMixed = []struct {
	status string
	text   string // a regular expression for the line zdops prints
}{
	{"ok", `^line 1 identify user u-a: created user #\d+$`},
	{"failed", `^line 3: error: malformed JSON: `},
	{"ok", `^line 4 group organization g-1: created organization #(\d+); added to organization #\d+$`},
	{"failed", `^line 5: error: unknown type "alias": zdops applies "identify", "group" and "track" events$`},
	{"failed", `^line 6: error: identify: missing "userId" and "traits.email"`},
	{"ok", `^line 7 track user u-a: tracked event "Order Placed" on user #\d+$`},
	{"skipped", `^line 8 group organization g-2: skipped: a group call without userId or context.traits.email: .*--group-without-user`},
	{"ok", `^line 9 identify user u-a: nothing to change$`},
	{"failed", `^line 10 track user u-ghost: error: track-event: no user has the external_id u-ghost`},
}

func writeEventFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.jsonl")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// eventLines keeps the lines zdops prints for events, not the notes under them.
func eventLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "line ") {
			lines = append(lines, l)
		}
	}
	return lines
}

// A file of good and bad lines gives exactly the expected outcome for each line, exit 3,
// and the events that wrote are runs in the log, named by file and line.
func TestApplyMixedFile(t *testing.T) {
	s := useSandbox(t)
	file := writeEventFile(t, mixedEvents)
	code, out, errOut := runCLI("apply", file)
	if code != exitFailedWrites || !strings.Contains(errOut, "4 of 9 events failed") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	lines := eventLines(out)
	if len(lines) != len(wantMixed) {
		t.Fatalf("%d event lines, want %d:\n%s", len(lines), len(wantMixed), out)
	}
	for i, w := range wantMixed {
		if !regexp.MustCompile(w.text).MatchString(lines[i]) {
			t.Errorf("line %d: %q, want %s", i+1, lines[i], w.text)
		}
	}
	for _, note := range []string{"left alone: user_fields.shoe_size: no user field has this key", "left alone: url: Zendesk organizations have no url attribute"} {
		if !strings.Contains(out, note) {
			t.Errorf("the output does not say %q:\n%s", note, out)
		}
	}
	code, logOut, _ := runCLI("log")
	if code != 0 || strings.Count(logOut, "events.jsonl:") != 3 || !strings.Contains(logOut, "upsert-user") || !strings.Contains(logOut, "track-event") {
		t.Fatalf("log:\n%s", logOut)
	}

	// Again, with --json: one object per event; what exists now needs no write, except the
	// event, which is tracked again.
	s.ResetStats()
	code, out, _ = runCLI("apply", "--json", file)
	if code != exitFailedWrites {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var got []string
	for i, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev struct {
			Line   int               `json:"line"`
			Type   string            `json:"type"`
			Status string            `json:"status"`
			Calls  []json.RawMessage `json:"calls"`
			Error  *string           `json:"error"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("line %d of --json output is not an object: %v\n%s", i+1, err, l)
		}
		if ev.Calls == nil || (ev.Status == "failed") != (ev.Error != nil) {
			t.Errorf("object %d: %s", i+1, l)
		}
		got = append(got, ev.Status)
	}
	var want []string
	for _, w := range wantMixed {
		want = append(want, w.status)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("statuses %v, want %v", got, want)
	}
	writes := 0
	for route, n := range s.Stats().ByRoute {
		if !strings.HasPrefix(route, "GET ") {
			writes += n
			if route != "POST /api/v2/users/{id}/events" {
				t.Errorf("applying the file again wrote %d %s", n, route)
			}
		}
	}
	if writes != 1 {
		t.Errorf("applying the file again made %d writes, want the one tracked event", writes)
	}
}

func TestApplyStdinDryRunAndJSON(t *testing.T) {
	s := useSandbox(t)
	orgID, orgExt := s.SampleOrganization()
	events := `{"type":"identify","userId":"u-b","traits":{"email":"b@example.com","name":"Bea","company":{"id":"` + orgExt + `"}}}` + "\n"
	stdin = strings.NewReader(events)
	t.Cleanup(func() { stdin = os.Stdin })
	s.ResetStats()
	code, out, errOut := runCLI("apply", "--dry-run", "-")
	if code != 0 || !strings.Contains(out, "line 1 identify user u-b: would make 2 calls") ||
		!strings.Contains(out, "1. POST /api/v2/users/create_or_update {\"user\":{\"name\":\"Bea\",\"email\":\"b@example.com\",\"external_id\":\"u-b\"}}") ||
		!strings.Contains(out, `2. POST /api/v2/organization_memberships {"organization_membership":{"organization_id":`+itoa(orgID)+`,"user_id":"{user id from step 1}"}}`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for route, n := range s.Stats().ByRoute {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			t.Fatalf("a dry run made %d %s requests", n, route)
		}
	}
	stdin = strings.NewReader(events)
	code, out, errOut = runCLI("apply", "-", "--json") // flags after the file work too
	var ev struct {
		Status  string   `json:"status"`
		Results []string `json:"results"`
		RunID   string   `json:"run_id"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &ev) != nil || ev.Status != "ok" || len(ev.Results) != 2 || ev.RunID == "" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI("log", "--json")
	if code != 0 || !strings.Contains(out, "stdin:1") {
		t.Fatalf("log: %s", out)
	}
}

func TestApplyUsageErrors(t *testing.T) {
	useSandbox(t)
	file := writeEventFile(t, `{"type":"identify","userId":"u"}`+"\n")
	cases := []struct {
		args []string
		code int
		has  string
	}{
		{[]string{"apply"}, exitUsage, "give one event file"},
		{[]string{"apply", file, file}, exitUsage, "give one event file"},
		{[]string{"apply", "--frobnicate", file}, exitUsage, "flag provided but not defined"},
		{[]string{"apply", "--source", "Zendesk", file}, exitUsage, "reserved by Zendesk"},
		{[]string{"apply", filepath.Join(t.TempDir(), "missing.jsonl")}, 1, "open the event file"},
		{[]string{"apply", t.TempDir()}, 1, "is a directory"},
	}
	for _, tc := range cases {
		code, out, errOut := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.has) {
			t.Errorf("%v: exit %d (want %d), output %q, want it to contain %q", tc.args, code, tc.code, out+errOut, tc.has)
		}
	}
}

// The config file's [sync] section sets the defaults and the flags override them; a
// read-only profile refuses to apply, except as a dry run.
func TestApplySyncSettingsAndReadOnly(t *testing.T) {
	home := isolate(t)
	s, url, email, token := startSandboxServer(t)
	_, orgExt := s.SampleOrganization()
	cfg := filepath.Join(home, "zdops.toml")
	write := func(readOnly bool) {
		body := "default_profile = \"local\"\n[profiles.local]\nurl = \"" + url + "\"\nemail = \"" + email + "\"\napi_token_env = \"LOCAL_TOKEN\"\n"
		if readOnly {
			body += "read_only = true\n"
		}
		body += "[sync]\nremove_from_org = true\ngroup_without_user = true\n"
		if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("LOCAL_TOKEN", token)
	write(false)
	// A member of the organization, so that a removal has something to remove.
	member := writeEventFile(t, `{"type":"identify","userId":"u-m","traits":{"email":"m@example.com","name":"Mem","company":{"id":"`+orgExt+`"}}}`+"\n")
	if code, out, errOut := runCLI("apply", "--config", cfg, member); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	remove := writeEventFile(t, `{"type":"identify","userId":"u-m","traits":{"company":{"id":"`+orgExt+`","remove":true}}}`+"\n"+
		`{"type":"group","groupId":"solo","traits":{"name":"Solo"}}`+"\n")
	code, out, _ := runCLI("apply", "--config", cfg, "--dry-run", remove)
	if code != 0 || !strings.Contains(out, "DELETE /api/v2/organization_memberships/") || !strings.Contains(out, "POST /api/v2/organizations/create_or_update") {
		t.Fatalf("[sync] settings not used: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI("apply", "--config", cfg, "--dry-run", "--remove-from-org=false", "--group-without-user=false", remove)
	if code != 0 || strings.Contains(out, "DELETE") || !strings.Contains(out, "--remove-from-org") || !strings.Contains(out, "line 2 group organization solo: skipped") {
		t.Fatalf("flags do not override [sync]: exit %d\n%s", code, out)
	}
	write(true)
	code, _, errOut := runCLI("apply", "--config", cfg, remove)
	if code != 1 || !strings.Contains(errOut, "read-only") {
		t.Fatalf("read-only: exit %d, %s", code, errOut)
	}
	if code, out, errOut := runCLI("apply", "--config", cfg, "--dry-run", remove); code != 0 {
		t.Fatalf("a dry run on a read-only profile: exit %d\n%s\n%s", code, out, errOut)
	}
}

// An interrupted apply stops before the next event and exits 4.
func TestApplyInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out strings.Builder
	err := applyEvents(ctx, &actions.EventApplier{}, strings.NewReader(`{"type":"identify","userId":"u"}`+"\n"), false, &out)
	var ee exitError
	if !asExitError(err, &ee) || ee.code != exitInterrupted || out.Len() != 0 {
		t.Fatalf("%v, output %q", err, out.String())
	}
}

func asExitError(err error, target *exitError) bool {
	e, ok := err.(exitError)
	if ok {
		*target = e
	}
	return ok
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// A run made by zdops apply is undone like any other run, from the command line.
func TestApplyThenUndo(t *testing.T) {
	s := useSandbox(t)
	_, orgExt := s.SampleOrganization()
	first := writeEventFile(t, `{"type":"identify","userId":"u-u","traits":{"email":"u@example.com","name":"Una"}}`+"\n")
	if code, out, errOut := runCLI("apply", first); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	second := writeEventFile(t, `{"type":"identify","userId":"u-u","traits":{"name":"Una Two","company":{"id":"`+orgExt+`"}}}`+"\n")
	code, out, errOut := runCLI("apply", "--json", second)
	var ev struct {
		RunID string `json:"run_id"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &ev) != nil || ev.RunID == "" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = runCLI("undo", ev.RunID, "--yes")
	if code != 0 || !strings.Contains(out, "DELETE /api/v2/organization_memberships/") || !strings.Contains(out, `"name":"Una"`) {
		t.Fatalf("undo: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI("apply", "--dry-run", second)
	if code != 0 || !strings.Contains(out, "would make 2 calls") {
		t.Fatalf("after the undo the second file would not change the user again:\n%s", out)
	}
}
