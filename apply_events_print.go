package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/internal/termtext"
)

// printEventResult writes one event's outcome as a line (and, for a dry run, its calls):
//
//	line 12 identify user ext-42: updated user #123 (name, phone); added to organization #9
//	line 13: error: malformed JSON: ...
func printEventResult(w io.Writer, r actions.EventResult) {
	head := fmt.Sprintf("line %d", r.Line)
	if r.Type != "" {
		head += " " + r.Type + " " + termtext.Line(r.About)
	}
	var outcomes []string
	if r.Result != nil && r.Plan != nil {
		for i, o := range r.Result.Steps {
			if i < len(r.Plan.Steps) {
				outcomes = append(outcomes, r.Plan.Steps[i].Summary(o))
			}
		}
	}
	switch {
	case r.Status == actions.EventSkipped:
		fmt.Fprintf(w, "%s: skipped: %s\n", head, termtext.Line(r.Skip))
	case r.Status == actions.EventFailed:
		msg := "error: " + r.Problem()
		if len(outcomes) > 0 {
			msg += " (" + strings.Join(outcomes, "; ") + ")"
		}
		fmt.Fprintf(w, "%s: %s\n", head, termtext.Line(msg))
	case r.Plan != nil && len(r.Plan.Steps) == 0:
		fmt.Fprintf(w, "%s: nothing to change\n", head)
	case r.Status == actions.EventPlanned:
		fmt.Fprintf(w, "%s: would make %s\n", head, plural(len(r.Plan.Steps), "call"))
		for _, s := range r.Plan.Steps {
			fmt.Fprintf(w, "  %s\n", termtext.Line(s.String()))
			if s.Danger {
				fmt.Fprintf(w, "       DANGER: %s\n", termtext.Line(s.Describe()))
			}
			for _, c := range s.Changes {
				fmt.Fprintf(w, "       %s\n", termtext.Line(c.String()))
			}
		}
	default:
		fmt.Fprintf(w, "%s: %s\n", head, termtext.Line(strings.Join(outcomes, "; ")))
	}
	if r.Plan != nil {
		for _, s := range r.Plan.Skipped {
			fmt.Fprintf(w, "  left alone: %s\n", termtext.Line(skipText(s)))
		}
		if r.Status == actions.EventPlanned {
			for _, c := range r.Plan.Consequences {
				fmt.Fprintf(w, "  note: %s\n", termtext.Line(c))
			}
		}
	}
}

func skipText(s actions.Skip) string {
	if s.Subject == "" {
		return s.Reason
	}
	return s.Subject + ": " + s.Reason
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// eventJSON is what --json prints for one event, one object a line.
type eventJSON struct {
	Line    int        `json:"line"`
	Type    string     `json:"type"`
	About   string     `json:"about,omitempty"`
	Status  string     `json:"status"`
	Calls   []callJSON `json:"calls"`
	Results []string   `json:"results,omitempty"` // what each call did, when applied
	Skipped []skipJSON `json:"skipped,omitempty"`
	RunID   string     `json:"run_id,omitempty"`
	Error   *string    `json:"error"`
}

type callJSON struct {
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Body   json.RawMessage `json:"body,omitempty"`
}

type skipJSON struct {
	Kind    string `json:"kind,omitempty"`
	Subject string `json:"subject,omitempty"`
	Reason  string `json:"reason"`
}

func writeEventJSON(w io.Writer, r actions.EventResult) error {
	out := eventJSON{Line: r.Line, Type: r.Type, About: r.About, Status: r.Status, Calls: []callJSON{}}
	if r.Plan != nil {
		for _, s := range r.Plan.Steps {
			out.Calls = append(out.Calls, callJSON{Method: s.Method, Path: s.Path, Body: s.Body})
		}
		for _, s := range r.Plan.Skipped {
			out.Skipped = append(out.Skipped, skipJSON{Kind: s.Kind, Subject: s.Subject, Reason: s.Reason})
		}
	}
	if r.Result != nil {
		out.RunID = r.Result.RunID
		for i, o := range r.Result.Steps {
			if r.Plan != nil && i < len(r.Plan.Steps) {
				out.Results = append(out.Results, r.Plan.Steps[i].Summary(o))
			}
		}
	}
	switch {
	case r.Err != nil:
		msg := r.Problem()
		out.Error = &msg
	case r.Status == actions.EventSkipped:
		out.Error = nil
		out.Skipped = append(out.Skipped, skipJSON{Kind: "event", Reason: r.Skip})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
