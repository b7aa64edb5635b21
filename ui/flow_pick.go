package ui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
)

// choiceItem is one entry of a list the operator picks from: an action, a priority, an
// agent, a group.
type choiceItem struct {
	label  string
	detail string
	danger bool
	value  string
	id     int64
	key    string // lower-cased label and detail, for the filter
	meta   any    // what choosing it needs besides the value (a custom field)
}

// choiceList is a list to pick one entry from: a cursor over the entries on screen, and,
// for long lists (agents, groups), a filter typed in a one-line input. Only the entries on
// screen are drawn.
type choiceList struct {
	st    *theme
	title string
	items []choiceItem
	shown []int // the entries that pass the filter, in order

	cursor, offset int
	height         int
	width          int

	filterable bool
	filter     searchInput
	loading    bool
	seq        uint64
	note       string // under the title: what is left out and why

	// multi lets several entries be marked (space); chosen holds their values.
	multi  bool
	chosen map[string]bool
}

func newChoiceList(st *theme, title string, items []choiceItem) *choiceList {
	c := &choiceList{st: st, title: title}
	c.setItems(items)
	return c
}

// newFilterList is a choice list with a filter input that has the keys at once.
func newFilterList(st *theme, title, placeholder string) *choiceList {
	c := &choiceList{st: st, title: title, filterable: true, loading: true}
	c.filter = newSearchInput(st, placeholder)
	c.filter.ti.Prompt = "filter: "
	c.filter.open = true
	c.filter.focused = true
	c.filter.ti.Focus()
	return c
}

func (c *choiceList) setItems(items []choiceItem) {
	for i := range items {
		items[i].key = strings.ToLower(items[i].label + "\x00" + items[i].detail)
	}
	c.items = items
	c.refilter()
}

func (c *choiceList) refilter() {
	q := ""
	if c.filterable {
		q = strings.ToLower(c.filter.value())
	}
	c.shown = c.shown[:0]
	for i := range c.items {
		if q == "" || strings.Contains(c.items[i].key, q) {
			c.shown = append(c.shown, i)
		}
	}
	c.setCursor(0)
}

func (c *choiceList) setSize(w, h int) {
	c.width, c.height = w, h
	c.filter.ti.Width = max(w-cellWidth(c.filter.ti.Prompt)-2, 1)
	c.setCursor(c.cursor)
}

// rows is how many entries fit under the title, the filter and the note.
func (c *choiceList) rows() int {
	n := c.height - 2 // the title and the count line
	if c.filterable {
		n--
	}
	if c.note != "" {
		n--
	}
	return max(n, 1)
}

func (c *choiceList) setCursor(i int) {
	i = max(min(i, len(c.shown)-1), 0)
	c.cursor = i
	rows := c.rows()
	if c.cursor < c.offset {
		c.offset = c.cursor
	}
	if c.cursor >= c.offset+rows {
		c.offset = c.cursor - rows + 1
	}
	c.offset = max(min(c.offset, len(c.shown)-rows), 0)
}

func (c *choiceList) selected() (choiceItem, bool) {
	if c.cursor < 0 || c.cursor >= len(c.shown) {
		return choiceItem{}, false
	}
	return c.items[c.shown[c.cursor]], true
}

func (c *choiceList) typing() bool { return c.filterable }

// toggle marks or unmarks the entry with value, in a multi list.
func (c *choiceList) toggle(value string) {
	if c.chosen == nil {
		c.chosen = map[string]bool{}
	}
	if c.chosen[value] {
		delete(c.chosen, value)
	} else {
		c.chosen[value] = true
	}
}

// chosenItems are the marked entries, in the list's order.
func (c *choiceList) chosenItems() []choiceItem {
	var out []choiceItem
	for _, it := range c.items {
		if c.chosen[it.value] {
			out = append(out, it)
		}
	}
	return out
}

// key moves the cursor or edits the filter; it reports whether the key was used. While the
// filter has the keys, only keys that type nothing move the cursor (arrows, pages).
func (c *choiceList) key(msg tea.KeyMsg, km *keyMap) (bool, tea.Cmd) {
	moves := !c.filterable || msg.Type != tea.KeyRunes
	page := c.rows()
	if moves {
		switch {
		case key.Matches(msg, km.Up):
			c.setCursor(c.cursor - 1)
			return true, nil
		case key.Matches(msg, km.Down):
			c.setCursor(c.cursor + 1)
			return true, nil
		case key.Matches(msg, km.PageDown), key.Matches(msg, km.HalfPageDown):
			c.setCursor(c.cursor + page)
			return true, nil
		case key.Matches(msg, km.PageUp), key.Matches(msg, km.HalfPageUp):
			c.setCursor(c.cursor - page)
			return true, nil
		case !c.filterable && key.Matches(msg, km.Top):
			c.setCursor(0)
			return true, nil
		case !c.filterable && key.Matches(msg, km.Bottom):
			c.setCursor(len(c.shown) - 1)
			return true, nil
		}
	}
	if !c.filterable {
		return false, nil
	}
	changed, cmd := c.filter.update(msg)
	if changed {
		c.refilter()
	}
	return changed, cmd
}

func (c *choiceList) View() string {
	st := c.st
	var b strings.Builder
	b.WriteString(st.Section.Render(truncate(c.title, c.width)))
	lines := 1
	if c.note != "" {
		b.WriteString("\n" + st.Dim.Render(truncate(c.note, c.width)))
		lines++
	}
	if c.filterable {
		b.WriteString("\n" + c.filter.View(c.width))
		lines++
	}
	rows := c.rows()
	end := min(c.offset+rows, len(c.shown))
	lw := 0
	for i := c.offset; i < end; i++ {
		lw = max(lw, cellWidth(c.items[c.shown[i]].label))
	}
	lw = min(lw, max(c.width/2, 12))
	for i := c.offset; i < end; i++ {
		it := c.items[c.shown[i]]
		b.WriteByte('\n')
		lines++
		var line strings.Builder
		switch marked := c.multi && c.chosen[it.value]; {
		case i == c.cursor && marked:
			line.WriteString(cursorMarkedMark)
		case i == c.cursor:
			line.WriteString(cursorMark)
		case marked:
			line.WriteString(markedMark)
		default:
			line.WriteString(noMark)
		}
		line.WriteString(fit(it.label, lw))
		rest := c.width - markWidth - lw
		tag := ""
		if it.danger {
			tag = " " + strings.TrimSpace(st.DangerText)
		}
		if it.detail != "" && rest > 3 {
			line.WriteString("  ")
			line.WriteString(truncate(it.detail, rest-2-cellWidth(tag)))
		}
		s := truncate(line.String(), c.width-cellWidth(tag))
		switch {
		case i == c.cursor:
			s = st.Selected.Render(s)
		case it.danger:
			s = st.DangerLine.Render(s)
		}
		b.WriteString(s)
		if tag != "" {
			b.WriteString(st.Danger.Render(tag))
		}
	}
	for ; lines < c.height-1; lines++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	var foot string
	switch {
	case c.loading:
		foot = "loading…"
	case len(c.shown) == 0 && len(c.items) == 0:
		foot = "nothing to pick"
	case len(c.shown) == 0:
		foot = "nothing matches the filter"
	case len(c.shown) < len(c.items):
		foot = humanInt(len(c.shown)) + " of " + humanInt(len(c.items)) + " match · " + humanInt(c.cursor+1) + "/" + humanInt(len(c.shown))
	default:
		foot = humanInt(c.cursor+1) + "/" + humanInt(len(c.shown))
	}
	if c.multi {
		foot = humanInt(len(c.chosen)) + " marked · " + foot
	}
	b.WriteString(st.Dim.Render(truncate(foot, c.width)))
	return b.String()
}

// Lists of parameter values.

func valueItems(values []string) []choiceItem {
	out := make([]choiceItem, len(values))
	for i, v := range values {
		out[i] = choiceItem{label: v, value: v}
	}
	return out
}

// choiceLoad answers a read of the entries of a filter list.
type choiceLoad struct {
	seq    uint64
	items  []choiceItem
	note   string
	capped bool
}

// maxChoices bounds how many agents or groups a list reads: past it, the filter narrows.
const maxChoices = 5000

// loadAgents reads the agents and admins who can be assigned tickets (suspended ones
// cannot, so they are left out).
func loadAgents(pc *programContext, to compID, seq uint64) tea.Cmd {
	client := pc.client
	return load(pc, to, func(ctx context.Context) (choiceLoad, error) {
		out := choiceLoad{seq: seq}
		left := 0
		for u, err := range client.Users.Agents().All(ctx) {
			if err != nil {
				return out, err
			}
			if u.Suspended {
				left++
				continue
			}
			out.items = append(out.items, choiceItem{
				label: sanitizeLine(u.Name), detail: sanitizeLine(u.Email) + " · " + internRole(u.Role), id: u.ID,
			})
			if len(out.items) >= maxChoices {
				out.capped = true
				break
			}
		}
		if left > 0 {
			out.note = countNoun(left, "suspended agent") + " left out: tickets cannot be assigned to them"
		}
		if out.capped {
			out.note = "the first " + humanInt(maxChoices) + " agents: type to narrow them"
		}
		return out, nil
	})
}

// loadGroups reads the account's groups.
func loadGroups(pc *programContext, to compID, seq uint64) tea.Cmd {
	client := pc.client
	return load(pc, to, func(ctx context.Context) (choiceLoad, error) {
		out := choiceLoad{seq: seq}
		for g, err := range client.Groups.List().All(ctx) {
			if err != nil {
				return out, err
			}
			if g.Deleted {
				continue
			}
			out.items = append(out.items, choiceItem{label: sanitizeLine(g.Name), detail: sanitizeLine(g.Description), id: g.ID})
			if len(out.items) >= maxChoices {
				out.capped = true
				break
			}
		}
		return out, nil
	})
}

// hasParamsHere reports whether the flow has a list or a form for the action's parameters
// (update-ticket has none yet: it runs headless).
func hasParamsHere(id actions.ActionID) bool {
	switch id {
	case actions.SetPriority, actions.SetStatus, actions.AssignAgent, actions.AssignGroup:
		return true
	}
	return intentFor(id) != intentNone
}

// loadOrganizations reads the account's organizations.
func loadOrganizations(pc *programContext, to compID, seq uint64) tea.Cmd {
	client := pc.client
	return load(pc, to, func(ctx context.Context) (choiceLoad, error) {
		out := choiceLoad{seq: seq}
		for o, err := range client.Organizations.List().All(ctx) {
			if err != nil {
				return out, err
			}
			var detail []string
			if o.ExternalID != "" {
				detail = append(detail, "ext "+o.ExternalID)
			}
			if len(o.DomainNames) > 0 {
				detail = append(detail, strings.Join(o.DomainNames, ", "))
			}
			out.items = append(out.items, choiceItem{label: sanitizeLine(o.Name), detail: joinShort(detail, " · "), id: o.ID})
			if len(out.items) >= maxChoices {
				out.capped = true
				out.note = "the first " + humanInt(maxChoices) + " organizations: type to narrow them"
				break
			}
		}
		return out, nil
	})
}

// pickerItems lists the actions that work on the target and have a form or list here, and,
// in read-only mode, the destructive ones it leaves out (the customer-record writes are left
// out too, as the keys that lead to them are).
func pickerItems(t actionTarget, readOnly bool) (shown []actions.Spec, hidden []actions.Spec) {
	for _, s := range actions.Catalog() {
		if !t.accepts(s) || (len(s.Needs) > 0 && !hasParamsHere(s.ID)) {
			continue
		}
		switch {
		case readOnly && s.Danger:
			hidden = append(hidden, s)
		case readOnly && profileWrites[s.ID]:
		default:
			shown = append(shown, s)
		}
	}
	return shown, hidden
}
