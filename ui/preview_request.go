package ui

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/zdops/zdops/actions"
)

// requestDoc is the part of a preview that shows, before anything is sent, each call of a
// plan that writes one call at a time (a customer-record plan's steps, a created ticket):
// the method and the path, what the call changes (before → after), and the exact body,
// pretty-printed, with the ids a step takes from an earlier one shown as their
// placeholders; then what the plan leaves out and why, and what follows. It is laid out
// for the width once, wraps what is too long (nothing of a body is cut), and scrolls by
// line as a table does.
type requestDoc struct {
	lines  []string
	offset int
	height int
}

// hasRequestDoc reports whether a plan is previewed call by call.
func hasRequestDoc(p *actions.Plan) bool {
	return p.Write == actions.WriteSteps || (p.Write == actions.WriteCreate && p.NewTicket != nil)
}

// placeholderText finds the placeholders of ids not known yet: "{user id from step 1}".
var placeholderText = regexp.MustCompile(`\{[a-z ]+ from step \d+\}`)

// docWriter lays out the document's lines for a width.
type docWriter struct {
	st    *theme
	w     int
	lines []string
}

// add writes prose, wrapped at spaces to the width: continuation lines are indented one
// step more than the first, so a wrapped sentence reads as one. style renders each line.
func (d *docWriter) add(indent, text string, style func(string) string) {
	room := max(d.w-cellWidth(indent)-2, 1)
	// A path breaks after a slash rather than inside a placeholder: its spaces are made
	// unbreakable while wrapping.
	text = placeholderText.ReplaceAllStringFunc(sanitizeLine(text), func(p string) string {
		return strings.ReplaceAll(p, " ", "\u00a0")
	})
	for i, l := range strings.Split(ansi.Wrap(text, room, "/"), "\n") {
		l = strings.ReplaceAll(l, "\u00a0", " ")
		if i > 0 {
			l = "  " + l
		}
		d.push(indent+l, style)
	}
}

// addExact writes text cut into the width wherever it must be, dropping nothing: a body is
// shown exactly as it is sent. Continuation lines are indented one step more.
func (d *docWriter) addExact(indent, text string, style func(string) string) {
	text = sanitizeLine(text)
	room := max(d.w-cellWidth(indent), 1)
	first := true
	for {
		cut := text
		if cellWidth(text) > room {
			cut = ansi.Truncate(text, room, "")
			if cut == "" { // a rune wider than the room
				cut = string([]rune(text)[:1])
			}
		}
		d.push(indent+cut, style)
		text = text[len(cut):]
		if text == "" {
			return
		}
		if first {
			indent += "  "
			room = max(d.w-cellWidth(indent), 1)
			first = false
		}
	}
}

func (d *docWriter) push(line string, style func(string) string) {
	line = truncate(line, d.w) // only a sliver of a terminal is narrower than an indent
	if style != nil {
		line = style(line)
	}
	d.lines = append(d.lines, line)
}

func (d *docWriter) blank() { d.lines = append(d.lines, "") }

// body writes a JSON body pretty-printed, placeholders marked.
func (d *docWriter) body(indent string, raw []byte) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		buf.Reset()
		buf.Write(raw) // not JSON: shown as it is
	}
	mark := func(s string) string {
		return placeholderText.ReplaceAllStringFunc(s, func(p string) string { return d.st.Warn.Render(p) })
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		// The JSON's own indentation stays; the wrapped rest of a long value goes under it.
		trimmed := strings.TrimLeft(l, " ")
		d.addExact(indent+l[:len(l)-len(trimmed)], trimmed, mark)
	}
}

// buildRequestDoc lays out the calls of a plan, what it leaves out and what follows.
func buildRequestDoc(st *theme, plan *actions.Plan, w int) []string {
	d := &docWriter{st: st, w: max(w, 1)}
	dim := func(s string) string { return st.Dim.Render(s) }
	warn := func(s string) string { return st.Warn.Render(s) }
	section := func(s string) string { return st.Section.Render(s) }
	const in = "   "
	switch plan.Write {
	case actions.WriteCreate:
		call := actions.Call{Method: "POST", Path: "/api/v2/tickets"}
		if len(plan.Calls) > 0 {
			call = plan.Calls[0]
		}
		d.add("", "1. "+call.Method+" "+call.Path, section)
		who := "the user"
		if plan.User != nil {
			who = plan.User.String()
		} else if r := plan.NewTicket.Requester; r != nil {
			who = "the requester " + r.Email + " (found or created by Zendesk)"
		}
		d.add(in, "create a ticket; the requester is "+who+", the first comment is private", nil)
		if call.Note != "" {
			d.add(in, call.Note, dim)
		}
		raw, _ := json.Marshal(map[string]any{"ticket": plan.NewTicket}) // what the client sends
		d.add(in, "body:", dim)
		d.body(in+"  ", raw)
		d.blank()
	case actions.WriteSteps:
		for _, s := range plan.Steps {
			d.add("", strconv.Itoa(s.N)+". "+s.Method+" "+s.Path, section)
			d.add(in, s.Describe(), nil)
			switch {
			case s.Creates:
				d.add(in, "creates it: "+s.Match, dim)
			case s.Match != "":
				d.add(in, "matched by "+s.Match, dim)
			}
			if s.Note != "" {
				d.add(in, s.Note, dim)
			}
			for _, input := range s.Inputs {
				d.add(in, input.Placeholder()+": the "+string(input.Value)+" step "+strconv.Itoa(input.From)+" returns, filled in when it has run", warn)
			}
			if len(s.Changes) > 0 {
				d.add(in, "before → after:", dim)
				for _, c := range s.Changes {
					d.add(in+"  ", c.String(), nil)
				}
			}
			if len(s.Body) > 0 {
				d.add(in, "body:", dim)
				d.body(in+"  ", s.Body)
			} else {
				d.add(in, "no body", dim)
			}
			d.blank()
		}
		if len(plan.Steps) == 0 {
			d.add("", "no calls: nothing is sent", dim)
			d.blank()
		}
	}
	if n := len(plan.Skipped); n > 0 && plan.Write == actions.WriteSteps {
		d.add("", "Left out ("+humanInt(n)+")", section)
		for _, s := range plan.Skipped {
			what := s.Subject
			if what == "" {
				what = s.Kind
			}
			d.add(in, what+": "+s.Reason, warn)
		}
		d.blank()
	}
	if len(plan.Consequences) > 0 {
		style := dim
		if plan.Danger {
			style = warn
		}
		d.add("", "What follows", section)
		for _, c := range plan.Consequences {
			d.add(in, "• "+c, style)
		}
	}
	for len(d.lines) > 0 && d.lines[len(d.lines)-1] == "" {
		d.lines = d.lines[:len(d.lines)-1]
	}
	return d.lines
}

func (d *requestDoc) setHeight(h int) {
	d.height = max(h, 1)
	d.scroll(0)
}

func (d *requestDoc) scroll(by int) {
	d.offset = max(min(d.offset+by, len(d.lines)-d.height), 0)
}

// HandleKey scrolls for the movement keys and reports whether it was one.
func (d *requestDoc) HandleKey(msg tea.KeyMsg, km *keyMap) bool {
	by, ok := scrollBy(msg, km, d.height)
	if ok {
		d.scroll(by)
	}
	return ok
}

// position says which lines show: "lines 1–20 of 64", or "" when all do.
func (d *requestDoc) position() string {
	if len(d.lines) <= d.height {
		return ""
	}
	end := min(d.offset+d.height, len(d.lines))
	return "lines " + humanInt(d.offset+1) + "–" + humanInt(end) + " of " + humanInt(len(d.lines)) + " " +
		scrollMark(d.offset > 0, end < len(d.lines))
}

// View is exactly height lines.
func (d *requestDoc) View() string {
	end := min(d.offset+d.height, len(d.lines))
	return padLines(d.lines[d.offset:end], d.height)
}
