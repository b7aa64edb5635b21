package sandbox

import (
	"strconv"
	"time"
)

// Idempotency keys on POST /tickets, as Zendesk documents them: the first
// request with a key is answered normally with "x-idempotency-lookup: miss";
// the same key with the same body within two hours replays the original
// answer (status and body, no new ticket) with "hit"; the same key with a
// different body is 400 IdempotentRequestError. Bodies are compared as
// decoded JSON, so key order and whitespace do not matter. Only successful
// creations are remembered: a request that failed validation created
// nothing, and the client may correct it and retry under the same key.
// Requests hold the write lock from lookup to creation, so two identical
// requests racing each other still create one ticket.

const idempotencyWindow = 2 * time.Hour

type idemEntry struct {
	canon    string // canonical request body
	at       time.Time
	status   int
	location string
	body     []byte
}

// idempotentReplay answers a request whose key is known, and reports
// whether it did. canon is the request's canonical body.
func (c *wcall) idempotentReplay(key, canon string) bool {
	m := &c.st.mut
	for k, e := range m.idem {
		if c.now.Sub(e.at) >= idempotencyWindow {
			delete(m.idem, k)
		}
	}
	e, ok := m.idem[key]
	if !ok {
		return false
	}
	if e.canon != canon {
		c.fail(errIdempotency())
		return true
	}
	h := c.w.Header()
	h.Set("X-Idempotency-Lookup", "hit")
	h.Set("Location", e.location)
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	c.w.WriteHeader(e.status)
	_, _ = c.w.Write(e.body)
	return true
}

// remember stores a successful answer under its key.
func (c *wcall) remember(key, canon string, status int, location string, body []byte) {
	if c.st.mut.idem == nil {
		c.st.mut.idem = map[string]*idemEntry{}
	}
	c.st.mut.idem[key] = &idemEntry{canon: canon, at: c.now, status: status, location: location, body: body}
}

// sendRemembered writes a body and, when the request had a key, keeps a
// copy for replays.
func (c *wcall) sendRemembered(key, canon string, status int, location string, w *jw) {
	if key != "" {
		c.remember(key, canon, status, location, append([]byte(nil), w.b...))
	}
	c.w.Header().Set("Location", location)
	c.send(status, w)
}
