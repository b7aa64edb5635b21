package ui

import (
	"strconv"
	"strings"
)

// The five views, in tab order; their numbers are their keys.
const tabCount = 5

var tabTitles = [tabCount]string{"Users", "Tickets", "Groups", "Agents", "Organizations"}

// tabBar is the line of tabs. The active one is bracketed as well as coloured, so it shows
// without colours too.
type tabBar struct {
	line   string
	active int
	width  int
	valid  bool
}

func (t *tabBar) view(st *theme, active, width int) string {
	if t.valid && t.active == active && t.width == width {
		return t.line
	}
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
		if i > 0 {
			label = " " + label
		}
		w := cellWidth(label)
		if plain+w > width {
			break
		}
		plain += w
		if i == active {
			b.WriteString(st.TabActive.Render(label))
		} else {
			b.WriteString(st.TabIdle.Render(label))
		}
	}
	t.line = b.String()
	return t.line
}
