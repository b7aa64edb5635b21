package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// newActionAccount is a test account whose bulk jobs finish almost at once.
func newActionAccount(t testing.TB) *testAccount {
	return newTestAccount(t, sandbox.Options{JobDuration: 5 * time.Millisecond})
}

// newActionModel is a console with an audit log in a temporary directory, polling jobs
// every few milliseconds; edit changes its options.
func newActionModel(t testing.TB, a *testAccount, edit func(*Options)) *Model {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	audit, err := actions.OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = audit.Close() })
	opts := Options{
		Client:  a.client,
		Profile: "sandbox",
		Sandbox: true,
		Account: "sandbox (test)",
		Now:     func() time.Time { return testNow },
		Audit:   audit,
	}
	if edit != nil {
		edit(&opts)
	}
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	m.pc.pollEvery = 5 * time.Millisecond
	return m
}

// openUser opens the detail of the user with id on the Users tab.
func (d *driver) openUser(id int64) *userDetail {
	d.t.Helper()
	d.send(openMsg{from: d.users().id, kind: userDetailKind, id: id, title: "user"})
	s := d.m.stacks[0]
	ud, ok := s[len(s)-1].(*userDetail)
	if !ok || ud.user == nil {
		d.t.Fatalf("user %d did not open", id)
	}
	return ud
}

// pickAction moves the picker to the action titled title and chooses it.
func (d *driver) pickAction(title string) {
	d.t.Helper()
	f := d.m.flow
	if f == nil || f.stage != stagePick {
		d.t.Fatalf("no action picker open:\n%s", d.view())
	}
	for i, s := range f.specs {
		if s.Title == title {
			f.picker.setCursor(i)
			d.key("enter")
			return
		}
	}
	d.t.Fatalf("the picker has no %q:\n%s", title, d.view())
}

// chooseValue picks value from the flow's parameter list.
func (d *driver) chooseValue(value string) {
	d.t.Helper()
	c := d.m.flow.choice
	for i, k := range c.shown {
		if c.items[k].value == value {
			c.setCursor(i)
			d.key("enter")
			return
		}
	}
	d.t.Fatalf("no %q to choose:\n%s", value, d.view())
}

// writes counts the write requests the sandbox answered.
func writes(a *testAccount) int {
	n := 0
	for route, c := range a.srv.Stats().ByRoute {
		if strings.HasPrefix(route, "PUT ") || strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "DELETE ") {
			n += c
		}
	}
	return n
}

// requestedTickets lists the ids of a user's requested tickets, as the sandbox has them.
func requestedTickets(t testing.TB, a *testAccount, userID int64) []int64 {
	t.Helper()
	var ids []int64
	for i := int64(1); ; i++ {
		st, ok := a.srv.Ticket(i)
		if !ok {
			break
		}
		if st.RequesterID == userID && !st.Deleted {
			ids = append(ids, i)
		}
	}
	return ids
}
