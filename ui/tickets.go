package ui

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/zdops/zdops/zendesk"
)

// ticketRow is what a tickets table shows of a ticket.
type ticketRow struct {
	id          int64
	subject     string
	status      string // interned
	priority    string // interned
	requesterID int64
	requester   string // the requester's name when it was cheap to learn, shared with the name cache
	updated     int64
}

func internWord(s string, words ...string) string {
	for _, w := range words {
		if s == w {
			return w
		}
	}
	return sanitizeLine(s)
}

func ticketRowOf(t *zendesk.Ticket) ticketRow {
	return ticketRow{
		id:          t.ID,
		subject:     sanitizeLine(t.Subject),
		status:      internWord(t.Status, "new", "open", "pending", "hold", "solved", "closed"),
		priority:    internWord(t.Priority, "low", "normal", "high", "urgent", ""),
		requesterID: t.RequesterID,
		updated:     unixTime(t.UpdatedAt),
	}
}

func ticketStatusColour(st *theme, v string) (lipgloss.Style, bool) {
	s, ok := st.TicketStat[v]
	return s, ok
}

var ticketCols = []column{
	{title: "ID", min: 6, max: 8, right: true},
	{title: "Subject", min: 16, flex: 5},
	{title: "Status", min: 7, max: 7, colour: ticketStatusColour},
	{title: "Priority", min: 8, max: 8},
	{title: "Requester", min: 12, flex: 2, max: 28},
	{title: "Updated", min: 9, max: 9},
}

func ticketCells(pc *programContext, r *ticketRow, c []string) {
	c[0] = strconv.FormatInt(r.id, 10)
	c[1], c[2], c[3] = r.subject, r.status, r.priority
	c[4] = r.requester
	if c[4] == "" {
		c[4] = idText(r.requesterID)
	}
	c[5] = relTime(fromUnix(r.updated), pc.now())
}

// ticketsFetch reads tickets and names their requesters: one show_many per page for the
// requesters not yet known this session, which is cheap next to what a name is worth to the
// operator. If that lookup fails the ids are shown instead; the page itself still counts.
func ticketsFetch(pc *programContext, pages zendesk.Pages[zendesk.Ticket], limit int) fetchFunc[ticketRow] {
	base := pagesFetch(pages, limit, ticketRowOf)
	client, names := pc.client, pc.userNames
	return func(ctx context.Context, next string) (rowPage[ticketRow], error) {
		page, err := base(ctx, next)
		if err != nil {
			return page, err
		}
		nameRequesters(ctx, client, names, page.rows)
		return page, nil
	}
}

func nameRequesters(ctx context.Context, client *zendesk.Client, names *nameCache, rows []ticketRow) {
	var unknown []int64
	seen := map[int64]bool{}
	for i := range rows {
		id := rows[i].requesterID
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		if _, ok := names.get(id); !ok {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		if users, err := client.Users.ShowMany(ctx, unknown); err == nil {
			for i := range users {
				names.put(users[i].ID, sanitizeLine(users[i].Name))
			}
		}
	}
	for i := range rows {
		if n, ok := names.get(rows[i].requesterID); ok {
			rows[i].requester = n
		}
	}
}

func openTicket(from compID, r *ticketRow) tea.Cmd {
	return openCmd(from, ticketDetailKind, r.id, "#"+strconv.FormatInt(r.id, 10)+" "+r.subject)
}

func newTicketsView(pc *programContext) *listView[ticketRow] {
	return newListView(pc, &listSpec[ticketRow]{
		title:       "Tickets",
		noun:        "tickets",
		placeholder: "Zendesk search syntax: status<solved priority:high printer",
		cols:        ticketCols,
		list: func(pc *programContext) fetchFunc[ticketRow] {
			return ticketsFetch(pc, pc.client.Tickets.List(), 0)
		},
		search: func(pc *programContext, q string) searchPlan[ticketRow] {
			return searchPlan[ticketRow]{fetch: ticketsFetch(pc, pc.client.Search.Tickets(q), zendesk.SearchLimit)}
		},
		cells:    ticketCells,
		open:     openTicket,
		idOf:     ticketRowID,
		markable: true,
		action:   ticketsTarget,
		kind:     "ticket",
		refetch:  refetchTickets,
		gone:     ticketGone,
	})
}

func ticketRowID(r *ticketRow) int64 { return r.id }

// ticketsTarget is what a opens the action picker on in a tickets table: the marked
// tickets, or the one under the cursor.
func ticketsTarget(r *ticketRow, marked []int64) (actionTarget, bool) {
	if len(marked) > 0 {
		return actionTarget{ticketIDs: marked}, true
	}
	if r == nil {
		return actionTarget{}, false
	}
	return actionTarget{ticketIDs: []int64{r.id}}, true
}

// ticketGone marks a row whose ticket no longer exists (deleted by a run).
func ticketGone(r *ticketRow) { r.status = "deleted" }

// refetchTickets reads tickets again by id (show_many, 100 a request) and names their
// requesters from the session's cache.
func refetchTickets(pc *programContext, ids []int64) func(ctx context.Context) ([]ticketRow, error) {
	client, names := pc.client, pc.userNames
	return func(ctx context.Context) ([]ticketRow, error) {
		tickets, err := client.Tickets.ShowMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		rows := make([]ticketRow, len(tickets))
		for i := range tickets {
			rows[i] = ticketRowOf(&tickets[i])
		}
		nameRequesters(ctx, client, names, rows)
		return rows, nil
	}
}
