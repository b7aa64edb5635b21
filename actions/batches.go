package actions

import (
	"fmt"
	"slices"

	"github.com/zdops/zdops/zendesk"
)

// batch is one bulk call of a run: up to 100 ids and what they get.
type batch struct {
	Index int
	IDs   []int64
	Value string                 // update-many: the value every id gets
	Each  []zendesk.TicketUpdate // update-each: one update per id
}

// ticketBatches cuts the plan's ticket changes into bulk calls of at most 100 ids, the way
// Apply sends them and the preview lists them. keep, when not nil, limits them to the ids
// it accepts (a resumed run sends only what is left). Batches are numbered from first.
func ticketBatches(p *Plan, keep func(int64) bool, first int) ([]batch, error) {
	var changes []TicketChange
	for _, c := range p.Changes {
		if keep == nil || keep(c.ID) {
			changes = append(changes, c)
		}
	}
	var out []batch
	add := func(b batch) {
		b.Index = first + len(out)
		out = append(out, b)
	}
	switch p.Write {
	case WriteUpdateMany:
		// One body per distinct value, in the order the values first appear.
		var values []string
		byValue := map[string][]int64{}
		for _, c := range changes {
			if _, ok := byValue[c.AfterValue]; !ok {
				values = append(values, c.AfterValue)
			}
			byValue[c.AfterValue] = append(byValue[c.AfterValue], c.ID)
		}
		for _, v := range values {
			if _, err := fieldUpdate(p.Field, v); err != nil {
				return nil, err
			}
			for ids := range slices.Chunk(byValue[v], zendesk.ShowManyLimit) {
				add(batch{IDs: ids, Value: v})
			}
		}
	case WriteUpdateEach:
		for chunk := range slices.Chunk(changes, zendesk.ShowManyLimit) {
			b := batch{}
			for _, c := range chunk {
				u, err := fieldUpdate(p.Field, c.AfterValue)
				if err != nil {
					return nil, err
				}
				u.ID = c.ID
				b.IDs = append(b.IDs, c.ID)
				b.Each = append(b.Each, u)
			}
			add(b)
		}
	case WriteDestroyMany, WriteSpamMany, WriteRestoreMany:
		ids := make([]int64, len(changes))
		for i, c := range changes {
			ids[i] = c.ID
		}
		for chunk := range slices.Chunk(ids, zendesk.ShowManyLimit) {
			add(batch{IDs: chunk})
		}
	default:
		if len(changes) > 0 {
			return nil, fmt.Errorf("plan %s: a %q write has no ticket changes", p.ID, p.Write)
		}
	}
	return out, nil
}

// chooseUpdateWrite picks between one update_many body per distinct value and per-ticket
// bodies, whichever takes fewer calls (update_many on a tie: the ids are in the URL).
func chooseUpdateWrite(changes []TicketChange) WriteKind {
	byValue := map[string]int{}
	for _, c := range changes {
		byValue[c.AfterValue]++
	}
	grouped := 0
	for _, n := range byValue {
		grouped += ceilDiv(n, zendesk.ShowManyLimit)
	}
	if grouped <= ceilDiv(len(changes), zendesk.ShowManyLimit) {
		return WriteUpdateMany
	}
	return WriteUpdateEach
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

const apiPrefix = "/api/v2/"

// planCalls lists the HTTP calls Apply will make for the plan.
func planCalls(p *Plan) ([]Call, error) {
	batches, err := ticketBatches(p, nil, 0)
	if err != nil {
		return nil, err
	}
	var calls []Call
	// add merges a call into the previous one when it is the same call again.
	add := func(c Call) {
		if n := len(calls); n > 0 {
			last := &calls[n-1]
			if last.Method == c.Method && last.Path == c.Path && last.IDs == c.IDs && last.Body == c.Body && last.Note == c.Note {
				last.Times += c.Times
				return
			}
		}
		calls = append(calls, c)
	}
	for _, b := range batches {
		c := Call{IDs: len(b.IDs), Times: 1}
		switch p.Write {
		case WriteUpdateMany:
			u, _ := fieldUpdate(p.Field, b.Value)
			c.Method, c.Path, c.Body = "PUT", apiPrefix+"tickets/update_many", updateBody(u)
		case WriteUpdateEach:
			c.Method, c.Path, c.IDs = "PUT", apiPrefix+"tickets/update_many", 0
			c.Note = fmt.Sprintf("a body for each of %s", plural(len(b.IDs), "ticket"))
		case WriteDestroyMany:
			c.Method, c.Path = "DELETE", apiPrefix+"tickets/destroy_many"
		case WriteSpamMany:
			c.Method, c.Path = "PUT", apiPrefix+"tickets/mark_many_as_spam"
		case WriteRestoreMany:
			c.Method, c.Path = "PUT", apiPrefix+"deleted_tickets/restore_many"
		}
		add(c)
	}
	if p.Write.jobs() && len(batches) > 0 {
		calls = append(calls, Call{Method: "GET", Path: apiPrefix + "job_statuses/show_many",
			Note: "one call for all open jobs, at most once per poll interval (1 s by default), until every job is done"})
	}
	if p.Write.userWrites() {
		for _, u := range p.UserChanges {
			add(Call{Method: "PUT", Path: apiPrefix + "users/{id}", Times: 1,
				Body: fmt.Sprintf(`{"user":{"suspended":%t}}`, u.Suspended), Note: "one call per user"})
		}
	}
	if p.Write == WriteCreate {
		calls = append(calls, Call{Method: "POST", Path: apiPrefix + "tickets", Times: 1,
			Note: "Idempotency-Key " + idempotencyKey(p.ID) + ": sent again, it returns the same ticket for 2 hours"})
	}
	return calls, nil
}

// idempotencyKey is the key create-ticket sends: derived from the run id, so a resumed run
// sends the same one.
func idempotencyKey(runID string) string { return "zdops-" + runID }
