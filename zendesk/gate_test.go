package zendesk_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// waitLog collects the client's waits; OnWait may be called from several goroutines.
type waitLog struct {
	mu    sync.Mutex
	waits []zendesk.Wait
}

func (l *waitLog) add(w zendesk.Wait) {
	l.mu.Lock()
	l.waits = append(l.waits, w)
	l.mu.Unlock()
}

func (l *waitLog) count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, w := range l.waits {
		if strings.Contains(w.Reason, substr) {
			n++
		}
	}
	return n
}

// limited is an account allowing 20 requests a second: whole-second resets, as the sandbox
// (and Zendesk) report them, on a window as short as a test can afford.
var limited = sandbox.Options{RateLimit: 20, RateWindow: time.Second}

// TestPacingSequential: 100 calls against 20 a second go through without a 429, and the
// pacing is reported. Without the gate the same account answers 429.
func TestPacingSequential(t *testing.T) {
	var log waitLog
	h := newHarness(t, limited, zendesk.Options{OnWait: log.add})
	ctx := context.Background()
	const calls = 100
	for i := range calls {
		if _, err := h.client.Users.Me(ctx); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	st := h.sb.Stats()
	if st.ByStatus["429"] != 0 || st.Total != calls {
		t.Errorf("%d answers 429 in %d requests for %d calls", st.ByStatus["429"], st.Total, calls)
	}
	if log.count("429") != 0 || log.count("rate limited (pacing:") == 0 {
		t.Errorf("waits reported: %+v", log.waits)
	}
	for _, w := range log.waits {
		if w.Delay <= 0 || w.Attempt != 1 || w.Method != "GET" || w.Path != "/api/v2/users/me" {
			t.Errorf("pacing wait %+v", w)
		}
	}

	t.Run("without the gate", func(t *testing.T) {
		h := newHarness(t, limited, zendesk.Options{})
		zendesk.WithoutPacing(h.client)
		for i := range 30 {
			if _, err := h.client.Users.Me(ctx); err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
		}
		if h.sb.Stats().ByStatus["429"] == 0 {
			t.Error("30 calls at 20 a second met no 429: the test above proves nothing")
		}
	})
}

// TestPacingConcurrent: eight goroutines sharing one client do not overshoot the budget
// between them: requests in flight count against it.
func TestPacingConcurrent(t *testing.T) {
	run := func(t *testing.T, paced bool, each int) sandbox.Stats {
		h := newHarness(t, limited, zendesk.Options{})
		if !paced {
			zendesk.WithoutPacing(h.client)
		}
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Go(func() {
				for range each {
					if _, err := h.client.Users.Me(ctx); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		return h.sb.Stats()
	}
	if st := run(t, true, 12); st.ByStatus["429"] != 0 || st.Total != 96 {
		t.Errorf("%d answers 429 in %d requests for 96 calls", st.ByStatus["429"], st.Total)
	}
	t.Run("without the gate", func(t *testing.T) {
		if st := run(t, false, 4); st.ByStatus["429"] == 0 {
			t.Error("32 concurrent calls at 20 a second met no 429: the test above proves nothing")
		}
	})
}

// TestPacingTicketsIndex: a user's requested tickets, walked ten at a time for 150 pages,
// stay inside the List Tickets budget (100 a window) that the sandbox reports in
// zendesk-ratelimit-tickets-index, with the account's budget far from binding.
func TestPacingTicketsIndex(t *testing.T) {
	opts := sandbox.Options{RateLimit: 100000, RateWindow: time.Second}
	walk := func(t *testing.T, paced bool) sandbox.Stats {
		h := newHarness(t, opts, zendesk.Options{})
		if !paced {
			zendesk.WithoutPacing(h.client)
		}
		ctx := context.Background()
		list := h.client.Tickets.Requested(h.sb.HeavyRequesters()[0]).WithPageSize(10)
		next := ""
		for i := range 150 {
			page, err := list.Page(ctx, next)
			if err != nil {
				t.Fatalf("page %d: %v", i, err)
			}
			next = page.Next // "" at the end: start over
		}
		return h.sb.Stats()
	}
	st := walk(t, true)
	if got := st.ByRoute["GET /api/v2/users/{id}/tickets/requested"]; st.ByStatus["429"] != 0 || got != 150 {
		t.Errorf("%d answers 429, %d list requests for 150 pages", st.ByStatus["429"], got)
	}
	t.Run("without the gate", func(t *testing.T) {
		if st := walk(t, false); st.ByStatus["429"] == 0 {
			t.Error("150 pages met no 429: the test above proves nothing")
		}
	})
}

// TestPacingWaitEndsWithContext: a call held until the window resets a minute later returns
// ctx's error as soon as ctx is cancelled, and is never sent.
func TestPacingWaitEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log waitLog
	h := newHarness(t, sandbox.Options{RateLimit: 2, RateWindow: time.Minute}, zendesk.Options{
		OnWait: func(w zendesk.Wait) { log.add(w); cancel() },
	})
	for range 2 {
		if _, err := h.client.Users.Me(ctx); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := h.client.Users.Me(ctx)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("want context.Canceled, got %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the call outlived its context by 30 s: the pacing wait ignores ctx")
	}
	if log.count("rate limited (pacing: 0 requests left") != 1 {
		t.Errorf("waits reported: %+v", log.waits)
	}
	if got := h.sb.Stats().Total; got != 2 {
		t.Errorf("the sandbox saw %d requests, want 2: the held call was sent", got)
	}
}

// TestPacingBeyondMaxWait: a call whose budget resets later than the caller may wait fails
// at once with a *PacingError that says so, and is not sent.
func TestPacingBeyondMaxWait(t *testing.T) {
	h := newHarness(t, sandbox.Options{RateLimit: 1, RateWindow: time.Minute}, zendesk.Options{MaxWait: time.Second})
	ctx := context.Background()
	if _, err := h.client.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := h.client.Users.Me(ctx)
	var perr *zendesk.PacingError
	if !errors.As(err, &perr) || perr.Budget != "account" || perr.Limit != 1 || perr.Wait <= time.Second || perr.MaxWait != time.Second {
		t.Fatalf("want a *PacingError for the account's budget, got %#v", err)
	}
	for _, want := range []string{"GET /api/v2/users/me", "rate limited", "not sent", "account's rate limit", "more than this call may wait (1s)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if got := h.sb.Stats().Total; got != 1 {
		t.Errorf("the sandbox saw %d requests, want 1", got)
	}
}
