package sandbox

import (
	"math"
	"strconv"
	"time"
)

// Bulk jobs run on the sandbox clock, lazily and deterministically: a job is
// queued for the first fifth of Options.JobDuration, then works through its
// items at evenly spaced instants, the last one at JobDuration. No goroutine
// runs them. Before any request is served, settle applies every item whose
// instant has passed, across all jobs in time order, so an observer sees
// partial effects while a job is working and every effect once it completes.

type jobKind uint8

const (
	jobUpdate jobKind = iota
	jobDelete
	jobSpam
)

// jobRetention is how long a job status can be read after the job was
// created ("one day", per the Job Statuses reference).
const jobRetention = 24 * time.Hour

type job struct {
	seq     uint64
	id      string
	kind    jobKind
	created int64           // Unix nanoseconds
	start   int64           // first instant of "working"
	end     int64           // the last item's instant: completion
	actor   int32           // the user the job acts as: the API user, index 0
	ids     []int64         // the ticket of each item (0: none was named)
	changes []*ticketChange // jobUpdate: each item's change (items may share one)
	results []jobResult

	// Injected faults (faults.go): the job ends failed having applied
	// nothing, or the marked items fail.
	failed     bool
	itemFaults []bool
}

// jobResult is the outcome of one item.
type jobResult struct {
	id      int64
	failed  bool
	code    string // error
	details string
	// injected: an injected fault failed the item (or its whole job).
	injected bool
}

func (j *job) total() int { return len(j.ids) }

func (j *job) applied() int { return len(j.results) }

func (j *job) open() bool { return j.applied() < j.total() }

// due is the instant item k runs.
func (j *job) due(k int) int64 {
	return j.start + (j.end-j.start)*int64(k+1)/int64(j.total())
}

// Job types as Zendesk names them. The 2024 recordings show destroy_many as
// a "Bulk Update Ticket" job; mark_many_as_spam is taken to be one too.
func (j *job) jobType() string { return "Bulk Update Ticket" }

// action and status are what a successful item reports. Update and delete
// follow the recordings and the reference ("update"/"Updated",
// "delete"/"Deleted"); Zendesk does not document mark_many_as_spam results,
// so its items report "mark_as_spam"/"MarkedAsSpam" in the same style.
func (j *job) action() (action, status string) {
	switch j.kind {
	case jobDelete:
		return "delete", "Deleted"
	case jobSpam:
		return "mark_as_spam", "MarkedAsSpam"
	}
	return "update", "Updated"
}

// progressMessage is the message of a working job, worded like the
// recorded "Updating ticket #31".
func (j *job) progressMessage() string {
	n := strconv.Itoa(j.applied())
	switch j.kind {
	case jobDelete:
		return "Deleting ticket #" + n
	case jobSpam:
		return "Marking ticket #" + n + " as spam"
	}
	return "Updating ticket #" + n
}

// newJobID makes a job id like Zendesk's ("V3-" and 32 hex digits) from the
// seed and a counter, so runs with the same seed repeat their ids.
func newJobID(seed int64, seq uint64) string {
	a := mix64(uint64(seed) ^ seq*0x9e3779b97f4a7c15)
	b := mix64(a ^ seq)
	const hex = "0123456789abcdef"
	out := []byte("V3-")
	for _, v := range []uint64{a, b} {
		for shift := 60; shift >= 0; shift -= 4 {
			out = append(out, hex[v>>uint(shift)&0xF])
		}
	}
	return string(out)
}

// openJobs returns the jobs queued or working, oldest first.
func (st *store) openJobs() []*job {
	var open []*job
	for _, j := range st.mut.jobs {
		if j.open() {
			open = append(open, j)
		}
	}
	return open
}

// addJob queues a job. The caller has checked the job limit.
func (s *Server) addJob(kind jobKind, now time.Time, ids []int64, changes []*ticketChange) *job {
	st := s.st
	st.mut.jobSeq++
	d := s.opts.JobDuration.Nanoseconds()
	created := now.UnixNano()
	j := &job{
		seq: st.mut.jobSeq, id: newJobID(s.opts.Seed, st.mut.jobSeq), kind: kind,
		created: created, start: created + d/5, end: created + max(d, 1),
		ids: ids, changes: changes,
	}
	st.mut.jobs = append(st.mut.jobs, j)
	if st.mut.jobByID == nil {
		st.mut.jobByID = map[string]*job{}
	}
	st.mut.jobByID[j.id] = j
	if s.faults != nil {
		j.failed, j.itemFaults = s.faults.job(len(ids))
	}
	s.reschedule()
	return j
}

// settle brings jobs and retention up to now. The check is one atomic load
// unless something has fallen due.
func (s *Server) settle(now time.Time) {
	if now.UnixNano() < s.st.mut.next.Load() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceLocked(now)
}

// advanceLocked applies every job item due by now, in time order across
// jobs (ties go to the older job), forgets job statuses past their
// retention, purges deleted tickets past theirs, and works out when the next
// of these falls due. The caller holds the write lock.
func (s *Server) advanceLocked(now time.Time) {
	st := s.st
	t := now.UnixNano()
	if t < st.mut.next.Load() {
		return
	}
	for {
		var best *job
		var bestDue int64 = math.MaxInt64
		for _, j := range st.mut.jobs {
			if j.open() {
				if d := j.due(j.applied()); d <= t && d < bestDue {
					best, bestDue = j, d
				}
			}
		}
		if best == nil {
			break
		}
		st.runItem(best, bestDue)
		s.itemDone(best)
	}
	kept := st.mut.jobs[:0]
	for _, j := range st.mut.jobs {
		if !j.open() && j.created+jobRetention.Nanoseconds() <= t {
			delete(st.mut.jobByID, j.id)
			continue
		}
		kept = append(kept, j)
	}
	clear(st.mut.jobs[len(kept):])
	st.mut.jobs = kept
	st.purgeDeleted(now.Unix())
	s.reschedule()
}

// reschedule works out the next instant settle has work, after any change
// that may bring it forward. The caller holds the write lock.
func (s *Server) reschedule() {
	st := s.st
	var next int64 = math.MaxInt64
	for _, j := range st.mut.jobs {
		if j.open() {
			next = min(next, j.due(j.applied()))
		} else {
			next = min(next, j.created+jobRetention.Nanoseconds())
		}
	}
	for _, i := range st.mut.deletedList {
		at := st.mut.deletions[i].at + deletedRetention
		next = min(next, time.Unix(at, 0).UnixNano())
	}
	st.mut.next.Store(next)
}

// runItem applies the next item of a job at its instant (Unix nanoseconds).
func (st *store) runItem(j *job, at int64) {
	k := j.applied()
	id := j.ids[k]
	r := jobResult{id: id}
	sec := time.Unix(0, at).Unix()
	i, live := st.ticketByID(id)
	switch {
	case j.failed:
		r.failed, r.injected = true, true
	case !live:
		r.failed, r.code, r.details = true, errTicketNotFound, detailTicketNotFound
	case j.itemFaults != nil && j.itemFaults[k]:
		r.failed, r.code, r.details, r.injected = true, errTicketUpdateFailed, detailInjectedItemFault, true
	case j.kind == jobUpdate:
		if e := st.applyTicketChange(i, j.changes[k], sec); e != nil {
			r.failed, r.code, r.details = true, errTicketUpdateFailed, e.details
		}
	case j.kind == jobDelete:
		st.deleteTicket(i, j.actor, sec, false)
	case j.kind == jobSpam:
		st.markSpam(i, j.actor, sec)
	}
	j.results = append(j.results, r)
}

// markSpam deletes a ticket as spam and suspends its requester, as the
// single-ticket mark_as_spam does. Zendesk's bulk reference is silent on the
// suspension; the sandbox does the same as the single call because that is
// what an operator marking spam expects. Agents and admins who requested a
// ticket are not suspended: spam handling only ever suspends end users.
func (st *store) markSpam(i, actor int32, at int64) {
	req := st.tickets[i].requester
	st.deleteTicket(i, actor, at, true)
	if u := &st.users[req]; u.role == roleEndUser && !u.suspended {
		u.suspended = true
		u.updatedAt = max(u.updatedAt, at)
	}
}

// writeJob writes a job status in the recorded key order: id, job_type, url,
// total, progress, status, message, results.
func (st *store) writeJob(w *jw, api string, j *job, now int64) {
	w.obj()
	w.ks("id", j.id)
	w.ks("job_type", j.jobType())
	w.ks("url", api+"/job_statuses/"+j.id+".json")
	w.ki("total", int64(j.total()))
	switch {
	case !j.open() && j.failed:
		writeFailedJob(w, j)
	case !j.open():
		w.ki("progress", int64(j.total()))
		w.ks("status", "completed")
		w.ks("message", "Completed at "+time.Unix(0, j.end).UTC().Format("2006-01-02 15:04:05 -0700"))
		w.key("results")
		action, status := j.action()
		w.arr()
		for k, r := range j.results {
			w.obj()
			if r.failed {
				// As recorded for a failed bulk update item (organizations):
				// index, error, id, details; no action or success.
				w.ki("index", int64(k))
				w.ks("error", r.code)
				w.kin("id", r.id, r.id != 0)
				w.ks("details", r.details)
			} else {
				// As recorded for tickets/update_many; no index, which would
				// also make the item match the spec's CreateResourceResult.
				w.ks("action", action)
				w.ks("status", status)
				w.kb("success", true)
				w.kin("id", r.id, r.id != 0)
			}
			w.endObj()
		}
		w.endArr()
	case now < j.start:
		w.kn("progress")
		w.ks("status", "queued")
		w.kn("message")
		w.kn("results")
	default:
		w.ki("progress", int64(j.applied()))
		w.ks("status", "working")
		if j.applied() > 0 {
			w.ks("message", j.progressMessage())
		} else {
			w.kn("message")
		}
		w.kn("results")
	}
	w.endObj()
}
