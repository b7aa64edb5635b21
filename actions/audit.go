package actions

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Audit entry types, in the order a run writes them.
const (
	EntryIntent        = "intent"         // before the first write: the whole plan, profile, operator
	EntryResume        = "resume"         // a resumed run starts again
	EntryBatchSent     = "batch-sent"     // Zendesk accepted a bulk call: its job id and ids
	EntryBatchDone     = "batch-done"     // a bulk call's per-ticket outcomes
	EntryUserDone      = "user-done"      // one user write's outcome
	EntryTicketCreated = "ticket-created" // create-ticket's ticket
	EntryStepDone      = "step-done"      // one step of a profile plan: its outcome and the ids Zendesk returned
	EntryFinal         = "final"          // the run's Result
)

// Entry is one line of the audit log. Only the fields of its Type are set. It never holds a
// credential: the plan names the account by its URL and the operator by email.
type Entry struct {
	Type  string    `json:"type"`
	RunID string    `json:"run"`
	Time  time.Time `json:"time"`

	// intent and resume
	Action   ActionID `json:"action,omitempty"`
	UndoOf   string   `json:"undo_of,omitempty"`
	Profile  string   `json:"profile,omitempty"`
	Operator string   `json:"operator,omitempty"`
	Plan     *Plan    `json:"plan,omitempty"`

	// batch-sent and batch-done
	Batch    int       `json:"batch,omitempty"`
	JobID    string    `json:"job_id,omitempty"`
	IDs      []int64   `json:"ids,omitempty"`
	Outcomes []Outcome `json:"outcomes,omitempty"`

	// ticket-created
	TicketID int64 `json:"ticket_id,omitempty"`
	Replayed bool  `json:"replayed,omitempty"`

	// step-done
	Step *StepOutcome `json:"step,omitempty"`

	// final
	Result *Result `json:"result,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// OutcomeState is how one write went.
type OutcomeState string

const (
	Succeeded OutcomeState = "succeeded"
	Failed    OutcomeState = "failed"
	// Unknown: the write may or may not have happened (the process was interrupted, the
	// connection broke, Zendesk forgot the job). A resumed run sends it again.
	Unknown OutcomeState = "unknown"
)

// Outcome is what happened to one ticket or user.
type Outcome struct {
	ID     int64        `json:"id"`
	Kind   string       `json:"kind,omitempty"` // "ticket" ("" reads as ticket) or "user"
	State  OutcomeState `json:"state"`
	Reason string       `json:"reason,omitempty"`
	JobID  string       `json:"job_id,omitempty"`
}

func (o Outcome) definitive() bool { return o.State == Succeeded || o.State == Failed }

// DefaultAuditPath is where the audit log lives in zdops' state directory.
func DefaultAuditPath(stateDir string) string { return filepath.Join(stateDir, "audit.jsonl") }

// AuditLog appends entries to the audit log file. It is safe for concurrent use. It also
// keeps, from the file and from what it appended, which runs have started and which have
// been undone, so that a run id is never started twice and no run is undone twice.
type AuditLog struct {
	path string

	mu      sync.Mutex
	f       *os.File
	started map[string]bool   // runs with an intent
	undone  map[string]string // run id -> the run that undoes it
	isUndo  map[string]bool   // runs that are undos
}

// OpenAudit opens (or creates) the audit log at path: the directory with mode 0700, the file
// with 0600, opened for appending. A file that others can read or write is narrowed to
// 0600; a path that is not a regular file is refused. A torn last line (a crash in the middle
// of a write) is closed with a newline so that the next entry starts on a line of its own;
// ReadAudit reports the torn line.
func OpenAudit(path string) (*AuditLog, error) {
	if path == "" {
		return nil, errors.New("audit log: no path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit log: create directory: %w", err)
	}
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("audit log %s: not a regular file (%s)", path, fi.Mode().Type())
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	a := &AuditLog{path: path, f: f, started: map[string]bool{}, undone: map[string]string{}, isUndo: map[string]bool{}}
	if err := a.prepare(); err != nil {
		f.Close()
		return nil, err
	}
	return a, nil
}

func (a *AuditLog) prepare() error {
	fi, err := a.f.Stat()
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := a.f.Chmod(0o600); err != nil {
			return fmt.Errorf("audit log %s is readable by others and cannot be narrowed to 0600: %w", a.path, err)
		}
	}
	if size := fi.Size(); size > 0 {
		last := make([]byte, 1)
		if _, err := a.f.ReadAt(last, size-1); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("audit log: %w", err)
		}
		if last[0] != '\n' {
			if _, err := a.f.Write([]byte("\n")); err != nil {
				return fmt.Errorf("audit log: close the torn last line: %w", err)
			}
		}
	}
	runs, _, err := readAudit(io.NewSectionReader(a.f, 0, 1<<62))
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	for _, r := range runs {
		a.started[r.ID] = true
		if r.UndoOf != "" {
			a.isUndo[r.ID] = true
			a.undone[r.UndoOf] = r.ID
		}
	}
	return nil
}

// Path is the file the log appends to.
func (a *AuditLog) Path() string { return a.path }

// Close closes the file.
func (a *AuditLog) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.f == nil {
		return nil
	}
	err := a.f.Close()
	a.f = nil
	return err
}

// Append writes e as one JSON line and syncs the file before returning. An intent is
// refused when its run id has started before, and an undo's intent when the run it undoes
// has been undone already.
func (a *AuditLog) Append(e Entry) error {
	if e.Type == "" || e.RunID == "" {
		return errors.New("audit log: an entry needs a type and a run id")
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Time = e.Time.UTC()
	line, err := jsonLine(e)
	if err != nil {
		return fmt.Errorf("audit log: encode %s entry of run %s: %w", e.Type, e.RunID, err)
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if a.f == nil {
		return errors.New("audit log: closed")
	}
	if e.Type == EntryIntent {
		if a.started[e.RunID] {
			return fmt.Errorf("run %s has already started: resume it instead", e.RunID)
		}
		if e.UndoOf != "" {
			if by, ok := a.undone[e.UndoOf]; ok {
				return fmt.Errorf("run %s was already undone by run %s", e.UndoOf, by)
			}
			if a.isUndo[e.UndoOf] {
				return fmt.Errorf("run %s is itself an undo and cannot be undone", e.UndoOf)
			}
		}
	} else if !a.started[e.RunID] {
		return fmt.Errorf("audit log: a %s entry for run %s, which has no intent", e.Type, e.RunID)
	}
	if _, err := a.f.Write(line); err != nil {
		return fmt.Errorf("audit log: write %s entry of run %s: %w", e.Type, e.RunID, err)
	}
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("audit log: sync %s entry of run %s: %w", e.Type, e.RunID, err)
	}
	if e.Type == EntryIntent {
		a.started[e.RunID] = true
		if e.UndoOf != "" {
			a.undone[e.UndoOf] = e.RunID
			a.isUndo[e.RunID] = true
		}
	}
	return nil
}

// undoneBy says which run undid runID, if any.
func (a *AuditLog) undoneBy(runID string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.undone[runID]
}

// jsonLine encodes an entry as one line of the log.
func jsonLine(e Entry) ([]byte, error) {
	line, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	return append(line, '\n'), nil
}
