// Package zendesk is zdops's HTTP client for the Zendesk Support API.
//
// One Client serves one account (profile) and is safe for concurrent use. Resources are
// grouped into services the way go-github groups them (c.Users.Get, c.Tickets.Requested,
// c.Groups.List). Every call takes a context. Lists are Pages values: Page fetches one page
// at a time (what a view needs to load lazily), All walks every page as an iterator.
//
// The client is the only place in zdops that builds URLs or touches net/http. It checks that
// it talks only to the account's own host (https, or plain http on loopback for the sandbox),
// keeps credentials out of every error it returns, paces requests from Zendesk's rate-limit
// headers (RateGate) so that a long run meets no 429, and waits out 429 and 503 answers
// within a budget.
package zendesk
