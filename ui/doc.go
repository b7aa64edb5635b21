// Package ui is zdops's terminal console: a Bubble Tea program in which a support operator
// browses a Zendesk account's users, tickets, groups, agents and organizations, searches
// them and opens any record in a detail pane.
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
package ui
