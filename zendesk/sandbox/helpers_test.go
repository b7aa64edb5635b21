package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// testOptions is a small account that still has heavy requesters, several
// organisations and every role; tests that need the demo size say so.
var testOptions = Options{Seed: 42, Users: 400, Tickets: 2500, RateLimit: 1_000_000}

var (
	sharedOnce sync.Once
	sharedSrv  *Server
	sharedErr  error
)

// shared returns one demo-sized server for the read-only tests. Its limits
// are lifted so that tests sharing it cannot starve each other.
func shared(t testing.TB) *Server {
	t.Helper()
	sharedOnce.Do(func() {
		sharedSrv, sharedErr = New(Options{RateLimit: 1_000_000})
		if sharedErr == nil {
			sharedSrv.limiter.tickets.limit = 1_000_000
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedSrv
}

// client talks to a sandbox over real HTTP.
type client struct {
	t      testing.TB
	base   string
	email  string
	token  string
	bearer string
	auth   string // "basic" (default), "bearer" or "none"
}

func serve(t testing.TB, s *Server) *client {
	t.Helper()
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	email, token, bearer := s.Credentials()
	return &client{t: t, base: hs.URL, email: email, token: token, bearer: bearer, auth: "basic"}
}

func (c *client) do(path string, header ...string) (*http.Response, []byte) {
	c.t.Helper()
	url := path
	if !strings.HasPrefix(path, "http") {
		url = c.base + path
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	switch c.auth {
	case "basic":
		req.SetBasicAuth(c.email+"/token", c.token)
	case "bearer":
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for k := 0; k+1 < len(header); k += 2 {
		req.Header.Set(header[k], header[k+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if strings.HasPrefix(path, "/api/") && !json.Valid(body) {
		c.t.Fatalf("GET %s: body is not valid JSON: %.200s", path, body)
	}
	return resp, body
}

// get fetches path, expects the status and decodes the body into a map.
func (c *client) get(path string, status int) map[string]any {
	c.t.Helper()
	resp, body := c.do(path)
	if resp.StatusCode != status {
		c.t.Fatalf("GET %s: status %d, want %d: %.300s", path, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		c.t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	return m
}

func list(m map[string]any, key string) []map[string]any {
	raw, _ := m[key].([]any)
	out := make([]map[string]any, len(raw))
	for k, v := range raw {
		out[k] = v.(map[string]any)
	}
	return out
}

// num reads a JSON number as int64.
func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}
