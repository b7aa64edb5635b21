package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// probed wraps the Model so a test can read its current frame on the program's own
// goroutine: a probeMsg is answered with View(). Everything else goes to the Model as is.
type probed struct{ *Model }

type probeMsg struct{ reply chan string }

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.Model.Update(msg) // a probe is a message like any other: the header re-reads the budget
	if pm, ok := msg.(probeMsg); ok {
		pm.reply <- p.Model.View()
	}
	return p, cmd
}

type screen struct {
	t  *testing.T
	tm *teatest.TestModel
}

// waitText waits until the program draws all of texts (after the last wait).
func (s *screen) waitText(texts ...string) {
	s.t.Helper()
	teatest.WaitFor(s.t, s.tm.Output(), func(b []byte) bool {
		for _, x := range texts {
			if !bytes.Contains(b, []byte(x)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// frame is what the program would draw now.
func (s *screen) frame() string {
	reply := make(chan string, 1)
	s.tm.Send(probeMsg{reply: reply})
	select {
	case f := <-reply:
		return f
	case <-time.After(10 * time.Second):
		s.t.Fatal("the program did not answer a probe")
		return ""
	}
}

// waitFrame polls the current frame until cond holds.
func (s *screen) waitFrame(what string, cond func(frame string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f := s.frame()
		if cond(f) {
			return f
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; the frame is:\n%s", what, f)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle waits until the frame shows texts and nothing is loading any more, then makes the
// header's request budget exact. Answers to concurrent requests can arrive in any order,
// and the client keeps the budget of the one it read last, so the test makes one request of
// its own once the UI's are done: its answer carries the lowest budget, limit minus every
// request the sandbox answered, and the header shows that on the next message.
func (s *screen) settle(a *testAccount, texts ...string) {
	s.t.Helper()
	s.waitFrame(strings.Join(texts, ", ")+" and nothing loading", func(f string) bool {
		for _, x := range texts {
			if !strings.Contains(f, x) {
				return false
			}
		}
		return !strings.Contains(f, "loading…")
	})
	if _, err := a.client.Users.Me(context.Background()); err != nil {
		s.t.Fatal(err)
	}
	budget := "API " + humanInt(testRateLimit-a.srv.Stats().Total) + "/" + humanInt(testRateLimit)
	s.waitFrame(budget, func(f string) bool { return strings.Contains(f, budget) })
}

func (s *screen) key(k string) { s.tm.Send(keyMsg(k)) }

// endUserWithTickets finds, on a twin of the test account (same seed, so the same data),
// the first user on the first page who requested a few tickets; asking the twin keeps the
// test account's request count, and so the header, as the UI alone makes it.
func endUserWithTickets(t *testing.T) int {
	twin := newTestAccount(t, sandbox.Options{})
	ctx := context.Background()
	page, err := twin.client.Users.List(zendesk.UserListOptions{}).Page(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range page.Items {
		if u.Role != "end-user" {
			continue
		}
		rel, err := twin.client.Users.Related(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rel.RequestedTickets >= 3 {
			return i
		}
	}
	t.Fatal("no end user with requested tickets on the first page")
	return 0
}

// TestGolden draws each view at 120x34 against a seeded sandbox and compares the final frame
// with testdata/TestGolden/*.golden (go test ./ui -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	cases := []struct {
		name  string
		steps func(s *screen)
		want  []string
	}{
		{name: "users", want: []string{"100 users loaded · more", "Sandbox Admin <"}},
		{name: "tickets", steps: func(s *screen) { s.key("2") }, want: []string{"[2 Tickets]", "100 tickets loaded · more"}},
		{name: "groups", steps: func(s *screen) { s.key("3") }, want: []string{"[3 Groups]", "all 8 groups"}},
		{name: "agents", steps: func(s *screen) { s.key("4") }, want: []string{"[4 Agents]", "agents", "Billing"}},
		{name: "organizations", steps: func(s *screen) { s.key("5") }, want: []string{"[5 Organizations]", "all 15 organizations"}},
		{name: "user_detail", steps: func(s *screen) {
			for range endUserWithTickets(s.t) {
				s.key("j")
			}
			s.key("enter")
		}, want: []string{"Users › ", "Requested tickets · 100 loaded", "Tickets        requested", "Identities     email", "Organizations  "}},
		{name: "ticket_detail", steps: func(s *screen) {
			s.key("2")
			s.waitText("100 tickets loaded · more")
			s.key("j")
			s.key("enter")
		}, want: []string{"Tickets › #2", "Description", "Requester     "}},
		{name: "help", steps: func(s *screen) { s.key("?") }, want: []string{"previous view", "organizations"}},
		{name: "search", steps: func(s *screen) {
			s.key("2")
			s.waitText("100 tickets loaded · more")
			s.key("/")
			s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("status:open"), Paste: true})
			s.key("enter")
		}, want: []string{"/ status:open", "of 325 loaded"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAccount(t, sandbox.Options{})
			m := newTestModel(t, a.client, nil)
			tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(120, 34))
			s := &screen{t: t, tm: tm}
			s.waitText("100 users loaded · more")
			if tc.steps != nil {
				tc.steps(s)
			}
			s.settle(a, tc.want...)
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			view := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).View()
			checkFrame(t, view, 120, 34)
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}
