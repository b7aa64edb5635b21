package actions

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
	"unicode/utf8"
)

// AuditProblem is a line of the audit log that could not be used, and why.
type AuditProblem struct {
	Line    int    // 1-based
	Problem string // what is wrong
	Text    string // the start of the line
}

func (p AuditProblem) String() string {
	if p.Text == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Problem)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Problem, p.Text)
}

// Run is a run as the audit log tells it.
type Run struct {
	ID       string
	Action   ActionID
	Target   Target
	Params   Params
	Profile  string
	Operator string
	UndoOf   string // the run this run undoes
	UndoneBy string // the run that undoes this one

	Plan *Plan // the plan, with the values before
	// Outcomes are the tickets' outcomes (the last definitive one of each id);
	// UserOutcomes the users'.
	Outcomes     map[int64]Outcome
	UserOutcomes map[int64]Outcome
	// CreatedTicket is the ticket create-ticket made.
	CreatedTicket int64
	// StepOutcomes are a profile run's step outcomes by step number (the last definitive
	// one of each).
	StepOutcomes map[int]StepOutcome
	// Batches are the bulk calls Zendesk accepted, in the order they were sent.
	Batches []SentBatch
	Final   *Result // the last final entry; nil when the run never finished
	Started time.Time
	Updated time.Time // the time of its last entry
	Resumes int
}

// SentBatch is one accepted bulk call.
type SentBatch struct {
	Batch int
	JobID string
	IDs   []int64
	Sent  time.Time
	Done  bool // its outcomes are recorded
}

// Finished reports whether the run ran to its end: it has a final entry that is not an
// interruption. An unfinished run can be resumed.
func (r Run) Finished() bool { return r.Final != nil && !r.Final.Interrupted }

// PendingJobs are the jobs Zendesk accepted whose outcomes are not recorded.
func (r Run) PendingJobs() []SentBatch {
	var out []SentBatch
	for _, b := range r.Batches {
		if !b.Done {
			out = append(out, b)
		}
	}
	return out
}

// Counts tallies the recorded outcomes of the planned writes.
func (r Run) Counts() (succeeded, failed, unknown int) {
	if r.Plan == nil {
		return 0, 0, 0
	}
	tally := func(o Outcome, ok bool) {
		switch {
		case ok && o.State == Succeeded:
			succeeded++
		case ok && o.State == Failed:
			failed++
		default:
			unknown++
		}
	}
	if r.Plan.Write == WriteSteps {
		for _, st := range r.Plan.Steps {
			o, ok := r.StepOutcomes[st.N]
			tally(Outcome{State: o.State}, ok)
		}
		return
	}
	if r.Plan.Write == WriteCreate {
		if r.CreatedTicket != 0 {
			succeeded++
		} else if r.Final != nil && r.Final.Failed > 0 && !r.Final.Interrupted {
			failed++
		} else {
			unknown++
		}
		return
	}
	for _, c := range r.Plan.Changes {
		o, ok := r.Outcomes[c.ID]
		tally(o, ok)
	}
	if r.Plan.Write.userWrites() {
		for _, u := range r.Plan.UserChanges {
			o, ok := r.UserOutcomes[u.ID]
			tally(o, ok)
		}
	}
	return
}

// ReadAudit reads the audit log and rebuilds its runs, oldest first. A torn or malformed
// line is reported as a problem with its line number, and the other lines still load. A
// missing file is no runs and no error.
func ReadAudit(path string) (runs []Run, problems []AuditProblem, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read audit log: %w", err)
	}
	defer f.Close()
	return readAudit(f)
}

// FindRun reads the audit log and returns one run.
func FindRun(path, runID string) (Run, error) {
	runs, _, err := ReadAudit(path)
	if err != nil {
		return Run{}, err
	}
	for _, r := range runs {
		if r.ID == runID {
			return r, nil
		}
	}
	return Run{}, fmt.Errorf("no run %s in the audit log %s", runID, path)
}

// maxAuditLine bounds one line (a plan for 100,000 tickets is about 20 MB).
const maxAuditLine = 256 << 20

func readAudit(r io.Reader) ([]Run, []AuditProblem, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var runs []*Run
	byID := map[string]*Run{}
	var problems []AuditProblem
	problem := func(line int, text []byte, format string, args ...any) {
		problems = append(problems, AuditProblem{Line: line, Problem: fmt.Sprintf(format, args...), Text: lineSnippet(text)})
	}
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, maxAuditLine)
		if err != nil && !errors.Is(err, io.EOF) {
			return flatten(runs), problems, fmt.Errorf("read audit log: %w", err)
		}
		atEOF := errors.Is(err, io.EOF)
		torn := atEOF && len(line) > 0 // the last line has no newline
		switch {
		case tooLong:
			problem(n, line, "line longer than %d bytes", maxAuditLine)
		case len(bytes.TrimSpace(line)) == 0:
		default:
			var e Entry
			if jerr := json.Unmarshal(line, &e); jerr != nil {
				if torn {
					problem(n, line, "torn line (the last write did not finish): %v", jerr)
				} else {
					problem(n, line, "malformed entry: %v", jerr)
				}
				break
			}
			if msg := applyEntry(byID, &runs, e); msg != "" {
				problem(n, line, "%s", msg)
			}
		}
		if atEOF {
			break
		}
	}
	return flatten(runs), problems, nil
}

// readLine reads one line without its newline; a line over limit bytes is skipped whole
// (its first 200 bytes are kept for the message).
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > limit {
				tooLong, line = true, line[:min(len(line), 200)]
			} else {
				line = append(line, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil:
			return line, tooLong, err
		}
		return bytes.TrimSuffix(line, []byte("\n")), tooLong, nil
	}
}

func flatten(runs []*Run) []Run {
	out := make([]Run, len(runs))
	for i, r := range runs {
		out[i] = *r
	}
	return out
}

// applyEntry adds one entry to the runs; it returns a problem, or "".
func applyEntry(byID map[string]*Run, runs *[]*Run, e Entry) string {
	if e.RunID == "" {
		return "entry without a run id"
	}
	r := byID[e.RunID]
	if e.Type != EntryIntent && r == nil {
		return fmt.Sprintf("%s entry for run %s, which has no intent", e.Type, e.RunID)
	}
	if r != nil && e.Time.After(r.Updated) {
		r.Updated = e.Time
	}
	switch e.Type {
	case EntryIntent:
		if r != nil {
			return fmt.Sprintf("second intent for run %s (ignored)", e.RunID)
		}
		if e.Plan == nil {
			return fmt.Sprintf("intent of run %s has no plan", e.RunID)
		}
		r = &Run{
			ID: e.RunID, Action: e.Plan.Request.Action, Target: e.Plan.Request.Target, Params: e.Plan.Request.Params,
			Profile: e.Profile, Operator: e.Operator, UndoOf: e.UndoOf, Plan: e.Plan,
			Outcomes: map[int64]Outcome{}, UserOutcomes: map[int64]Outcome{}, StepOutcomes: map[int]StepOutcome{},
			Started: e.Time, Updated: e.Time,
		}
		if e.Action != "" {
			r.Action = e.Action
		}
		byID[e.RunID] = r
		*runs = append(*runs, r)
		if e.UndoOf != "" {
			if target := byID[e.UndoOf]; target != nil && target.UndoneBy == "" {
				target.UndoneBy = e.RunID
			}
		}
	case EntryResume:
		r.Resumes++
	case EntryBatchSent:
		if e.JobID == "" {
			return fmt.Sprintf("batch-sent entry of run %s without a job id", e.RunID)
		}
		r.Batches = append(r.Batches, SentBatch{Batch: e.Batch, JobID: e.JobID, IDs: e.IDs, Sent: e.Time})
	case EntryBatchDone, EntryUserDone:
		if e.JobID != "" {
			for i := range r.Batches {
				if r.Batches[i].JobID == e.JobID {
					r.Batches[i].Done = true
				}
			}
		}
		for _, o := range e.Outcomes {
			m := r.Outcomes
			if o.Kind == "user" {
				m = r.UserOutcomes
			}
			if old, ok := m[o.ID]; ok && old.definitive() && !o.definitive() {
				continue // an unknown never hides what is known
			}
			m[o.ID] = o
		}
	case EntryTicketCreated:
		if e.TicketID <= 0 {
			return fmt.Sprintf("ticket-created entry of run %s without a ticket id", e.RunID)
		}
		r.CreatedTicket = e.TicketID
		r.Outcomes[e.TicketID] = Outcome{ID: e.TicketID, State: Succeeded}
	case EntryStepDone:
		if e.Step == nil || e.Step.N <= 0 {
			return fmt.Sprintf("step-done entry of run %s without a step", e.RunID)
		}
		if old, ok := r.StepOutcomes[e.Step.N]; ok && old.State != Unknown && e.Step.State == Unknown {
			break // an unknown never hides what is known
		}
		r.StepOutcomes[e.Step.N] = *e.Step
	case EntryFinal:
		if e.Result == nil {
			return fmt.Sprintf("final entry of run %s without a result", e.RunID)
		}
		res := *e.Result
		res.Failures = slices.Clone(res.Failures)
		r.Final = &res
	default:
		return fmt.Sprintf("unknown entry type %q", e.Type)
	}
	return ""
}

func lineSnippet(b []byte) string {
	const max = 80
	if len(b) > max {
		b = b[:max]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
		return string(b) + "…"
	}
	return string(b)
}
