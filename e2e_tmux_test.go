package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The end-to-end tests drive the built zdops binary in a real terminal (tmux), as a person
// would: they press keys, wait until the screen shows what a person would expect, and
// check what zdops left on disk. This file is the harness; the e2e_journey_*_test.go files
// are the journeys.

// zdopsBinary builds zdops once per test run, however many terminals start it.
var zdopsBinary = sync.OnceValues(func() (string, error) {
	dir, err := binaryDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "zdops-e2e")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
})

// binaryDir is where the binary goes: beside the test binary when go test made that in its
// own work directory (go test removes it when the run ends), else a new temporary directory.
func binaryDir() (string, error) {
	if exe, err := os.Executable(); err == nil {
		dir := filepath.Dir(exe)
		if strings.HasPrefix(filepath.Base(filepath.Dir(dir)), "go-build") {
			return dir, nil
		}
	}
	return os.MkdirTemp("", "zdops-e2e-")
}

// needTerminal skips a test that cannot run here, and returns the built binary.
func needTerminal(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("tmux end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin, err := zdopsBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// terminal is the built binary running in a real terminal (tmux), driven as a person would.
type terminal struct {
	t             *testing.T
	socket        string
	session       string
	home          string
	width, height int
	// secret must never be on screen (the API token the console was given).
	secret string
}

// terminalOptions say how the terminal is set up; the zero value is 120x34 and the
// embedded sandbox.
type terminalOptions struct {
	width, height int
	// env is added to the console's otherwise empty environment (KEY=value), for example
	// the ZENDESK_* variables of an external sandbox.
	env    []string
	secret string
}

// startTerminal starts zdops in tmux at 120x34 with an empty HOME.
func startTerminal(t *testing.T) *terminal {
	t.Helper()
	return startTerminalWith(t, terminalOptions{})
}

// startTerminalWith starts zdops in tmux with an empty HOME and o's size and environment.
func startTerminalWith(t *testing.T, o terminalOptions) *terminal {
	t.Helper()
	bin := needTerminal(t)
	if o.width == 0 || o.height == 0 {
		o.width, o.height = 120, 34
	}
	dir := t.TempDir()
	term := &terminal{
		t: t, socket: filepath.Join(dir, "tmux.sock"), session: "zdops", home: filepath.Join(dir, "home"),
		width: o.width, height: o.height, secret: o.secret,
	}
	if err := os.Mkdir(term.home, 0o700); err != nil {
		t.Fatal(err)
	}
	args := []string{"new-session", "-d", "-s", term.session, "-x", strconv.Itoa(o.width), "-y", strconv.Itoa(o.height),
		"env", "-i", "HOME=" + term.home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color"}
	args = append(args, o.env...)
	args = append(args, bin)
	// The server is the test's own (its socket is in the test's directory), so that
	// nothing of a person's tmux is touched and kill-server ends only this one.
	if out, err := term.tmux(args...); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })
	return term
}

func (term *terminal) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-S", term.socket}, args...)...).CombinedOutput()
	return string(out), err
}

// screen is what the terminal shows now: one line per row.
func (term *terminal) screen() string {
	out, _ := term.tmux("capture-pane", "-p", "-t", term.session)
	if term.secret != "" && strings.Contains(out, term.secret) {
		term.t.Fatalf("the API token is on the screen:\n%s", out)
	}
	return out
}

// keys presses keys one at a time, as fingers do. Keys that arrive together are read
// together (two letters become one "jj" that means nothing), so steps that must not merge
// wait for the screen between them.
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
	return term.waitUntil(step, func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	}, want)
}

// waitUntil waits until ok holds for the screen, and returns it; what describes ok when
// it never does.
func (term *terminal) waitUntil(step string, ok func(screen string) bool, what any) string {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		last = term.screen()
		if ok(last) {
			return last
		}
		time.Sleep(60 * time.Millisecond)
	}
	term.t.Fatalf("%s: the screen never showed %q; last screen:\n%s", step, what, last)
	return ""
}

// press presses one key and waits until the screen shows want: a step whose effect is
// seen before the next key is pressed.
func (term *terminal) press(k, step string, want ...string) string {
	term.t.Helper()
	term.keys(k)
	return term.waitFor(step, want...)
}

// resize changes the terminal's size, as dragging the window's corner does, and waits
// until the console has drawn itself at the new size.
func (term *terminal) resize(w, h int) string {
	term.t.Helper()
	if out, err := term.tmux("resize-window", "-t", term.session, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h)); err != nil {
		term.t.Fatalf("tmux resize-window: %v\n%s", err, out)
	}
	term.width, term.height = w, h
	return term.waitUntil("resize", func(s string) bool {
		rows := screenRows(s)
		return len(rows) == h && headerRow.MatchString(rows[0]) && cells(strings.TrimRight(rows[0], " ")) == w
	}, "a frame drawn for the new size")
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

// auditLog is the audit log zdops wrote under the terminal's HOME.
func (term *terminal) auditLog() []byte {
	term.t.Helper()
	b, err := os.ReadFile(filepath.Join(term.home, ".local", "state", "zdops", "audit.jsonl"))
	if err != nil {
		term.t.Fatal(err)
	}
	return b
}

// externalSandbox is `zdops sandbox` running as its own process on a loopback port.
type externalSandbox struct {
	url, email, token string
}

// env points the console at the sandbox, as the sandbox's own banner says to.
func (s externalSandbox) env() []string {
	return []string{"ZENDESK_URL=" + s.url, "ZENDESK_EMAIL=" + s.email, "ZENDESK_API_TOKEN=" + s.token}
}

// startSandboxProcess runs `zdops sandbox --faults faults` on a free loopback port until
// the test ends, and returns once it serves.
func startSandboxProcess(t *testing.T, faults string) externalSandbox {
	t.Helper()
	bin := needTerminal(t)
	token := randomToken(t)
	for attempt := 0; ; attempt++ {
		addr := freeLoopbackAddr(t)
		cmd := exec.Command(bin, "sandbox", "--addr", addr, "--token", token, "--faults", faults)
		cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("start zdops sandbox: %v", err)
		}
		// The banner ends with "Press ctrl+c to stop." once the sandbox serves.
		var banner strings.Builder
		ready := false
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			banner.WriteString(sc.Text() + "\n")
			if strings.HasPrefix(sc.Text(), "Press ctrl+c to stop.") {
				ready = true
				break
			}
		}
		if !ready {
			err := cmd.Wait()
			// Another process may have taken the port between our look and the sandbox's.
			if strings.Contains(stderr.String(), "address already in use") && attempt < 3 {
				continue
			}
			t.Fatalf("zdops sandbox did not start (%v):\n%s%s", err, banner.String(), stderr.String())
		}
		go func() { _, _ = io.Copy(io.Discard, stdout) }() // never let it block on a full pipe
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGINT)
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				<-done
			}
		})
		s := externalSandbox{url: "http://" + addr, token: token}
		for _, line := range strings.Split(banner.String(), "\n") {
			if f := strings.Fields(line); len(f) == 2 && f[0] == "email" {
				s.email = f[1]
			}
		}
		if !strings.Contains(banner.String(), s.url+"/api/v2") || s.email == "" {
			t.Fatalf("the sandbox's banner does not give its URL %s and email:\n%s", s.url, banner.String())
		}
		if strings.Contains(banner.String(), "injecting faults") != (faults != "") {
			t.Fatalf("the sandbox's banner does not say which faults it injects (%q):\n%s", faults, banner.String())
		}
		return s
	}
}

// freeLoopbackAddr is a loopback address with a port nothing listens on right now.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func randomToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "e2e" + hex.EncodeToString(b)
}

// TestTmuxFirstRun starts the built binary with an empty HOME, as a newcomer would, and
// checks that the embedded sandbox's users appear and that q quits.
func TestTmuxFirstRun(t *testing.T) {
	term := startTerminal(t)
	term.waitFor("first screen", "SANDBOX", "users loaded", "Sandbox Admin", "admin@sandbox.zdops.test")
	term.keys("q")
	term.waitExit()
}
