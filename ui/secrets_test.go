package ui

import (
	"encoding/base64"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// uiSecretToken is the API token of the console in these tests; no frame may show it.
const uiSecretToken = "zdops-secret-TOKEN-1f2e3d4c"

func assertNoToken(t *testing.T, what string, b []byte) {
	t.Helper()
	basic := base64.StdEncoding.EncodeToString([]byte("admin@sandbox.zdops.test/token:" + uiSecretToken))
	for _, form := range []string{uiSecretToken, "1f2e3d4c", basic} {
		if strings.Contains(string(b), form) {
			t.Fatalf("%s shows the token (%s)", what, form)
		}
	}
}

// TestSecretsNeverOnScreen drives the console through teatest as an operator would, with a
// recognisable token: browse, search, open a user, run an action to the end, read the Log;
// then signs in with that token where it is wrong, and where the network is gone. Every
// byte the program drew, and the audit log it wrote, is searched for the token.
func TestSecretsNeverOnScreen(t *testing.T) {
	t.Run("journeys", func(t *testing.T) {
		a := newTestAccount(t, sandbox.Options{Token: uiSecretToken, JobDuration: 5 * time.Millisecond})
		m := newActionModel(t, a, nil)
		tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(120, 34))
		s := &screen{t: t, tm: tm}
		s.waitText("100 users loaded · more")
		s.key("/")
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("sandbox admin"), Paste: true})
		s.key("enter")
		s.waitFrame("search results", func(f string) bool { return strings.Contains(f, "matching") || strings.Contains(f, "Sandbox Admin") })
		s.key("esc")
		for range endUserWithTickets(t) {
			s.key("j")
		}
		s.key("enter")
		s.waitFrame("the user's tickets", func(f string) bool { return strings.Contains(f, "Requested tickets · 100 loaded") })
		s.key("a")
		s.waitText("Set priority")
		s.key("enter")
		s.waitText("Priority for ")
		s.typeKeys("j", "j", "j", "enter")
		s.waitText("Run it? y")
		s.key("y")
		s.waitFrame("the end of the run", func(f string) bool { return strings.Contains(f, "Finished in") })
		s.key("esc")
		s.key("6")
		s.waitFrame("the Log", func(f string) bool { return strings.Contains(f, "set-priority urgent") })
		s.key("enter")
		s.key("?")
		s.frame()
		if err := tm.Quit(); err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(10*time.Second)))
		if err != nil {
			t.Fatal(err)
		}
		if len(out) == 0 {
			t.Fatal("nothing was drawn: the search proved nothing")
		}
		assertNoToken(t, "a frame", out)
		assertNoToken(t, "the final frame", []byte(m.View()))
		audit, err := os.ReadFile(m.pc.audit.Path())
		if err != nil || len(audit) == 0 {
			t.Fatalf("no audit log to search: %v", err)
		}
		assertNoToken(t, "the audit log", audit)
	})

	t.Run("wrong token and no network", func(t *testing.T) {
		a := newTestAccount(t, sandbox.Options{}) // a random token: ours is wrong there
		bad, err := zendesk.NewClient(zendesk.Options{
			BaseURL: a.url, Credentials: zendesk.Credentials{Email: "admin@sandbox.zdops.test", APIToken: uiSecretToken},
			Profile: "sandbox", MaxWait: time.Millisecond, MaxAttempts: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		tm := teatest.NewTestModel(t, probed{newTestModel(t, bad, nil)}, teatest.WithInitialTermSize(120, 34))
		s := &screen{t: t, tm: tm}
		s.waitText("authentication failed")
		a.down.Store(true) // every request now dies on the wire; the error quotes the URL
		s.key("2")
		s.key("r")
		s.waitFrame("a network error that quotes the URL", func(f string) bool {
			return strings.Contains(f, "[2 Tickets]") && strings.Contains(f, "✗") && !strings.Contains(f, "✗ sign in")
		})
		if err := tm.Quit(); err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(10*time.Second)))
		if err != nil {
			t.Fatal(err)
		}
		assertNoToken(t, "a frame", out)
	})
}
