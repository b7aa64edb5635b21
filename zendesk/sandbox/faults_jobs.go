package sandbox

import "time"

// Injected job faults (Options.Faults) and the per-ticket write count that
// lets tests check a client never wrote a ticket twice.

// detailInjectedItemFault is the details of an item an injected fault
// failed, worded like Zendesk's item errors.
const detailInjectedItemFault = "Ticket could not be updated at this time, please try again"

// itemDone counts what the item just run did: the ticket it wrote, or the
// injected fault that stopped it. The caller holds the write lock.
func (s *Server) itemDone(j *job) {
	r := j.results[len(j.results)-1]
	switch {
	case j.failed:
		if !j.open() {
			s.stats.fault(FaultJobFailed)
		}
	case r.injected:
		s.stats.fault(FaultItemFailed)
	case !r.failed && r.id != 0:
		if s.writes == nil {
			s.writes = map[int64]int{}
		}
		s.writes[r.id]++
	}
}

// writeFailedJob writes the fields of a job that ended failed from progress
// on: nothing was applied and there are no item results. Zendesk documents
// the "failed" status but not its message; this one follows the style of
// its "Completed at ..." message.
func writeFailedJob(w *jw, j *job) {
	w.ki("progress", 0)
	w.ks("status", "failed")
	at := time.Unix(0, j.end).UTC().Format("2006-01-02 15:04:05 -0700")
	w.ks("message", "Failed at "+at+": the job could not be processed")
	w.kn("results")
}

// TicketWrites reports how many successful items of bulk jobs (update_many,
// destroy_many, mark_many_as_spam) wrote the ticket, so a test can assert
// that no ticket was written by two batches.
func (s *Server) TicketWrites(id int64) int {
	s.settle(s.clock())
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.writes[id]
}
