package sandbox

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Running is a sandbox served on a loopback port.
type Running struct {
	URL    string // like "http://127.0.0.1:43123"
	Server *Server
	srv    *http.Server
	done   chan struct{}
}

// Start listens on addr ("" means "127.0.0.1:0") and serves s in a goroutine.
// It refuses any host that is not a loopback IP or "localhost": the sandbox
// hands out fixed credentials and must not be reachable from the network.
func Start(s *Server, addr string) (*Running, error) {
	if s == nil {
		return nil, errors.New("sandbox: Start with a nil server")
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("sandbox: refusing to listen on %q: only loopback addresses are allowed", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	run := &Running{
		URL:    "http://" + ln.Addr().String(),
		Server: s,
		srv:    &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second},
		done:   make(chan struct{}),
	}
	go func() {
		defer close(run.done)
		_ = run.srv.Serve(ln) // returns ErrServerClosed after Close
	}()
	return run, nil
}

// Close stops the listener and closes open connections.
func (r *Running) Close() error {
	err := r.srv.Close()
	<-r.done
	return err
}
