package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"
)

// Injected request faults (Options.Faults), served from serveAPI before
// anything else looks at the request.

// noFaultsKey marks a request that already had its fault decided: a reset
// after the endpoint ran serves the request once more, unfaulted, into a
// buffer.
type noFaultsKey struct{}

// injectFault adds the configured latency and, when the draw says so,
// answers the request with a fault instead of the endpoint. It reports
// whether it answered. key is the request's Stats route.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, key string) bool {
	if r.Context().Value(noFaultsKey{}) != nil {
		return false
	}
	fi := s.faults
	if d := fi.delay(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-r.Context().Done():
			t.Stop()
			return true // the client has gone; there is no one to answer
		case <-t.C:
		}
	}
	kind := fi.request(key)
	switch kind {
	case noFault:
		return false
	case faultFailJob:
		fi.forced.failNextJob()
		return false
	case fault500:
		s.faultAnswer(w, key, Fault500, http.StatusInternalServerError, "application/json; charset=utf-8",
			`{"error":"InternalError","description":"Something went wrong. Please try again later."}`)
	case fault502:
		// A gateway in front of the application answers 502 with its own HTML page.
		s.faultAnswer(w, key, Fault502, http.StatusBadGateway, "text/html",
			"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")
	case fault503, fault503Retry:
		if kind == fault503Retry {
			w.Header().Set("Retry-After", fi.retryAfter())
		}
		s.faultAnswer(w, key, Fault503, http.StatusServiceUnavailable, "application/json; charset=utf-8",
			`{"error":"ServiceUnavailable","description":"Zendesk is temporarily unavailable. Please try again later."}`)
	case fault429:
		w.Header().Set("Retry-After", fi.retryAfter())
		s.stats.fault(Fault429)
		s.stats.add(key, http.StatusTooManyRequests)
		writeError(w, errRateLimited())
	case faultResetBefore:
		s.stats.fault(FaultReset)
		s.stats.add(key, statusReset)
		// Part of a status line, so the client sees a broken answer rather than a
		// connection closed before any byte (which Go's transport may resend
		// silently for a GET).
		dropConnection(w, []byte("HTTP/1.1 200 OK\r\nContent-Type: application/js"))
	case faultResetAfter:
		// The endpoint runs (a write happens, a job starts) and is counted as
		// usual; then half of its answer reaches the client.
		buf := &bufferedResponse{header: http.Header{}}
		s.serveAPI(buf, r.WithContext(context.WithValue(r.Context(), noFaultsKey{}, true)))
		s.stats.fault(FaultResetAfter)
		raw := buf.raw()
		dropConnection(w, raw[:len(raw)/2])
	}
	return true
}

func (s *Server) faultAnswer(w http.ResponseWriter, key, kind string, status int, contentType, body string) {
	s.stats.fault(kind)
	s.stats.add(key, status)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// retryAfter renders Faults.RetryAfter in seconds: whole seconds as Zendesk
// sends them, less than a second with decimals.
func (fi *faultInjector) retryAfter() string {
	d := fi.cfg.RetryAfter
	if d <= 0 {
		d = time.Second
	}
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

// dropConnection writes partial bytes straight to the connection and closes
// it. Where the connection cannot be taken over (HTTP/2, a recorder), the
// handler aborts, which closes it without an answer.
func dropConnection(w http.ResponseWriter, partial []byte) {
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	_, _ = rw.Write(partial)
	_ = rw.Flush()
}

// bufferedResponse holds an endpoint's whole answer in memory.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// raw is the answer as HTTP/1.1 would put it on the wire.
func (b *bufferedResponse) raw() []byte {
	status := b.status
	if status == 0 {
		status = http.StatusOK
	}
	var out bytes.Buffer
	out.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	h := b.header.Clone()
	if h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(b.body.Len()))
	}
	_ = h.Write(&out)
	out.WriteString("\r\n")
	out.Write(b.body.Bytes())
	return out.Bytes()
}
