package actions

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// An event file is JSON Lines in the common customer-data shape (the calls Segment and
// RudderStack forward): one identify, group or track call a line. Decoding reports each
// line that cannot be used with its number and goes on with the next, so one bad line
// never hides the others.

// MaxEventLine bounds one line of an event file. Customer-data platforms cap an event at
// 32 KB; a megabyte leaves room for large property bags and still stops a file that is not
// JSON Lines (one huge line) from being read into memory whole.
const MaxEventLine = 1 << 20

// The event types zdops applies.
const (
	EventIdentify = "identify"
	EventGroup    = "group"
	EventTrack    = "track"
)

// SyncEvent is one decoded line of an event file. Numbers inside Traits, Properties and
// ContextTraits are json.Number, so that an id or a phone number written as a number keeps
// every digit.
type SyncEvent struct {
	Line    int    `json:"line"`              // 1-based line number in the file
	Type    string `json:"type"`              // identify, group or track
	UserID  string `json:"userId,omitempty"`  // the customer's id in the source system (a string, or a number's digits)
	GroupID string `json:"groupId,omitempty"` // group: the company's id in the source system
	Event   string `json:"event,omitempty"`   // track: what happened ("Order Placed")
	// Traits are identify's and group's attributes of the user or the company.
	Traits map[string]any `json:"traits,omitempty"`
	// Properties are track's attributes of what happened.
	Properties map[string]any `json:"properties,omitempty"`
	// ContextTraits are context.traits: what the source knew about the user when the call
	// was made (group and track find the user by its email).
	ContextTraits map[string]any `json:"context_traits,omitempty"`
	Timestamp     *time.Time     `json:"timestamp,omitempty"`
}

// Email is the user's email the event names: traits.email for identify, context.traits.email
// for group and track (with traits.email as a fallback for track, which some sources send).
func (e SyncEvent) Email() string {
	if e.Type == EventIdentify {
		return traitString(e.Traits, "email")
	}
	if v := traitString(e.ContextTraits, "email"); v != "" {
		return v
	}
	if e.Type == EventTrack {
		return traitString(e.Traits, "email")
	}
	return ""
}

// LineError is a line of an event file that cannot be applied, and why.
type LineError struct {
	Line    int
	Problem string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Problem) }

// EventLine is one line of an event file that is not blank: an event, or the error that
// keeps it from being one (Err is a *LineError).
type EventLine struct {
	Line  int
	Event SyncEvent
	Err   error
}

// EventReader reads an event file line by line.
type EventReader struct {
	br   *bufio.Reader
	line int
	done bool
}

// NewEventReader reads events from r.
func NewEventReader(r io.Reader) *EventReader {
	return &EventReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next line that is not blank. A line that is not a usable event comes
// back with Err set, and the reader goes on with the line after it. At the end of the file
// Next returns io.EOF; a failure to read the file is returned as it is.
func (d *EventReader) Next() (EventLine, error) {
	for !d.done {
		raw, tooLong, err := readLine(d.br, MaxEventLine)
		atEOF := errors.Is(err, io.EOF)
		if err != nil && !atEOF {
			return EventLine{}, fmt.Errorf("read events after line %d: %w", d.line, err)
		}
		d.done = atEOF
		d.line++
		if d.line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // a byte-order mark some editors write
		}
		if tooLong {
			return EventLine{Line: d.line, Err: &LineError{Line: d.line, Problem: fmt.Sprintf(
				"the line is longer than %d bytes, the limit for one event: split it or trim its properties", MaxEventLine)}}, nil
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		ev, err := decodeEvent(raw)
		if err != nil {
			return EventLine{Line: d.line, Err: &LineError{Line: d.line, Problem: err.Error()}}, nil
		}
		ev.Line = d.line
		return EventLine{Line: d.line, Event: ev}, nil
	}
	return EventLine{}, io.EOF
}

// DecodeEvents reads a whole event file: every line that is not blank, in order.
func DecodeEvents(r io.Reader) ([]EventLine, error) {
	d := NewEventReader(r)
	var out []EventLine
	for {
		l, err := d.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
}

// decodeEvent turns one line into an event, or says what is wrong with it.
func decodeEvent(raw []byte) (SyncEvent, error) {
	var ev SyncEvent
	if !utf8.Valid(raw) {
		return ev, errors.New("the line is not valid UTF-8: save the file as UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return ev, fmt.Errorf("malformed JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return ev, errors.New("malformed JSON: something follows the event object on the same line (one event a line)")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return ev, fmt.Errorf("the line holds %s, not an object: each line is one event object", aKind(v))
	}
	typ, ok := obj["type"].(string)
	switch {
	case obj["type"] == nil:
		return ev, errors.New(`missing "type": give "identify", "group" or "track"`)
	case !ok:
		return ev, fmt.Errorf(`"type" is %s, not a string: give "identify", "group" or "track"`, aKind(obj["type"]))
	}
	ev.Type = strings.ToLower(strings.TrimSpace(typ))
	switch ev.Type {
	case EventIdentify, EventGroup, EventTrack:
	default:
		return ev, fmt.Errorf(`unknown type %q: zdops applies "identify", "group" and "track" events`, typ)
	}
	var err error
	if ev.UserID, err = idField(obj, "userId"); err != nil {
		return ev, err
	}
	if ev.GroupID, err = idField(obj, "groupId"); err != nil {
		return ev, err
	}
	if ev.Traits, err = objectField(obj, "traits", "traits"); err != nil {
		return ev, err
	}
	if ev.Properties, err = objectField(obj, "properties", "properties"); err != nil {
		return ev, err
	}
	context, err := objectField(obj, "context", "context")
	if err != nil {
		return ev, err
	}
	if ev.ContextTraits, err = objectField(context, "traits", "context.traits"); err != nil {
		return ev, err
	}
	if e, ok := obj["event"]; ok && e != nil {
		s, isString := e.(string)
		if !isString {
			return ev, fmt.Errorf(`"event" is %s, not a string: name what happened ("Order Placed")`, aKind(e))
		}
		ev.Event = strings.TrimSpace(s)
	}
	if ts, ok := obj["timestamp"]; ok && ts != nil {
		s, isString := ts.(string)
		if !isString {
			return ev, fmt.Errorf(`"timestamp" is %s: give an RFC 3339 time such as "2025-01-31T12:00:00Z"`, aKind(ts))
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return ev, fmt.Errorf(`"timestamp" %q is not an RFC 3339 time such as "2025-01-31T12:00:00Z"`, s)
		}
		ev.Timestamp = &t
	}
	for _, k := range []string{"email", "name", "first_name", "last_name", "firstName", "lastName", "phone", "timezone"} {
		if err := stringTrait(ev.Traits, k, "traits."+k); err != nil {
			return ev, err
		}
	}
	if err := stringTrait(ev.ContextTraits, "email", "context.traits.email"); err != nil {
		return ev, err
	}
	if err := stringTrait(ev.ContextTraits, "name", "context.traits.name"); err != nil {
		return ev, err
	}
	return ev, requiredFields(ev)
}

// requiredFields checks what each type needs to be applied at all.
func requiredFields(ev SyncEvent) error {
	switch ev.Type {
	case EventIdentify:
		if ev.UserID == "" && ev.Email() == "" {
			return errors.New(`identify: missing "userId" and "traits.email": give at least one to find the user by`)
		}
	case EventGroup:
		if ev.GroupID == "" {
			return errors.New(`group: missing "groupId": it is the organization's external_id`)
		}
	case EventTrack:
		if ev.Event == "" {
			return errors.New(`track: missing "event": name what happened ("Order Placed")`)
		}
		if ev.UserID == "" && ev.Email() == "" {
			return errors.New(`track: missing "userId" and "context.traits.email": give at least one to find the user by`)
		}
	}
	return nil
}

// idField reads an id that sources send as a string or as a number.
func idField(obj map[string]any, key string) (string, error) {
	switch v := obj[key].(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	case json.Number:
		return v.String(), nil
	default:
		return "", fmt.Errorf("%q is %s: give a string or a number", key, aKind(v))
	}
}

// objectField reads an optional object; null reads as absent.
func objectField(obj map[string]any, key, name string) (map[string]any, error) {
	switch v := obj[key].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v, nil
	default:
		return nil, fmt.Errorf("%q is %s, not an object", name, aKind(v))
	}
}

// stringTrait checks that a trait zdops maps to a Zendesk string is one.
func stringTrait(traits map[string]any, key, name string) error {
	switch v := traits[key].(type) {
	case nil, string:
		return nil
	case json.Number:
		if key == "phone" {
			return nil // a phone number written as a number keeps its digits
		}
		return fmt.Errorf("%q is a number, not a string", name)
	default:
		return fmt.Errorf("%q is %s, not a string", name, aKind(v))
	}
}

// traitString reads a string (or number) trait, trimmed; "" when absent.
func traitString(traits map[string]any, key string) string {
	switch v := traits[key].(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	}
	return ""
}

// aKind names a decoded JSON value's kind for messages: "a string", "an object", "null".
func aKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}
