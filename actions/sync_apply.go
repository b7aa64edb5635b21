package actions

import (
	"context"
	"errors"
	"fmt"
)

// Applying an event file makes one run per event, planned just before it is applied: an
// event often needs what the one before it did (identify creates the user that the next
// group adds to an organization), so a plan made for the whole file up front would be
// planned against a state that is gone by the time it runs. A run per event also keeps
// zdops log, resume and undo working as they do for every run: each event's run names the
// file and line it came from (Request.Source "events.jsonl:12"), can be resumed when it was
// cut off, and undone by itself.

// Event statuses, as zdops apply reports them.
const (
	EventOK      = "ok"      // applied, or nothing needed writing
	EventFailed  = "failed"  // not applied, or applied in part: Err says why
	EventSkipped = "skipped" // a setting turned it off: Skip says which
	EventPlanned = "planned" // a dry run planned it
)

// EventResult is how one line of an event file went.
type EventResult struct {
	Line   int
	Type   string // identify, group or track; "" for a line that is no event
	About  string // who or what the event names: "user ext-42", "organization acme"
	Status string
	Plan   *Plan   // the event's plan; nil for a line that is no event or a skipped one
	Result *Result // the run's result; nil unless it was applied
	Skip   string  // why a skipped event writes nothing
	Err    error
}

// EventApplier plans and applies events one at a time.
type EventApplier struct {
	Planner  Planner // give it a FieldCache: the field lists are read once per file
	Runner   *Runner // nil for a dry run
	Settings SyncSettings
	// Source names the file in each request's Source ("events.jsonl", or "-" for stdin).
	Source string
}

// Apply plans one line's event and, unless the applier has no runner, applies it. events
// receives the run's progress and may be nil.
func (a *EventApplier) Apply(ctx context.Context, l EventLine, events func(Event)) EventResult {
	res := EventResult{Line: l.Line, Type: l.Event.Type, About: eventAbout(l.Event), Status: EventFailed}
	if l.Err != nil {
		res.Type, res.About, res.Err = "", "", l.Err
		return res
	}
	m, err := MapEvent(l.Event, a.Settings)
	if err != nil {
		res.Err = err
		return res
	}
	if m.Request == nil {
		res.Status, res.Skip = EventSkipped, m.Skip
		return res
	}
	req := *m.Request
	req.Source = fmt.Sprintf("%s:%d", firstOf(a.Source, "events"), l.Line)
	if err := req.Validate(); err != nil {
		res.Err = err
		return res
	}
	plan, err := a.Planner.Plan(ctx, req)
	if err != nil {
		res.Err = err
		return res
	}
	plan.Skipped = append(m.Ignored, plan.Skipped...)
	res.Plan = plan
	switch {
	case a.Runner == nil:
		res.Status = EventPlanned
		return res
	case plan.Empty():
		res.Status = EventOK
		return res
	}
	r, err := a.Runner.Apply(ctx, plan, events)
	res.Result = r
	switch {
	case r == nil:
		res.Err = err
	case r.Interrupted || r.Unknown > 0:
		if err == nil {
			err = errors.New("some steps have no outcome")
		}
		res.Err = fmt.Errorf("run %s was interrupted (zdops resume %s finishes it): %w", r.RunID, r.RunID, err)
	case r.Failed > 0:
		res.Err = fmt.Errorf("%d of %d calls failed", r.Failed, r.Planned)
	case err != nil:
		res.Err = err
	default:
		res.Status = EventOK
	}
	return res
}

// Problem says what went wrong, without the line number the result carries.
func (r EventResult) Problem() string {
	var le *LineError
	switch {
	case r.Err == nil:
		return ""
	case errors.As(r.Err, &le):
		return le.Problem
	}
	return r.Err.Error()
}

// eventAbout names what an event is about: "user ext-42", "organization acme".
func eventAbout(e SyncEvent) string {
	switch e.Type {
	case EventGroup:
		return "organization " + e.GroupID
	case EventIdentify, EventTrack:
		if e.UserID != "" {
			return "user " + e.UserID
		}
		return "user " + e.Email()
	}
	return ""
}
