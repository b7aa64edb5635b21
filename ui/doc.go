// Package ui is zdops's terminal console: a Bubble Tea program in which a support operator
// browses a Zendesk account's users, tickets, groups, agents and organizations, searches
// them and opens any record in a detail pane, acts on a user or a selection with the prompt
// actions, and finds every run in the Log.
//
// The shape follows gh-dash and soft-serve. One root Model holds concrete child components
// (a list view per tab, a stack of detail panes per tab), each with Update, View, SetSize and
// its own help keys. The children share one programContext: the client, the sizes, the
// styles, the keymap and the status line. Every API call runs inside a tea.Cmd and answers
// with a message that names the component that asked and a sequence number, so an answer
// for a closed pane or an outdated query is dropped instead of shown.
//
// Lists hold compact rows, not API objects, and render only the rows on screen, so moving
// through 100,000 loaded users costs what moving through 100 does.
//
// Actions (a on a user, or on rows marked with space or V) open an action flow over the
// views: a picker, the parameters (a list, or a form: a ticket, a user's or an organization's
// profile, an email, an event), planning in a Cmd,
// the preview of the actions.Plan (a virtual table of every ticket before and after, the
// skipped ones and why, the calls), the confirmation (y, or the typed ConfirmPhrase under
// a DANGER header for a destructive plan), and the run's progress. A run's events reach
// the program through a feed that never blocks the runner: a Cmd waits on the feed's
// channel, hands over what happened, and is armed again until the run ends. esc leaves a
// run going in the background; ctrl+c asks before stopping it between batches. The Log tab
// reads the audit log at start and after every run; from it a run's outcomes are shown,
// and a run is undone or resumed with the same preview and confirmation.
//
// Customer records have keys of their own (flow_profile.go): in a user's detail e edits the
// profile, m the organization memberships, p the primary email, t tracks an event and n
// creates a ticket; in an organization's detail e edits it; N on the Users and
// Organizations tabs creates one. They open the same flow at a form (flow_form.go: one form
// type, whose fixed-choice fields are cycled or picked from lists) or a list, and their
// plans, which write one call at a time, are previewed call by call with each call's exact
// path and body (preview_request.go). Read-only mode hides and refuses them.
package ui
