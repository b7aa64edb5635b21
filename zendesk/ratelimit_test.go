package zendesk

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRateLimitSpellings(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		header  map[string]string
		want    RateLimit
		budgets map[string]Budget
	}{
		{
			name:    "2024 spelling",
			header:  map[string]string{"ratelimit-limit": "700", "ratelimit-remaining": "699", "ratelimit-reset": "41", "zendesk-ratelimit-tickets-index": "total=100; remaining=99; resets=41"},
			want:    RateLimit{Known: true, Limit: 700, Remaining: 699, Reset: 41 * time.Second},
			budgets: map[string]Budget{"tickets-index": {Total: 100, Remaining: 99, Reset: 41 * time.Second}},
		},
		{
			name:    "2023 spelling",
			header:  map[string]string{"rate-limit": "400", "rate-limit-remaining": "398", "rate-limit-reset": "12", "zendesk-rate-limit-tickets-update": "total=20; remaining=19; resets=5"},
			want:    RateLimit{Known: true, Limit: 400, Remaining: 398, Reset: 12 * time.Second},
			budgets: map[string]Budget{"tickets-update": {Total: 20, Remaining: 19, Reset: 5 * time.Second}},
		},
		{
			name:   "X-Rate-Limit only",
			header: map[string]string{"X-Rate-Limit": "200", "X-Rate-Limit-Remaining": "3"},
			want:   RateLimit{Known: true, Limit: 200, Remaining: 3},
		},
		{
			name:   "no headers",
			header: map[string]string{"Content-Type": "application/json"},
			want:   RateLimit{},
		},
		{
			name:   "garbage values are ignored",
			header: map[string]string{"ratelimit-limit": "lots", "zendesk-ratelimit-x": "nonsense"},
			want:   RateLimit{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.header {
				h.Set(k, v)
			}
			got := ParseRateLimit(h, now)
			if got.Known != tc.want.Known || got.Limit != tc.want.Limit || got.Remaining != tc.want.Remaining || got.Reset != tc.want.Reset {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if len(got.Endpoints) != len(tc.budgets) {
				t.Fatalf("endpoints %v, want %v", got.Endpoints, tc.budgets)
			}
			for k, b := range tc.budgets {
				if got.Endpoints[k] != b {
					t.Errorf("endpoint %s = %+v, want %+v", k, got.Endpoints[k], b)
				}
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := http.Header{}
	if _, ok := retryAfter(h, now); ok {
		t.Fatal("absent header reported")
	}
	h.Set("Retry-After", "93")
	if d, ok := retryAfter(h, now); !ok || d != 93*time.Second {
		t.Fatalf("seconds: %v %v", d, ok)
	}
	h.Set("Retry-After", now.Add(5*time.Second).Format(http.TimeFormat))
	if d, ok := retryAfter(h, now); !ok || d != 5*time.Second {
		t.Fatalf("date: %v %v", d, ok)
	}
}

func TestStaleRateLimitDoesNotOverwrite(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cur := RateLimit{Known: true, Limit: 700, Remaining: 650, Reset: 30 * time.Second, At: now}
	older := RateLimit{Known: true, Limit: 700, Remaining: 660, Reset: 31 * time.Second, At: now.Add(time.Second)}
	newer := RateLimit{Known: true, Limit: 700, Remaining: 649, Reset: 29 * time.Second, At: now.Add(time.Second)}
	nextWindow := RateLimit{Known: true, Limit: 700, Remaining: 699, Reset: 60 * time.Second, At: now.Add(31 * time.Second)}
	if !cur.staler(older) {
		t.Error("an answer with more remaining inside the window replaced a newer one")
	}
	if cur.staler(newer) || cur.staler(nextWindow) {
		t.Error("a newer answer was taken for stale")
	}
}

// TestResetZeroIsASecond: a reset reported as 0 (the window ends within the second) is not
// taken for a reset that was not reported.
func TestResetZeroIsASecond(t *testing.T) {
	h := http.Header{}
	h.Set("ratelimit-limit", "700")
	h.Set("ratelimit-remaining", "0")
	h.Set("ratelimit-reset", "0")
	h.Set("zendesk-ratelimit-tickets-index", "total=100; remaining=0; resets=0")
	rl := ParseRateLimit(h, time.Now())
	if rl.Reset != time.Second || rl.Endpoints["tickets-index"].Reset != time.Second {
		t.Fatalf("reset 0 read as %v and %v", rl.Reset, rl.Endpoints["tickets-index"].Reset)
	}
}
