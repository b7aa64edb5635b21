package actions

import (
	"fmt"
	"sync"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// EventKind says what an Event reports.
type EventKind string

const (
	EventBatchSent    EventKind = "batch-sent"    // Zendesk accepted a bulk call (JobID, Batch of Batches)
	EventJobProgress  EventKind = "job-progress"  // a job moved on (JobID, Done of Total items in Reason)
	EventTicketDone   EventKind = "ticket-done"   // a ticket was written (TicketID)
	EventTicketFailed EventKind = "ticket-failed" // a ticket was not written (TicketID, Reason)
	EventWaiting      EventKind = "waiting"       // a pause: rate limit, job cap (Reason, Wait)
	EventUserDone     EventKind = "user-done"     // a user was written (UserID)
	EventUserFailed   EventKind = "user-failed"   // a user was not written (UserID, Reason)
	EventFinished     EventKind = "finished"      // the run ended (Done, Failed, Total)
	// EventUnknown: a write whose outcome could not be learned (TicketID or UserID, Reason);
	// a resumed run sends it again.
	EventUnknown EventKind = "unknown"
)

// Event reports the progress of a run. Done counts the writes with an outcome so far
// (succeeded or failed), Failed those that failed, Total the writes planned.
type Event struct {
	Kind     EventKind
	RunID    string
	Batch    int // 1-based
	Batches  int
	JobID    string
	TicketID int64
	UserID   int64
	Reason   string
	Wait     time.Duration
	Done     int
	Failed   int
	Total    int
}

func (e Event) String() string {
	switch e.Kind {
	case EventBatchSent:
		return fmt.Sprintf("batch %d/%d sent (job %s)", e.Batch, e.Batches, e.JobID)
	case EventWaiting:
		return fmt.Sprintf("waiting %s: %s", e.Wait.Round(time.Second), e.Reason)
	case EventTicketFailed:
		return fmt.Sprintf("ticket %d failed: %s", e.TicketID, e.Reason)
	case EventUserFailed:
		return fmt.Sprintf("user %d failed: %s", e.UserID, e.Reason)
	}
	return fmt.Sprintf("%s %d/%d (%d failed)", e.Kind, e.Done, e.Total, e.Failed)
}

// WaitEvent turns the client's report of a pause (zendesk.Options.OnWait) into a
// "waiting" event of the run.
func WaitEvent(runID string, w zendesk.Wait) Event {
	return Event{Kind: EventWaiting, RunID: runID, Wait: w.Delay,
		Reason: fmt.Sprintf("%s on %s %s, attempt %d", w.Reason, w.Method, w.Path, w.Attempt)}
}

// ForwardWaits builds a zendesk.Options.OnWait that reports every wait as a "waiting"
// event of runID to events.
func ForwardWaits(runID string, events func(Event)) func(zendesk.Wait) {
	return func(w zendesk.Wait) {
		if events != nil {
			events(WaitEvent(runID, w))
		}
	}
}

// WaitRelay forwards the client's waits to whichever run is in progress. The client is
// built before any run, so main builds one relay, passes relay.OnWait as
// zendesk.Options.OnWait and gives the relay to the Runner; while Apply or Resume runs,
// waits arrive as "waiting" events on the run's events callback.
type WaitRelay struct {
	mu    sync.Mutex
	runID string
	sink  func(Event)
}

// OnWait is the zendesk.Options.OnWait to install.
func (w *WaitRelay) OnWait(zw zendesk.Wait) {
	w.mu.Lock()
	sink, id := w.sink, w.runID
	w.mu.Unlock()
	if sink != nil {
		sink(WaitEvent(id, zw))
	}
}

func (w *WaitRelay) attach(runID string, sink func(Event)) (detach func()) {
	if w == nil {
		return func() {}
	}
	w.mu.Lock()
	w.runID, w.sink = runID, sink
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		if w.runID == runID {
			w.runID, w.sink = "", nil
		}
		w.mu.Unlock()
	}
}

// emitter serializes the events of one run and stamps the counts.
type emitter struct {
	mu     sync.Mutex
	fn     func(Event)
	runID  string
	total  int
	done   int
	failed int
}

func (e *emitter) emit(ev Event) {
	if e.fn == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ev.RunID = e.runID
	ev.Done, ev.Failed, ev.Total = e.done, e.failed, e.total
	e.fn(ev)
}

// count records outcomes for the counters of later events.
func (e *emitter) count(o Outcome) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch o.State {
	case Succeeded:
		e.done++
	case Failed:
		e.done++
		e.failed++
	}
}
