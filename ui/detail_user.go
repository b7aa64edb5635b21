package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// groupMember is one of an agent's groups, named.
type groupMember struct {
	name      string
	isDefault bool
}

// userDetail shows one user: who they are, how to reach them, where they belong, how many
// tickets they are tied to, and the tickets they requested (a lazily loaded table; enter
// opens one).
type userDetail struct {
	pane   recordPane[ticketRow]
	userID int64

	user       *zendesk.User
	related    *zendesk.UserRelated
	identities []zendesk.Identity
	orgs       []zendesk.OrganizationMembership
	groups     []groupMember
	groupsRead bool
	orgsRead   bool
	idsRead    bool
	errs       map[string]error // what failed, by section

	marks markSet // requested tickets marked for an action
}

func newUserDetail(pc *programContext, userID int64, title string) *userDetail {
	d := &userDetail{userID: userID}
	d.pane = newRecordPane(pc, pc.newID(), title, "Requested tickets", ticketCols, ticketCells, openTicket)
	d.pane.rows.idOf, d.pane.rows.marks = ticketRowID, &d.marks
	return d
}

func (d *userDetail) ID() compID    { return d.pane.id }
func (d *userDetail) Title() string { return d.pane.title }
func (d *userDetail) Typing() bool  { return false }

func (d *userDetail) Init() tea.Cmd {
	pc, id, uid, client := d.pane.pc, d.pane.id, d.userID, d.pane.pc.client
	d.user, d.related, d.identities, d.orgs, d.groups = nil, nil, nil, nil, nil
	d.groupsRead, d.orgsRead, d.idsRead = false, false, false
	d.errs = map[string]error{}
	d.refresh()
	return tea.Batch(
		load(pc, id, func(ctx context.Context) (zendesk.User, error) { return client.Users.Get(ctx, uid) }),
		load(pc, id, func(ctx context.Context) (zendesk.UserRelated, error) { return client.Users.Related(ctx, uid) }),
		load(pc, id, func(ctx context.Context) ([]zendesk.Identity, error) {
			return client.Users.Identities(uid).Collect(ctx)
		}),
		load(pc, id, func(ctx context.Context) ([]zendesk.OrganizationMembership, error) {
			return client.Users.OrganizationMemberships(uid).Collect(ctx)
		}),
		d.pane.rows.start(pc, id, ticketsFetch(pc, client.Tickets.Requested(uid), 0)),
	)
}

// loadGroups reads an agent's group memberships and names the groups (an agent is in a
// handful, so one read per group is cheaper than listing them all).
func (d *userDetail) loadGroups() tea.Cmd {
	client, uid := d.pane.pc.client, d.userID
	return load(d.pane.pc, d.pane.id, func(ctx context.Context) ([]groupMember, error) {
		ms, err := client.Users.GroupMemberships(uid).Collect(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]groupMember, 0, len(ms))
		for _, m := range ms {
			name := "#" + idText(m.GroupID)
			if g, err := client.Groups.Get(ctx, m.GroupID); err == nil {
				name = sanitizeLine(g.Name)
			}
			out = append(out, groupMember{name: name, isDefault: m.Default})
		}
		return out, nil
	})
}

func (d *userDetail) Update(msg tea.Msg) tea.Cmd {
	pc, id := d.pane.pc, d.pane.id
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case pageMsg[ticketRow]:
		_, cmd = d.pane.rows.accept(pc, id, msg)
		return cmd
	case loadedMsg[zendesk.User]:
		if d.failed(pc, "read user", msg.err) {
			break
		}
		u := msg.v
		d.user = &u
		d.pane.title = sanitizeLine(u.Name)
		if u.IsAgent() {
			cmd = d.loadGroups()
		}
	case loadedMsg[zendesk.UserRelated]:
		if !d.failed(pc, "count related tickets", msg.err) {
			r := msg.v
			d.related = &r
		}
	case loadedMsg[[]zendesk.Identity]:
		d.idsRead = true
		if !d.failed(pc, "list identities", msg.err) {
			d.identities = msg.v
		}
	case loadedMsg[[]zendesk.OrganizationMembership]:
		d.orgsRead = true
		if !d.failed(pc, "list organization memberships", msg.err) {
			d.orgs = msg.v
		}
	case loadedMsg[[]groupMember]:
		d.groupsRead = true
		if !d.failed(pc, "list group memberships", msg.err) {
			d.groups = msg.v
		}
	case loadedMsg[refetched[ticketRow]]:
		if msg.err != nil {
			pc.fail(id, "reload the tickets the run changed", msg.err)
			return nil
		}
		fresh, asked := msg.v.byID(ticketRowID)
		d.pane.rows.replaceRows(fresh, asked, ticketGone)
		return nil
	case tea.KeyMsg:
		km := pc.keys
		switch {
		case key.Matches(msg, km.Reload):
			return d.Init()
		case key.Matches(msg, km.Mark):
			return d.pane.rows.toggleMark(pc, id)
		case key.Matches(msg, km.MarkAll):
			d.pane.rows.markAll()
			return nil
		case key.Matches(msg, km.Action):
			return startActionCmd(d.target())
		}
		for _, k := range []struct {
			b    key.Binding
			in   intent
			what string
		}{
			{km.Edit, intentEditUser, "editing the profile"},
			{km.Memberships, intentMemberships, "changing organization memberships"},
			{km.PrimaryEmail, intentPrimaryEmail, "changing the primary email"},
			{km.TrackEvent, intentTrackEvent, "tracking an event"},
			{km.NewTicket, intentNewTicket, "creating a ticket"},
		} {
			if key.Matches(msg, k.b) {
				if pc.refuseWrite(id, k.what) {
					return nil
				}
				return profileCmd(d.userRecord(), k.in)
			}
		}
		return d.pane.key(msg)
	default:
		return nil
	}
	d.refresh()
	return cmd
}

// target is the user, or the requested tickets marked in the table.
func (d *userDetail) target() actionTarget {
	name, email := d.pane.title, ""
	if d.user != nil {
		name, email = sanitizeLine(d.user.Name), sanitizeLine(d.user.Email)
	}
	t := userTarget(d.userID, name, email)
	if d.marks.count() > 0 {
		t.ticketIDs = d.marks.sorted()
	}
	t.from = "user detail"
	return t
}

// userRecord is the user alone (not the marked tickets): what the customer-record keys
// work on.
func (d *userDetail) userRecord() actionTarget {
	t := d.target()
	t.ticketIDs = nil
	return t
}

// refreshAffected reloads what a finished run changed: the user's own fields, the list of
// requested tickets when tickets were created or deleted, or just the changed rows.
func (d *userDetail) refreshAffected(a *affected) tea.Cmd {
	pc, id, uid, client := d.pane.pc, d.pane.id, d.userID, d.pane.pc.client
	if a.deleted {
		for t := range a.tickets {
			if d.marks.has(t) {
				d.marks.toggle(t) // deleted: nothing more to act on
			}
		}
	}
	var cmds []tea.Cmd
	if a.users[uid] || a.requesters[uid] {
		cmds = append(cmds,
			load(pc, id, func(ctx context.Context) (zendesk.User, error) { return client.Users.Get(ctx, uid) }),
			load(pc, id, func(ctx context.Context) (zendesk.UserRelated, error) { return client.Users.Related(ctx, uid) }))
	}
	if a.profiles[uid] {
		// A customer-record run: the identities and memberships may have changed too.
		d.idsRead, d.orgsRead = false, false
		cmds = append(cmds,
			load(pc, id, func(ctx context.Context) ([]zendesk.Identity, error) {
				return client.Users.Identities(uid).Collect(ctx)
			}),
			load(pc, id, func(ctx context.Context) ([]zendesk.OrganizationMembership, error) {
				return client.Users.OrganizationMemberships(uid).Collect(ctx)
			}))
		d.refresh()
	}
	if a.requesters[uid] {
		cmds = append(cmds, d.pane.rows.start(pc, id, ticketsFetch(pc, client.Tickets.Requested(uid), 0)))
	} else if ids := d.pane.rows.loadedIDs(func(t int64) bool { return a.tickets[t] }); len(ids) > 0 {
		cmds = append(cmds, refetchCmd(pc, id, ids, refetchTickets(pc, ids)))
	}
	return tea.Batch(cmds...)
}

func (d *userDetail) failed(pc *programContext, what string, err error) bool {
	if err == nil {
		return false
	}
	d.errs[what] = err
	pc.fail(d.pane.id, fmt.Sprintf("%s %d", what, d.userID), err)
	return true
}

// refresh rebuilds the field lines from what has arrived so far.
func (d *userDetail) refresh() {
	pc := d.pane.pc
	loading := func(what string) string {
		if err, ok := d.errs[what]; ok && err != nil {
			return "failed (r retries)"
		}
		return "loading…"
	}
	var f []field
	if u := d.user; u != nil {
		state := "active"
		switch {
		case u.Suspended:
			state = "suspended"
		case !u.Active:
			state = "deleted"
		}
		if u.Verified {
			state += " · verified"
		}
		f = append(f,
			field{"Email", sanitizeLine(u.Email)},
			field{"Role", sanitizeLine(u.Role) + " · " + state + " · id " + idText(u.ID)},
		)
	} else {
		f = append(f, field{"User", loading("read user")})
	}
	// Organizations, from the memberships, which carry the names.
	if d.orgsRead {
		var names []string
		for _, m := range d.orgs {
			n := sanitizeLine(m.OrganizationName)
			if n == "" {
				n = "#" + idText(m.OrganizationID)
			}
			if m.Default {
				n += " (default)"
			}
			names = append(names, n)
		}
		v := strings.Join(names, " · ")
		if d.errs["list organization memberships"] != nil {
			v = loading("list organization memberships")
		} else if v == "" {
			v = "none"
		}
		f = append(f, field{"Organizations", v})
	} else {
		f = append(f, field{"Organizations", "loading…"})
	}
	if d.user != nil && d.user.IsAgent() {
		v := loading("list group memberships")
		if d.groupsRead && d.errs["list group memberships"] == nil {
			var names []string
			for _, g := range d.groups {
				n := g.name
				if g.isDefault {
					n += " (default)"
				}
				names = append(names, n)
			}
			v = strings.Join(names, " · ")
			if v == "" {
				v = "none"
			}
		}
		f = append(f, field{"Groups", v})
	}
	if d.idsRead && d.errs["list identities"] == nil {
		var ids []string
		for _, id := range d.identities {
			s := sanitizeLine(id.Type) + " " + sanitizeLine(id.Value)
			var flags []string
			if id.Primary {
				flags = append(flags, "primary")
			}
			if id.Verified {
				flags = append(flags, "verified")
			}
			if len(flags) > 0 {
				s += " (" + strings.Join(flags, ", ") + ")"
			}
			ids = append(ids, s)
		}
		v := strings.Join(ids, " · ")
		if v == "" {
			v = "none"
		}
		f = append(f, field{"Identities", v})
	} else {
		f = append(f, field{"Identities", loading("list identities")})
	}
	if r := d.related; r != nil {
		f = append(f, field{"Tickets", fmt.Sprintf("requested %s · assigned %s · cc'd %s · org subscriptions %s",
			humanInt(r.RequestedTickets), humanInt(r.AssignedTickets), humanInt(r.CCDTickets), humanInt(r.OrganizationSubscriptions))})
	} else {
		f = append(f, field{"Tickets", loading("count related tickets")})
	}
	if u := d.user; u != nil {
		last := "never signed in"
		if u.LastLoginAt != nil {
			last = "last sign-in " + timeField(pc, *u.LastLoginAt)
		}
		f = append(f,
			field{"Created", timeField(pc, u.CreatedAt) + " · " + last},
			field{"External ID", sanitizeLine(u.ExternalID)},
			field{"Tags", joinShort(u.Tags, " ")},
			field{"Phone", sanitizeLine(u.Phone)},
			field{"Time zone", strings.Trim(sanitizeLine(u.TimeZone)+" · "+sanitizeLine(u.Locale), " ·")},
		)
	}
	d.pane.setFields(f)
}

func (d *userDetail) SetSize(w, h int) { d.pane.SetSize(w, h) }
func (d *userDetail) View() string     { return d.pane.View() }
func (d *userDetail) ShortHelp() []key.Binding {
	pc := d.pane.pc
	km := pc.keys
	if pc.readOnly {
		return []key.Binding{km.Up, km.Down, km.Open, km.Action, km.Mark, km.Back, km.Reload}
	}
	// The customer-record keys, in a word each, so that they fit one line with the rest.
	short := func(b key.Binding, desc string) key.Binding {
		b.SetHelp(b.Help().Key, desc)
		return b
	}
	return []key.Binding{km.Open, km.Action, short(km.Edit, "edit"), short(km.Memberships, "orgs"),
		short(km.PrimaryEmail, "email"), short(km.TrackEvent, "event"), short(km.NewTicket, "ticket"), km.Back}
}

func (d *userDetail) FullHelp() [][]key.Binding {
	pc := d.pane.pc
	km := pc.keys
	groups := append(detailFullHelp(km), []key.Binding{km.Action, km.Mark, km.MarkAll})
	edit := km.Edit
	edit.SetHelp(edit.Help().Key, "edit profile")
	if w := pc.writeKeys(edit, km.Memberships, km.PrimaryEmail, km.TrackEvent, km.NewTicket); len(w) > 0 {
		groups = append(groups, w)
	}
	return groups
}
