package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"text/tabwriter"
	"time"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/internal/termtext"
)

// runLog handles "zdops log": every run in the audit log, oldest first.
func runLog(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("log", flag.ContinueOnError)
	jsonOut := fs.Bool("json", false, "print the runs as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	path, err := auditPath()
	if err != nil {
		return err
	}
	runs, problems, err := actions.ReadAudit(path)
	if err != nil {
		return err
	}
	// A damaged line is never dropped silently: it is named, and the rest still shows.
	for _, p := range problems {
		fmt.Fprintf(stderr, "warning: %s line %s\n", path, p)
	}
	if *jsonOut {
		out := make([]map[string]any, 0, len(runs))
		for _, r := range runs {
			out = append(out, runJSON(r))
		}
		return writeJSON(stdout, out)
	}
	if len(runs) == 0 {
		fmt.Fprintf(stdout, "no runs yet (audit log: %s)\n", path)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STARTED\tRUN\tACTION\tTARGET\tOK\tFAILED\tSKIPPED\tDURATION\tSTATE")
	for _, r := range runs {
		ok, failed, _ := r.Counts()
		skipped, dur := 0, ""
		if r.Plan != nil {
			skipped = len(r.Plan.Skipped)
		}
		if r.Final != nil {
			dur = r.Final.Finished.Sub(r.Final.Started).Round(10 * time.Millisecond).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", r.Started.Local().Format("2006-01-02 15:04"), r.ID, runActionText(r), runTarget(r), ok, failed, skipped, dur, runState(r))
	}
	return tw.Flush()
}

// runActionText and runTarget label a run from its plan, made safe to print: names and emails
// come from Zendesk.
func runActionText(r actions.Run) string {
	if r.Plan == nil {
		return string(r.Action)
	}
	return termtext.Line(r.Plan.ActionLabel())
}

func runTarget(r actions.Run) string {
	if r.Plan == nil {
		return termtext.Line(r.Target.String())
	}
	return termtext.Line(r.Plan.TargetLabel())
}

func runState(r actions.Run) string {
	switch {
	case r.UndoneBy != "":
		return "undone by " + r.UndoneBy
	case r.Finished():
		return "finished"
	default:
		return "interrupted (zdops resume " + r.ID + ")"
	}
}

func runJSON(r actions.Run) map[string]any {
	ok, failed, unknown := r.Counts()
	out := map[string]any{
		"run_id": r.ID, "action": r.Action, "target": runTarget(r), "profile": r.Profile, "operator": r.Operator,
		"started": r.Started, "succeeded": ok, "failed": failed, "unknown": unknown, "state": runState(r), "finished": r.Finished(),
	}
	if r.UndoOf != "" {
		out["undo_of"] = r.UndoOf
	}
	if r.Final != nil {
		out["result"] = resultJSON(r.Final)
	}
	return out
}

// runResume handles "zdops resume RUN_ID".
func runResume(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || len(args[0]) == 0 || args[0][0] == '-' {
		return usageError{"usage: zdops resume RUN_ID [--json] [--profile NAME]"}
	}
	runID := args[0]
	fs := flag.NewFlagSet("resume", flag.ContinueOnError)
	var af accountFlags
	af.register(fs)
	jsonOut := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	acct, err := openAccount(af, false)
	if err != nil {
		return err
	}
	defer acct.Close()
	audit, err := openAudit()
	if err != nil {
		return err
	}
	defer audit.Close()
	path, err := auditPath()
	if err != nil {
		return err
	}
	run, err := actions.FindRun(path, runID)
	if err != nil {
		return err
	}
	if acct.readOnly {
		return fmt.Errorf("profile %q is read-only, so zdops writes nothing with it: run %s cannot be resumed", acct.profile, run.ID)
	}
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	runner, err := acct.runner(ctx, audit)
	if err != nil {
		return err
	}
	res, err := runner.Resume(ctx, runID, progressPrinter(stderr))
	return report(res, err, *jsonOut, stdout, stderr)
}

// runUndo handles "zdops undo RUN_ID": plan the undo, show it, confirm, apply.
func runUndo(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || len(args[0]) == 0 || args[0][0] == '-' {
		return usageError{"usage: zdops undo RUN_ID [--dry-run] [--yes] [--json] [--profile NAME]"}
	}
	runID := args[0]
	fs := flag.NewFlagSet("undo", flag.ContinueOnError)
	var af accountFlags
	af.register(fs)
	dryRun := fs.Bool("dry-run", false, "print the undo plan and exit")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	jsonOut := fs.Bool("json", false, "print the plan (with --dry-run) or the result as JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	path, err := auditPath()
	if err != nil {
		return err
	}
	run, err := actions.FindRun(path, runID)
	if err != nil {
		return err
	}
	acct, err := openAccount(af, false)
	if err != nil {
		return err
	}
	defer acct.Close()
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	plan, err := actions.Planner{Client: acct.client}.PlanUndo(ctx, run)
	if err != nil {
		return err
	}
	if acct.readOnly && !*dryRun {
		return fmt.Errorf("profile %q is read-only, so zdops writes nothing with it: use --dry-run to see what undoing %s would do", acct.profile, run.ID)
	}
	return confirmAndApply(ctx, acct, plan, *dryRun, *yes, *jsonOut, stdout, stderr)
}
