package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
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
// screen are drawn. A list read from Zendesk that stopped at its cap (organizations) turns
// its filter into a search of Zendesk, so that every entry can be reached. The action
// picker shows the whole description of the entry under the cursor beneath the list.
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

	// describe shows the detail of the entry under the cursor in full, wrapped, under the
	// list: a row cuts a long one, and an operator reads what a destructive action does
	// before choosing it. descNeed is how many lines the longest detail takes at the width.
	describe bool
	descNeed int
	// remote is set when the list's read stopped at its cap: the filter searches Zendesk.
	remote *remoteSearch
}

// remoteSearch is the Zendesk search behind a capped list's filter: the entries loaded are
// only the first ones, so narrowing them would hide the rest. Typing waits for a pause
// (the console's debounce), then searches; an empty filter shows the first entries again.
type remoteSearch struct {
	pc    *programContext
	to    compID // the flow: the debounce and the answers go to it
	run   func(pc *programContext, to compID, seq uint64, query string) tea.Cmd
	first []choiceItem // what the capped read gave
	note  string
	typed uint64 // bumped on every edit; the debounce of an older edit is ignored
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
	c.measure()
	c.refilter()
}

func (c *choiceList) refilter() {
	q := ""
	if c.filterable && c.remote == nil { // a search's entries all match: Zendesk chose them
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
	c.measure()
	c.setCursor(c.cursor)
}

// measure finds how many lines the longest detail takes in the description area.
func (c *choiceList) measure() {
	c.descNeed = 0
	if !c.describe || c.width <= 0 {
		return // measured again when the list gets its size
	}
	for _, it := range c.items {
		c.descNeed = max(c.descNeed, len(wrapText(it.detail, c.descWidth())))
	}
}

func (c *choiceList) descWidth() int { return max(c.width-markWidth, 1) }

// noteLines is the note wrapped to the width: two lines at most (one on a short screen),
// the second ending in … when there is more.
func (c *choiceList) noteLines() []string {
	if c.note == "" || c.width <= 0 {
		return nil
	}
	most := 2
	if c.height < 12 {
		most = 1
	}
	return wrapAtMost(c.note, c.width, most)
}

// head is how many lines the title, the note and the filter take.
func (c *choiceList) head() int {
	n := 1 + len(c.noteLines())
	if c.filterable {
		n++
	}
	return n
}

// descRows is how many lines the description area shows under the list and a blank line:
// as many as the longest description needs, so that nothing moves as the cursor does, and
// no more than leave the list five rows (or all of its entries, if fewer). 0: no area.
func (c *choiceList) descRows() int {
	if c.descNeed == 0 {
		return 0
	}
	room := c.height - c.head() - 1 - 1 - min(len(c.shown), 5) // the count line, the blank line
	return max(min(c.descNeed, room), 0)
}

// rows is how many entries fit under the title, the filter and the note, above the
// description area and the count line.
func (c *choiceList) rows() int {
	n := c.height - c.head() - 1
	if d := c.descRows(); d > 0 {
		n -= 1 + d
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

// selected is the entry under the cursor; while the list loads or searches there is none,
// so that enter cannot choose from entries about to be replaced.
func (c *choiceList) selected() (choiceItem, bool) {
	if c.loading || c.cursor < 0 || c.cursor >= len(c.shown) {
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
	switch {
	case changed && c.remote != nil:
		c.loading = true // what shows is the last search's: not to be chosen from
		return true, tea.Batch(cmd, c.remote.debounce())
	case changed:
		c.refilter()
	}
	return changed, cmd
}

// accept takes what a read of the list (or a search of a capped one) gave. A capped read
// that can be searched turns the filter into a search of Zendesk; what was typed while it
// loaded is searched at once.
func (c *choiceList) accept(pc *programContext, to compID, v choiceLoad, items []choiceItem) tea.Cmd {
	c.loading = false
	c.note = v.note
	c.setItems(items)
	if v.capped && v.search != nil && c.remote == nil {
		c.remote = &remoteSearch{pc: pc, to: to, run: v.search, first: items, note: v.note}
		c.refilter()
		if c.filter.value() != "" {
			return c.search()
		}
	}
	return nil
}

func (r *remoteSearch) debounce() tea.Cmd {
	r.typed++
	seq, to := r.typed, r.to
	return tea.Tick(r.pc.debounce, func(time.Time) tea.Msg { return debounceMsg{to: to, seq: seq} })
}

// debounced runs the search typing paused for, unless more was typed since.
func (c *choiceList) debounced(seq uint64) tea.Cmd {
	if c.remote == nil || seq != c.remote.typed {
		return nil
	}
	return c.search()
}

// search asks Zendesk for what the filter holds; an empty filter shows the first entries
// again. A new sequence number makes the answer of an earlier search stale.
func (c *choiceList) search() tea.Cmd {
	r := c.remote
	c.seq = r.pc.nextSeq()
	q := c.filter.value()
	if q == "" {
		c.loading, c.note = false, r.note
		c.setItems(r.first)
		return nil
	}
	c.loading = true
	return r.run(r.pc, r.to, c.seq, q)
}

func (c *choiceList) View() string {
	st := c.st
	var b strings.Builder
	b.WriteString(st.Section.Render(truncate(c.title, c.width)))
	lines := 1
	for _, l := range c.noteLines() {
		b.WriteString("\n" + st.Dim.Render(l))
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
	if d := c.descRows(); d > 0 {
		b.WriteByte('\n')
		lines++
		for _, l := range c.description(d) {
			b.WriteString("\n" + st.Dim.Render(l))
			lines++
		}
	}
	for ; lines < c.height-1; lines++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	var foot string
	switch {
	case c.loading && c.remote != nil:
		foot = "searching Zendesk…"
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

// description is the detail of the entry under the cursor, wrapped under the list in n
// lines (padded); the last ends in … when the area is shorter than the detail.
func (c *choiceList) description(n int) []string {
	out := make([]string, n)
	it, ok := c.selected()
	if !ok {
		return out
	}
	lines := wrapText(it.detail, c.descWidth())
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = truncate(lines[n-1]+" …", c.descWidth())
	}
	for i, l := range lines {
		out[i] = noMark + l
	}
	return out
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
	// search, on a capped read, searches Zendesk for what the filter holds.
	search func(pc *programContext, to compID, seq uint64, query string) tea.Cmd
}

// maxChoices bounds how many agents or groups a list reads. Past it the list says so: its
// filter narrows the ones read (accounts with more agents or groups than that are rare).
const maxChoices = 5000

// orgListLimit bounds how many organizations a list reads (ten pages) before its filter
// searches Zendesk instead; a variable so that a test can reach it with a small account.
var orgListLimit = 1000

// orgSearchLimit is how many organizations a search shows: one page of Zendesk's.
const orgSearchLimit = 100

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
			out.note = "the first " + humanInt(maxChoices) + " agents only: the filter narrows these; an agent past them is assigned in Zendesk"
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
				out.note = "the first " + humanInt(maxChoices) + " groups only: the filter narrows these; a group past them is assigned in Zendesk"
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

// loadOrganizations reads the account's organizations, up to orgListLimit; past that the
// list's filter searches Zendesk (searchOrganizations), so every organization can be picked.
func loadOrganizations(pc *programContext, to compID, seq uint64) tea.Cmd {
	client, limit := pc.client, orgListLimit
	return load(pc, to, func(ctx context.Context) (choiceLoad, error) {
		out := choiceLoad{seq: seq}
		for o, err := range client.Organizations.List().All(ctx) {
			if err != nil {
				return out, err
			}
			out.items = append(out.items, orgChoice(o))
			if len(out.items) >= limit {
				out.capped, out.search = true, searchOrganizations
				out.note = "the first " + humanInt(limit) + " organizations · type to search all of the account's in Zendesk (name, domain, external id)"
				break
			}
		}
		return out, nil
	})
}

// searchOrganizations searches Zendesk for the organizations a capped list's filter names:
// the words typed, the last one as a prefix (Zendesk matches whole words), one page of
// results.
func searchOrganizations(pc *programContext, to compID, seq uint64, query string) tea.Cmd {
	client := pc.client
	return load(pc, to, func(ctx context.Context) (choiceLoad, error) {
		out := choiceLoad{seq: seq}
		for o, err := range client.Search.Organizations(prefixQuery(query)).All(ctx) {
			if err != nil {
				return out, fmt.Errorf("search organizations for %q: %w", query, err)
			}
			out.items = append(out.items, orgChoice(o))
			if len(out.items) >= orgSearchLimit {
				out.capped = true
				break
			}
		}
		q := "\"" + clip(sanitizeLine(query), 30) + "\""
		out.note = countNoun(len(out.items), "organization") + " in Zendesk match " + q + " · empty the filter for the first ones"
		if out.capped {
			out.note = "the first " + humanInt(orgSearchLimit) + " organizations in Zendesk that match " + q + ": type more to narrow them"
		}
		return out, nil
	})
}

// prefixQuery makes the last word typed a prefix ("acm" finds Acme), unless it already is
// one or is a field (tags:vip) or a phrase.
func prefixQuery(q string) string {
	words := strings.Fields(q)
	if n := len(words); n > 0 && !strings.ContainsAny(words[n-1], `*:"`) {
		words[n-1] += "*"
	}
	return strings.Join(words, " ")
}

// orgChoice is an organization as a list shows it: the name, its external id and domains.
func orgChoice(o zendesk.Organization) choiceItem {
	var detail []string
	if o.ExternalID != "" {
		detail = append(detail, "ext "+sanitizeLine(o.ExternalID))
	}
	if len(o.DomainNames) > 0 {
		detail = append(detail, sanitizeLine(strings.Join(o.DomainNames, ", ")))
	}
	return choiceItem{label: sanitizeLine(o.Name), detail: joinShort(detail, " · "), id: o.ID}
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
