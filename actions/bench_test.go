package actions

import (
	"context"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// benchOptions is the rate-limited account both ways run against: Zendesk Enterprise's
// 700 requests and the List Tickets budget of 100, per a window scaled from one minute
// down to 600 ms so that the naive way finishes in a benchmark's time. Jobs take 5 ms, so
// the 30-job cap does not decide the naive way's pace either.
var benchOptions = sandbox.Options{Seed: 3, Users: 2000, Tickets: 60000, RateLimit: 700, RateWindow: 600 * time.Millisecond, JobDuration: 5 * time.Millisecond}

// BenchmarkSetPriority10k sets the priority of a user's 10,000+ tickets the zdops way (plan:
// cursor pages; apply: update_many 100 at a time, jobs polled together) and the naive way
// (list, then one PUT /api/v2/tickets/{id} per ticket, as tools without bulk support do).
func BenchmarkSetPriority10k(b *testing.B) {
	b.Run("zdops", func(b *testing.B) { benchZdopsSetPriority(b, benchOptions) })
	// The same with no limit that binds (a 1 ms window): the time the work takes by itself.
	// The floor the limit sets is that time plus the windows the tightest budget forces the
	// run to wait through (BENCHMARKS.md).
	unlimited := benchOptions
	unlimited.RateWindow = time.Millisecond
	b.Run("zdops-unlimited", func(b *testing.B) { benchZdopsSetPriority(b, unlimited) })
	b.Run("naive", func(b *testing.B) {
		var requests, writes, limited int
		for range b.N {
			b.StopTimer()
			e := newEnv(b, benchOptions)
			user, _ := tenK(b, e.s)
			e.s.ResetStats()
			b.StartTimer()
			ctx := context.Background()
			change := zendesk.TicketUpdate{Priority: zendesk.Ptr("urgent")}
			for t, err := range e.c.Tickets.Requested(user).All(ctx) {
				if err != nil {
					b.Fatal(err)
				}
				if t.Status == "closed" || t.Priority == "urgent" {
					continue
				}
				if _, err := e.c.Tickets.Update(ctx, t.ID, change); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			st := e.s.Stats()
			requests += st.Total
			writes += st.ByRoute["PUT /api/v2/tickets/{id}"]
			limited += st.ByStatus["429"]
		}
		b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
		b.ReportMetric(float64(writes)/float64(b.N), "writes/op")
		b.ReportMetric(float64(limited)/float64(b.N), "429s/op")
	})
}

// benchZdopsSetPriority is the zdops way: plan (cursor pages of the user's tickets), then
// apply (update_many 100 at a time, jobs polled together).
func benchZdopsSetPriority(b *testing.B, opts sandbox.Options) {
	var requests, writes, pages, polls, limited int
	var planning, applying time.Duration
	for range b.N {
		b.StopTimer()
		e := newEnv(b, opts)
		e.runner.PollEvery = time.Second / 4
		user, _ := tenK(b, e.s)
		e.s.ResetStats()
		b.StartTimer()
		start := time.Now()
		p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "urgent"}})
		planning += time.Since(start)
		start = time.Now()
		res, err := e.runner.Apply(context.Background(), p, nil)
		b.StopTimer()
		applying += time.Since(start)
		if err != nil || res.Failed > 0 || res.Succeeded != len(p.Changes) {
			b.Fatalf("%+v %v", res, err)
		}
		st := e.s.Stats()
		requests += st.Total
		writes += st.ByRoute["PUT /api/v2/tickets/update_many"]
		pages += st.ByRoute["GET /api/v2/users/{id}/tickets/requested"]
		polls += st.ByRoute["GET /api/v2/job_statuses/show_many"]
		limited += st.ByStatus["429"]
	}
	n := float64(b.N)
	b.ReportMetric(float64(requests)/n, "requests/op")
	b.ReportMetric(float64(pages)/n, "pages/op")
	b.ReportMetric(float64(writes)/n, "writes/op")
	b.ReportMetric(float64(polls)/n, "polls/op")
	b.ReportMetric(float64(limited)/n, "429s/op")
	b.ReportMetric(float64(planning.Milliseconds())/n, "plan-ms/op")
	b.ReportMetric(float64(applying.Milliseconds())/n, "apply-ms/op")
	// The windows the limit forces: the tightest budget (List Tickets, 100 a window, or the
	// account's) spent from the first request must wait for a new window each time it runs out.
	forced := max((pages/b.N+99)/100, (requests/b.N+opts.RateLimit-1)/opts.RateLimit) - 1
	b.ReportMetric(float64((time.Duration(forced) * opts.RateWindow).Milliseconds()), "forced-wait-ms")
}
