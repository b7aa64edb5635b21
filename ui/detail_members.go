package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// membersDetail shows one record (a group, an organization) above the users who belong to
// it; enter opens one of them. The record's kind supplies how to read it, its members and
// the fields to show.
type membersDetail[T any] struct {
	pane recordPane[userRow]
	kind recordKind[T]
	id   int64
	rec  *T
	err  error
}

// recordKind is what differs between the records a membersDetail shows.
type recordKind[T any] struct {
	noun    string // "group", in errors
	label   string // "Group", the field shown while loading
	get     func(c *zendesk.Client, ctx context.Context, id int64) (T, error)
	members func(c *zendesk.Client, id int64) zendesk.Pages[zendesk.User]
	name    func(T) string
	fields  func(pc *programContext, rec T) []field
	// editable: e opens the record's form (an organization's); the record's kind for the
	// runs that change it is noun.
	editable bool
}

func newMembersDetail[T any](pc *programContext, kind recordKind[T], id int64, title, membersTitle string) *membersDetail[T] {
	d := &membersDetail[T]{kind: kind, id: id}
	d.pane = newRecordPane(pc, pc.newID(), title, membersTitle, userCols, userCells, openUser)
	return d
}

func (d *membersDetail[T]) ID() compID    { return d.pane.id }
func (d *membersDetail[T]) Title() string { return d.pane.title }
func (d *membersDetail[T]) Typing() bool  { return false }

func (d *membersDetail[T]) Init() tea.Cmd {
	pc, id, rid, client := d.pane.pc, d.pane.id, d.id, d.pane.pc.client
	d.rec, d.err = nil, nil
	d.refresh()
	return tea.Batch(
		load(pc, id, func(ctx context.Context) (T, error) { return d.kind.get(client, ctx, rid) }),
		d.pane.rows.start(pc, id, pagesFetch(d.kind.members(client, rid), 0, userRowOf)),
	)
}

func (d *membersDetail[T]) Update(msg tea.Msg) tea.Cmd {
	pc, id := d.pane.pc, d.pane.id
	switch msg := msg.(type) {
	case pageMsg[userRow]:
		_, cmd := d.pane.rows.accept(pc, id, msg)
		return cmd
	case loadedMsg[T]:
		if msg.err != nil {
			d.err = msg.err
			pc.fail(id, fmt.Sprintf("read %s %d", d.kind.noun, d.id), msg.err)
		} else {
			rec := msg.v
			d.rec = &rec
			d.pane.title = sanitizeLine(d.kind.name(rec))
		}
		d.refresh()
	case tea.KeyMsg:
		if key.Matches(msg, pc.keys.Reload) {
			return d.Init()
		}
		if d.kind.editable && key.Matches(msg, pc.keys.Edit) {
			if pc.refuseWrite(id, "editing the "+d.kind.noun) {
				return nil
			}
			return profileCmd(actionTarget{org: &orgRef{id: d.id, name: d.pane.title}, from: d.kind.label}, intentEditOrg)
		}
		return d.pane.key(msg)
	}
	return nil
}

// refreshAffected reads the record and its members again when a run changed them.
func (d *membersDetail[T]) refreshAffected(a *affected) tea.Cmd {
	if !d.kind.editable || !a.has(d.kind.noun, d.id) {
		return nil
	}
	return d.Init()
}

func (d *membersDetail[T]) refresh() {
	if d.rec == nil {
		v := "loading…"
		if d.err != nil {
			v = "failed (r retries)"
		}
		d.pane.setFields([]field{{d.kind.label, v}})
		return
	}
	d.pane.setFields(d.kind.fields(d.pane.pc, *d.rec))
}

func (d *membersDetail[T]) SetSize(w, h int) { d.pane.SetSize(w, h) }
func (d *membersDetail[T]) View() string     { return d.pane.View() }
func (d *membersDetail[T]) ShortHelp() []key.Binding {
	pc := d.pane.pc
	out := detailHelp(pc.keys)
	if d.kind.editable {
		out = append(out, pc.writeKeys(pc.keys.Edit)...)
	}
	return out
}

func (d *membersDetail[T]) FullHelp() [][]key.Binding {
	pc := d.pane.pc
	groups := detailFullHelp(pc.keys)
	if w := pc.writeKeys(pc.keys.Edit); d.kind.editable && len(w) > 0 {
		groups = append(groups, w)
	}
	return groups
}
