package zendesk

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// RateLimit is the account's request budget as the last response reported it.
type RateLimit struct {
	Known     bool          // false until a response carried rate-limit headers
	Limit     int           // requests allowed per window (per minute on Zendesk)
	Remaining int           // requests left in the current window
	Reset     time.Duration // until the window resets; 0 when not reported
	// Endpoints holds the endpoint budgets from zendesk-ratelimit-* headers, by name
	// ("tickets-index", "inflight-jobs").
	Endpoints map[string]Budget
	At        time.Time // when the response was received
}

// staler reports whether next, read after rl, is an older answer from the same window:
// concurrent responses can be read out of order, and a higher Remaining before rl's window
// has reset cannot be newer.
func (rl RateLimit) staler(next RateLimit) bool {
	if !rl.Known || rl.Reset <= 0 || next.Limit != rl.Limit || next.Remaining <= rl.Remaining {
		return false
	}
	return next.At.Before(rl.At.Add(rl.Reset))
}

// Budget is one endpoint-specific limit: "total=100; remaining=99; resets=41".
type Budget struct {
	Total     int
	Remaining int
	Reset     time.Duration
}

// endpointHeader matches both spellings Zendesk has used: zendesk-ratelimit-NAME (2024)
// and zendesk-rate-limit-NAME (2023).
var endpointHeader = regexp.MustCompile(`^zendesk-rate-?limit-(.+)$`)

// ParseRateLimit reads every spelling of Zendesk's rate-limit headers: X-Rate-Limit and
// X-Rate-Limit-Remaining, ratelimit-* (2024) and rate-limit-* (2023), and the per-endpoint
// zendesk-ratelimit-* / zendesk-rate-limit-* budgets.
func ParseRateLimit(h http.Header, at time.Time) RateLimit {
	rl := RateLimit{At: at}
	num := func(names ...string) (int, bool) {
		for _, n := range names {
			if v := strings.TrimSpace(h.Get(n)); v != "" {
				if i, err := strconv.Atoi(v); err == nil && i >= 0 {
					return i, true
				}
			}
		}
		return 0, false
	}
	if v, ok := num("ratelimit-limit", "rate-limit", "rate-limit-limit", "X-Rate-Limit"); ok {
		rl.Limit, rl.Known = v, true
	}
	if v, ok := num("ratelimit-remaining", "rate-limit-remaining", "X-Rate-Limit-Remaining"); ok {
		rl.Remaining, rl.Known = v, true
	}
	if v, ok := num("ratelimit-reset", "rate-limit-reset"); ok {
		rl.Reset = resetSeconds(v)
	}
	for name, vals := range h {
		m := endpointHeader.FindStringSubmatch(strings.ToLower(name))
		if m == nil || len(vals) == 0 {
			continue
		}
		b, ok := parseBudget(vals[0])
		if !ok {
			continue
		}
		if rl.Endpoints == nil {
			rl.Endpoints = map[string]Budget{}
		}
		rl.Endpoints[m[1]] = b
	}
	return rl
}

// parseBudget reads "total=100; remaining=99; resets=41".
func parseBudget(v string) (Budget, bool) {
	var b Budget
	seen := false
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || i < 0 {
			continue
		}
		switch strings.TrimSpace(k) {
		case "total":
			b.Total, seen = i, true
		case "remaining":
			b.Remaining, seen = i, true
		case "resets":
			b.Reset = resetSeconds(i)
		}
	}
	return b, seen
}

// resetSeconds turns a reported reset into a duration. Resets come in whole seconds, so a
// reported 0 means the window ends within the second: it is kept as one second, because a
// Reset of 0 means none was reported.
func resetSeconds(v int) time.Duration {
	return time.Duration(max(v, 1)) * time.Second
}

// retryAfter reads Retry-After in seconds (Zendesk's form) or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}
