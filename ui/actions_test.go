package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
)

// space marks the row under the cursor and moves down; V marks every loaded row (again:
// unmarks them); the marks show in the rows and the info line; esc clears them once no
// search is left to close; a acts on them.
func TestMarkingInLists(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)

	d.key("2")
	tv := d.tickets()
	d.key(" ", " ", "j", " ")
	if got := tv.marks.sorted(); !slices.Equal(got, []int64{tv.all.list.rows[0].id, tv.all.list.rows[1].id, tv.all.list.rows[3].id}) {
		t.Fatalf("marked %v", got)
	}
	if tv.all.table.Cursor() != 4 {
		t.Fatalf("space moves down: cursor %d", tv.all.table.Cursor())
	}
	v := d.view()
	if !strings.Contains(v, "3 marked · 100 tickets loaded") {
		t.Fatalf("the info line does not count the marks:\n%s", v)
	}
	if n := strings.Count(v, "\n *"); n != 3 {
		t.Fatalf("%d rows show a mark, want 3:\n%s", n, v)
	}
	d.key(" ", "k") // back on the row just marked: marked and under the cursor
	if !strings.Contains(d.view(), "\n>*") {
		t.Fatalf("a marked row under the cursor shows both:\n%s", d.view())
	}

	// a on a selection: ticket actions only, on the marked tickets.
	d.key("a")
	f := d.m.flow
	if f == nil || len(f.target.ticketIDs) != 4 {
		t.Fatalf("a opened %+v", f)
	}
	for _, s := range f.specs {
		if !s.Targets.Tickets {
			t.Errorf("the picker offers %s for a ticket selection", s.ID)
		}
	}
	if !strings.Contains(d.view(), "Action on 4 selected tickets") {
		t.Fatalf("picker:\n%s", d.view())
	}
	d.key("esc")
	if d.m.flow != nil {
		t.Fatal("esc did not close the picker")
	}

	// V marks all loaded rows, and again unmarks them.
	d.key("V")
	if tv.marks.count() != 100 {
		t.Fatalf("V marked %d", tv.marks.count())
	}
	d.key("V")
	if tv.marks.count() != 0 {
		t.Fatalf("V again left %d marked", tv.marks.count())
	}

	// Marks survive a search; esc closes the search first, then clears the marks.
	d.key(" ", " ")
	d.key("/")
	d.typeText("status:open")
	d.key("enter")
	if !tv.searching || tv.marks.count() != 2 {
		t.Fatalf("searching %v, %d marked", tv.searching, tv.marks.count())
	}
	d.key(" ")
	if tv.marks.count() != 3 {
		t.Fatalf("marking a search result: %d marked", tv.marks.count())
	}
	d.key("esc")
	if tv.searching || tv.marks.count() != 3 {
		t.Fatalf("esc: searching %v, %d marked; the search closes, the marks stay", tv.searching, tv.marks.count())
	}
	d.key("esc")
	if tv.marks.count() != 0 {
		t.Fatalf("esc with nothing to close left %d marks", tv.marks.count())
	}
	if strings.Contains(d.view(), "marked") {
		t.Fatalf("the info line still counts marks:\n%s", d.view())
	}

	// Users: marked users get the user-selection actions (suspend, restore).
	d.key("1", "j", " ", " ")
	uv := d.users()
	if uv.marks.count() != 2 {
		t.Fatalf("%d users marked", uv.marks.count())
	}
	d.key("a")
	f = d.m.flow
	if f == nil || len(f.target.userIDs) != 2 {
		t.Fatalf("a on marked users opened %+v", f)
	}
	var ids []actions.ActionID
	for _, s := range f.specs {
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []actions.ActionID{actions.SuspendUser, actions.RestoreUser}) {
		t.Fatalf("user selection actions: %v", ids)
	}
	d.key("esc", "esc")
	// Without marks, a acts on the user under the cursor: every user action.
	d.key("a")
	if f = d.m.flow; f == nil || f.target.user == nil || f.target.user.id != uv.all.list.rows[uv.all.table.Cursor()].id {
		t.Fatalf("a on the cursor user opened %+v", f)
	}
	// Every action on a user that the console has a form or list for (update-ticket works
	// on one ticket, the organization actions on none).
	want := 0
	for _, s := range actions.Catalog() {
		if s.Targets.User && (len(s.Needs) == 0 || hasParamsHere(s.ID)) {
			want++
		}
	}
	if len(f.specs) != want || want < 14 {
		t.Fatalf("a user gets %d actions, want %d", len(f.specs), want)
	}
}

// In a user's detail, space marks requested tickets; a then acts on those tickets of the
// user, and without marks on the user.
func TestMarkingInUserDetail(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	ud := d.openUser(uid)
	d.key(" ", " ")
	if ud.marks.count() != 2 {
		t.Fatalf("%d marked", ud.marks.count())
	}
	if !strings.Contains(d.view(), "· 2 marked") {
		t.Fatalf("the section line does not count the marks:\n%s", d.view())
	}
	d.key("a")
	f := d.m.flow
	if f == nil || f.target.user == nil || f.target.user.id != uid || len(f.target.ticketIDs) != 2 {
		t.Fatalf("a in the detail opened %+v", f)
	}
	if !strings.Contains(d.view(), "2 selected tickets of ") {
		t.Fatalf("picker title:\n%s", d.view())
	}
	d.key("esc")
	d.key("V") // all loaded: again unmarks
	d.key("V")
	if ud.marks.count() != 0 {
		t.Fatalf("V V left %d marked", ud.marks.count())
	}
	d.key("a")
	if f := d.m.flow; f == nil || len(f.target.ticketIDs) != 0 || f.target.user.id != uid {
		t.Fatalf("a without marks opened %+v", f)
	}
}

// The whole set-priority flow with Update alone: picker, priority, preview (tickets, skips,
// calls), confirm, run, result; then the tickets are urgent, the rows and the open detail
// show it, and the Log has the run.
func TestSetPriorityFlow(t *testing.T) {
	a := newActionAccount(t)
	m := newActionModel(t, a, nil)
	d := newDriver(t, m, 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	ud := d.openUser(uid)
	d.key("a")
	d.pickAction("Set priority")
	d.chooseValue("urgent")
	f := d.m.flow
	if f.stage != stagePreview {
		t.Fatalf("stage %d after choosing urgent:\n%s", f.stage, d.view())
	}
	plan := f.preview.plan
	if len(plan.Changes) == 0 {
		t.Fatalf("nothing to change for user %d", uid)
	}
	v := d.view()
	for _, want := range []string{"Set priority → urgent", "Target   ", humanInt(len(plan.Changes)) + " tickets change priority",
		"PUT /api/v2/tickets/update_many?ids=… × ", `{"ticket":{"priority":"urgent"}}`, "GET /api/v2/job_statuses/show_many", "Run it? y"} {
		if !strings.Contains(v, want) {
			t.Errorf("the preview lacks %q:\n%s", want, v)
		}
	}
	if writes(a) != 0 {
		t.Fatal("the preview wrote")
	}
	d.key("y")
	if f.stage != stageRun || !f.run.done {
		t.Fatalf("after y: stage %d, run done %v", f.stage, f.run != nil && f.run.done)
	}
	if r := f.run.res; r == nil || r.Succeeded != len(plan.Changes) || r.Failed != 0 {
		t.Fatalf("result %+v, err %v", f.run.res, f.run.err)
	}
	if v := d.view(); !strings.Contains(v, "Finished") || !strings.Contains(v, "100%") {
		t.Fatalf("the finished run:\n%s", v)
	}
	for _, c := range plan.Changes {
		if st, _ := a.srv.Ticket(c.ID); st.Priority != "urgent" {
			t.Fatalf("ticket %d is %q", c.ID, st.Priority)
		}
	}
	// The open detail's rows were read again.
	for _, r := range ud.pane.rows.list.rows {
		for _, c := range plan.Changes {
			if r.id == c.ID && r.priority != "urgent" {
				t.Fatalf("the detail still shows ticket %d as %q", r.id, r.priority)
			}
		}
	}
	d.key("esc")
	if d.m.flow != nil {
		t.Fatal("esc did not close the finished run")
	}
	d.key("6")
	lv := d.m.log()
	if len(lv.rows) != 1 || lv.rows[0].run == nil || lv.rows[0].state != "done" {
		t.Fatalf("the Log has %+v", lv.rows)
	}
	if v := d.view(); !strings.Contains(v, "set-priority urgent") || !strings.Contains(v, "done") {
		t.Fatalf("Log:\n%s", v)
	}
	// enter shows the run's outcomes; u offers its undo, which puts the priorities back.
	d.key("enter")
	if _, ok := d.m.top().(*runDetail); !ok || !strings.Contains(d.view(), "Outcomes") {
		t.Fatalf("enter on a run:\n%s", d.view())
	}
	d.key("u")
	if f := d.m.flow; f == nil || f.kind != flowUndo || f.stage != stagePreview {
		t.Fatalf("u did not preview the undo:\n%s", d.view())
	}
	if !strings.Contains(d.view(), "Undo of: Set priority → urgent") {
		t.Fatalf("undo preview:\n%s", d.view())
	}
	d.key("y")
	for _, c := range plan.Changes {
		if st, _ := a.srv.Ticket(c.ID); st.Priority != c.BeforeValue {
			t.Fatalf("after the undo ticket %d is %q, was %q", c.ID, st.Priority, c.BeforeValue)
		}
	}
	d.key("esc")
	if len(lv.rows) != 2 || lv.rows[0].run.UndoOf == "" || lv.rows[1].state != "undone" {
		t.Fatalf("the Log after the undo: %+v", lv.rows)
	}
}

// A destructive action asks for the phrase: a wrong one cancels and writes nothing.
func TestDeleteNeedsTypedEmail(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, email := a.srv.SampleUser("end-user")
	before := requestedTickets(t, a, uid)
	d.openUser(uid)
	d.key("a")
	d.pickAction("Delete tickets")
	f := d.m.flow
	if f.stage != stagePreview || !f.preview.typed() || f.preview.plan.ConfirmPhrase != email {
		t.Fatalf("delete preview: stage %d, typed %v\n%s", f.stage, f.preview.typed(), d.view())
	}
	v := d.view()
	for _, want := range []string{"DANGER", "Type " + email, "DELETE /api/v2/tickets/destroy_many?ids=…", "restored from Deleted tickets for 30 days"} {
		if !strings.Contains(v, want) {
			t.Errorf("the destructive preview lacks %q:\n%s", want, v)
		}
	}
	// y and q type into the confirmation; they neither run nor quit.
	d.key("y", "q")
	if f.closed || d.quit || f.preview.confirm.Value() != "yq" {
		t.Fatalf("y q: closed %v, quit %v, typed %q", f.closed, d.quit, f.preview.confirm.Value())
	}
	d.key("enter")
	if d.m.flow != nil || !strings.Contains(d.view(), "cancelled: confirmation did not match") {
		t.Fatalf("a wrong phrase:\n%s", d.view())
	}
	if n := writes(a); n != 0 {
		t.Fatalf("a cancelled delete made %d write requests", n)
	}
	if after := requestedTickets(t, a, uid); !slices.Equal(before, after) {
		t.Fatalf("tickets changed: %v -> %v", before, after)
	}

	d.key("a")
	d.pickAction("Delete tickets")
	d.paste(email)
	d.key("enter")
	f = d.m.flow
	if f == nil || f.run == nil || !f.run.done || f.run.res == nil || f.run.res.Succeeded != len(before) {
		t.Fatalf("the right phrase: %+v\n%s", f, d.view())
	}
	for _, id := range before {
		if st, _ := a.srv.Ticket(id); !st.Deleted {
			t.Fatalf("ticket %d not deleted", id)
		}
	}
}

// Read-only hides the destructive actions and says so; a destructive plan reached another
// way (closing tickets) cannot run.
func TestReadOnlyHidesDestructive(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, func(o *Options) { o.ReadOnly = true }), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	f := d.m.flow
	for _, s := range f.specs {
		if s.Danger {
			t.Errorf("read-only offers %s", s.ID)
		}
	}
	if len(f.hidden) != 3 {
		t.Fatalf("hidden: %v", f.hidden)
	}
	v := d.view()
	if !strings.Contains(v, "read-only: destructive actions are hidden (suspend user, delete tickets, mark tickets as spam)") {
		t.Fatalf("the picker does not say what read-only hides:\n%s", v)
	}
	for _, gone := range []string{"Delete tickets", "Mark tickets as spam", "Suspend user"} {
		if strings.Contains(v, gone) {
			t.Errorf("read-only shows %q", gone)
		}
	}
	d.pickAction("Set status")
	d.chooseValue("closed")
	if p := d.m.flow.preview; p == nil || !p.plan.Danger || p.blocked == "" {
		t.Fatalf("closing tickets in read-only:\n%s", d.view())
	}
	d.key("y", "enter")
	if n := writes(a); n != 0 {
		t.Fatalf("read-only wrote %d times", n)
	}
}

// Read-only writes nothing: an action that is not destructive still shows its preview, so
// the operator sees what it would do, but it cannot run.
func TestReadOnlyPreviewsButDoesNotRun(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, func(o *Options) { o.ReadOnly = true }), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	d.pickAction("Set priority")
	d.chooseValue("urgent")
	p := d.m.flow.preview
	if p == nil || !strings.Contains(p.blocked, "read-only") {
		t.Fatalf("set-priority in read-only:\n%s", d.view())
	}
	if !strings.Contains(d.view(), "read-only: zdops writes nothing") {
		t.Fatalf("the preview does not say why it cannot run:\n%s", d.view())
	}
	d.key("y", "enter")
	if n := writes(a); n != 0 {
		t.Fatalf("read-only wrote %d times", n)
	}
}

// ctrl+c during a run asks before stopping it; n lets it go on, y stops it between
// batches. The stopped run is interrupted in the Log, and R resumes it.
func TestCtrlCDuringRun(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	d.pickAction("Set priority")
	d.chooseValue("urgent")
	run := d.update(keyMsg("y")) // the run's Cmd, held: the run is under way but not done
	f := d.m.flow
	rs := f.run
	if rs == nil || rs.done || activeRuns(d.m.pc).active != 1 {
		t.Fatal("no run in progress")
	}
	if !strings.Contains(d.view(), "1 run in progress 0%") {
		t.Fatalf("no run indicator:\n%s", d.view())
	}
	d.key("ctrl+c")
	if d.quit || d.m.ask == nil || !strings.Contains(d.view(), "stop between batches? y/n") {
		t.Fatalf("ctrl+c during a run:\n%s", d.view())
	}
	d.key("j") // other keys wait for the answer
	if d.m.ask == nil {
		t.Fatal("j answered the question")
	}
	d.key("n")
	if d.m.ask != nil || rs.stopping || d.quit {
		t.Fatalf("n: ask %v, stopping %v", d.m.ask, rs.stopping)
	}
	// q asks too, rather than leaving the run cut off.
	d.key("q")
	if d.quit || d.m.ask == nil || !strings.Contains(d.view(), "stop between batches and quit? y/n") {
		t.Fatalf("q during a run:\n%s", d.view())
	}
	d.key("esc")
	d.key("ctrl+c", "y")
	if !rs.stopping || d.quit {
		t.Fatalf("y: stopping %v, quit %v", rs.stopping, d.quit)
	}
	d.run(run)
	if !rs.done || rs.res == nil || !rs.res.Interrupted {
		t.Fatalf("the stopped run: %+v, %v", rs.res, rs.err)
	}
	if writes(a) != 0 {
		t.Fatal("a run stopped before its first batch wrote")
	}
	if !strings.Contains(d.view(), "Interrupted") {
		t.Fatalf("the progress view:\n%s", d.view())
	}
	d.key("esc", "6")
	lv := d.m.log()
	if len(lv.rows) != 1 || lv.rows[0].state != "interrupted" {
		t.Fatalf("Log rows %+v", lv.rows)
	}
	d.key("R")
	if f := d.m.flow; f == nil || f.kind != flowResume || f.stage != stagePreview {
		t.Fatalf("R:\n%s", d.view())
	}
	d.key("y")
	f = d.m.flow
	if f.run == nil || !f.run.done || f.run.res == nil || f.run.res.Interrupted || f.run.res.Succeeded != len(rs.plan.Changes) {
		t.Fatalf("the resumed run: %+v %v", f.run.res, f.run.err)
	}
	for _, c := range rs.plan.Changes {
		if st, _ := a.srv.Ticket(c.ID); st.Priority != "urgent" {
			t.Fatalf("ticket %d is %q after the resume", c.ID, st.Priority)
		}
	}
	d.key("esc")
	if lv.rows[0].state != "done (resumed)" {
		t.Fatalf("Log after the resume: %+v", lv.rows[0])
	}
	// With nothing running, ctrl+c quits.
	d.key("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c with nothing running did not quit")
	}
}

// esc during a run leaves it going in the background: the events are still read, the tab
// bar says so, and the Log can show its progress again.
func TestEscLeavesRunInBackground(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	d.pickAction("Set priority")
	d.chooseValue("high")
	run := d.update(keyMsg("y"))
	rs := d.m.flow.run
	d.key("esc")
	if d.m.flow != nil {
		t.Fatal("esc did not close the progress view")
	}
	if v := d.view(); !strings.Contains(v, "1 run in progress") || !strings.Contains(v, "goes on in the background") {
		t.Fatalf("no sign of the run in the background:\n%s", v)
	}
	if rs.stopping {
		t.Fatal("esc stopped the run")
	}
	// Keys work as usual meanwhile.
	d.key("j")
	d.key("6")
	lv := d.m.log()
	if len(lv.rows) == 0 || !strings.Contains(d.view(), "running 0%") {
		t.Fatalf("the Log does not show the run in progress:\n%s", d.view())
	}
	// enter watches it again. (Its spinner ticks until the run ends, which the run's held
	// Cmd decides here, so the ticks are not run.)
	for _, msg := range collect(d.update(keyMsg("enter"))) {
		d.update(msg)
	}
	if f := d.m.flow; f == nil || f.kind != flowWatch || f.run != rs {
		t.Fatalf("enter on a run in progress:\n%s", d.view())
	}
	d.key("esc")
	d.run(run)
	if !rs.done || rs.res == nil || rs.res.Interrupted {
		t.Fatalf("the background run: %+v %v", rs.res, rs.err)
	}
	if v := d.view(); strings.Contains(v, "run in progress") || !strings.Contains(v, "done: set-priority high") {
		t.Fatalf("after the run:\n%s", v)
	}
	if lv.rows[0].run == nil || lv.rows[0].state != "done" {
		t.Fatalf("Log %+v", lv.rows[0])
	}
}

// The feed never blocks the runner: with nobody reading, a flood of events is folded into
// one snapshot, and every failure and the end are kept.
func TestRunFeedNeverBlocks(t *testing.T) {
	f := newRunFeed()
	done := make(chan struct{})
	go func() {
		for i := range 100000 {
			f.sink(actions.Event{Kind: actions.EventTicketDone, TicketID: int64(i), Done: i + 1, Total: 100000})
			if i%1000 == 0 {
				f.sink(actions.Event{Kind: actions.EventTicketFailed, TicketID: int64(i), Reason: "closed", Done: i + 1, Failed: i/1000 + 1, Total: 100000})
			}
		}
		f.finish(&actions.Result{Succeeded: 99900, Failed: 100}, nil)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the sink blocked with nobody reading")
	}
	msg := f.wait(t.Context(), "r")().(runMsg)
	if !msg.done || msg.prog.done != 100000 || msg.prog.failed != 100 || len(msg.events) != 100 {
		t.Fatalf("drained: done %v, progress %+v, %d events kept", msg.done, msg.prog, len(msg.events))
	}
}

// The action screens fit 80x24 too.
func TestActionScreensFit80x24(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 80, 24)
	check := func(what string) {
		t.Helper()
		f := d.view()
		checkFrame(t, f, 80, 24)
		if n := strings.Count(f, "\n") + 1; n != 24 {
			t.Errorf("%s: %d lines, want 24:\n%s", what, n, f)
		}
	}
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	check("picker")
	d.pickAction("Assign to agent")
	check("agent list")
	d.typeText("a")
	check("filtered agents")
	d.key("esc")
	d.pickAction("Create ticket")
	check("form")
	d.key("ctrl+s")
	check("create preview")
	d.key("esc", "esc")
	d.pickAction("Mark tickets as spam")
	check("spam preview")
	d.key("esc")
	d.pickAction("Set priority")
	d.chooseValue("low")
	check("preview")
	run := d.update(keyMsg("y"))
	check("progress")
	d.key("ctrl+c")
	check("stop question")
	d.key("n")
	d.run(run)
	check("finished")
	d.key("esc", "6")
	check("log")
	d.key("enter")
	check("run detail")
	d.key("?")
	check("help")
	for _, size := range [][2]int{{40, 10}, {20, 5}} {
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		checkFrame(t, d.view(), size[0], size[1])
	}
}

// The new bindings rebind like the others; confirm may not share a key with what a preview
// does, nor deny with confirm; space is spelled "space".
func TestActionKeyRebinding(t *testing.T) {
	a := newActionAccount(t)
	m := newActionModel(t, a, func(o *Options) {
		o.Keys = map[string][]string{"mark": {"space", "M"}, "action": {"x"}, "deny": {"j"}}
	})
	d := newDriver(t, m, 120, 34)
	d.key("2", "M", " ")
	if n := d.tickets().marks.count(); n != 2 {
		t.Fatalf("M and space marked %d", n)
	}
	d.key("a")
	if d.m.flow != nil {
		t.Fatal("a still opens the picker after action was rebound to x")
	}
	d.key("x")
	if d.m.flow == nil {
		t.Fatal("x does not open the picker")
	}
	d.key("esc", "?")
	if !strings.Contains(d.view(), "space/M mark") || !strings.Contains(d.view(), "x       action") {
		t.Fatalf("the full help does not show the bound keys:\n%s", d.view())
	}
	for name, keys := range map[string]map[string][]string{
		"confirm like down":   {"confirm": {"j"}},
		"confirm like open":   {"confirm": {"enter"}},
		"deny like confirm":   {"deny": {"y"}},
		"submit_form printed": {"submit_form": {"s"}},
		"next_field ctrl+c":   {"next_field": {"ctrl+c"}},
	} {
		if _, err := New(Options{Client: a.client, Keys: keys}); err == nil {
			t.Errorf("%s: New accepted %v", name, keys)
		}
	}
	for _, n := range []string{"action", "mark", "mark_all", "undo", "resume", "confirm", "deny", "view_log"} {
		if !slices.Contains(KeyNames(), n) {
			t.Errorf("KeyNames lacks %q", n)
		}
	}
}

// A shutdown signal (main turns SIGTERM and SIGHUP into ShutdownMsg) stops runs between
// batches and then quits, as a confirmed ctrl+c does: no question, nothing cut off.
func TestShutdownDuringRun(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	d.openUser(uid)
	d.key("a")
	d.pickAction("Set priority")
	d.chooseValue("urgent")
	run := d.update(keyMsg("y"))
	rs := d.m.flow.run
	if rs == nil || rs.done {
		t.Fatal("no run in progress")
	}
	d.send(ShutdownMsg{})
	if !rs.stopping || d.quit {
		t.Fatalf("shutdown: stopping %v, quit before the run ended %v", rs.stopping, d.quit)
	}
	d.run(run)
	if !rs.done || rs.res == nil || !rs.res.Interrupted || !d.quit {
		t.Fatalf("after shutdown: done %v, result %+v, quit %v", rs.done, rs.res, d.quit)
	}
}
