package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
)

// preview shows a Plan before anything is written: what it works on, how many tickets it
// changes, each ticket's value before and after (a virtual table, so 100,000 rows cost what
// 10 do), the ones it leaves alone and why, the calls it will make and what else follows.
// A destructive plan is confirmed by typing its ConfirmPhrase under a DANGER header.
type preview struct {
	pc   *programContext
	plan *actions.Plan

	heading string   // "Set priority → urgent"
	target  string   // "Ada Lovelace <ada@x> (#7)", "12 selected tickets"
	summary string   // "120 tickets change · 236 skipped"
	skips   string   // the reasons for skipping, counted
	calls   []string // one line per kind of call
	cons    []string
	note    string // above the table: what a resume or undo is
	blocked string // why it cannot run; "" when it can

	table table
	rows  int // changes, then user changes, then skipped
	// doc shows the calls one by one, with their bodies, in the table's place, for a plan
	// that writes one call at a time (preview_request.go).
	doc *requestDoc

	confirm textinput.Model // the typed confirmation of a destructive plan

	width, height int
	shownCalls    int
	shownCons     int
	// consLines, dangerLines and typeLines are the consequences, what a destructive plan
	// does and what to type, wrapped to the width: they are what the operator reads before
	// confirming, so they are not cut.
	consLines   [][]string
	dangerLines []string
	typeLines   []string
}

var previewCols = []column{
	{title: "ID", min: 6, max: 14, right: true},
	{title: "Subject", min: 16, flex: 4},
	{title: "Before", min: 8, flex: 1, max: 30},
	{title: "After", min: 10, flex: 3, max: 56},
}

// previewColumns fits the ID column to the longest id (user ids are long) and names the
// second column after what the plan changes.
func previewColumns(plan *actions.Plan) []column {
	cols := slices.Clone(previewCols)
	var top int64
	for _, c := range plan.Changes {
		top = max(top, c.ID)
	}
	for _, u := range plan.UserChanges {
		top = max(top, u.ID)
	}
	for _, s := range plan.Skipped {
		top = max(top, s.ID)
	}
	cols[0].min = max(cols[0].min, min(len(strconv.FormatInt(top, 10)), 20))
	cols[0].max = max(cols[0].max, cols[0].min)
	if plan.Write == actions.WriteUsers {
		cols[1].title = "User"
	}
	return cols
}

func newPreview(pc *programContext, plan *actions.Plan, heading, target string) *preview {
	p := &preview{pc: pc, plan: plan, heading: heading, target: target}
	p.table = newTable(pc.styles, previewColumns(plan))
	p.table.empty = "no changes"
	p.rows = len(plan.Changes) + len(plan.UserChanges) + len(plan.Skipped)
	p.table.SetLen(p.rows)

	tickets, users := len(plan.Changes), len(plan.UserChanges)
	var parts []string
	switch {
	case plan.Write == actions.WriteSteps:
		parts = append(parts, countNoun(len(plan.Steps), "call")+", sent one at a time in this order")
		if n := len(plan.Skipped); n > 0 {
			parts = append(parts, humanInt(n)+" left out")
		}
	case plan.Write == actions.WriteCreate:
		parts = append(parts, "1 ticket is created")
	case plan.Write == actions.WriteUsers:
		parts = append(parts, countNoun(users, "user")+" change")
	default:
		parts = append(parts, countNoun(tickets, "ticket")+" "+changeVerb(plan))
		if users > 0 {
			parts = append(parts, countNoun(users, "requester")+" suspended")
			if plan.Write == actions.WriteRestoreMany {
				parts[len(parts)-1] = countNoun(users, "requester") + " restored"
			}
		}
	}
	if n := len(plan.Skipped); n > 0 && plan.Write != actions.WriteSteps {
		parts = append(parts, humanInt(n)+" skipped")
	}
	p.summary = strings.Join(parts, " · ")
	p.skips = skipReasons(plan.Skipped)
	p.calls = callLines(plan.Calls)
	p.cons = plan.Consequences
	if hasRequestDoc(plan) {
		p.doc = &requestDoc{}
		p.skips, p.calls, p.cons = "", nil, nil // the document has them
	}

	switch {
	case plan.Empty() && plan.Write == actions.WriteSteps:
		p.blocked = "nothing to send"
		if len(plan.Skipped) > 0 {
			p.blocked += ": " + sanitizeLine(plan.Skipped[0].Reason)
		}
	case plan.Empty():
		p.blocked = "nothing to do: every ticket or user is left alone"
	case pc.readOnly:
		p.blocked = "read-only: zdops writes nothing with this profile; this is what would happen"
	case pc.audit == nil:
		p.blocked = "runs are off: no audit log is open, and nothing is written that is not recorded"
	}
	if plan.Danger && p.blocked == "" {
		ti := textinput.New()
		ti.Prompt = "> "
		ti.PromptStyle = pc.styles.DangerLine
		ti.CharLimit = 320
		ti.Cursor.SetMode(cursor.CursorStatic)
		ti.KeyMap.Paste.SetEnabled(false) // the clipboard key would run a program; a terminal paste still types
		ti.Focus()
		p.confirm = ti
	}
	return p
}

// typed reports whether the confirmation input has the keys.
func (p *preview) typed() bool { return p.plan.Danger && p.blocked == "" }

func changeVerb(p *actions.Plan) string {
	switch p.Write {
	case actions.WriteDestroyMany:
		return "deleted"
	case actions.WriteSpamMany:
		return "marked as spam (deleted)"
	case actions.WriteRestoreMany:
		return "restored"
	}
	if p.Field != "" {
		return "change " + p.Field
	}
	return "change"
}

// skipReasons counts the reasons tickets are skipped, most common first:
// "closed tickets cannot be updated (200) · already urgent (36)".
func skipReasons(skips []actions.Skip) string {
	if len(skips) == 0 {
		return ""
	}
	count := map[string]int{}
	var order []string
	for _, s := range skips {
		r := sanitizeLine(s.Reason)
		if count[r] == 0 {
			order = append(order, r)
		}
		count[r]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
	parts := make([]string, len(order))
	for i, r := range order {
		parts[i] = r + " (" + humanInt(count[r]) + ")"
	}
	return "skipped: " + strings.Join(parts, " · ")
}

// callLines renders the plan's calls one kind per line, with the number of ids in each:
// "PUT /api/v2/tickets/update_many?ids=… × 3 (100, 100, 42 ids) {"ticket":{…}}".
func callLines(calls []actions.Call) []string {
	type group struct {
		c     actions.Call
		sizes []int
		times int
	}
	var groups []group
	for _, c := range calls {
		if n := len(groups); n > 0 {
			g := &groups[n-1]
			if g.c.Method == c.Method && g.c.Path == c.Path && g.c.Body == c.Body && g.c.Note == c.Note && c.Times > 0 && g.times > 0 {
				g.times += c.Times
				for range c.Times {
					g.sizes = append(g.sizes, c.IDs)
				}
				continue
			}
		}
		g := group{c: c, times: c.Times}
		for range c.Times {
			g.sizes = append(g.sizes, c.IDs)
		}
		groups = append(groups, g)
	}
	out := make([]string, 0, len(groups))
	for _, g := range groups {
		var b strings.Builder
		b.WriteString(g.c.Method + " " + g.c.Path)
		ids := g.c.IDs > 0
		if ids {
			b.WriteString("?ids=…")
		}
		if g.times > 0 {
			b.WriteString(" × " + humanInt(g.times))
		}
		if ids && len(g.sizes) > 0 {
			b.WriteString(" (" + idSizes(g.sizes) + ")")
		}
		if g.c.Body != "" {
			b.WriteString(" " + g.c.Body)
		}
		if g.c.Note != "" {
			b.WriteString(" — " + g.c.Note)
		}
		out = append(out, sanitizeLine(b.String()))
	}
	return out
}

// idSizes says how many ids each call carries: "100, 100, 42 ids", or for many calls
// "100 ids each, the last 42".
func idSizes(sizes []int) string {
	if len(sizes) <= 4 {
		parts := make([]string, len(sizes))
		for i, n := range sizes {
			parts[i] = strconv.Itoa(n)
		}
		if len(sizes) == 1 && sizes[0] == 1 {
			return "1 id"
		}
		return strings.Join(parts, ", ") + " ids"
	}
	first, last, same := sizes[0], sizes[len(sizes)-1], true
	for _, n := range sizes[:len(sizes)-1] {
		same = same && n == first
	}
	switch {
	case same && last == first:
		return strconv.Itoa(first) + " ids each"
	case same:
		return fmt.Sprintf("%d ids each, the last %d", first, last)
	}
	total := 0
	for _, n := range sizes {
		total += n
	}
	return humanInt(total) + " ids in all"
}

func (p *preview) setSize(w, h int) {
	p.width, p.height = w, h
	p.confirm.Width = max(w-4, 1)
	p.layout()
}

// layout shares the height: the lines about the plan first, the table what is left (at
// least a few rows), the calls and consequences cut to what fits.
func (p *preview) layout() {
	head := 3 // heading, target, summary
	if p.skips != "" {
		head++
	}
	if p.note != "" {
		head++
	}
	p.wrap(true)
	foot := p.footLines() // the confirmation line; DANGER, what to type and the input
	p.shownCalls, p.shownCons = len(p.calls), len(p.cons)
	const minTable = 4 // title line and three rows
	room := func() int {
		n := 0
		if p.shownCalls > 0 {
			n += 1 + p.shownCalls
		}
		if p.shownCons > 0 {
			n += 1 + p.consHeight()
		}
		return p.height - head - foot - n
	}
	for room() < minTable && (p.shownCalls > 1 || p.shownCons > 1) {
		if p.shownCons >= p.shownCalls && p.shownCons > 1 {
			p.shownCons--
		} else if p.shownCalls > 1 {
			p.shownCalls--
		}
	}
	if room() < minTable { // too little room to wrap: one line each, cut
		p.wrap(false)
		foot = p.footLines()
	}
	p.table.SetSize(p.width, max(room(), 2))
	if p.doc != nil {
		p.doc.lines = buildRequestDoc(p.pc.styles, p.plan, p.width)
		p.doc.setHeight(p.height - head - foot - 1) // under its title line
	}
}

// wrap lays out the consequences, what a destructive plan does and what to type: wrapped
// to the width, or, when there is no room for that, one line each, cut.
func (p *preview) wrap(wrapped bool) {
	p.consLines = p.consLines[:0]
	for _, c := range p.cons {
		p.consLines = append(p.consLines, hang("• ", sanitizeLine(c), p.width, wrapped))
	}
	p.dangerLines, p.typeLines = nil, nil
	if p.typed() {
		// The sentence starts beside the DANGER badge, which View draws over the indent.
		badge := strings.Repeat(" ", cellWidth(p.pc.styles.DangerText)+1)
		p.dangerLines = hang(badge, dangerSentence(p.plan), p.width, wrapped)
		p.typeLines = hang("", "Type "+sanitizeLine(p.plan.ConfirmPhrase)+" and press enter to run it; anything else cancels. esc goes back.", p.width, wrapped)
	}
}

// hang lays text out after prefix in w cells: wrapped, its further lines indented as far
// as the prefix, or cut to one line.
func hang(prefix, text string, w int, wrapped bool) []string {
	if !wrapped {
		return []string{truncate(prefix+text, w)}
	}
	indent := cellWidth(prefix)
	lines := wrapText(text, max(w-indent, 1))
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", indent) + lines[i]
		}
	}
	return lines
}

// consHeight is how many lines the shown consequences take under their title.
func (p *preview) consHeight() int {
	n := 0
	for i := range p.shownCons {
		if i == p.shownCons-1 && p.shownCons < len(p.cons) {
			return n + 1 // "… and N more"
		}
		n += len(p.consLines[i])
	}
	return n
}

func (p *preview) cells(i int, c []string) {
	plan := p.plan
	switch {
	case i < len(plan.Changes):
		ch := &plan.Changes[i]
		c[0], c[1], c[2], c[3] = idText(ch.ID), sanitizeLine(ch.Subject), sanitizeLine(ch.Before), sanitizeLine(ch.After)
		return
	case i < len(plan.Changes)+len(plan.UserChanges):
		u := &plan.UserChanges[i-len(plan.Changes)]
		who := sanitizeLine(u.Name)
		if u.Email != "" {
			who += " <" + sanitizeLine(u.Email) + ">"
		}
		c[0], c[1], c[2], c[3] = idText(u.ID), who, u.Before, u.After
		if plan.Write == actions.WriteSpamMany {
			c[3] += " (by spam)"
		}
		return
	}
	s := &plan.Skipped[i-len(plan.Changes)-len(plan.UserChanges)]
	c[0] = idText(s.ID)
	c[1], c[3] = sanitizeLine(s.Subject), "skipped: "+sanitizeLine(s.Reason)
}

// key scrolls the table (with the keys that type nothing while the confirmation input has
// the keys) or edits the confirmation.
func (p *preview) key(msg tea.KeyMsg, km *keyMap) tea.Cmd {
	if !p.typed() || msg.Type != tea.KeyRunes {
		if p.doc != nil && p.doc.HandleKey(msg, km) {
			return nil
		}
		if p.doc == nil && p.table.HandleKey(msg, km) {
			return nil
		}
	}
	if !p.typed() {
		return nil
	}
	msg, ok := cleanKey(msg, false)
	if !ok {
		return nil
	}
	var cmd tea.Cmd
	p.confirm, cmd = p.confirm.Update(msg)
	return cmd
}

// matches reports whether the typed confirmation is the plan's phrase (as the plan judges
// it: surrounding spaces and an email's case do not matter).
func (p *preview) matches() bool { return p.plan.Confirmed(p.confirm.Value()) }

func (p *preview) View() string {
	st, w := p.pc.styles, p.width
	var b strings.Builder
	b.Grow((w + 16) * p.height)
	lines := 0
	line := func(s string) {
		if lines > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
		lines++
	}
	head := p.heading
	if p.plan.Danger {
		line(st.Danger.Render(st.DangerText) + " " + st.Title.Render(truncate(head, w-cellWidth(st.DangerText)-1)))
	} else {
		line(st.Title.Render(truncate(head, w)))
	}
	line(st.Label.Render("Target   ") + truncate(p.target, w-9))
	line(st.Label.Render("Affects  ") + truncate(p.summary, w-9))
	if p.skips != "" {
		line(st.Dim.Render(truncate(p.skips, w)))
	}
	if p.note != "" {
		line(st.Warn.Render(truncate(p.note, w)))
	}
	if p.doc != nil {
		title := "Calls, as they will be sent"
		if pos := p.doc.position(); pos != "" {
			title += " · " + pos + " (↑/↓ pgup/pgdn scroll)"
		}
		line(st.Section.Render(truncate(title, w)))
		line(p.doc.View())
		lines += p.doc.height - 1
	} else {
		line(p.table.View(p.cells))
		lines += p.table.height
	}
	if p.shownCalls > 0 {
		line(st.Section.Render("Calls"))
		for i := range p.shownCalls {
			s := "  " + p.calls[i]
			if i == p.shownCalls-1 && p.shownCalls < len(p.calls) {
				s = fmt.Sprintf("  … and %d more kinds of call", len(p.calls)-i)
			}
			line(truncate(s, w))
		}
	}
	if p.shownCons > 0 {
		title := "What follows"
		style := st.Dim
		if p.plan.Danger {
			style = st.Warn
		}
		line(st.Section.Render(title))
		for i := range p.shownCons {
			if i == p.shownCons-1 && p.shownCons < len(p.cons) {
				line(style.Render(truncate(fmt.Sprintf("• … and %d more", len(p.cons)-i), w)))
				break
			}
			for _, l := range p.consLines[i] {
				line(style.Render(l))
			}
		}
	}
	for lines < p.height-p.footLines() {
		line("")
	}
	km := p.pc.keys
	switch {
	case p.blocked != "":
		line(st.Warn.Render(truncate(p.blocked+" · "+km.Back.Help().Key+" goes back", w)))
	case p.plan.Danger:
		for i, l := range p.dangerLines {
			if i == 0 {
				badge := cellWidth(st.DangerText) + 1
				l = st.Danger.Render(st.DangerText) + " " + st.DangerLine.Render(truncate(strings.TrimLeft(l, " "), w-badge))
			} else {
				l = st.DangerLine.Render(l)
			}
			line(l)
		}
		for _, l := range p.typeLines {
			line(st.DangerLine.Render(l))
		}
		line(truncate(p.confirm.View(), w))
	default:
		line(st.Prompt.Render(truncate(fmt.Sprintf("Run it? %s or %s runs it · %s goes back",
			km.Confirm.Help().Key, km.Open.Help().Key, km.Back.Help().Key), w)))
	}
	return b.String()
}

func (p *preview) footLines() int {
	if p.blocked == "" && p.plan.Danger {
		return len(p.dangerLines) + len(p.typeLines) + 1 // DANGER, what to type, the input
	}
	return 1
}

// dangerSentence says in words what a destructive plan does.
func dangerSentence(p *actions.Plan) string {
	switch p.Write {
	case actions.WriteDestroyMany:
		return "This deletes " + countNoun(len(p.Changes), "ticket") + " (restorable from Deleted tickets for 30 days)."
	case actions.WriteSpamMany:
		s := "This marks " + countNoun(len(p.Changes), "ticket") + " as spam, deleting them"
		if n := len(p.UserChanges); n > 0 {
			s += ", and suspends " + countNoun(n, "requester")
		}
		return s + "."
	case actions.WriteUsers:
		n := 0
		for _, u := range p.UserChanges {
			if u.Suspended {
				n++
			}
		}
		return "This suspends " + countNoun(n, "user") + ": they can no longer sign in."
	}
	if p.Field == "status" {
		return "This closes " + countNoun(len(p.Changes), "ticket") + ": closed tickets cannot be reopened."
	}
	return "This plan is destructive."
}

func previewHelp(km *keyMap, p *preview) []key.Binding {
	back := km.Back
	back.SetHelp(back.Help().Key, "back")
	if p.typed() {
		sub := km.SubmitSearch
		sub.SetHelp(sub.Help().Key, "confirm")
		cancel := km.CancelSearch
		cancel.SetHelp(cancel.Help().Key, "back")
		return []key.Binding{sub, cancel, scrollHelp()}
	}
	if p.blocked != "" {
		return []key.Binding{km.Up, km.Down, back}
	}
	yes := km.Confirm
	yes.SetHelp(yes.Help().Key, "run it")
	return []key.Binding{yes, back, km.Up, km.Down}
}

// scrollHelp names the keys that scroll a table while an input has the keys.
func scrollHelp() key.Binding {
	return key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))
}
