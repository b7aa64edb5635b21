package ui

import (
	"strconv"
	"strings"
)

// The six views, in tab order; their numbers are their keys.
const tabCount = 6

// logTab is the index of the Log: the runs of this session and the earlier ones.
const logTab = 5

var tabTitles = [tabCount]string{"Users", "Tickets", "Groups", "Agents", "Organizations", "Log"}

// tabBar is the line of tabs. The active one is bracketed as well as coloured, so it shows
// without colours too. A run in progress is named at its right end.
type tabBar struct {
	line   string
	plain  int // cells the tabs take
	active int
	width  int
	valid  bool
}

func (t *tabBar) view(st *theme, active, width int, runs runIndicator) string {
	if !t.valid || t.active != active || t.width != width {
		t.render(st, active, width)
	}
	if runs.active == 0 {
		return t.line
	}
	room := width - t.plain - 2
	text := runs.text(room)
	if text == "" {
		return t.line
	}
	return t.line + spaces[:min(width-t.plain-cellWidth(text), len(spaces))] + st.Running.Render(text)
}

func (t *tabBar) render(st *theme, active, width int) {
	t.active, t.width, t.valid = active, width, true
	var b strings.Builder
	plain := 0
	for i, title := range tabTitles {
		label := strconv.Itoa(i+1) + " " + title
		if i == active {
			label = "[" + label + "]"
		} else {
			label = " " + label + " "
		}
		gap := ""
		if i > 0 {
			gap = " " // plain, outside the style: the active tab's underline starts at its bracket
		}
		w := len(gap) + cellWidth(label)
		if plain+w > width {
			break
		}
		plain += w
		b.WriteString(gap)
		if i == active {
			b.WriteString(st.TabActive.Render(label))
		} else {
			b.WriteString(st.TabIdle.Render(label))
		}
	}
	t.line, t.plain = b.String(), plain
}

// runIndicator says how the runs in progress are going, for the tab bar: "1 run in
// progress 45%".
type runIndicator struct {
	active  int
	percent int
	waiting bool // a run waits on a rate limit or the job cap
}

// text is the longest form of the indicator that fits in room cells, or "".
func (r runIndicator) text(room int) string {
	pct := strconv.Itoa(r.percent) + "%"
	runs := "1 run"
	if r.active > 1 {
		runs = strconv.Itoa(r.active) + " runs"
	}
	long := runs + " in progress " + pct
	if r.waiting {
		long += " · waiting"
	}
	for _, s := range []string{long, runs + " in progress " + pct, runs + " " + pct, "run " + pct} {
		if cellWidth(s) <= room {
			return s
		}
	}
	return ""
}
