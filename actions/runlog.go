package actions

import "context"

// runLog is what every kind of run session shares: the plan it writes, the audit log every
// write goes to, and the first reason to stop. A failure to record stops the run, since
// nothing may happen that the audit log does not show.
type runLog struct {
	r        *Runner
	ctx      context.Context
	plan     *Plan
	ev       *emitter
	stopErr  error // why no more writes are sent
	auditErr error
}

// record appends an entry; a failure stops the run (nothing may happen unrecorded).
func (x *runLog) record(e Entry) {
	e.RunID = x.plan.ID
	if e.Time.IsZero() {
		e.Time = x.r.now()
	}
	if err := x.r.Audit.Append(e); err != nil && x.auditErr == nil {
		x.auditErr = err
		x.stop(err)
	}
}

// stop keeps the first reason the run stops for.
func (x *runLog) stop(err error) {
	if x.stopErr == nil {
		x.stopErr = err
	}
}
