package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// Faults on demand. Random faults show that a client copes with whatever comes; a test
// that must be sure the hardest case happened (a bulk write whose answer is lost after
// the job started) asks for it by route.

// forcedFaults are the faults queued by InjectFault, consumed in order by the requests
// to their routes.
type forcedFaults struct {
	pending atomic.Int32 // queued faults, so requests skip the lock when there are none
	mu      sync.Mutex
	byRoute map[string][]requestFault
	failJob bool // the next job created fails
}

var injectable = map[string]requestFault{
	Fault500:        fault500,
	Fault502:        fault502,
	Fault503:        fault503,
	Fault429:        fault429,
	FaultReset:      faultResetBefore,
	FaultResetAfter: faultResetAfter,
	FaultJobFailed:  faultFailJob,
}

// InjectFault makes the next request to route, named as in Stats.ByRoute ("PUT
// /api/v2/tickets/update_many"), meet the fault kind: Fault500, Fault502, Fault503,
// Fault429, FaultReset, FaultResetAfter, or FaultJobFailed (the request is served and the
// job it starts ends failed). Calls queue up: three calls give the next three requests
// to the route a fault each. Options.Faults' random faults still apply to other requests.
func (s *Server) InjectFault(route, kind string) error {
	k, ok := injectable[kind]
	if !ok {
		return fmt.Errorf("sandbox: fault %q cannot be injected; use %s, %s, %s, %s, %s, %s or %s",
			kind, Fault500, Fault502, Fault503, Fault429, FaultReset, FaultResetAfter, FaultJobFailed)
	}
	if probe, ok := routeProbe(route); !ok || patternOf(s.mux, probe) != route {
		return fmt.Errorf("sandbox: %q is not a route; name one as Stats.ByRoute does, e.g. \"PUT /api/v2/tickets/update_many\"", route)
	}
	f := &s.faults.forced
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byRoute == nil {
		f.byRoute = map[string][]requestFault{}
	}
	f.byRoute[route] = append(f.byRoute[route], k)
	f.pending.Add(1)
	return nil
}

// take returns the next fault queued for route.
func (f *forcedFaults) take(route string) (requestFault, bool) {
	if f.pending.Load() == 0 {
		return noFault, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.byRoute[route]
	if len(q) == 0 {
		return noFault, false
	}
	f.byRoute[route] = q[1:]
	f.pending.Add(-1)
	return q[0], true
}

func (f *forcedFaults) failNextJob() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failJob = true
}

func (f *forcedFaults) takeJobFailure() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	fail := f.failJob
	f.failJob = false
	return fail
}

// routeProbe is a request that a route ("PUT /api/v2/users/{id}") matches, with each
// wildcard filled in.
func routeProbe(route string) (*http.Request, bool) {
	method, path, ok := strings.Cut(route, " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return nil, false
	}
	segs := strings.Split(path, "/")
	for k, seg := range segs {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			segs[k] = "1"
		}
	}
	return &http.Request{Method: method, URL: &url.URL{Path: strings.Join(segs, "/")}, Host: "localhost"}, true
}

func patternOf(mux *http.ServeMux, r *http.Request) string {
	_, pattern := mux.Handler(r)
	return pattern
}
