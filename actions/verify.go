package actions

import (
	"fmt"
	"strings"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// Writes in doubt. A bulk call whose answer was lost (the connection broke, a 5xx came
// back) may have started a job or not; a job that ended failed may have applied some items;
// a job Zendesk forgot may have run; a session that died may have sent a batch it never
// recorded. Sending such tickets again blindly could write a ticket twice (a second
// update, triggers fired twice) or fail a delete on a ticket that is already gone. So they
// are read back first (tickets/show_many, 100 per call): a ticket already as planned
// counts as succeeded, confirmed by the read; only the others are sent again.
//
// The read must not overtake a job that is still running, or the runner would resend
// tickets that job is about to write. It waits until Zendesk has shown that it worked past
// the lost call: a job of ours sent after the call has finished (Zendesk runs an account's
// jobs in the order they were queued), or, with no such job, as long as the slowest job of
// this session took and a poll interval more. Zendesk documents no job duration; until a
// job has been seen to finish, the wait is three poll intervals (PollEvery is chosen at the
// scale jobs take), and for a resumed session's doubts at least resumeSettle.

// doubt is a set of tickets whose last write may or may not have happened.
type doubt struct {
	ids   []int64
	batch int       // the batch they were sent in (0: not known, a resumed session)
	since time.Time // a job the write started was queued before this instant (zero: none can still run)
	// settle is the least wait after since, for doubts whose jobs' durations this session
	// has not seen (an earlier session's).
	settle time.Duration
}

const (
	// maxSends bounds how often one ticket is sent in a session when its calls keep
	// losing their answers; after that it stays unknown, for a resume.
	maxSends = 5
	// maxSendFailures bulk calls in a row that lose their answers stop the run.
	maxSendFailures = 10
	// resumeSettle is how long after the last entry of an interrupted session its
	// unrecorded call's job, if any, is taken to have finished. Resumes usually come much
	// later, so this rarely delays one.
	resumeSettle = time.Second
	// unseenJobPolls poll intervals are taken as the longest a job runs until one has been
	// seen to finish.
	unseenJobPolls = 3
)

// doubtIDs puts tickets in doubt, leaving out those that already have an outcome.
func (x *execution) doubtIDs(batch int, ids []int64, since time.Time) {
	var open []int64
	for _, id := range ids {
		if _, known := x.tickets[id]; !known {
			open = append(open, id)
			x.doubted[id] = true
		}
	}
	if len(open) > 0 {
		x.doubts = append(x.doubts, &doubt{ids: open, batch: batch, since: since})
	}
}

// doubtQueued moves every queued bulk batch into doubt: a resumed session cannot tell which
// of them the session before it sent without recording. age is how long ago that session
// wrote its last entry.
func (x *execution) doubtQueued(age time.Duration) {
	if !x.plan.Write.jobs() {
		return
	}
	since := time.Now().Add(-max(age, 0))
	first := len(x.doubts)
	for _, b := range x.queue {
		x.doubtIDs(0, b.IDs, since)
	}
	for _, d := range x.doubts[first:] {
		d.settle = resumeSettle
	}
	x.queue = nil
}

// jobSeenDone notes what a finished job of ours tells about lost calls: the calls sent
// before it have had their jobs run, and jobs take about this long.
func (x *execution) jobSeenDone(j *openJob) {
	if j.sentAt.IsZero() {
		// Sent by an earlier session: its timing is not known, but a batch that session sent
		// without recording went after it, so its job can run only from now on.
		x.earlierDone = time.Now()
		return
	}
	if j.sentAt.After(x.lastDoneSent) {
		x.lastDoneSent = j.sentAt
	}
	x.longestJob = max(x.longestJob, time.Since(j.sentAt))
}

// lostJobWait is how long after a lost call its job, if any, can still be running when no
// later job of ours has finished to show Zendesk worked past it.
func (x *execution) lostJobWait() time.Duration {
	every := x.r.pollEvery()
	return max(x.longestJob+every, unseenJobPolls*every)
}

// readable reports whether a doubt can be read back now without racing a job.
func (x *execution) readable(d *doubt) bool {
	if d.settle > 0 {
		// An earlier session's unrecorded batch was sent after every job that session
		// recorded: while one of those runs, its job may be waiting behind it, and once the
		// last has finished it may still be running for as long as a job takes.
		for _, j := range x.open {
			if j.sentAt.IsZero() {
				return false
			}
		}
		if !x.earlierDone.IsZero() && time.Since(x.earlierDone) < max(x.lostJobWait(), d.settle) {
			return false
		}
	}
	if d.since.IsZero() || x.lastDoneSent.After(d.since) {
		return true
	}
	for _, j := range x.open {
		if j.sentAt.After(d.since) {
			return false // it will show when Zendesk has worked past the lost call
		}
	}
	return time.Since(d.since) >= max(x.lostJobWait(), d.settle)
}

// nextDoubtCheck is when the first doubt becomes readable by time alone.
func (x *execution) nextDoubtCheck() time.Time {
	var next time.Time
	for _, d := range x.doubts {
		at := d.since.Add(max(x.lostJobWait(), d.settle))
		if d.settle > 0 && !x.earlierDone.IsZero() {
			at = maxTime(at, x.earlierDone.Add(max(x.lostJobWait(), d.settle)))
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next
}

// resolveDoubts reads back the tickets of every readable doubt, records those found as
// planned, and queues the others to be sent again. A read that fails leaves its doubt for
// the next round; too many failures in a row stop the run (the tickets stay unknown, for a
// resume).
func (x *execution) resolveDoubts() {
	kept := x.doubts[:0]
	for _, d := range x.doubts {
		if x.ctx.Err() != nil || x.stopErr != nil || !x.readable(d) {
			kept = append(kept, d)
			continue
		}
		if err := x.resolve(d); err != nil {
			kept = append(kept, d)
			x.readFailures++
			x.ev.emit(Event{Kind: EventWaiting, Wait: x.r.pollEvery(), Reason: fmt.Sprintf(
				"reading back %s whose answer was lost failed (%d in a row): %v", plural(len(d.ids), "ticket"), x.readFailures, err)})
			if x.readFailures >= maxPollFailures {
				x.stop(fmt.Errorf("reading back tickets failed %d times in a row: %w", x.readFailures, err))
			}
			continue
		}
		x.readFailures = 0
	}
	clear(x.doubts[len(kept):])
	x.doubts = kept
}

// resolve reads one doubt's tickets back and acts on what it finds.
func (x *execution) resolve(d *doubt) error {
	var ids []int64
	for _, id := range d.ids {
		if _, known := x.tickets[id]; !known {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := x.r.Client.Tickets.ShowMany(x.ctx, ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]zendesk.Ticket, len(found))
	for _, t := range found {
		byID[t.ID] = t
	}
	after := make(map[int64]string, len(x.plan.Changes))
	for _, c := range x.plan.Changes {
		after[c.ID] = c.AfterValue
	}
	removal := x.plan.Write == WriteDestroyMany || x.plan.Write == WriteSpamMany
	var outs []Outcome
	var again []int64
	for _, id := range ids {
		t, live := byID[id]
		switch {
		case removal && !live:
			outs = append(outs, Outcome{ID: id, State: Succeeded, Reason: "confirmed by reading back: Zendesk no longer lists the ticket"})
		case !removal && live && ticketValue(t, x.plan.Field) == after[id]:
			outs = append(outs, Outcome{ID: id, State: Succeeded, Reason: "confirmed by reading the ticket back"})
		case !removal && !live:
			outs = append(outs, Outcome{ID: id, State: Failed, Reason: "the ticket no longer exists (deleted since the plan was made)"})
		case x.sends[id] >= maxSends:
			outs = append(outs, Outcome{ID: id, State: Unknown, Reason: fmt.Sprintf("sent %d times without an answer; resume the run to try again", x.sends[id])})
		default:
			again = append(again, id)
		}
	}
	if len(outs) > 0 {
		x.record(Entry{Type: EntryBatchDone, Batch: d.batch, Outcomes: outs})
		x.settle(outs)
	}
	x.requeue(again)
	return nil
}

// requeue queues tickets to be sent again, in batches numbered after every batch so far.
func (x *execution) requeue(ids []int64) {
	if len(ids) == 0 {
		return
	}
	in := make(map[int64]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	next := x.nextIndex
	for _, b := range x.queue {
		next = max(next, b.Index+1)
	}
	for _, j := range x.open {
		next = max(next, j.batch.Index+1)
	}
	again, err := ticketBatches(x.plan, func(id int64) bool { return in[id] }, next)
	if err != nil {
		x.stop(err)
		return
	}
	x.queue = append(x.queue, again...)
	x.nextIndex = next + len(again)
}

// alreadyRemoved turns a delete or spam item that failed because the ticket is gone into a
// success, when an earlier call for it lost its answer: that call removed it.
func (x *execution) alreadyRemoved(outs []Outcome) {
	if x.plan.Write != WriteDestroyMany && x.plan.Write != WriteSpamMany {
		return
	}
	for i, o := range outs {
		if o.State == Failed && x.doubted[o.ID] && strings.HasPrefix(o.Reason, "TicketNotFound") {
			outs[i].State = Succeeded
			outs[i].Reason = "already removed by an earlier call whose answer was lost (" + o.Reason + ")"
		}
	}
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
