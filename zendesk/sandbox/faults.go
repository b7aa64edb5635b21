package sandbox

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Faults makes the sandbox misbehave the way a real account sometimes does,
// so that clients can be tested against it. The zero value injects nothing.
// Every random choice comes from one generator seeded with Seed and drawn in
// the order requests and jobs arrive, so a run that makes the same requests
// in the same order meets the same faults.
//
// Request faults apply to /api/v2 only, never to /__sandbox/. Of them, at
// most one hits a request: with probability ServerError a 500, 502 or 503 is
// answered before the endpoint runs (nothing was done); with RateLimit a
// 429; with Reset the connection is dropped mid-response, half the time
// before the endpoint runs and half the time after (the write happened but
// its answer is lost). Job faults are decided when a bulk job is created:
// with JobFail the job ends "failed" without applying any item; otherwise
// each item fails on its own with ItemFail, reported like Zendesk's item
// errors inside a completed job, and is not applied.
type Faults struct {
	Latency time.Duration // added to every API request
	Jitter  time.Duration // up to this much more, at random

	ServerError float64 // probability of a 500, 502 or 503
	RateLimit   float64 // probability of a 429 with Retry-After
	Reset       float64 // probability of a dropped connection
	JobFail     float64 // probability that a bulk job fails
	ItemFail    float64 // probability that one item of a bulk job fails

	// RetryAfter is what injected 429s (and the 503s that carry one) put in
	// Retry-After; 0 means one second, Zendesk's smallest value. Tests set
	// it below a second to run fast; it is then sent with decimals.
	RetryAfter time.Duration
	Seed       int64 // 0 means the data seed (Options.Seed)
}

// Enabled reports whether f injects anything at all.
func (f Faults) Enabled() bool {
	return f.Latency > 0 || f.Jitter > 0 || f.ServerError > 0 || f.RateLimit > 0 ||
		f.Reset > 0 || f.JobFail > 0 || f.ItemFail > 0
}

// Fault kinds: the keys of Stats.Faults.
const (
	Fault500        = "500"
	Fault502        = "502"
	Fault503        = "503"
	Fault429        = "429"
	FaultReset      = "reset"       // connection dropped before the endpoint ran
	FaultResetAfter = "reset_after" // dropped after the endpoint ran: a write happened, its answer is lost
	FaultJobFailed  = "job_failed"
	FaultItemFailed = "item_failed"
)

// validate checks the ranges a spec or a Go caller may get wrong.
func (f Faults) validate() error {
	for _, d := range []struct {
		key string
		v   time.Duration
	}{{"latency", f.Latency}, {"jitter", f.Jitter}, {"retryafter", f.RetryAfter}} {
		if d.v < 0 {
			return fmt.Errorf("faults: %s is %v; it must not be negative (e.g. %s=50ms)", d.key, d.v, d.key)
		}
	}
	for _, p := range []struct {
		key string
		v   float64
	}{{"5xx", f.ServerError}, {"429", f.RateLimit}, {"reset", f.Reset}, {"jobfail", f.JobFail}, {"itemfail", f.ItemFail}} {
		if !(p.v >= 0 && p.v <= 1) { // also refuses NaN
			return fmt.Errorf("faults: %s is %v; it is a probability from 0 to 1 (e.g. %s=0.05)", p.key, p.v, p.key)
		}
	}
	if sum := f.ServerError + f.RateLimit + f.Reset; sum > 1 {
		return fmt.Errorf("faults: 5xx, 429 and reset add up to %v; at most one hits a request, so they must add up to 1 or less", sum)
	}
	return nil
}

// requestFault is what the injector decided for one request.
type requestFault uint8

const (
	noFault requestFault = iota
	fault500
	fault502
	fault503
	fault503Retry // a 503 with Retry-After
	fault429
	faultResetBefore
	faultResetAfter
	faultFailJob // InjectFault(route, FaultJobFailed): the request goes through, its job fails
)

// faultInjector draws the faults, and serves the ones a test asked for
// (InjectFault). It is safe for concurrent use.
type faultInjector struct {
	cfg Faults
	mu  sync.Mutex
	rng *rand.Rand

	forced forcedFaults
}

func newFaultInjector(f Faults, dataSeed int64) *faultInjector {
	seed := f.Seed
	if seed == 0 {
		seed = dataSeed
	}
	return &faultInjector{cfg: f, rng: rand.New(rand.NewPCG(uint64(seed), 0x6661756c7473))}
}

// delay is the latency to add to one request.
func (fi *faultInjector) delay() time.Duration {
	d := fi.cfg.Latency
	if fi.cfg.Jitter > 0 {
		fi.mu.Lock()
		d += time.Duration(fi.rng.Int64N(int64(fi.cfg.Jitter) + 1))
		fi.mu.Unlock()
	}
	return d
}

// request decides the fault of one request: one draw picks the kind, a
// second the variant (which 5xx; whether a reset comes before or after the
// endpoint ran).
func (fi *faultInjector) request(route string) requestFault {
	if k, ok := fi.forced.take(route); ok {
		return k
	}
	c := fi.cfg
	if c.ServerError+c.RateLimit+c.Reset == 0 {
		return noFault
	}
	fi.mu.Lock()
	u, v := fi.rng.Float64(), fi.rng.Float64()
	fi.mu.Unlock()
	switch {
	case u < c.ServerError:
		switch {
		case v < 0.4:
			return fault500
		case v < 0.6:
			return fault502
		case v < 0.8:
			return fault503
		}
		return fault503Retry
	case u < c.ServerError+c.RateLimit:
		return fault429
	case u < c.ServerError+c.RateLimit+c.Reset:
		if v < 0.5 {
			return faultResetBefore
		}
		return faultResetAfter
	}
	return noFault
}

// job decides the faults of a new job of n items: whether it fails whole,
// and otherwise which items fail (nil when none does).
func (fi *faultInjector) job(n int) (failed bool, items []bool) {
	if fi.forced.takeJobFailure() {
		return true, nil
	}
	c := fi.cfg
	if c.JobFail == 0 && c.ItemFail == 0 {
		return false, nil
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if c.JobFail > 0 && fi.rng.Float64() < c.JobFail {
		return true, nil
	}
	if c.ItemFail == 0 {
		return false, nil
	}
	for k := range n {
		if fi.rng.Float64() < c.ItemFail {
			if items == nil {
				items = make([]bool, n)
			}
			items[k] = true
		}
	}
	return false, items
}
