package actions

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func testPlan(id string) *Plan {
	return &Plan{ID: id, Request: Request{Action: SetPriority, Target: Target{UserID: 7}, Params: Params{Priority: "high"}},
		Write: WriteUpdateMany, Field: "priority", Account: "http://127.0.0.1:1",
		Changes: []TicketChange{{ID: 1, BeforeValue: "low", AfterValue: "high"}, {ID: 2, BeforeValue: "", AfterValue: "high"}}}
}

func TestAuditModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "zdops")
	path := DefaultAuditPath(dir)
	a, err := OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v", fi.Mode().Perm())
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err = OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("a world-readable log was left %v", fi.Mode().Perm())
	}
	if _, err := OpenAudit(dir); err == nil {
		t.Error("a directory opened as the audit log")
	}
	if runs, problems, err := ReadAudit(filepath.Join(dir, "missing.jsonl")); err != nil || runs != nil || problems != nil {
		t.Errorf("missing log: %v %v %v", runs, problems, err)
	}
}

func TestAuditAppendRules(t *testing.T) {
	a, err := OpenAudit(filepath.Join(t.TempDir(), "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Append(Entry{Type: EntryBatchDone, RunID: "r1"}); err == nil {
		t.Error("an entry for a run without an intent was appended")
	}
	if err := a.Append(Entry{Type: EntryIntent, RunID: "r1", Plan: testPlan("r1")}); err != nil {
		t.Fatal(err)
	}
	if err := a.Append(Entry{Type: EntryIntent, RunID: "r1", Plan: testPlan("r1")}); err == nil || !strings.Contains(err.Error(), "already started") {
		t.Errorf("second intent: %v", err)
	}
	if err := a.Append(Entry{Type: EntryIntent, RunID: "u1", UndoOf: "r1", Plan: testPlan("u1")}); err != nil {
		t.Fatal(err)
	}
	if err := a.Append(Entry{Type: EntryIntent, RunID: "u2", UndoOf: "r1", Plan: testPlan("u2")}); err == nil || !strings.Contains(err.Error(), "already undone by run u1") {
		t.Errorf("second undo: %v", err)
	}
	if err := a.Append(Entry{Type: EntryIntent, RunID: "u3", UndoOf: "u1", Plan: testPlan("u3")}); err == nil || !strings.Contains(err.Error(), "itself an undo") {
		t.Errorf("undo of an undo: %v", err)
	}
	// The rules survive reopening: they are rebuilt from the file.
	a.Close()
	b, err := OpenAudit(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Append(Entry{Type: EntryIntent, RunID: "u4", UndoOf: "r1", Plan: testPlan("u4")}); err == nil {
		t.Error("second undo accepted after reopening")
	}
	runs, problems, err := ReadAudit(b.Path())
	if err != nil || len(problems) > 0 || len(runs) != 2 || runs[0].UndoneBy != "u1" || runs[1].UndoOf != "r1" {
		t.Errorf("runs %+v problems %v err %v", runs, problems, err)
	}
}

// TestAuditTornLine: a crash in the middle of a write leaves a line without its end; it is
// reported with its number, the rest loads, and the next entry starts on a fresh line.
func TestAuditTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	a, err := OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 15, 0, 0, time.UTC)
	must := func(e Entry) {
		t.Helper()
		if err := a.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	must(Entry{Type: EntryIntent, RunID: "r1", Time: now, Plan: testPlan("r1"), Operator: "op@example.org"})
	must(Entry{Type: EntryBatchSent, RunID: "r1", Batch: 1, JobID: "J1", IDs: []int64{1, 2}})
	must(Entry{Type: EntryBatchDone, RunID: "r1", Batch: 1, JobID: "J1", Outcomes: []Outcome{{ID: 1, State: Succeeded}, {ID: 2, State: Failed, Reason: "closed"}}})
	a.Close()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"type":"final","run":"r1","result":{"run_id":"r1","succ`)
	f.Close()

	runs, problems, err := ReadAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Line != 4 || !strings.Contains(problems[0].Problem, "torn") {
		t.Fatalf("problems %v", problems)
	}
	if len(runs) != 1 || runs[0].Finished() || runs[0].Outcomes[1].State != Succeeded || runs[0].Outcomes[2].Reason != "closed" || len(runs[0].PendingJobs()) != 0 {
		t.Fatalf("runs %+v", runs)
	}
	if runs[0].Operator != "op@example.org" || !runs[0].Started.Equal(now) {
		t.Errorf("intent fields %+v", runs[0])
	}

	// Reopening closes the torn line; the next entry loads.
	a, err = OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Append(Entry{Type: EntryFinal, RunID: "r1", Result: &Result{RunID: "r1", Succeeded: 1, Failed: 1}}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	runs, problems, _ = ReadAudit(path)
	if len(problems) != 1 || problems[0].Line != 4 || len(runs) != 1 || !runs[0].Finished() {
		t.Errorf("after reopening: runs %+v problems %v", runs, problems)
	}
}

func TestAuditProblems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	intent := `{"type":"intent","run":"r1","time":"2026-11-21T10:00:00Z","plan":{"id":"r1","request":{"action":"set-priority","target":{"user_id":1},"params":{"priority":"low"}},"write":"update-many","changes":[{"id":5,"before":"high","after":"low","before_value":"high","after_value":"low"}]}}`
	lines := []string{
		intent,
		`not json at all`,
		``,
		`{"type":"batch-done","run":"ghost","outcomes":[{"id":1,"state":"succeeded"}]}`,
		`{"type":"mystery","run":"r1"}`,
		`{"type":"batch-done","run":"r1","outcomes":[{"id":5,"state":"succeeded"}]}`,
		`{"type":"batch-done","run":"r1","outcomes":[{"id":5,"state":"unknown"}]}`,
		`{"type":"intent","run":"r1","plan":{"id":"r1"}}`,
	}
	os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
	runs, problems, err := ReadAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, p := range problems {
		got = append(got, p.Line)
	}
	if fmt.Sprint(got) != "[2 4 5 8]" {
		t.Errorf("problem lines %v: %v", got, problems)
	}
	if len(runs) != 1 || runs[0].Outcomes[5].State != Succeeded {
		t.Errorf("runs %+v (an unknown must not hide a success)", runs)
	}
}

func TestAuditConcurrentAppends(t *testing.T) {
	a, err := OpenAudit(filepath.Join(t.TempDir(), "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Append(Entry{Type: EntryIntent, RunID: "r", Plan: testPlan("r")}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				id := int64(g*100 + i)
				if err := a.Append(Entry{Type: EntryBatchDone, RunID: "r", Outcomes: []Outcome{{ID: id, State: Succeeded}}}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	runs, problems, err := ReadAudit(a.Path())
	if err != nil || len(problems) > 0 || len(runs) != 1 || len(runs[0].Outcomes) != 200 {
		t.Errorf("%d outcomes, problems %v, err %v", len(runs[0].Outcomes), problems, err)
	}
}

func FuzzReadAudit(f *testing.F) {
	var buf bytes.Buffer
	for _, e := range []Entry{
		{Type: EntryIntent, RunID: "r1", Plan: testPlan("r1")},
		{Type: EntryBatchSent, RunID: "r1", Batch: 1, JobID: "J", IDs: []int64{1, 2}},
		{Type: EntryBatchDone, RunID: "r1", JobID: "J", Outcomes: []Outcome{{ID: 1, State: Succeeded}, {ID: 2, Kind: "user", State: Failed}}},
		{Type: EntryTicketCreated, RunID: "r1", TicketID: 9},
		{Type: EntryFinal, RunID: "r1", Result: &Result{RunID: "r1"}},
	} {
		line, _ := jsonLine(e)
		buf.Write(line)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"type":"intent","run":"x","plan":null}` + "\n" + `{"type":"final","run":"x"}`))
	f.Add([]byte("\n\n{\"type\":\"intent\""))
	f.Add([]byte{0xff, '\n', '{', '}'})
	// ReadAudit is os.Open plus readAudit; the fuzzer feeds readAudit from memory, since
	// writing a file per input makes the filesystem (ext4 with discard here) the bottleneck.
	f.Fuzz(func(t *testing.T, data []byte) {
		runs, problems, err := readAudit(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("read error on a plain file: %v", err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, p := range problems {
			if p.Line < 1 || p.Line > lines || p.Problem == "" {
				t.Fatalf("problem %+v in %d lines", p, lines)
			}
		}
		for _, r := range runs {
			_ = r.Finished()
			r.Counts()
			r.PendingJobs()
			r.Undoable()
			if r.Plan != nil {
				PlanUndo(r)
			}
		}
		// Every non-blank line is either a loaded entry or a problem: count problems at
		// least for lines that are not JSON objects.
		bad := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if t := bytes.TrimSpace(l); len(t) > 0 && t[0] != '{' {
				bad++
			}
		}
		if len(problems) < bad {
			t.Fatalf("%d problems for %d lines that are not JSON objects", len(problems), bad)
		}
	})
}
