package zendesk

import (
	"math/rand/v2"
	"time"
)

// retryPolicy decides whether one call may be sent again: within an attempt count and a
// total waiting budget, so a caller never hangs longer than it allowed.
type retryPolicy struct {
	maxWait     time.Duration
	maxAttempts int
	waited      time.Duration
}

func newRetryPolicy(maxWait time.Duration, maxAttempts int) *retryPolicy {
	return &retryPolicy{maxWait: maxWait, maxAttempts: maxAttempts}
}

// backoff is a jittered exponential delay: about 0.5 s, 1 s, 2 s, ... capped at 30 s. The
// jitter keeps many clients that failed together from returning together.
func (p *retryPolicy) backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt-1, 6)
	d = min(d, 30*time.Second)
	return d/2 + rand.N(d/2+1)
}

// allow reports whether another attempt fits, and books the wait against the budget.
func (p *retryPolicy) allow(attempt int, wait time.Duration) bool {
	if attempt >= p.maxAttempts || p.waited+wait > p.maxWait {
		return false
	}
	p.waited += wait
	return true
}
