package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// maxBody is the largest request body the sandbox reads; 100 tickets with
// long comments fit many times over.
const maxBody = 4 << 20

// wcall is a request to an endpoint that needs the server (its clock, its
// options) and, for writes, the request body.
type wcall struct {
	*call
	s    *Server
	now  time.Time
	body []byte
}

func newCall(w http.ResponseWriter, r *http.Request) *call {
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
	return c
}

// handleWrite adapts a write handler: it reads the body before taking the
// write lock (a slow client must not stall the account), then brings jobs up
// to date at the same instant the handler sees as now.
func (s *Server) handleWrite(h func(c *wcall)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &wcall{call: newCall(w, r), s: s}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil || len(body) > maxBody {
			c.fail(errInvalidJSON())
			return
		}
		c.body = body
		s.mu.Lock()
		defer s.mu.Unlock()
		c.now = s.clock()
		s.advanceLocked(c.now)
		c.st = s.st
		h(c)
	}
}

// handleTimed adapts a read handler that needs the clock (job statuses).
func (s *Server) handleTimed(h func(c *wcall)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &wcall{call: newCall(w, r), s: s}
		s.mu.RLock()
		defer s.mu.RUnlock()
		c.now = s.clock()
		c.st = s.st
		h(c)
	}
}

func (c *wcall) unix() int64 { return c.now.Unix() }

// actor is the user the API request acts as: both credentials belong to the
// sandbox admin.
func (c *wcall) actor() int32 { return 0 }

// Errors of the write endpoints.

// errInvalidJSON answers a body that is not JSON. Zendesk's exact text for
// this is not documented; the code follows its CamelCase error names.
func errInvalidJSON() *apiError {
	return &apiError{status: http.StatusBadRequest, code: "InvalidJSON", descKey: "description",
		desc: "The request body is not valid JSON"}
}

func errIdempotency() *apiError {
	return &apiError{status: http.StatusBadRequest, code: "IdempotentRequestError", descKey: "description",
		desc: "Request parameters don't match the given idempotency key"}
}

// fieldError is one entry of a RecordInvalid answer's details. key is the
// custom field's id, sent as field_key, when the problem is a custom field's
// value (0 otherwise).
type fieldError struct {
	field, desc, code string
	key               int64
}

// recordInvalid writes 422 {"error":"RecordInvalid","description":"Record
// validation errors","details":{field:[{"description":..,"error":..}]}},
// the shape Zendesk's clients parse.
func (c *call) recordInvalid(errs []fieldError) {
	byField := map[string][]fieldError{}
	var fields []string
	for _, e := range errs {
		if byField[e.field] == nil {
			fields = append(fields, e.field)
		}
		byField[e.field] = append(byField[e.field], e)
	}
	sort.Strings(fields)
	w := c.jw()
	w.obj()
	w.ks("error", "RecordInvalid")
	w.ks("description", "Record validation errors")
	w.key("details")
	w.obj()
	for _, f := range fields {
		w.key(f)
		w.arr()
		for _, e := range byField[f] {
			w.obj()
			w.ks("description", e.desc)
			w.ks("error", e.code)
			if e.key != 0 {
				w.ki("field_key", e.key)
			}
			w.endObj()
		}
		w.endArr()
	}
	w.endObj()
	w.endObj()
	c.send(http.StatusUnprocessableEntity, w)
}

// bodyFields decodes the request body as a JSON object; an empty body is an empty object. On
// malformed JSON it answers 400 and reports false.
func (c *wcall) bodyFields() (map[string]json.RawMessage, bool) {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return map[string]json.RawMessage{}, true
	}
	obj, ok := decodeObject(c.body)
	if !ok {
		c.fail(errInvalidJSON())
	}
	return obj, ok
}

// bodyObject is the object under key in the request body ({"ticket":{...}}), answering
// 400 when the body is malformed or the key is missing or not an object.
func (c *wcall) bodyObject(key string) (map[string]json.RawMessage, bool) {
	body, ok := c.bodyFields()
	if !ok {
		return nil, false
	}
	obj, ok := decodeObject(body[key])
	if !ok {
		c.fail(errParameter("Parameter " + key + " is required and must be an object"))
	}
	return obj, ok
}

// JSON helpers for request bodies. Bodies are decoded into raw values first
// so that an absent key, an explicit null and a value can be told apart.

func decodeObject(raw []byte) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func rawString(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// rawInt reads an integer sent as a number or as a numeric string, as
// Zendesk accepts ids in both forms.
func rawInt(raw json.RawMessage) (int64, bool) {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(n.String()), 10, 64)
	return v, err == nil
}

func rawBool(raw json.RawMessage) (bool, bool) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, true
	}
	if s, ok := rawString(raw); ok {
		switch strings.ToLower(s) {
		case "true", "1":
			return true, true
		case "false", "0", "":
			return false, true
		}
	}
	return false, false
}

// rawStrings reads a list of strings, or one string of space-separated
// values (both are accepted for tags); null is the empty list.
func rawStrings(raw json.RawMessage) ([]string, bool) {
	if isNull(raw) {
		return nil, true
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list, true
	}
	if s, ok := rawString(raw); ok {
		return strings.Fields(s), true
	}
	return nil, false
}

// canonicalJSON re-encodes a body with sorted keys and no insignificant
// whitespace; numbers keep their literal text.
func canonicalJSON(raw []byte) (string, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}
