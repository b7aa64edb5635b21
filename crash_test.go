package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// crashOptions is an account whose heavy requester has about 1,400 tickets (9 batches to write),
// with jobs slow enough and a job cap low enough (3) that a run spends seconds in flight,
// in waves of batches: there is time to kill it at every stage.
var crashOptions = sandbox.Options{Seed: 9, Users: 400, Tickets: 6000, RateLimit: 1_000_000, MaxJobs: 3,
	JobDuration: 600 * time.Millisecond, Token: "crash-test-token-5d1c"}

// killPoint says when to kill a zdops process, from the audit log's progress: once the log
// holds at least this many entries of each type (counted over the whole file).
type killPoint map[string]int

func (k killPoint) String() string {
	var parts []string
	for _, typ := range []string{actions.EntryIntent, actions.EntryResume, actions.EntryBatchSent, actions.EntryBatchDone} {
		if n, ok := k[typ]; ok {
			parts = append(parts, fmt.Sprintf("%d %s", n, typ))
		}
	}
	return strings.Join(parts, ", ")
}

// TestCrashAndResume kills zdops with SIGKILL at several points of a set-priority run (and
// of its resume), resumes it, and checks that it ends in the state an uninterrupted run
// reaches, that the audit log parses after every kill, and that a torn last line is
// reported, not dropped.
func TestCrashAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds zdops and runs it to be killed several times (about 20 s)")
	}
	bin := buildZdops(t)

	// The state an uninterrupted run reaches, on a twin account.
	ref := newCrashAccount(t, bin)
	user, email := ref.heavyRequester(t)
	args := []string{"run", "set-priority", "--user", email, "--priority", "urgent", "--yes"}
	if code, out := ref.run(t, args...); code != 0 {
		t.Fatalf("uninterrupted run: exit %d\n%s", code, out)
	}
	want := ref.state(t, user)
	refRuns := ref.runs(t)
	if len(refRuns) != 1 || !refRuns[0].Finished() {
		t.Fatalf("uninterrupted run: %+v", refRuns)
	}
	wantOK, wantFailed, _ := refRuns[0].Counts()
	if wantOK < 800 {
		t.Fatalf("only %d tickets changed: the run is too short to kill mid-way", wantOK)
	}

	cases := []struct {
		name   string
		kill   killPoint   // in the run
		resume []killPoint // in successive resumes, before the one that finishes
		tear   bool        // cut the last line in half after the kill, as a crash mid-write would
	}{
		{name: "after the intent", kill: killPoint{actions.EntryIntent: 1}},
		{name: "while batches are sent", kill: killPoint{actions.EntryBatchSent: 2}},
		{name: "while jobs finish", kill: killPoint{actions.EntryBatchDone: 1}},
		{name: "late in the run", kill: killPoint{actions.EntryBatchDone: 6}},
		{name: "torn last line", kill: killPoint{actions.EntryBatchSent: 4}, tear: true},
		{name: "the resume is killed too", kill: killPoint{actions.EntryBatchSent: 2},
			resume: []killPoint{{actions.EntryResume: 1, actions.EntryBatchSent: 4}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newCrashAccount(t, bin)
			a.runKilled(t, tc.kill, args...)
			torn := 0
			if tc.tear {
				torn = a.tearLastLine(t)
			}
			runID := a.checkLog(t, torn, false)
			for _, k := range tc.resume {
				a.runKilled(t, k, "resume", runID)
				a.checkLog(t, torn, true)
			}
			if code, out := a.run(t, "resume", runID); code != 0 {
				t.Fatalf("resume: exit %d\n%s", code, out)
			}

			runs, problems, err := actions.ReadAudit(a.path)
			if err != nil || len(runs) == 0 {
				t.Fatalf("audit log after the resume: %d runs, %v", len(runs), err)
			}
			if tc.tear && (len(problems) != 1 || problems[0].Line != torn) {
				t.Errorf("after the resume the torn line %d is not reported as the one problem: %v", torn, problems)
			}
			ok, failed, unknown := runs[0].Counts()
			if len(runs) != 1 || !runs[0].Finished() || ok != wantOK || failed != wantFailed || unknown != 0 {
				t.Errorf("after resuming: %d runs, finished %v, %d succeeded, %d failed, %d unknown; uninterrupted: %d succeeded, %d failed",
					len(runs), len(runs) > 0 && runs[0].Finished(), ok, failed, unknown, wantOK, wantFailed)
			}
			got := a.state(t, user)
			for id, w := range want {
				if g := got[id]; g != w {
					t.Errorf("ticket %d: %s after the crash, %s uninterrupted", id, g, w)
				}
			}
			for id := range got {
				if n := a.s.TicketWrites(id); n > 1 {
					t.Errorf("ticket %d written %d times", id, n)
				}
			}
		})
	}
}

// buildZdops compiles the command into the test's temporary directory.
func buildZdops(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build zdops with")
	}
	bin := filepath.Join(t.TempDir(), "zdops")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashAccount is a sandbox served in the test process and a home for zdops processes.
type crashAccount struct {
	s    *sandbox.Server
	url  string
	bin  string
	env  []string
	path string // the audit log
}

func newCrashAccount(t *testing.T, bin string) *crashAccount {
	t.Helper()
	s, err := sandbox.New(crashOptions)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sandbox.Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	email, token, _ := s.Credentials()
	home := t.TempDir()
	state := filepath.Join(home, ".local", "state")
	return &crashAccount{
		s: s, url: r.URL, bin: bin,
		env: []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_STATE_HOME=" + state,
			"ZENDESK_URL=" + r.URL, "ZENDESK_EMAIL=" + email, "ZENDESK_API_TOKEN=" + token, "NO_COLOR=1", "PATH=" + os.Getenv("PATH")},
		path: filepath.Join(state, "zdops", "audit.jsonl"),
	}
}

// heavyRequester is the requester with the most tickets, and the email zdops is given.
func (a *crashAccount) heavyRequester(t *testing.T) (int64, string) {
	t.Helper()
	id := a.s.HeavyRequesters()[0]
	email, token, _ := a.s.Credentials()
	c, err := zendesk.NewClient(zendesk.Options{BaseURL: a.url, Credentials: zendesk.Credentials{Email: email, APIToken: token}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Get(context.Background(), id)
	if err != nil || u.Email == "" {
		t.Fatalf("requester %d: %+v, %v", id, u, err)
	}
	return id, u.Email
}

func (a *crashAccount) command(args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(a.bin, args...)
	cmd.Env = a.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// run runs zdops to its end and returns its exit code and output.
func (a *crashAccount) run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd, out := a.command(args...)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	case err != nil:
		t.Fatalf("zdops %s: %v", strings.Join(args, " "), err)
	}
	return 0, out.String()
}

// runKilled starts zdops and kills it with SIGKILL as soon as the audit log reaches the
// point. A process that ends before is a failure of the test's timing, not of zdops.
func (a *crashAccount) runKilled(t *testing.T, at killPoint, args ...string) {
	t.Helper()
	cmd, out := a.command(args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() }) // never leave it running
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("zdops %s ended (%v) before the kill point (%s): the run is too short\n%s", strings.Join(args, " "), err, at, out)
		case <-deadline:
			t.Fatalf("zdops %s did not reach the kill point (%s) in a minute\n%s", strings.Join(args, " "), at, out)
		case <-tick.C:
		}
		if a.reached(at) {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
}

// reached reports whether the complete lines of the audit log hold the kill point.
func (a *crashAccount) reached(at killPoint) bool {
	raw, err := os.ReadFile(a.path)
	if err != nil {
		return false
	}
	counts := map[string]int{}
	for line := range bytes.Lines(raw) {
		if !bytes.HasSuffix(line, []byte("\n")) {
			break // being written
		}
		var e struct{ Type string }
		if json.Unmarshal(line, &e) == nil {
			counts[e.Type]++
		}
	}
	for typ, n := range at {
		if counts[typ] < n {
			return false
		}
	}
	return true
}

// tearLastLine cuts the log's last line in half and drops its newline, as a crash in the
// middle of a write leaves it, and returns the line's number.
func (a *crashAccount) tearLastLine(t *testing.T) int {
	t.Helper()
	raw, err := os.ReadFile(a.path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(raw, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	last := lines[len(lines)-1]
	if err := os.Truncate(a.path, int64(len(raw)-len(last)+len(last)/2)); err != nil {
		t.Fatal(err)
	}
	return len(lines)
}

// checkLog reads the audit log after a kill: it must parse, the only problem being the torn
// line (line number torn, 0 for none), which must be reported. It returns the run's id.
func (a *crashAccount) checkLog(t *testing.T, torn int, resumed bool) string {
	t.Helper()
	runs, problems, err := actions.ReadAudit(a.path)
	if err != nil {
		t.Fatalf("audit log after the kill: %v", err)
	}
	var others []actions.AuditProblem
	sawTorn := false
	for _, p := range problems {
		if p.Line == torn && (strings.Contains(p.Problem, "torn") || resumed && strings.Contains(p.Problem, "malformed")) {
			sawTorn = true
			continue
		}
		others = append(others, p)
	}
	if len(others) > 0 || torn > 0 && !sawTorn {
		t.Fatalf("audit log after the kill: problems %v (torn line %d reported: %v)", problems, torn, sawTorn)
	}
	if len(runs) != 1 || runs[0].Finished() {
		t.Fatalf("audit log after the kill: %d runs, finished %v", len(runs), len(runs) > 0 && runs[0].Finished())
	}
	return runs[0].ID
}

func (a *crashAccount) runs(t *testing.T) []actions.Run {
	t.Helper()
	runs, _, err := actions.ReadAudit(a.path)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// state is what a run may change on each of the user's tickets.
func (a *crashAccount) state(t *testing.T, user int64) map[int64]string {
	t.Helper()
	out := map[int64]string{}
	for id := int64(1); ; id++ {
		tk, ok := a.s.Ticket(id)
		if !ok {
			break
		}
		if tk.RequesterID == user {
			out[id] = fmt.Sprintf("status=%s priority=%s assignee=%d group=%d deleted=%v tags=%v",
				tk.Status, tk.Priority, tk.AssigneeID, tk.GroupID, tk.Deleted, tk.Tags)
		}
	}
	if len(out) == 0 {
		t.Fatalf("user %d has no tickets", user)
	}
	return out
}
