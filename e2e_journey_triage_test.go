package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestTmuxJourneyTriageByKeyboard triages by keyboard alone: in the Tickets tab, mark five
// tickets spread over the list (space, moving with j, ctrl+d, G and k), assign them to a
// group (the preview says 5 tickets and where each goes), watch the run finish, then open
// that group in the Groups tab and find the five tickets there.
func TestTmuxJourneyTriageByKeyboard(t *testing.T) {
	needTerminal(t) // skip before setting anything up
	tw := newTwin(t)
	groups := tw.groups(t)

	term := startTerminal(t)
	term.waitFor("first screen", "users loaded")
	term.press("2", "tickets tab", "[2 Tickets]", "100 tickets loaded · more", "1/100")

	type markedTicket struct {
		id      int64
		subject string
		group   int64
	}
	var marked []markedTicket
	isMarked := func(id int64) bool {
		return slices.ContainsFunc(marked, func(m markedTicket) bool { return m.id == id })
	}
	// move presses a movement key and waits until the cursor has left the row it was on.
	move := func(k string) {
		t.Helper()
		from := cursorID(term.screen())
		term.keys(k)
		term.waitUntil("move with "+k, func(s string) bool { id := cursorID(s); return id != 0 && id != from }, "the cursor moved by "+k)
	}
	// mark marks the ticket under the cursor, first stepping (with step, j or k) past the
	// ones a person would leave alone: closed tickets, which cannot be changed, and the ones
	// marked already. Space marks the row and moves the cursor down.
	mark := func(step string) {
		t.Helper()
		for {
			id := cursorID(term.screen())
			tk, ok := tw.Ticket(id)
			if !ok {
				t.Fatalf("the cursor is on ticket %d, which the account does not have", id)
			}
			if tk.Status != "closed" && !isMarked(id) {
				s := term.screen()
				title, row, _ := tableRow(s, id)
				marked = append(marked, markedTicket{id: id, subject: cell(title, row, "Subject"), group: tk.GroupID})
				break
			}
			move(step)
		}
		id := marked[len(marked)-1].id
		term.keys("Space")
		s := term.waitFor("mark", fmt.Sprintf("%d marked", len(marked)))
		if _, row, ok := tableRow(s, id); !ok || row[1] != '*' {
			t.Fatalf("ticket %d is not shown marked (*):\n%s", id, s)
		}
	}

	mark("j") // the first row
	move("j")
	mark("j")   // two rows on
	move("C-d") // ctrl+d, as tmux names it
	mark("j")   // half a page down
	move("G")
	// The end of the list loads the next page; marking waits for it, so that the cursor
	// goes on from where the person sees it.
	term.waitFor("next page", "200 tickets loaded")
	mark("k") // the end of the first page
	move("k")
	move("k")
	mark("k") // a little above it
	if len(marked) != 5 {
		t.Fatalf("marked %d tickets, want 5", len(marked))
	}

	// A group none of them is in yet, so that every one of them changes.
	var target struct {
		id   int64
		name string
	}
	for _, g := range groups {
		if !slices.ContainsFunc(marked, func(m markedTicket) bool { return m.group == g.ID }) {
			target.id, target.name = g.ID, g.Name
			break
		}
	}
	if target.id == 0 {
		t.Fatalf("the five tickets are in all %d groups", len(groups))
	}
	dest := fmt.Sprintf("%s (#%d)", target.name, target.id)
	t.Logf("marked tickets %v; assigning them to %s", marked, dest)

	// Assign group: the picker, the group, the preview with the five tickets.
	term.press("a", "action picker", "Action on 5 selected tickets", "Assign to group")
	if s := term.pickerDown("action picker", 4); !strings.Contains(cursorRow(s), "Assign to group") {
		t.Fatalf("the picker's cursor is not on Assign to group:\n%s", s)
	}
	term.press("Enter", "group picker", "Group to assign", target.name)
	term.typeText(target.name)
	term.waitUntil("group filtered", func(s string) bool { return cursorName(s) == target.name }, target.name+" under the cursor")
	s := term.press("Enter", "preview", "Assign to group → "+dest, "Target   5 selected tickets", "Affects  5 tickets change group", "Run it?")
	if strings.Contains(s, "skipped") {
		t.Fatalf("the preview skips some of the five:\n%s", s)
	}
	for _, m := range marked {
		if after := term.ticketCell("preview", s, m.id, "After"); !strings.HasPrefix(after, target.name) {
			t.Fatalf("preview: ticket %d goes to %q, want %s:\n%s", m.id, after, dest, s)
		}
	}
	term.press("y", "run", "Finished: assign-group", "5 of 5 done", "0 failed")
	term.press("Escape", "tickets tab", "[2 Tickets]")

	// The group's view lists the five tickets (newest update first: at the top).
	term.press("3", "groups tab", "[3 Groups]", target.name)
	for cursorName(term.screen()) != target.name {
		move("j")
	}
	s = term.press("Enter", "group detail", "Groups › "+target.name, "Tickets not closed")
	s = term.waitUntil("group's tickets", func(s string) bool {
		_, _, ok := tableRow(s, marked[0].id)
		return ok
	}, "the marked tickets in the group")
	for _, m := range marked {
		title, row, ok := tableRow(s, m.id)
		if !ok {
			t.Fatalf("the group's view does not list ticket %d:\n%s", m.id, s)
		}
		if got := cell(title, row, "Subject"); got != m.subject {
			t.Fatalf("the group's view shows ticket %d as %q, the Tickets tab as %q:\n%s", m.id, got, m.subject, s)
		}
	}
	term.keys("q")
	term.waitExit()

	runs := auditRuns(t, term.auditLog())
	if len(runs) != 1 || runs[0].action != "assign-group" || runs[0].succeeded != 5 || runs[0].failed != 0 {
		t.Fatalf("the audit log holds %+v, want one assign-group run with 5 succeeded", runs)
	}
}
