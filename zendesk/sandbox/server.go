package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is the sandbox account and its HTTP API. It is safe for concurrent use.
type Server struct {
	opts    Options
	mux     *http.ServeMux
	mu      sync.RWMutex // guards st
	st      *store
	limiter *rateLimiter
	stats   statsCounter
	clock   func() time.Time // tests replace it before serving
	faults  *faultInjector   // injected faults: Options.Faults and InjectFault
	writes  map[int64]int    // per ticket, the successful job items that wrote it (TicketWrites); guarded by mu
}

// New builds the account's data and returns a server for it.
func New(opts Options) (*Server, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: o, st: seed(o), clock: time.Now}
	s.limiter = newRateLimiter(o.RateLimit, o.RateWindow)
	s.faults = newFaultInjector(o.Faults, o.Seed)
	s.mux = s.routes()
	return s, nil
}

// Credentials returns what the sandbox accepts: Basic "{email}/token:{token}"
// or Bearer oauthToken.
func (s *Server) Credentials() (email, token, oauthToken string) {
	return s.opts.Email, s.opts.Token, s.opts.OAuthToken
}

// ServeHTTP answers the Support API under /api/v2 and the sandbox's own
// control endpoints under /__sandbox/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/api/v2" || strings.HasPrefix(p, "/api/v2/"):
		s.serveAPI(w, r)
	case strings.HasPrefix(p, "/__sandbox/"):
		s.serveControl(w, r)
	default:
		writeError(w, errInvalidEndpoint())
	}
}

// ticketIndexRoutes share Zendesk's List Tickets budget.
var ticketIndexRoutes = map[string]bool{
	"GET /api/v2/tickets":                      true,
	"GET /api/v2/users/{id}/tickets/requested": true,
	"GET /api/v2/users/{id}/tickets/assigned":  true,
	"GET /api/v2/users/{id}/tickets/ccd":       true,
	"GET /api/v2/organizations/{id}/tickets":   true,
}

const meRoute = "GET /api/v2/users/me"

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	// Zendesk accepts every path with or without ".json"; routing (and the
	// Stats keys) use the bare form.
	if p, ok := strings.CutSuffix(r.URL.Path, ".json"); ok {
		r2 := *r
		u := *r.URL
		u.Path, u.RawPath = p, ""
		r2.URL = &u
		r = &r2
	}
	_, pattern := s.mux.Handler(r)
	key := pattern
	if key == "" {
		key = unmatchedRoute
	}
	if s.faults != nil && s.injectFault(w, r, key) {
		return
	}
	// The request is counted when its status is committed, before the body
	// reaches the client, so a client that has its answer always finds it
	// in Stats.
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK, commit: func(status int) { s.stats.add(key, status) }}
	defer func() {
		if !rec.wrote {
			s.stats.add(key, rec.status)
		}
	}()

	now := s.clock()
	h := rec.Header()
	h.Set("X-Zendesk-Api-Version", "v2")
	acct := s.limiter.take(now)
	setQuotaHeaders(h, acct)
	tickets := ticketIndexRoutes[pattern]
	if tickets {
		setTicketsHeader(h, s.limiter.peekTickets(now))
	}
	if !acct.allowed {
		h.Set("Retry-After", strconv.Itoa(acct.reset))
		writeError(rec, errRateLimited())
		return
	}
	if pattern == "" {
		writeError(rec, errInvalidEndpoint())
		return
	}
	switch s.authenticate(r) {
	case authOK:
	case authMissing:
		if pattern == meRoute {
			w := getJW()
			w.obj()
			w.key("user")
			writeAnonymousUser(w)
			w.endObj()
			writeBody(rec, http.StatusOK, w)
			return
		}
		h.Set("WWW-Authenticate", `Basic realm="Web Password"`)
		writeError(rec, errAuthentication())
		return
	case authBadBasic:
		h.Set("WWW-Authenticate", `Basic realm="Web Password"`)
		writeError(rec, errAuthentication())
		return
	case authBadBearer:
		writeError(rec, errInvalidToken())
		return
	}
	if tickets {
		q := s.limiter.takeTickets(now)
		setTicketsHeader(h, q)
		if !q.allowed {
			h.Set("Retry-After", strconv.Itoa(q.reset))
			writeError(rec, errRateLimited())
			return
		}
	}
	s.settle(now) // apply job effects that fell due, so every answer sees them
	s.mux.ServeHTTP(rec, r)
}

func setQuotaHeaders(h http.Header, q quota) {
	limit, left, reset := strconv.Itoa(q.limit), strconv.Itoa(q.remaining), strconv.Itoa(q.reset)
	h.Set("X-Rate-Limit", limit)
	h.Set("X-Rate-Limit-Remaining", left)
	h.Set("Ratelimit-Limit", limit)
	h.Set("Ratelimit-Remaining", left)
	h.Set("Ratelimit-Reset", reset)
}

func setTicketsHeader(h http.Header, q quota) {
	h.Set("Zendesk-Ratelimit-Tickets-Index",
		"total="+strconv.Itoa(q.limit)+"; remaining="+strconv.Itoa(q.remaining)+"; resets="+strconv.Itoa(q.reset))
}

// serveControl answers the sandbox's own endpoints, which need no
// credentials, are not rate limited and are not counted.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/__sandbox/stats":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, err := json.Marshal(s.Stats())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	case "/__sandbox/stats/reset":
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.ResetStats()
		w.WriteHeader(http.StatusNoContent)
	default:
		http.NotFound(w, r)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	commit func(status int) // called once, when the status is decided
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
		if r.commit != nil {
			r.commit(code)
		}
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.WriteHeader(http.StatusOK)
	}
	return r.ResponseWriter.Write(b)
}

// Bodies are built in pooled writers: a list page is tens of kilobytes and
// the UI asks for many.
var jwPool = sync.Pool{New: func() any { return &jw{b: make([]byte, 0, 64<<10)} }}

func getJW() *jw {
	w := jwPool.Get().(*jw)
	w.b, w.n, w.keyed = w.b[:0], w.n[:0], false
	return w
}

func putJW(w *jw) {
	if cap(w.b) <= 4<<20 {
		jwPool.Put(w)
	}
}

func writeBody(rw http.ResponseWriter, status int, w *jw) {
	h := rw.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(w.b)))
	rw.WriteHeader(status)
	_, _ = rw.Write(w.b)
	putJW(w)
}

func writeError(rw http.ResponseWriter, e *apiError) {
	w := getJW()
	e.write(w)
	writeBody(rw, e.status, w)
}

// call is one API request on its way through a handler.
type call struct {
	st     *store
	w      http.ResponseWriter
	r      *http.Request
	q      url.Values
	origin string // scheme://host as the client addressed us
	api    string // origin + "/api/v2", the prefix of every url field
}

func (c *call) jw() *jw                   { return getJW() }
func (c *call) send(status int, w *jw)    { writeBody(c.w, status, w) }
func (c *call) fail(e *apiError)          { writeError(c.w, e) }
func (c *call) pathID(name string) string { return c.r.PathValue(name) }

// handle adapts a read handler: it parses the query once and holds the read
// lock while the body is built.
func (s *Server) handle(h func(c *call)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		host := r.Host
		if host == "" {
			host = "localhost"
		}
		c := &call{w: w, r: r, q: r.URL.Query(), origin: scheme + "://" + host}
		c.api = c.origin + "/api/v2"
		s.mu.RLock()
		defer s.mu.RUnlock()
		c.st = s.st
		h(c)
	}
}

// one writes {"key": record}.
func (c *call) one(key string, write func(w *jw)) {
	w := c.jw()
	w.obj()
	w.key(key)
	write(w)
	w.endObj()
	c.send(http.StatusOK, w)
}
