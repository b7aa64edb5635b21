package sandbox

import (
	"encoding/binary"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// The Events API for a known user: POST /users/{id}/events stores an event
// (202 Accepted), GET /users/{id}/events lists them newest first. Events
// live in memory, per user, only for users that were sent one.
//
// Its answers follow the Events API rather than the Support API: reads are
// {"data":[...],"meta":{...},"links":{...}} and problems with a body are
// 400 {"errors":[{"code":..,"title":..}]}, the shape Zendesk's newer APIs
// use. Zendesk documents the rules (profile source, type and identifiers,
// event source and type, properties required; source "zendesk" reserved)
// but not its error codes; the codes here are the sandbox's.

// userEvent is one tracked event.
type userEvent struct {
	seq                      int64
	id                       string
	source, typ, description string
	properties               string // the properties object, canonical JSON
	createdAt, receivedAt    int64  // Unix milliseconds
}

// eventProblem is one entry of the errors list.
type eventProblem struct{ code, title string }

func writeEventProblems(c *call, status int, problems []eventProblem) {
	w := c.jw()
	w.obj()
	w.key("errors")
	w.arr()
	for _, p := range problems {
		w.obj()
		w.ks("code", p.code)
		w.ks("title", p.title)
		w.endObj()
	}
	w.endArr()
	w.endObj()
	c.send(status, w)
}

// trackUserEvent serves POST /users/{id}/events with
// {"profile":{"source","type","identifiers":[{"type","value"}]},
// "event":{"source","type","description","properties":{},"created_at"}}.
func trackUserEvent(c *wcall) {
	u, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	body, ok := decodeObject(c.body)
	if !ok {
		writeEventProblems(c.call, http.StatusBadRequest, []eventProblem{{"InvalidJSON", "The request body must be a JSON object with profile and event"}})
		return
	}
	var problems []eventProblem
	bad := func(code, title string) { problems = append(problems, eventProblem{code, title}) }
	text := func(obj map[string]json.RawMessage, path, key string) string {
		s, ok := rawString(obj[key])
		s = strings.TrimSpace(s)
		if !ok || s == "" {
			bad("RequiredValue", path+"."+key+" is required and must be a non-empty string")
		}
		return s
	}
	reserved := func(path, source string) {
		if strings.EqualFold(source, "zendesk") {
			bad("ReservedSource", path+`.source "zendesk" is reserved for Zendesk's own events; use your application's name`)
		}
	}

	profile, ok := decodeObject(body["profile"])
	if !ok {
		bad("RequiredValue", "profile is required and must be an object")
	} else {
		reserved("profile", text(profile, "profile", "source"))
		text(profile, "profile", "type")
		var ids []struct {
			Type  json.RawMessage `json:"type"`
			Value json.RawMessage `json:"value"`
		}
		if json.Unmarshal(profile["identifiers"], &ids) != nil || len(ids) == 0 {
			bad("RequiredValue", "profile.identifiers is required: a list of {type, value}, at least one")
		}
		for _, id := range ids {
			t, tok := rawString(id.Type)
			v, vok := rawString(id.Value)
			if !tok || !vok || strings.TrimSpace(t) == "" || strings.TrimSpace(v) == "" {
				bad("InvalidValue", "profile.identifiers: each identifier needs a non-empty type and value")
				break
			}
		}
	}
	ev := userEvent{receivedAt: c.now.UnixMilli()}
	event, ok := decodeObject(body["event"])
	if !ok {
		bad("RequiredValue", "event is required and must be an object")
	} else {
		ev.source = text(event, "event", "source")
		reserved("event", ev.source)
		ev.typ = text(event, "event", "type")
		if raw, ok := event["description"]; ok && !isNull(raw) {
			if s, ok := rawString(raw); ok {
				ev.description = s
			} else {
				bad("InvalidValue", "event.description must be a string")
			}
		}
		if props, ok := decodeObject(event["properties"]); !ok || props == nil {
			bad("RequiredValue", "event.properties is required and must be an object")
		} else if canon, ok := canonicalJSON(event["properties"]); ok {
			ev.properties = canon
		}
		ev.createdAt = ev.receivedAt
		if raw, ok := event["created_at"]; ok && !isNull(raw) {
			s, _ := rawString(raw)
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				ev.createdAt = t.UnixMilli()
			} else {
				bad("InvalidValue", "event.created_at must be an ISO-8601 date-time such as 2025-01-01T00:00:00Z")
			}
		}
	}
	if len(problems) > 0 {
		writeEventProblems(c.call, http.StatusBadRequest, problems)
		return
	}
	st := c.st
	st.mut.prof.eventSeq++
	ev.seq = st.mut.prof.eventSeq
	ev.id = eventULID(ev.receivedAt, ev.seq)
	if st.mut.prof.events == nil {
		st.mut.prof.events = map[int32][]userEvent{}
	}
	st.mut.prof.events[u] = append(st.mut.prof.events[u], ev)
	c.w.WriteHeader(http.StatusAccepted)
}

// listUserEvents serves GET /users/{id}/events: cursor pages (page[size] up
// to 100, 100 by default) newest first, filtered by filter[source],
// filter[type] (which needs filter[source]), filter[start_time] and
// filter[end_time] (ISO-8601 dates or date-times, end exclusive).
func listUserEvents(c *call) {
	u, ok := c.lookupPath(c.st.userByID)
	if !ok {
		return
	}
	p, e := parsePaging(c.q)
	if e != nil || c.q.Has("page") || c.q.Has("per_page") {
		writeEventProblems(c, http.StatusBadRequest, []eventProblem{{"InvalidPaginationParameter", "use page[size] (1 to 100), page[after] and page[before]"}})
		return
	}
	p.cursor = true
	source, typ := c.q.Get("filter[source]"), c.q.Get("filter[type]")
	if typ != "" && source == "" {
		writeEventProblems(c, http.StatusBadRequest, []eventProblem{{"InvalidParameter", "filter[type] needs filter[source]"}})
		return
	}
	bound := func(key string) (int64, bool) {
		v := c.q.Get(key)
		if v == "" {
			return 0, true
		}
		for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
			if t, err := time.Parse(layout, v); err == nil {
				return t.UnixMilli(), true
			}
		}
		return 0, false
	}
	start, okStart := bound("filter[start_time]")
	end, okEnd := bound("filter[end_time]")
	if !okStart || !okEnd {
		writeEventProblems(c, http.StatusBadRequest, []eventProblem{{"InvalidParameter", "filter[start_time] and filter[end_time] take ISO-8601 dates or date-times"}})
		return
	}
	events := c.st.mut.prof.events[u]
	n := len(events)
	at := func(pos int) *userEvent { return &events[n-1-pos] } // newest first
	// Newer events have larger sequence numbers; negated, they ascend along
	// the list as the pager needs, and stay put when events are added.
	l := listing{n: n, id: func(pos int) int64 { return -at(pos).seq }}
	if source != "" || typ != "" || start != 0 || end != 0 {
		l.keep = func(pos int) bool {
			ev := at(pos)
			return (source == "" || ev.source == source) && (typ == "" || ev.typ == typ) &&
				(start == 0 || ev.createdAt >= start) && (end == 0 || ev.createdAt < end)
		}
	}
	items, hasMore := l.cursorPage(p)
	userID := itoa(c.st.users[u].id)
	w := c.jw()
	w.obj()
	w.key("data")
	w.arr()
	for _, pos := range items {
		ev := at(pos)
		w.obj()
		w.ks("id", ev.id)
		w.ks("type", ev.typ)
		w.ks("source", ev.source)
		w.ksn("description", ev.description)
		w.ks("created_at", formatMillis(ev.createdAt))
		w.ks("received_at", formatMillis(ev.receivedAt))
		w.key("properties")
		w.raw(ev.properties)
		w.ks("user_id", userID)
		w.endObj()
	}
	w.endArr()
	writeCursorMeta(w, c, p, "seq", l, items, hasMore)
	w.endObj()
	c.send(http.StatusOK, w)
}

func formatMillis(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// eventULID makes an event id in the ULID form the Events API uses: 48 bits
// of milliseconds, then 80 bits that here come from the sequence number
// (its low 16 bits and a 64-bit mix of it), so ids are unique and a rerun
// gives the same ids.
func eventULID(ms, seq int64) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ" // Crockford base32
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], uint64(ms)<<16|uint64(seq)&0xffff)
	binary.BigEndian.PutUint64(b[8:16], mix64(uint64(seq)))
	var out [26]byte
	for k := range out {
		var v byte
		for j := 0; j < 5; j++ {
			pos := k*5 + j - 2 // 26 digits hold 130 bits: the first two are zero
			v <<= 1
			if pos >= 0 {
				v |= b[pos/8] >> (7 - pos%8) & 1
			}
		}
		out[k] = alphabet[v]
	}
	return string(out[:])
}
