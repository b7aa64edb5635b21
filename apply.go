package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/zdops/zdops/actions"
)

// stopSignals end a headless run between batches: the runner records what was done and
// the run can be resumed. SIGTERM (CI, systemd, timeout) and SIGHUP (a closed terminal)
// count as much as ctrl+c; an unhandled one would kill the process mid-batch.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// stdin and stdinIsTerminal are variables so tests can answer confirmations.
var (
	stdin           io.Reader = os.Stdin
	stdinIsTerminal           = func() bool {
		fi, err := os.Stdin.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
)

// confirmAndApply shows the plan, asks for the confirmation the plan needs, applies it and
// reports the result. It is shared by run and undo.
func confirmAndApply(ctx context.Context, acct *account, plan *actions.Plan, dryRun, yes, jsonOut bool, stdout, stderr io.Writer) error {
	if dryRun {
		if jsonOut {
			return writeJSON(stdout, plan)
		}
		printPlan(stdout, plan)
		return nil
	}
	if jsonOut {
		printPlan(stderr, plan)
	} else {
		printPlan(stdout, plan)
	}
	if plan.Empty() {
		fmt.Fprintln(stderr, "nothing to do: every target is skipped")
		if jsonOut {
			return writeJSON(stdout, resultJSON(&actions.Result{RunID: plan.ID, Action: plan.Request.Action, Skipped: len(plan.Skipped)}))
		}
		return nil
	}
	if !yes {
		if err := confirm(plan, stderr); err != nil {
			return err
		}
	}
	audit, err := openAudit()
	if err != nil {
		return err
	}
	defer audit.Close()
	runner, err := acct.runner(ctx, audit)
	if err != nil {
		return err
	}
	if acct.sandbox != nil {
		fmt.Fprintln(stderr, "note: this run goes to the embedded sandbox, whose data lasts only while this command runs")
	}
	res, err := runner.Apply(ctx, plan, progressPrinter(stderr))
	return report(res, err, jsonOut, stdout, stderr)
}

// confirm asks the operator: y for ordinary plans, the typed phrase for dangerous ones. A
// dangerous plan is refused when nobody is at a terminal to type it.
func confirm(plan *actions.Plan, stderr io.Writer) error {
	if !stdinIsTerminal() {
		if plan.Danger {
			return fmt.Errorf("refusing to run %s without --yes: it is destructive and stdin is not a terminal", plan.Request.Action)
		}
		return nil
	}
	in := bufio.NewReader(stdin)
	if plan.Danger {
		fmt.Fprintf(stderr, "DANGER: %s\nType %q to go ahead: ", plan.Title(), plan.ConfirmPhrase)
		line, _ := in.ReadString('\n')
		if !plan.Confirmed(strings.TrimSpace(line)) {
			return errors.New("cancelled: confirmation did not match; nothing was written")
		}
		return nil
	}
	fmt.Fprintf(stderr, "Apply %s? [y/N] ", plan.Title())
	line, _ := in.ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return errors.New("cancelled; nothing was written")
	}
	return nil
}

// report prints the result and turns it into the exit status.
func report(res *actions.Result, err error, jsonOut bool, stdout, stderr io.Writer) error {
	if res == nil {
		return err
	}
	if jsonOut {
		if jerr := writeJSON(stdout, resultJSON(res)); jerr != nil {
			return jerr
		}
	} else {
		printResult(stdout, res)
	}
	switch {
	case res.Interrupted || res.Unknown > 0:
		msg := fmt.Sprintf("run %s was interrupted; finish it with: zdops resume %s", res.RunID, res.RunID)
		if err != nil {
			msg += " (" + err.Error() + ")"
		}
		return exitError{code: exitInterrupted, msg: msg}
	case err != nil:
		return err
	case res.Failed > 0:
		return exitError{code: exitFailedWrites, msg: fmt.Sprintf("%d of %d writes failed (see above)", res.Failed, res.Planned)}
	}
	return nil
}

// resultJSON is what --json prints for a run.
func resultJSON(r *actions.Result) map[string]any {
	failures := r.Failures
	if failures == nil {
		failures = []actions.Failure{}
	}
	out := map[string]any{
		"run_id":    r.RunID,
		"action":    r.Action,
		"planned":   r.Planned,
		"succeeded": r.Succeeded,
		"failed":    r.Failed,
		"skipped":   r.Skipped,
		"unknown":   r.Unknown,
		"failures":  failures,
	}
	if r.UndoOf != "" {
		out["undo_of"] = r.UndoOf
	}
	if r.CreatedTicket != 0 {
		out["created_ticket"] = r.CreatedTicket
	}
	if r.Interrupted {
		out["interrupted"] = true
	}
	if !r.Finished.IsZero() {
		out["duration_ms"] = r.Finished.Sub(r.Started).Milliseconds()
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// exitError carries a specific exit status with its message.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }
