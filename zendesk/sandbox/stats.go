package sandbox

import (
	"maps"
	"strconv"
	"sync"
)

// Stats counts the API requests the sandbox answered, so tests and
// benchmarks can measure how many calls a feature costs.
type Stats struct {
	Total    int            `json:"total"`
	ByRoute  map[string]int `json:"by_route"`  // key "GET /api/v2/users/{id}/tickets/requested" (route pattern, no .json)
	ByStatus map[string]int `json:"by_status"` // key "200", "429", ...; "reset" for a connection an injected fault dropped
	// Faults counts the injected faults (Options.Faults, InjectFault) by kind
	// (Fault500, FaultReset, FaultJobFailed, ...); empty when none was.
	Faults map[string]int `json:"faults,omitempty"`
}

// statusReset is the ByStatus slot of requests whose connection an injected
// fault dropped before any status reached the client.
const statusReset = 0

// unmatchedRoute is the ByRoute key for requests that matched no endpoint.
const unmatchedRoute = "(unmatched)"

type statsCounter struct {
	mu       sync.Mutex
	total    int
	byRoute  map[string]int
	byStatus map[int]int
	faults   map[string]int
}

func (c *statsCounter) add(route string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byRoute == nil {
		c.byRoute, c.byStatus = map[string]int{}, map[int]int{}
	}
	c.total++
	c.byRoute[route]++
	c.byStatus[status]++
}

// fault counts one injected fault.
func (c *statsCounter) fault(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.faults == nil {
		c.faults = map[string]int{}
	}
	c.faults[kind]++
}

func (c *statsCounter) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Stats{Total: c.total, ByRoute: maps.Clone(c.byRoute), ByStatus: make(map[string]int, len(c.byStatus)), Faults: maps.Clone(c.faults)}
	if s.ByRoute == nil {
		s.ByRoute = map[string]int{}
	}
	for code, n := range c.byStatus {
		if code == statusReset {
			s.ByStatus["reset"] = n
			continue
		}
		s.ByStatus[strconv.Itoa(code)] = n
	}
	return s
}

func (c *statsCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total, c.byRoute, c.byStatus, c.faults = 0, nil, nil, nil
}

// Stats returns a snapshot of the request counters.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// ResetStats zeroes the request counters.
func (s *Server) ResetStats() { s.stats.reset() }
