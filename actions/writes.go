package actions

import (
	"errors"
	"fmt"

	"github.com/zdops/zdops/zendesk"
)

// runRestores brings back deleted tickets, 100 per call (restore_many answers at once).
func (x *execution) runRestores() {
	batches := len(x.queue)
	for n := 1; len(x.queue) > 0 && x.ctx.Err() == nil && x.stopErr == nil; n++ {
		b := x.queue[0]
		x.queue = x.queue[1:]
		err := x.r.Client.Tickets.RestoreMany(x.ctx, b.IDs)
		outs := make([]Outcome, len(b.IDs))
		state, reason := Succeeded, ""
		if err != nil {
			state, reason = classify(x.ctx, err)
		}
		for i, id := range b.IDs {
			outs[i] = Outcome{ID: id, State: state, Reason: reason}
		}
		x.record(Entry{Type: EntryBatchDone, Batch: b.Index, IDs: b.IDs, Outcomes: outs})
		x.ev.emit(Event{Kind: EventBatchSent, Batch: n, Batches: batches})
		x.settle(outs)
		if err != nil {
			x.stop(fmt.Errorf("restore batch %d: %w", b.Index, err))
		}
	}
}

// runUsers writes the user changes one at a time (PUT users/{id}), auditing each.
func (x *execution) runUsers() {
	for _, u := range x.plan.UserChanges {
		if _, done := x.users[u.ID]; done {
			continue
		}
		if x.ctx.Err() != nil || x.stopErr != nil {
			return
		}
		got, err := x.r.Client.Users.Update(x.ctx, u.ID, zendesk.UserUpdate{Suspended: zendesk.Ptr(u.Suspended)})
		o := Outcome{ID: u.ID, Kind: "user", State: Succeeded}
		switch {
		case err == nil && got.ID == u.ID && got.Suspended != u.Suspended:
			o.State, o.Reason = Failed, fmt.Sprintf("Zendesk answered with the user still %s", activeWord(got.Suspended))
		case err != nil:
			o.State, o.Reason = classify(x.ctx, err)
		}
		x.record(Entry{Type: EntryUserDone, Outcomes: []Outcome{o}})
		x.settle([]Outcome{o})
		var aerr *zendesk.AuthError
		if err != nil && (o.State == Unknown || errors.As(err, &aerr)) {
			x.stop(fmt.Errorf("user %d: %w", u.ID, err))
		}
	}
}

// runCreate sends the one POST of create-ticket with the run's idempotency key.
func (x *execution) runCreate() {
	if x.created != 0 {
		return
	}
	c, err := x.r.Client.Tickets.Create(x.ctx, *x.plan.NewTicket, idempotencyKey(x.plan.ID))
	if err == nil && c.Ticket.ID == 0 {
		err = errors.New("Zendesk answered without the new ticket's id")
	}
	if err != nil {
		state, reason := classify(x.ctx, err)
		o := Outcome{State: state, Reason: reason}
		x.record(Entry{Type: EntryBatchDone, Outcomes: []Outcome{o}})
		x.createFailure = &o
		x.settle([]Outcome{o})
		x.stop(err)
		return
	}
	x.created = c.Ticket.ID
	x.record(Entry{Type: EntryTicketCreated, TicketID: c.Ticket.ID, Replayed: c.Replayed})
	x.settle([]Outcome{{ID: c.Ticket.ID, State: Succeeded}})
}
