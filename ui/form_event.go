package ui

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zdops/zdops/actions"
)

// newEventForm is track-event's form: the source, what happened, a description, the
// properties as key=value lines and when it happened.
func newEventForm(pc *programContext, owner compID, t actionTarget) *entryForm {
	fls := []*formField{
		lineField(pc, "source", "Source", actions.DefaultEventSource, "one word: the system the event comes from", 40),
		lineField(pc, "type", "Type", "", "what happened, such as Order Placed", 200),
		lineField(pc, "description", "Description", "", "optional", 2000),
		textField("properties", "Properties", "", "one key=value a line, such as plan=pro", 10000, 6),
		lineField(pc, "time", "Time", "", "YYYY-MM-DD HH:MM, "+pc.loc.String()+"; empty: when Zendesk receives it", 40),
	}
	f := newEntryForm(pc, owner, "Track an event on "+t.label(), fls)
	f.note = "POST /users/{id}/events: Zendesk keeps events, none can be deleted"
	f.read = func(f *entryForm) (formResult, error) { return readEventForm(f, pc.loc) }
	f.focusField(1)
	return f
}

func readEventForm(f *entryForm, loc *time.Location) (formResult, error) {
	e := &actions.TrackedEvent{
		Source:      f.field("source").value(),
		Type:        f.field("type").value(),
		Description: f.field("description").value(),
	}
	switch src := e.Source; {
	case strings.EqualFold(src, "zendesk"):
		return formResult{}, fieldErr(f.field("source"), "Zendesk keeps the source \"zendesk\" for its own events: name your system, or leave "+actions.DefaultEventSource)
	case strings.ContainsAny(src, " \t"):
		return formResult{}, fieldErr(f.field("source"), "one word without spaces, such as "+actions.DefaultEventSource)
	}
	if e.Type == "" {
		return formResult{}, fieldErr(f.field("type"), "say what happened, such as Order Placed")
	}
	props, err := parseProperties(f.field("properties"))
	if err != nil {
		return formResult{}, err
	}
	e.Properties = props
	if fl := f.field("time"); fl.value() != "" {
		at, err := parseEventTime(fl.value(), loc)
		if err != nil {
			return formResult{}, fieldErr(fl, err.Error())
		}
		e.CreatedAt = &at
	}
	return formResult{action: actions.TrackEvent, params: actions.Params{Event: e}}, nil
}

// parseProperties reads key=value lines: true and false are booleans, numbers are numbers,
// anything else (or a value in double quotes) is text.
func parseProperties(fl *formField) (map[string]any, error) {
	out := map[string]any{}
	for i, line := range strings.Split(fl.area.Value(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case !ok:
			return nil, fieldErr(fl, fmt.Sprintf("line %d (%q) has no =: write key=value", i+1, clip(line, 30)))
		case k == "":
			return nil, fieldErr(fl, fmt.Sprintf("line %d has no key before the =: write key=value", i+1))
		}
		if _, dup := out[k]; dup {
			return nil, fieldErr(fl, fmt.Sprintf("line %d: %q is given twice: keep one", i+1, clip(k, 30)))
		}
		out[k] = propertyValue(v)
	}
	return out, nil
}

func propertyValue(v string) any {
	if s, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) {
		return s
	}
	switch v {
	case "true":
		return true
	case "false":
		return false
	}
	if v != "" && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) && json.Valid([]byte(v)) {
		return json.Number(v) // a JSON number, sent as written
	}
	return v
}

// parseEventTime reads when the event happened, in the operator's time zone unless the
// text names one.
func parseEventTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: write it as 2026-01-31 14:30 (or RFC 3339), or leave it empty", clip(s, 30))
}
