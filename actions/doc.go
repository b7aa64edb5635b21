// Package actions is what an operator can do to a user or a selection: the prompt actions
// (set priority or status, assign, suspend, delete, mark as spam, create a ticket), each in
// three steps that never mix.
//
//   - A Planner reads what the action touches and returns a Plan: the exact ids, every
//     value before and after, the tickets skipped and why, and the HTTP calls that will be
//     made. Planning writes nothing.
//   - A Runner applies a Plan and nothing else: 100 ids per bulk call, several Zendesk jobs
//     in flight (never more than the account's 30), all open jobs polled with one
//     job_statuses/show_many, every item's outcome read and reported as Events.
//   - Every run is written to an append-only audit log (JSON Lines) before its first write
//     and after every batch, so that an interrupted run can be resumed (Runner.Resume) and a
//     finished one undone (PlanUndo, then Runner.Apply).
//
// The package talks to Zendesk only through the zendesk client; it never builds URLs itself.
package actions
