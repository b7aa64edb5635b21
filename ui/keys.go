package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
)

// keyMap is every key binding of the console in one place, so that config can rebind any
// of them by name and help always shows the keys that really work.
type keyMap struct {
	Up           key.Binding
	Down         key.Binding
	Top          key.Binding
	Bottom       key.Binding
	HalfPageDown key.Binding
	HalfPageUp   key.Binding
	PageDown     key.Binding
	PageUp       key.Binding

	NextTab key.Binding
	PrevTab key.Binding
	Tabs    [tabCount]key.Binding

	Search key.Binding
	Open   key.Binding
	Back   key.Binding
	Reload key.Binding
	Help   key.Binding
	Quit   key.Binding
	// Section switches a detail with two lists (a group's tickets and its agents) between
	// them.
	Section key.Binding

	// Actions: open the picker on a user or a selection, mark rows for a selection, and
	// undo or resume a run in the Log. Confirm and Deny answer a preview or a question.
	Action  key.Binding
	Mark    key.Binding
	MarkAll key.Binding
	Undo    key.Binding
	Resume  key.Binding
	Confirm key.Binding
	Deny    key.Binding

	// Customer records: from a user's detail, edit the profile, manage the organization
	// memberships, pick the primary email, track an event, create a ticket; from an
	// organization's detail, edit it; on the Users and Organizations tabs, create one. All of
	// them write, so read-only mode hides them from help and refuses them.
	Edit         key.Binding
	Memberships  key.Binding
	PrimaryEmail key.Binding
	TrackEvent   key.Binding
	NewTicket    key.Binding
	Create       key.Binding

	// SubmitSearch and CancelSearch work while the search input has the keys; every other
	// binding is then off so that typing "q" types a q. The same keys submit and cancel
	// every one-line input (an agent filter, a typed confirmation).
	SubmitSearch key.Binding
	CancelSearch key.Binding
	// NextField, PrevField and SubmitForm move through the action flow's forms (a ticket,
	// a profile, an event, an email) and ask for the preview.
	NextField  key.Binding
	PrevField  key.Binding
	SubmitForm key.Binding
}

// forceQuit always quits, whatever the config rebinds, so that a bad keymap cannot trap
// the operator.
var forceQuit = key.NewBinding(key.WithKeys("ctrl+c"))

func defaultKeyMap() keyMap {
	km := keyMap{
		Up:           key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:          key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:       key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		NextTab:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next view")),
		PrevTab:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous view")),
		Search:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Reload:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:         key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Section:      key.NewBinding(key.WithKeys("right", "left"), key.WithHelp("←/→", "switch section")),
		SubmitSearch: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search now")),
		CancelSearch: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel search")),
		Action:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "action")),
		Mark:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "mark")),
		MarkAll:      key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "mark all")),
		Undo:         key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Resume:       key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "resume")),
		Confirm:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		Deny:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no")),
		Edit:         key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Memberships:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "organizations")),
		PrimaryEmail: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "primary email")),
		TrackEvent:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "track event")),
		NewTicket:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new ticket")),
		Create:       key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "new")),
		NextField:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		PrevField:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		SubmitForm:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "preview")),
	}
	for i, t := range tabTitles {
		n := fmt.Sprint(i + 1)
		km.Tabs[i] = key.NewBinding(key.WithKeys(n), key.WithHelp(n, strings.ToLower(t)))
	}
	return km
}

// bindings names every binding the way config spells it.
func (km *keyMap) bindings() map[string]*key.Binding {
	m := map[string]*key.Binding{
		"up":             &km.Up,
		"down":           &km.Down,
		"top":            &km.Top,
		"bottom":         &km.Bottom,
		"half_page_down": &km.HalfPageDown,
		"half_page_up":   &km.HalfPageUp,
		"page_down":      &km.PageDown,
		"page_up":        &km.PageUp,
		"next_tab":       &km.NextTab,
		"prev_tab":       &km.PrevTab,
		"search":         &km.Search,
		"open":           &km.Open,
		"back":           &km.Back,
		"reload":         &km.Reload,
		"help":           &km.Help,
		"quit":           &km.Quit,
		"section":        &km.Section,
		"submit_search":  &km.SubmitSearch,
		"cancel_search":  &km.CancelSearch,
		"action":         &km.Action,
		"mark":           &km.Mark,
		"mark_all":       &km.MarkAll,
		"undo":           &km.Undo,
		"resume":         &km.Resume,
		"confirm":        &km.Confirm,
		"deny":           &km.Deny,
		"edit":           &km.Edit,
		"memberships":    &km.Memberships,
		"primary_email":  &km.PrimaryEmail,
		"track_event":    &km.TrackEvent,
		"new_ticket":     &km.NewTicket,
		"create":         &km.Create,
		"next_field":     &km.NextField,
		"prev_field":     &km.PrevField,
		"submit_form":    &km.SubmitForm,
	}
	for i, t := range tabTitles {
		m["view_"+strings.ToLower(t)] = &km.Tabs[i]
	}
	return m
}

// inputBindings are the ones live while a text input has the keys (the search line, a
// filter, a typed confirmation, a form of the action flow).
var inputBindings = map[string]bool{
	"submit_search": true, "cancel_search": true,
	"next_field": true, "prev_field": true, "submit_form": true,
}

// KeyNames lists the binding names that config may rebind, sorted.
func KeyNames() []string {
	km := defaultKeyMap()
	names := make([]string, 0, 32)
	for n := range km.bindings() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// CheckKeys reports what is wrong with config's [keys] rebinding, as New would at start, so
// that zdops config check finds it before the console refuses to open.
func CheckKeys(rebind map[string][]string) error {
	_, err := newKeyMap(rebind)
	return err
}

// newKeyMap applies config's rebinding to the defaults. Unknown names, empty key lists,
// printable keys for the input bindings (they would stop that letter from being typed)
// and one key bound to two things are errors, so a typo in config is caught at start.
func newKeyMap(rebind map[string][]string) (keyMap, error) {
	km := defaultKeyMap()
	byName := km.bindings()
	names := make([]string, 0, len(rebind))
	for n := range rebind {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		keys := rebind[name]
		b, ok := byName[name]
		if !ok {
			return keyMap{}, fmt.Errorf("keys: unknown binding %q (known: %s)", name, strings.Join(KeyNames(), ", "))
		}
		var clean []string
		for _, k := range keys {
			if k == "space" || (k != "" && strings.TrimSpace(k) == "") {
				k = " " // Bubble Tea names the space bar " "
			} else {
				k = strings.TrimSpace(k)
			}
			if k == "" {
				continue
			}
			if inputBindings[name] && utf8.RuneCountInString(k) == 1 {
				return keyMap{}, fmt.Errorf("keys: %s = %q would stop %q from being typed in the search input; use a key such as enter, esc or ctrl+…", name, k, k)
			}
			if !slices.Contains(clean, k) {
				clean = append(clean, k)
			}
		}
		if len(clean) == 0 {
			return keyMap{}, fmt.Errorf("keys: %s has no keys", name)
		}
		b.SetKeys(clean...)
		b.SetHelp(helpKeys(clean), b.Help().Desc)
	}
	// One key must not mean two things in the same mode: the views (every binding but the
	// input and answer ones), a text input, a question (y/n), a preview (y and the keys
	// that move and leave).
	modes := [][]string{nil, nil, {"confirm", "deny"}, append([]string{"confirm"}, previewBindings...)}
	for _, name := range KeyNames() {
		switch {
		case inputBindings[name]:
			modes[1] = append(modes[1], name)
		case !answerBindings[name]:
			modes[0] = append(modes[0], name)
		}
	}
	for _, names := range modes {
		owner := map[string]string{}
		for _, name := range names {
			for _, k := range byName[name].Keys() {
				if k == "ctrl+c" && name != "quit" {
					return keyMap{}, fmt.Errorf("keys: %s cannot use ctrl+c: it always quits", name)
				}
				if prev, dup := owner[k]; dup && prev != name {
					return keyMap{}, fmt.Errorf("keys: %q is bound to both %s and %s", k, prev, name)
				}
				owner[k] = name
			}
		}
	}
	return km, nil
}

// answerBindings are live only where something is confirmed: y/n answer a question on the
// status line, y runs a preview. They may reuse keys the views use elsewhere.
var answerBindings = map[string]bool{"confirm": true, "deny": true}

// previewBindings are the other keys live in a preview, which confirm must not share.
var previewBindings = []string{"up", "down", "top", "bottom", "half_page_down", "half_page_up", "page_down", "page_up", "open", "back", "help", "quit"}

// helpKeys shows bound keys the way the defaults' help does.
func helpKeys(keys []string) string {
	pretty := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→", "pgdown": "pgdn", " ": "space"}
	out := make([]string, len(keys))
	for i, k := range keys {
		if p, ok := pretty[k]; ok {
			k = p
		}
		out[i] = k
	}
	return strings.Join(out, "/")
}

// listHelp is what a list or table shows in help.
func (km *keyMap) listHelp() []key.Binding {
	return []key.Binding{km.Up, km.Down, km.Top, km.Bottom, km.HalfPageDown, km.HalfPageUp, km.PageDown, km.PageUp}
}
