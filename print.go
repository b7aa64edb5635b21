package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/internal/termtext"
)

// planRowsShown bounds the change table printed in a terminal; --json has every row.
const planRowsShown = 20

// printPlan writes the preview: what will change, what is skipped and why, the calls, and
// what follows.
func printPlan(w io.Writer, p *actions.Plan) {
	fmt.Fprintf(w, "Plan %s\n  %s\n", p.ID, termtext.Line(p.Title()))
	if n := len(p.Changes); n > 0 {
		fmt.Fprintf(w, "\n%d tickets will change:\n", n)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  TICKET\tSUBJECT\tBEFORE\tAFTER")
		for _, c := range p.Changes[:min(n, planRowsShown)] {
			fmt.Fprintf(tw, "  #%d\t%s\t%s\t%s\n", c.ID, clip(termtext.Line(c.Subject), 48), termtext.Line(c.Before), termtext.Line(c.After))
		}
		tw.Flush()
		if n > planRowsShown {
			fmt.Fprintf(w, "  ... and %d more (--dry-run --json lists every ticket)\n", n-planRowsShown)
		}
	}
	if n := len(p.UserChanges); n > 0 {
		fmt.Fprintf(w, "\n%d users will change:\n", n)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  USER\tEMAIL\tBEFORE\tAFTER")
		for _, u := range p.UserChanges[:min(n, planRowsShown)] {
			fmt.Fprintf(tw, "  #%d\t%s\t%s\t%s\n", u.ID, termtext.Line(u.Email), u.Before, u.After)
		}
		tw.Flush()
		if n > planRowsShown {
			fmt.Fprintf(w, "  ... and %d more\n", n-planRowsShown)
		}
	}
	if len(p.Skipped) > 0 {
		reasons := map[string]int{}
		for _, s := range p.Skipped {
			reasons[termtext.Line(s.Reason)]++
		}
		keys := make([]string, 0, len(reasons))
		for r := range reasons {
			keys = append(keys, r)
		}
		sort.Strings(keys)
		fmt.Fprintf(w, "\n%d skipped:\n", len(p.Skipped))
		for _, r := range keys {
			fmt.Fprintf(w, "  %5d  %s\n", reasons[r], r)
		}
	}
	if len(p.Calls) > 0 {
		fmt.Fprintln(w, "\nCalls:")
		for _, c := range p.Calls {
			fmt.Fprintf(w, "  %s\n", c)
		}
	}
	for _, c := range p.Consequences {
		fmt.Fprintf(w, "\nNote: %s", c)
	}
	if len(p.Consequences) > 0 {
		fmt.Fprintln(w)
	}
	if p.Danger {
		fmt.Fprintf(w, "\nDANGER: confirming needs the phrase %q\n", termtext.Line(p.ConfirmPhrase))
	}
}

// printResult writes a run's outcome.
func printResult(w io.Writer, r *actions.Result) {
	fmt.Fprintf(w, "\nRun %s: %d succeeded, %d failed, %d skipped", r.RunID, r.Succeeded, r.Failed, r.Skipped)
	if r.Unknown > 0 {
		fmt.Fprintf(w, ", %d unknown", r.Unknown)
	}
	if !r.Finished.IsZero() {
		fmt.Fprintf(w, " in %s", r.Finished.Sub(r.Started).Round(10*time.Millisecond))
	}
	fmt.Fprintln(w)
	if r.CreatedTicket != 0 {
		fmt.Fprintf(w, "created ticket #%d\n", r.CreatedTicket)
	}
	for _, f := range r.Failures {
		kind := f.Kind
		if kind == "" {
			kind = "ticket"
		}
		fmt.Fprintf(w, "  failed %s #%d: %s\n", kind, f.ID, termtext.Line(f.Reason))
	}
}

// progressPrinter prints the events a person watching a headless run wants to see: batches,
// failures, waits and the end; ticket-by-ticket successes would drown them.
func progressPrinter(w io.Writer) func(actions.Event) {
	return func(e actions.Event) {
		switch e.Kind {
		case actions.EventBatchSent, actions.EventTicketFailed, actions.EventUserFailed, actions.EventWaiting, actions.EventUnknown:
			fmt.Fprintln(w, termtext.Line(e.String()))
		}
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
