package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTmuxFirstRun starts the built binary in a real terminal (tmux) with an empty HOME, as a
// newcomer would, and checks that the embedded sandbox's users appear and that q quits.
func TestTmuxFirstRun(t *testing.T) {
	if testing.Short() {
		t.Skip("tmux end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "zdops")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	session := "zdops-e2e-" + filepath.Base(dir)
	socket := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-S", socket}, args...)...).CombinedOutput()
		return string(out), err
	}
	env := "env -i HOME=" + home + " PATH=" + os.Getenv("PATH") + " TERM=xterm-256color "
	if out, err := tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "34", env+bin); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { tmux("kill-server") })

	screen := waitForScreen(t, tmux, session, func(s string) bool {
		return strings.Contains(s, "SANDBOX") && strings.Contains(s, "users loaded")
	})
	// The first seeded user is the sandbox admin, listed with an email address.
	if !strings.Contains(screen, "Sandbox Admin") || !strings.Contains(screen, "admin@sandbox.zdops.test") {
		t.Errorf("the users view shows no seeded users:\n%s", screen)
	}
	tmux("send-keys", "-t", session, "q")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := tmux("has-session", "-t", session); err != nil {
			return // the program quit and tmux closed the session
		}
		time.Sleep(100 * time.Millisecond)
	}
	out, _ := tmux("capture-pane", "-p", "-t", session)
	t.Fatalf("q did not quit zdops; screen:\n%s", out)
}

func waitForScreen(t *testing.T, tmux func(...string) (string, error), session string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		out, err := tmux("capture-pane", "-p", "-t", session)
		if err == nil {
			last = out
			if ok(out) {
				return out
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the screen never showed what was expected; last screen:\n%s", last)
	return ""
}
