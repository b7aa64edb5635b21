package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// terminal is the built binary running in a real terminal (tmux), driven as a person would.
type terminal struct {
	t       *testing.T
	socket  string
	session string
	home    string
}

// startTerminal builds zdops and starts it in tmux at 120x34 with an empty HOME.
func startTerminal(t *testing.T) *terminal {
	t.Helper()
	if testing.Short() {
		t.Skip("tmux end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "zdops")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	term := &terminal{t: t, socket: filepath.Join(dir, "tmux.sock"), session: "zdops", home: filepath.Join(dir, "home")}
	if err := os.Mkdir(term.home, 0o700); err != nil {
		t.Fatal(err)
	}
	env := "env -i HOME=" + term.home + " PATH=" + os.Getenv("PATH") + " TERM=xterm-256color "
	if out, err := term.tmux("new-session", "-d", "-s", term.session, "-x", "120", "-y", "34", env+bin); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })
	return term
}

func (term *terminal) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-S", term.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (term *terminal) screen() string {
	out, _ := term.tmux("capture-pane", "-p", "-t", term.session)
	return out
}

// keys presses keys one at a time, as fingers do.
func (term *terminal) keys(keys ...string) {
	for _, k := range keys {
		term.tmux("send-keys", "-t", term.session, k)
		time.Sleep(40 * time.Millisecond)
	}
}

// typeText types literal text.
func (term *terminal) typeText(s string) {
	term.tmux("send-keys", "-t", term.session, "-l", s)
	time.Sleep(40 * time.Millisecond)
}

// waitFor waits until the screen shows every one of want, and returns it.
func (term *terminal) waitFor(step string, want ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		last = term.screen()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(last, w)
		}
		if ok {
			return last
		}
		time.Sleep(80 * time.Millisecond)
	}
	term.t.Fatalf("%s: the screen never showed %q; last screen:\n%s", step, want, last)
	return ""
}

func (term *terminal) waitExit() {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := term.tmux("has-session", "-t", term.session); err != nil {
			return // the program quit and tmux closed the session
		}
		time.Sleep(100 * time.Millisecond)
	}
	term.t.Fatalf("zdops did not quit; screen:\n%s", term.screen())
}

// TestTmuxFirstRun starts the built binary with an empty HOME, as a newcomer would, and
// checks that the embedded sandbox's users appear and that q quits.
func TestTmuxFirstRun(t *testing.T) {
	term := startTerminal(t)
	term.waitFor("first screen", "SANDBOX", "users loaded", "Sandbox Admin", "admin@sandbox.zdops.test")
	term.keys("q")
	term.waitExit()
}

// TestTmuxDeleteTicketsTypedConfirmation deletes a user's tickets as an operator would:
// find the user, pick the action, see the preview, mistype the confirmation (nothing
// happens), then type the email and watch the run finish; the audit log records it.
func TestTmuxDeleteTicketsTypedConfirmation(t *testing.T) {
	// The console's embedded sandbox is the default seed; the same one here names a user
	// with tickets and how many.
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, email := sb.SampleUser("end-user")
	n := sb.RequestedCount(id)
	if n == 0 {
		t.Fatal("the sample user has no tickets")
	}
	term := startTerminal(t)
	term.waitFor("first screen", "users loaded")

	term.keys("/")
	term.typeText(email)
	term.keys("Enter")
	term.waitFor("search", "1 result", email)

	openDelete := func() {
		term.keys("a")
		term.waitFor("picker", "Action on", "Delete tickets")
		for range 6 { // Set priority, Set status, Assign agent, Assign group, Suspend, Restore
			term.keys("j")
		}
		term.keys("Enter")
		term.waitFor("preview", "DANGER", "Delete tickets", fmt.Sprintf("Affects  %d tickets deleted", n), "Type "+email)
	}
	openDelete()
	term.typeText("not-" + email)
	term.keys("Enter")
	term.waitFor("wrong phrase", "cancelled: confirmation did not match")

	openDelete()
	term.typeText(email)
	term.keys("Enter")
	term.waitFor("run", "Finished: delete-tickets", fmt.Sprintf("%d of %d done", n, n), "0 failed")

	term.keys("Escape", "6")
	term.waitFor("log", "delete-tickets", "done")
	term.keys("q")
	term.waitExit()

	audit, err := os.ReadFile(filepath.Join(term.home, ".local", "state", "zdops", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if runs := strings.Count(string(audit), `"type":"intent"`); runs != 1 {
		t.Fatalf("the audit log holds %d runs, want 1 (the mistyped confirmation must start none)", runs)
	}
	if !strings.Contains(string(audit), fmt.Sprintf(`"succeeded":%d`, n)) {
		t.Fatalf("the audit log does not record %d deleted tickets:\n%.2000s", n, audit)
	}
}
