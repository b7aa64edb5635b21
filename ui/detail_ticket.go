package ui

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// ticketData is a ticket with the names its ids stand for, all read inside one Cmd.
type ticketData struct {
	t                              zendesk.Ticket
	requester, submitter, assignee string
	group, org                     string
	fields                         map[int64]zendesk.TicketField
	lookupErr                      error // a name or the field titles could not be read; ids are shown
}

// readTicket reads a ticket and then, at once, the names of its people (one show_many), its
// group and organization, and the account's ticket fields (once per session).
func readTicket(ctx context.Context, pc *programContext, id int64) (ticketData, error) {
	client, fields := pc.client, pc.fields
	t, err := client.Tickets.Get(ctx, id)
	if err != nil {
		return ticketData{}, err
	}
	d := ticketData{t: t}
	var wg sync.WaitGroup
	var mu sync.Mutex
	note := func(err error) {
		mu.Lock()
		if d.lookupErr == nil {
			d.lookupErr = err
		}
		mu.Unlock()
	}
	var ids []int64
	for _, uid := range []int64{t.RequesterID, t.SubmitterID, t.AssigneeID} {
		if uid != 0 && !containsID(ids, uid) {
			ids = append(ids, uid)
		}
	}
	names := map[int64]string{}
	if len(ids) > 0 {
		wg.Go(func() {
			users, err := client.Users.ShowMany(ctx, ids)
			if err != nil {
				note(fmt.Errorf("name the people: %w", err))
				return
			}
			mu.Lock()
			for _, u := range users {
				names[u.ID] = sanitizeLine(u.Name)
			}
			mu.Unlock()
		})
	}
	if t.GroupID != 0 {
		wg.Go(func() {
			g, err := client.Groups.Get(ctx, t.GroupID)
			if err != nil {
				note(fmt.Errorf("name group %d: %w", t.GroupID, err))
				return
			}
			mu.Lock()
			d.group = sanitizeLine(g.Name)
			mu.Unlock()
		})
	}
	if t.OrganizationID != 0 {
		wg.Go(func() {
			o, err := client.Organizations.Get(ctx, t.OrganizationID)
			if err != nil {
				note(fmt.Errorf("name organization %d: %w", t.OrganizationID, err))
				return
			}
			mu.Lock()
			d.org = sanitizeLine(o.Name)
			mu.Unlock()
		})
	}
	wg.Go(func() {
		f, err := fields.get(ctx, client)
		if err != nil {
			note(fmt.Errorf("read ticket fields: %w", err))
			return
		}
		mu.Lock()
		d.fields = f
		mu.Unlock()
	})
	wg.Wait()
	person := func(id int64) string {
		if id == 0 {
			return ""
		}
		if n, ok := names[id]; ok {
			return n + " (#" + idText(id) + ")"
		}
		return "#" + idText(id)
	}
	d.requester, d.submitter, d.assignee = person(t.RequesterID), person(t.SubmitterID), person(t.AssigneeID)
	if d.group == "" && t.GroupID != 0 {
		d.group = "#" + idText(t.GroupID)
	}
	if d.org == "" && t.OrganizationID != 0 {
		d.org = "#" + idText(t.OrganizationID)
	}
	return d, nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// ticketDetail shows one ticket's fields and description, scrolled with the movement keys.
type ticketDetail struct {
	pc       *programContext
	id       compID
	ticketID int64
	title    string

	data    *ticketData
	err     error
	loading bool

	lines  []string // rendered for width
	offset int
	width  int
	height int
}

func newTicketDetail(pc *programContext, ticketID int64, title string) *ticketDetail {
	return &ticketDetail{pc: pc, id: pc.newID(), ticketID: ticketID, title: sanitizeLine(title)}
}

func (d *ticketDetail) ID() compID    { return d.id }
func (d *ticketDetail) Title() string { return d.title }
func (d *ticketDetail) Typing() bool  { return false }

func (d *ticketDetail) Init() tea.Cmd {
	d.loading, d.err = true, nil
	d.render()
	pc, id := d.pc, d.ticketID
	return load(pc, d.id, func(ctx context.Context) (ticketData, error) { return readTicket(ctx, pc, id) })
}

func (d *ticketDetail) Update(msg tea.Msg) tea.Cmd {
	km := d.pc.keys
	switch msg := msg.(type) {
	case loadedMsg[ticketData]:
		d.loading = false
		if msg.err != nil {
			d.err = msg.err
			d.pc.fail(d.id, fmt.Sprintf("read ticket %d", d.ticketID), msg.err)
		} else {
			v := msg.v
			d.data, d.err = &v, nil
			d.title = "#" + idText(v.t.ID) + " " + sanitizeLine(v.t.Subject)
			d.pc.recovered(d.id)
			if v.lookupErr != nil {
				d.pc.fail(d.id, fmt.Sprintf("ticket %d", d.ticketID), v.lookupErr)
			}
		}
		d.render()
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, km.Reload):
			return d.Init()
		case key.Matches(msg, km.Action):
			return startActionCmd(actionTarget{ticketIDs: []int64{d.ticketID}, from: "ticket detail"})
		}
		if by, ok := scrollBy(msg, km, d.height-1); ok { // under the title line
			d.scroll(by)
		}
	}
	return nil
}

// refreshAffected reads the ticket again when a finished run changed it.
func (d *ticketDetail) refreshAffected(a *affected) tea.Cmd {
	switch {
	case !a.tickets[d.ticketID]:
		return nil
	case a.deleted:
		d.title = strings.TrimSuffix(d.title, " (deleted)") + " (deleted)"
		return nil
	}
	return d.Init()
}

func (d *ticketDetail) scroll(n int) {
	d.offset = max(min(d.offset+n, len(d.lines)-(d.height-1)), 0)
}

func (d *ticketDetail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.render()
}

// render lays the ticket out for the width once, so View only slices the lines.
func (d *ticketDetail) render() {
	st := d.pc.styles
	w := d.width
	switch {
	case d.data == nil && d.err != nil:
		d.lines = []string{st.Error.Render(truncate("could not read the ticket (r retries): "+describeError(d.err), w))}
		return
	case d.data == nil:
		d.lines = []string{st.Dim.Render("loading…")}
		return
	}
	t := &d.data.t
	f := []field{
		{"Status", t.Status},
		{"Priority", t.Priority},
		{"Type", t.Type},
		{"Requester", d.data.requester},
		{"Submitter", d.data.submitter},
		{"Assignee", d.data.assignee},
		{"Group", d.data.group},
		{"Organization", d.data.org},
		{"Tags", joinShort(t.Tags, " ")},
		{"Via", sanitizeLine(t.Via.Channel)},
		{"Created", timeField(d.pc, t.CreatedAt)},
		{"Updated", timeField(d.pc, t.UpdatedAt)},
	}
	if t.DueAt != nil {
		f = append(f, field{"Due", timeField(d.pc, *t.DueAt)})
	}
	if t.ExternalID != "" {
		f = append(f, field{"External ID", sanitizeLine(t.ExternalID)})
	}
	lines := fieldLines(st, f, w)
	if custom := customFields(t, d.data.fields); len(custom) > 0 {
		lines = append(lines, "", st.Section.Render("Custom fields"))
		lines = append(lines, fieldLines(st, custom, w)...)
	}
	lines = append(lines, "", st.Section.Render("Description"))
	lines = append(lines, wrapText(sanitizeText(t.Description), w)...)
	d.lines = lines
	d.scroll(0)
}

// customFields pairs a ticket's custom values with their fields' titles; a tag value of a
// drop-down shows its option's name. Fields the account no longer has show by id.
func customFields(t *zendesk.Ticket, defs map[int64]zendesk.TicketField) []field {
	var out []field
	for _, cf := range t.CustomFields {
		v := customValue(cf.Value, defs[cf.ID])
		if v == "" {
			continue
		}
		title := "Field " + idText(cf.ID)
		if def, ok := defs[cf.ID]; ok && def.Title != "" {
			title = sanitizeLine(def.Title)
		}
		out = append(out, field{title, v})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].label < out[j].label })
	return out
}

func customValue(v any, def zendesk.TicketField) string {
	option := func(tag string) string {
		for _, o := range def.CustomFieldOptions {
			if o.Value == tag {
				return o.Name
			}
		}
		return tag
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if def.Type == "tagger" {
			return sanitizeLine(option(x))
		}
		return sanitizeLine(x)
	case bool:
		return yesNo(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				parts = append(parts, option(s))
			} else {
				parts = append(parts, fmt.Sprint(e))
			}
		}
		return sanitizeLine(strings.Join(parts, ", "))
	default:
		return sanitizeLine(fmt.Sprint(x))
	}
}

func (d *ticketDetail) View() string {
	st := d.pc.styles
	var b strings.Builder
	b.WriteString(st.Title.Render(truncate(d.title, d.width)))
	end := min(d.offset+d.height-1, len(d.lines))
	n := 1
	for _, l := range d.lines[d.offset:end] {
		b.WriteByte('\n')
		b.WriteString(l)
		n++
	}
	for ; n < d.height; n++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (d *ticketDetail) ShortHelp() []key.Binding {
	km := d.pc.keys
	return []key.Binding{km.Up, km.Down, km.Action, km.Back, km.Reload}
}

func (d *ticketDetail) FullHelp() [][]key.Binding {
	km := d.pc.keys
	return [][]key.Binding{
		{km.Up, km.Down, km.Top, km.Bottom},
		{km.HalfPageDown, km.HalfPageUp, km.PageDown, km.PageUp},
		{km.Action, km.Back, km.Reload},
	}
}
