package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
)

// BenchmarkSeedLarge generates the largest account the product documents:
// 100,000 users and 500,000 tickets. Run with -benchmem; the budget is well
// under 10 s and 1 GB.
func BenchmarkSeedLarge(b *testing.B) {
	o, err := Options{Users: 100_000, Tickets: 500_000}.normalize()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var st *store
	for b.Loop() {
		st = seed(o)
		if len(st.tickets) != 500_000 {
			b.Fatal("wrong size")
		}
	}
	// What the account keeps once built, next to what building it allocated.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MB")
	runtime.KeepAlive(st)
}

// BenchmarkListUsersPage serves one 100-row cursor page of users over the
// handler (no network), the unit of work behind scrolling the users view.
func BenchmarkListUsersPage(b *testing.B) {
	s, err := New(Options{RateLimit: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	email, token, _ := s.Credentials()
	req := httptest.NewRequest(http.MethodGet, "http://sandbox.test/api/v2/users.json?page[size]=100", nil)
	req.SetBasicAuth(email+"/token", token)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
		_, _ = io.Copy(io.Discard, rec.Body)
	}
}
