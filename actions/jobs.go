package actions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// openJob is a batch Zendesk accepted whose job has not been seen to finish.
type openJob struct {
	batch      batch
	id         string
	sentAt     time.Time // when the call that started it was made; zero for an earlier session's
	progress   int
	missing    int
	maxMissing int
}

// send makes one bulk call.
func (x *execution) send(b batch) (zendesk.JobStatus, error) {
	t := x.r.Client.Tickets
	switch x.plan.Write {
	case WriteUpdateMany:
		u, err := fieldUpdate(x.plan.Field, b.Value)
		if err != nil {
			return zendesk.JobStatus{}, err
		}
		return t.UpdateMany(x.ctx, b.IDs, u)
	case WriteUpdateEach:
		return t.UpdateEach(x.ctx, b.Each)
	case WriteDestroyMany:
		return t.DestroyMany(x.ctx, b.IDs)
	case WriteSpamMany:
		return t.MarkManyAsSpam(x.ctx, b.IDs)
	}
	return zendesk.JobStatus{}, fmt.Errorf("no bulk call for %q", x.plan.Write)
}

// runJobs sends the queued batches and polls their jobs until every one is done, the
// context is cancelled, or the run is stopped.
func (x *execution) runJobs() {
	every := x.r.pollEvery()
	limit := x.r.maxJobs()
	batches := len(x.queue) + len(x.open)
	sent := len(x.open)
	blocked := false         // Zendesk's job cap is reached: wait for one of ours to finish
	var retryAt time.Time    // the cap is held by jobs that are not ours: try again then
	refusals := 0            // TooManyJobs in a row while none of ours was open (backs off)
	var lastFinish time.Time // when a poll last saw one of our jobs finish
	if len(x.open) > 0 {
		// A resumed run polls the jobs Zendesk accepted before anything else.
		if finished, err := x.poll(x.ctx); err == nil && finished > 0 {
			lastFinish = time.Now()
		}
	}
	lastPoll := time.Now()
	pollFailures := 0
	sendFailures := 0 // bulk calls in a row whose answers were lost

	for x.ctx.Err() == nil {
		x.resolveDoubts()
		for len(x.queue) > 0 && x.ctx.Err() == nil && x.stopErr == nil && len(x.open) < limit && !blocked && !time.Now().Before(retryAt) {
			if len(x.open) > 0 && x.inflightExhausted(lastFinish) {
				blocked = true // Zendesk said no job slot is left: wait for ours rather than be refused
				break
			}
			b := x.queue[0]
			sentAt := time.Now() // a job this call starts is queued after this instant
			job, err := x.send(b)
			if isTooManyJobs(err) && x.ctx.Err() == nil {
				limit = max(1, len(x.open))
				wait := every
				if len(x.open) > 0 {
					blocked = true
				} else {
					wait = min(every<<min(refusals, 6), max(every, maxCapRetry))
					refusals++
					retryAt = time.Now().Add(wait)
				}
				x.ev.emit(Event{Kind: EventWaiting, Wait: wait, Reason: fmt.Sprintf(
					"Zendesk's job limit is reached (%d of ours in flight): waiting for jobs to finish before sending batch %d", len(x.open), sent+1)})
				break
			}
			x.queue = x.queue[1:]
			for _, id := range b.IDs {
				x.sends[id]++
			}
			if err == nil && job.ID == "" {
				err = errors.New("Zendesk accepted the call but sent no job id")
			}
			if err != nil {
				state, reason := classify(x.ctx, err)
				lost := state == Unknown && x.ctx.Err() == nil
				if lost {
					reason += ": reading the tickets back before sending them again"
				}
				outs := make([]Outcome, len(b.IDs))
				for i, id := range b.IDs {
					outs[i] = Outcome{ID: id, State: state, Reason: reason}
				}
				x.record(Entry{Type: EntryBatchDone, Batch: b.Index, IDs: b.IDs, Outcomes: outs})
				x.settle(outs)
				if lost && sendFailures+1 < maxSendFailures {
					// The answer is lost, not the run: the tickets are read back once Zendesk has
					// worked past the call, and what it did not write is sent again (verify.go).
					sendFailures++
					x.doubtIDs(b.Index, b.IDs, time.Now())
					continue
				}
				x.stop(fmt.Errorf("batch %d (%s): %w", b.Index, plural(len(b.IDs), "ticket"), err))
				break
			}
			sent++
			refusals = 0
			sendFailures = 0
			x.open = append(x.open, &openJob{batch: b, id: job.ID, sentAt: sentAt, maxMissing: maxMissingPolls})
			x.record(Entry{Type: EntryBatchSent, Batch: b.Index, JobID: job.ID, IDs: b.IDs})
			x.ev.emit(Event{Kind: EventBatchSent, Batch: sent, Batches: max(batches, sent+len(x.queue)), JobID: job.ID})
		}
		if len(x.open) == 0 {
			if len(x.doubts) > 0 && len(x.queue) == 0 && x.stopErr == nil {
				// Nothing of ours runs to show Zendesk worked past the lost calls: wait them out.
				at := x.nextDoubtCheck()
				if x.readFailures > 0 {
					at = latest(at, time.Now().Add(every))
				}
				if !sleepUntil(x.ctx, at) {
					break
				}
				continue
			}
			if len(x.queue) == 0 || x.stopErr != nil {
				break
			}
			if !sleepUntil(x.ctx, retryAt) {
				break
			}
			continue
		}
		if !sleepUntil(x.ctx, lastPoll.Add(every)) {
			break
		}
		lastPoll = time.Now()
		finished, err := x.poll(x.ctx)
		switch {
		case err != nil && x.ctx.Err() == nil:
			pollFailures++
			x.ev.emit(Event{Kind: EventWaiting, Wait: every, Reason: fmt.Sprintf("polling %s failed (%d in a row): %v", plural(len(x.open), "job"), pollFailures, err)})
			if pollFailures >= maxPollFailures {
				x.stop(fmt.Errorf("polling jobs failed %d times in a row: %w", pollFailures, err))
				return // the open jobs stay pending in the log: a resume polls them
			}
		case err == nil:
			pollFailures = 0
		}
		if finished > 0 {
			lastFinish = time.Now()
			blocked = false
			limit = min(limit+finished, x.r.maxJobs())
		}
	}
	if x.ctx.Err() != nil && len(x.open) > 0 {
		// Zendesk runs accepted jobs whatever we do: learn what we can before returning.
		fctx, cancel := context.WithTimeout(context.Background(), finalPollTimeout)
		defer cancel()
		if sleepUntil(fctx, lastPoll.Add(every)) {
			_, _ = x.poll(fctx)
		}
	}
}

// inflightExhausted reports whether the last bulk answer, received after our last job
// finished, said no job slot is left (zendesk-ratelimit-inflight-jobs: remaining=0).
func (x *execution) inflightExhausted(lastFinish time.Time) bool {
	rl := x.r.Client.RateLimit()
	b, ok := rl.Endpoints["inflight-jobs"]
	return ok && b.Total > 0 && b.Remaining <= 0 && rl.At.After(lastFinish)
}

// poll reads every open job with one job_statuses/show_many call and settles the done ones.
func (x *execution) poll(ctx context.Context) (finished int, err error) {
	ids := make([]string, len(x.open))
	for i, j := range x.open {
		ids[i] = j.id
	}
	statuses, err := x.r.Client.Jobs.ShowMany(ctx, ids)
	if err != nil {
		return 0, err
	}
	byID := make(map[string]zendesk.JobStatus, len(statuses))
	for _, s := range statuses {
		byID[s.ID] = s
	}
	still := x.open[:0]
	for _, j := range x.open {
		s, ok := byID[j.id]
		switch {
		case !ok:
			j.missing++
			if j.missing < j.maxMissing {
				still = append(still, j)
				continue
			}
			// Zendesk forgot the job (statuses are kept for a day). Whether it ran is read
			// from the tickets themselves, and what it did not write is sent again.
			reason := fmt.Sprintf("Zendesk no longer reports job %s (job statuses are kept for a day): reading the tickets back", j.id)
			var ids []int64
			outs := make([]Outcome, 0, len(j.batch.IDs))
			for _, id := range j.batch.IDs {
				if _, known := x.tickets[id]; !known {
					ids = append(ids, id)
					outs = append(outs, Outcome{ID: id, State: Unknown, JobID: j.id, Reason: reason})
				}
			}
			x.record(Entry{Type: EntryBatchDone, Batch: j.batch.Index, JobID: j.id, Outcomes: outs})
			x.settle(outs)
			x.doubtIDs(j.batch.Index, ids, time.Now())
			finished++
		case s.Done() && s.Status != "completed" && x.retryFailedJob(j, s):
			x.jobSeenDone(j)
			finished++
		case s.Done():
			x.jobSeenDone(j)
			outs := jobOutcomes(j.batch.IDs, s)
			x.alreadyRemoved(outs)
			var unsure []int64 // the job's results do not say: the tickets will
			for i, o := range outs {
				if o.State == Unknown {
					unsure = append(unsure, o.ID)
					outs[i].Reason += ": reading the ticket back"
				}
			}
			x.record(Entry{Type: EntryBatchDone, Batch: j.batch.Index, JobID: j.id, Outcomes: outs})
			x.settle(outs)
			x.doubtIDs(j.batch.Index, unsure, time.Time{})
			finished++
		default:
			j.missing = 0
			if s.Progress != j.progress {
				j.progress = s.Progress
				x.ev.emit(Event{Kind: EventJobProgress, JobID: j.id, Batch: j.batch.Index,
					Reason: fmt.Sprintf("%s: %d of %d", s.Status, s.Progress, s.Total)})
			}
			still = append(still, j)
		}
	}
	clear(x.open[len(still):])
	x.open = still
	return finished, nil
}

// retryFailedJob gives the tickets of a job that ended failed (or killed) one more try: a
// failure of the whole job is usually Zendesk's, not the tickets', and an operator expects
// it to be retried rather than reported. They are read back first, since a job can fail
// after applying some items. It reports false when the tickets had their retry already;
// then they fail with the job's message.
func (x *execution) retryFailedJob(j *openJob, s zendesk.JobStatus) bool {
	var ids []int64
	for _, id := range j.batch.IDs {
		if _, known := x.tickets[id]; !known {
			if x.retried[id] {
				return false
			}
			ids = append(ids, id)
		}
	}
	msg := "the job " + s.Status
	if m := strings.TrimSpace(s.Message); m != "" {
		msg += ": " + m
	}
	outs := make([]Outcome, len(ids))
	for i, id := range ids {
		x.retried[id] = true
		outs[i] = Outcome{ID: id, State: Unknown, JobID: j.id, Reason: msg + ": reading the tickets back and sending them once more"}
	}
	x.record(Entry{Type: EntryBatchDone, Batch: j.batch.Index, JobID: j.id, Outcomes: outs})
	x.settle(outs)
	x.doubtIDs(j.batch.Index, ids, time.Time{}) // the job has stopped: nothing of it still runs
	return true
}

// jobOutcomes reads a finished job's per-item results for the ids of its batch. A failed
// or killed job fails all its items with the job's message; a completed job can still
// hold failed items. Results about ids outside the batch are ignored.
func jobOutcomes(ids []int64, s zendesk.JobStatus) []Outcome {
	outs := make([]Outcome, len(ids))
	if s.Status != "completed" {
		reason := strings.TrimSpace(s.Message)
		if reason == "" {
			reason = "the job " + s.Status
		} else {
			reason = "the job " + s.Status + ": " + reason
		}
		for i, id := range ids {
			outs[i] = Outcome{ID: id, State: Failed, Reason: reason, JobID: s.ID}
		}
		return outs
	}
	in := make(map[int64]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	byID := map[int64]zendesk.JobResult{}
	var whole *zendesk.JobResult // one result without an id speaks for the whole job
	for i, res := range s.Results {
		switch {
		case res.ID != 0 && in[res.ID]:
			byID[res.ID] = res
		case res.ID == 0 && len(s.Results) == 1:
			whole = &s.Results[i]
		case res.ID == 0 && res.Index >= 0 && res.Index < len(ids):
			byID[ids[res.Index]] = res
		}
	}
	for i, id := range ids {
		o := Outcome{ID: id, JobID: s.ID}
		res, ok := byID[id]
		if !ok && whole != nil {
			res, ok = *whole, true
		}
		switch {
		case !ok && len(s.Results) == 0:
			o.State = Succeeded // a completed job with no item results
		case !ok:
			o.State, o.Reason = Unknown, "the job's results do not mention this ticket"
		case res.Failed():
			o.State, o.Reason = Failed, res.Reason()
		default:
			o.State = Succeeded
		}
		outs[i] = o
	}
	return outs
}
