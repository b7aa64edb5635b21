// Package sandbox is an in-memory Zendesk Support account that speaks the real
// Support API over HTTP.
//
// zdops runs against it when no Zendesk account is configured, and the client
// package is tested against it over real HTTP. It therefore answers with the
// same paths, status codes, headers, pagination envelopes and JSON keys as
// Zendesk (checked against recorded Zendesk traffic), from seeded,
// deterministic data that scales from a demo-sized account (1,200 users,
// 6,000 tickets) to hundreds of thousands of tickets.
//
// The package deliberately imports nothing from the rest of zdops: it writes
// Zendesk JSON from its own records, so a mistake in the client's types cannot
// hide itself by being shared with the server it is tested against.
//
// What it reproduces, beyond the endpoints themselves:
//   - the optional ".json" suffix on every path;
//   - cursor pagination (page[size], page[after], page[before], meta, links)
//     and offset pagination (page, per_page, next_page, count), with
//     Zendesk's limits: 100 per page, 10,000 records by offset, 1,000
//     search results (422 beyond, although next_page still points there);
//   - Basic "{email}/token:{token}" and Bearer authentication, the two 401
//     bodies, and the anonymous 200 that /users/me gives a request with no
//     credentials at all;
//   - a fixed-window account rate limit and the List Tickets budget of 100
//     per window, with Zendesk's headers on every response and Retry-After
//     on 429.
//   - the writes an operator console makes: tickets/update_many (both
//     forms), destroy_many and mark_many_as_spam as background jobs with
//     per-item results (a closed ticket fails its item), deleted tickets
//     and their restore, PUT /users/{id}, and POST /tickets with
//     Idempotency-Key;
//   - customer profiles: users/create_or_update and organizations/create_or_update
//     (200 updated, 201 created), identities and make_primary, organization
//     memberships and their removal (which takes the organization off the
//     user's working tickets), DELETE /organizations/{id}, custom user and
//     organization fields (user_fields, organization_fields) with values
//     checked by type, and the Events API for a user (POST and GET
//     /users/{id}/events); ticket custom_fields checked against the fields;
//   - job statuses that go queued -> working -> completed on the sandbox
//     clock over Options.JobDuration, applying their effects item by item,
//     and the limit of Options.MaxJobs (30) open jobs (429 TooManyJobs);
//   - injected faults (Options.Faults, ParseFaults, InjectFault): latency,
//     500/502/503 and 429 answers, connections dropped before or after the
//     endpoint ran, jobs that end failed and items that fail, all counted
//     in Stats.Faults, with TicketWrites to check no ticket was written twice.
//
// Outside /api/v2, GET /__sandbox/stats reports the requests served (see
// Stats) and POST /__sandbox/stats/reset clears the counters; neither needs
// credentials or is counted.
package sandbox
