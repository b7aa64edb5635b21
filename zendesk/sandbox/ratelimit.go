package sandbox

import (
	"sync"
	"time"
)

// ticketsIndexBudget is Zendesk's List Tickets endpoint limit per window,
// shared by /tickets, /users/{id}/tickets/* and /organizations/{id}/tickets.
const ticketsIndexBudget = 100

// budget is a fixed-window counter. The window opens with the first request
// after the previous one closed (not on clock boundaries), so a test with a
// one-second window gets the whole second.
type budget struct {
	limit int
	used  int
	start time.Time
}

// quota is what a response tells the client about one budget.
type quota struct {
	allowed   bool
	limit     int
	remaining int
	reset     int // whole seconds until the window closes, at least 1
}

func (b *budget) roll(now time.Time, window time.Duration) {
	if b.start.IsZero() || !now.Before(b.start.Add(window)) {
		b.start, b.used = now, 0
	}
}

func (b *budget) quota(now time.Time, window time.Duration, allowed bool) quota {
	left := b.start.Add(window).Sub(now)
	reset := int((left + time.Second - 1) / time.Second)
	return quota{allowed: allowed, limit: b.limit, remaining: max(b.limit-b.used, 0), reset: max(reset, 1)}
}

// rateLimiter holds the account budget and the tickets-index budget.
type rateLimiter struct {
	mu      sync.Mutex
	window  time.Duration
	account budget
	tickets budget
}

func newRateLimiter(limit int, window time.Duration) *rateLimiter {
	return &rateLimiter{window: window, account: budget{limit: limit}, tickets: budget{limit: ticketsIndexBudget}}
}

// take spends one request of the account budget, or reports it spent.
func (l *rateLimiter) take(now time.Time) quota {
	l.mu.Lock()
	defer l.mu.Unlock()
	return spend(&l.account, now, l.window)
}

// takeTickets spends one request of the tickets-index budget.
func (l *rateLimiter) takeTickets(now time.Time) quota {
	l.mu.Lock()
	defer l.mu.Unlock()
	return spend(&l.tickets, now, l.window)
}

// peekTickets reports the tickets-index budget without spending it, for
// responses that were refused before reaching the endpoint.
func (l *rateLimiter) peekTickets(now time.Time) quota {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tickets.roll(now, l.window)
	return l.tickets.quota(now, l.window, l.tickets.used < l.tickets.limit)
}

func spend(b *budget, now time.Time, window time.Duration) quota {
	b.roll(now, window)
	if b.used >= b.limit {
		return b.quota(now, window, false)
	}
	b.used++
	return b.quota(now, window, true)
}
