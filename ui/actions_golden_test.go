package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// startActions runs a console with an audit log at 120x34 and opens the detail of the first
// end user on the first page with requested tickets.
func startActions(t *testing.T, a *testAccount, edit func(*Options)) (*screen, *Model) {
	t.Helper()
	m := newActionModel(t, a, edit)
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(120, 34))
	s := &screen{t: t, tm: tm}
	s.waitText("100 users loaded · more")
	for range endUserWithTickets(t) {
		s.key("j")
	}
	s.key("enter")
	s.waitFrame("the user's requested tickets", func(f string) bool { return strings.Contains(f, "Requested tickets · 100 loaded") })
	return s, m
}

func (s *screen) typeKeys(keys ...string) {
	for _, k := range keys {
		s.key(k)
	}
}

// The whole flow as an operator goes through it: open a user, a, set-priority, urgent;
// the preview shows the tickets and the calls; y runs it with progress to the end; the
// Log shows the run; the user's tickets are urgent in Zendesk and on screen.
func TestActionFlowEndToEnd(t *testing.T) {
	a := newActionAccount(t)
	s, m := startActions(t, a, nil)
	s.key("a")
	s.waitFrame("the picker", func(f string) bool { return strings.Contains(f, "Action on ") && strings.Contains(f, "Set priority") })
	s.key("enter")
	s.waitFrame("the priorities", func(f string) bool { return strings.Contains(f, "Priority for ") })
	s.typeKeys("j", "j", "j", "enter")
	f := s.waitFrame("the preview", func(f string) bool { return strings.Contains(f, "Run it? y") })
	for _, want := range []string{"Set priority → urgent", "tickets change priority", "PUT /api/v2/tickets/update_many?ids=… × ", "GET /api/v2/job_statuses/show_many"} {
		if !strings.Contains(f, want) {
			t.Errorf("the preview lacks %q:\n%s", want, f)
		}
	}
	if writes(a) != 0 {
		t.Fatal("previewing wrote")
	}
	s.key("y")
	f = s.waitFrame("the end of the run", func(f string) bool { return strings.Contains(f, "Finished in") })
	if !strings.Contains(f, "100%") || !strings.Contains(f, " 0 failed") {
		t.Fatalf("the finished run:\n%s", f)
	}
	s.key("esc")
	s.key("6")
	f = s.waitFrame("the Log", func(f string) bool { return strings.Contains(f, "set-priority urgent") && strings.Contains(f, "done") })
	if !strings.Contains(f, "[6 Log]") {
		t.Fatalf("Log:\n%s", f)
	}
	// Back on the user: the rows the run changed were read again (no r needed).
	s.key("1")
	s.waitFrame("the changed rows", func(f string) bool {
		for _, l := range strings.Split(f, "\n") {
			if strings.Contains(l, "Requested tickets") {
				continue
			}
			if fs := strings.Fields(strings.TrimLeft(l, ">* ")); len(fs) > 0 && fs[0] == "1" {
				return strings.Contains(l, "urgent")
			}
		}
		return false
	})
	if err := s.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := s.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(probed).Model
	if final != m {
		t.Fatal("another model came back")
	}
	// Zendesk has the change, and the open user detail showed it without a reload key.
	ud := m.stacks[0][0].(*userDetail)
	urgent := 0
	for _, id := range requestedTickets(t, a, ud.userID) {
		st, _ := a.srv.Ticket(id)
		switch {
		case st.Status == "closed":
		case st.Priority != "urgent":
			t.Errorf("ticket %d is %s (%s)", id, st.Priority, st.Status)
		default:
			urgent++
		}
	}
	if urgent == 0 {
		t.Fatal("no ticket became urgent")
	}
	for _, r := range ud.pane.rows.list.rows {
		if r.status != "closed" && r.priority != "urgent" {
			t.Fatalf("the detail shows ticket %d as %q", r.id, r.priority)
		}
	}
}

// TestGoldenActions draws the action screens at 120x34 and compares them with
// testdata/TestGoldenActions/*.golden (-update rewrites them).
func TestGoldenActions(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Options)
		steps func(s *screen, a *testAccount)
		want  []string
	}{
		{name: "picker", steps: func(s *screen, _ *testAccount) { s.key("a") },
			want: []string{"Action on ", "Create ticket"}},
		{name: "picker_read_only", edit: func(o *Options) { o.ReadOnly = true }, steps: func(s *screen, _ *testAccount) { s.key("a") },
			want: []string{"Action on ", "read-only: destructive actions are hidden"}},
		{name: "preview_set_priority", steps: func(s *screen, _ *testAccount) {
			s.key("a")
			s.waitText("Set priority")
			s.key("enter")
			s.waitText("Priority for ")
			s.typeKeys("j", "j", "j", "enter")
		}, want: []string{"Set priority → urgent", "Run it? y"}},
		{name: "preview_delete_confirm", steps: func(s *screen, _ *testAccount) {
			s.key("a")
			s.waitText("Delete tickets")
			for range 6 {
				s.key("j")
			}
			s.key("enter")
			f := s.waitFrame("the DANGER preview", func(f string) bool { return strings.Contains(f, "and press enter to run it") })
			i := strings.Index(f, "Type ")
			email := strings.Fields(f[i+len("Type "):])[0]
			s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(email), Paste: true})
			s.waitFrame("the typed email", func(f string) bool { return strings.Contains(f, "> "+email) })
		}, want: []string{"DANGER", "This deletes"}},
		{name: "log", steps: func(s *screen, _ *testAccount) {
			s.key("a")
			s.waitText("Set priority")
			s.key("enter")
			s.waitText("Priority for ")
			s.typeKeys("j", "j", "j", "enter")
			s.waitText("Run it? y")
			s.key("y")
			s.waitText("Finished in")
			s.key("esc")
			s.key("6")
		}, want: []string{"[6 Log]", "set-priority urgent", "done"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAccount(t, sandbox.Options{JobDuration: 5 * time.Millisecond})
			s, _ := startActions(t, a, tc.edit)
			tc.steps(s, a)
			s.settle(a, tc.want...)
			if err := s.tm.Quit(); err != nil {
				t.Fatal(err)
			}
			view := s.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).View()
			checkFrame(t, view, 120, 34)
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}
