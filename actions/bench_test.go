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
	b.Run("zdops", func(b *testing.B) {
		var requests, writes, limited int
		for range b.N {
			b.StopTimer()
			e := newEnv(b, benchOptions)
			e.runner.PollEvery = time.Second / 4
			user, _ := tenK(b, e.s)
			e.s.ResetStats()
			b.StartTimer()
			p := e.plan(Request{Action: SetPriority, Target: Target{UserID: user}, Params: Params{Priority: "urgent"}})
			res, err := e.runner.Apply(context.Background(), p, nil)
			b.StopTimer()
			if err != nil || res.Failed > 0 || res.Succeeded != len(p.Changes) {
				b.Fatalf("%+v %v", res, err)
			}
			st := e.s.Stats()
			requests += st.Total
			writes += st.ByRoute["PUT /api/v2/tickets/update_many"]
			limited += st.ByStatus["429"]
		}
		b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
		b.ReportMetric(float64(writes)/float64(b.N), "writes/op")
		b.ReportMetric(float64(limited)/float64(b.N), "429s/op")
	})
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
