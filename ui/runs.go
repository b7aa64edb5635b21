package ui

import (
	"context"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
)

// A run's events reach the program the standard Bubble Tea way: the runner calls the
// feed's sink on its own goroutine, the sink folds the event into the feed and pokes a
// channel, and a Cmd that waits on that channel hands the program everything that
// happened since its last turn, then is armed again. The sink never blocks: progress
// (counts, batches, jobs, waits) is coalesced into one snapshot, and the events that must
// not be lost (a ticket or user that failed or has no outcome, the end) are queued.

// runProgress is how a run is going, as its events tell it.
type runProgress struct {
	done, failed, total int
	batch, batches      int    // the last batch sent, of how many
	inFlight            int    // Zendesk jobs sent whose outcomes have not come
	job                 string // the last job's progress: "working: 40 of 100"
	waitReason          string // why the run pauses ("rate limited (429) on PUT …")
	waitUntil           time.Time
	step                string // a customer-record run's last step and how it went
}

// percent is the share of the planned writes with an outcome, 0 to 100.
func (p runProgress) percent() int {
	if p.total <= 0 {
		return 0
	}
	return min(p.done*100/p.total, 100)
}

// waiting says what the run waits for and for how much longer, or "".
func (p runProgress) waiting(now time.Time) string {
	if p.waitReason == "" {
		return ""
	}
	left := p.waitUntil.Sub(now).Round(time.Second)
	if left <= 0 {
		return ""
	}
	if strings.Contains(p.waitReason, "rate limited") {
		return "rate limited, resuming in " + left.String()
	}
	return "waiting " + left.String() + ": " + sanitizeLine(p.waitReason)
}

// runFeed carries one run's events from the runner's goroutine to the program.
type runFeed struct {
	mu     sync.Mutex
	notify chan struct{} // one pending poke is enough: the reader drains everything
	prog   runProgress
	jobs   map[string]bool
	kept   []actions.Event
	done   bool
	res    *actions.Result
	err    error
}

func newRunFeed() *runFeed {
	return &runFeed{notify: make(chan struct{}, 1), jobs: map[string]bool{}}
}

func (f *runFeed) poke() {
	select {
	case f.notify <- struct{}{}:
	default: // a poke is pending: the reader will see this event too
	}
}

// sink is the runner's events callback. It never blocks on the program.
func (f *runFeed) sink(ev actions.Event) {
	f.mu.Lock()
	p := &f.prog
	if ev.Total > 0 {
		p.total = ev.Total
	}
	p.done, p.failed = max(p.done, ev.Done), max(p.failed, ev.Failed)
	switch ev.Kind {
	case actions.EventBatchSent:
		p.batch, p.batches = max(p.batch, ev.Batch), ev.Batches
		if ev.JobID != "" {
			f.jobs[ev.JobID] = true
		}
		p.waitReason = ""
	case actions.EventJobProgress:
		p.job = ev.Reason
	case actions.EventWaiting:
		p.waitReason, p.waitUntil = ev.Reason, time.Now().Add(ev.Wait)
	case actions.EventStepDone, actions.EventStepFailed:
		p.step = ev.Reason
		p.waitReason = ""
	case actions.EventTicketDone, actions.EventTicketFailed, actions.EventUserDone, actions.EventUserFailed, actions.EventUnknown:
		if ev.JobID != "" && f.jobs[ev.JobID] {
			delete(f.jobs, ev.JobID)
			p.job = ""
		}
		p.waitReason = ""
	}
	p.inFlight = len(f.jobs)
	switch ev.Kind {
	case actions.EventTicketFailed, actions.EventUserFailed, actions.EventStepFailed, actions.EventUnknown, actions.EventFinished:
		f.kept = append(f.kept, ev)
	}
	f.mu.Unlock()
	f.poke()
}

// finish records how Apply or Resume returned.
func (f *runFeed) finish(res *actions.Result, err error) {
	f.mu.Lock()
	f.done, f.res, f.err = true, res, err
	f.prog.inFlight = 0
	f.mu.Unlock()
	f.poke()
}

// runMsg is what a run did since the program last heard from it.
type runMsg struct {
	id     string
	prog   runProgress
	events []actions.Event
	done   bool
	res    *actions.Result
	err    error
}

// feedThrottle is the least time between two progress messages of one run: a run of
// 100,000 tickets redraws the screen a few times a second, not 100,000 times.
const feedThrottle = 50 * time.Millisecond

// wait is the Cmd that reads the feed; the program arms it again after each message
// until the run is done.
func (f *runFeed) wait(ctx context.Context, id string) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-f.notify:
		case <-ctx.Done():
			return nil
		}
		f.mu.Lock()
		done := f.done
		f.mu.Unlock()
		if !done {
			t := time.NewTimer(feedThrottle)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
			}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		msg := runMsg{id: id, prog: f.prog, events: f.kept, done: f.done, res: f.res, err: f.err}
		f.kept = nil
		return msg
	}
}

// runState is a run of this session, as the program knows it (program goroutine only).
type runState struct {
	id       string
	plan     *actions.Plan
	resume   bool
	feed     *runFeed
	cancel   context.CancelFunc
	started  time.Time // wall clock, for the elapsed time shown
	prog     runProgress
	failures []actions.Event // the latest ones, for the progress view
	nFailed  int             // all the failures and writes without an outcome heard of
	nUnknown int
	stopping bool
	done     bool
	res      *actions.Result
	err      error
	finished time.Time
}

// maxShownFailures bounds the failures a run keeps for its progress view; the audit log
// and the Log's detail have all of them.
const maxShownFailures = 200

func (rs *runState) accept(msg runMsg) {
	rs.prog = msg.prog
	for _, ev := range msg.events {
		switch ev.Kind {
		case actions.EventFinished:
			continue
		case actions.EventUnknown:
			rs.nUnknown++
		default:
			rs.nFailed++
		}
		rs.failures = append(rs.failures, ev)
	}
	if n := len(rs.failures); n > maxShownFailures {
		rs.failures = append(rs.failures[:0], rs.failures[n-maxShownFailures:]...)
	}
	if msg.done {
		rs.done, rs.res, rs.err, rs.finished = true, msg.res, msg.err, time.Now()
	}
}

// startRun applies plan (or resumes the run it belongs to) in a Cmd and arms the feed.
// The run is registered at once, so the program shows it as in progress from this frame.
func startRun(pc *programContext, plan *actions.Plan, resume bool) (*runState, tea.Cmd) {
	runner := &actions.Runner{
		Client:    pc.client,
		Audit:     pc.audit,
		Profile:   pc.profile,
		Operator:  pc.operator,
		PollEvery: pc.pollEvery,
		Now:       pc.now,
		Waits:     pc.waits,
	}
	// The run stops when the operator stops it or the program ends; either way the runner
	// records what happened before it returns.
	ctx, cancel := context.WithCancel(pc.base)
	feed := newRunFeed()
	// The plan says how many writes there are: the counts show them from the first frame,
	// not from the runner's first event, which a slow Zendesk delays ("0 of 0 done").
	feed.prog.total = plan.Planned()
	rs := &runState{id: plan.ID, plan: plan, resume: resume, feed: feed, cancel: cancel, started: time.Now(), prog: feed.prog}
	pc.runs[plan.ID] = rs
	pc.runsVersion++
	apply := func() tea.Msg {
		var res *actions.Result
		var err error
		if resume {
			res, err = runner.Resume(ctx, plan.ID, feed.sink)
		} else {
			res, err = runner.Apply(ctx, plan, feed.sink)
		}
		feed.finish(res, err)
		return nil
	}
	return rs, tea.Batch(apply, feed.wait(pc.base, plan.ID))
}

// activeRuns counts the runs in progress and how far they are, for the tab bar.
func activeRuns(pc *programContext) runIndicator {
	var ind runIndicator
	done, total := 0, 0
	now := time.Now()
	for _, rs := range pc.runs {
		if rs.done {
			continue
		}
		ind.active++
		done += rs.prog.done
		total += rs.prog.total
		ind.waiting = ind.waiting || rs.prog.waiting(now) != ""
	}
	if total > 0 {
		ind.percent = min(done*100/total, 100)
	}
	return ind
}
