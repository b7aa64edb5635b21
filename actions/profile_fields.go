package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/zdops/zdops/zendesk"
)

// FieldCache keeps the account's user, organization and ticket field lists for a series
// of plans (zdops apply plans one event after another), so each list is read once. The
// zero value is ready; it is safe for concurrent use. A Planner without one reads the
// lists for every plan.
type FieldCache struct {
	mu     sync.Mutex
	user   []zendesk.ProfileField
	org    []zendesk.ProfileField
	ticket []zendesk.TicketField
}

func (p Planner) userFields(ctx context.Context) ([]zendesk.ProfileField, error) {
	c := p.Fields
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.user != nil {
			return c.user, nil
		}
	}
	f, err := p.Client.Users.Fields(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the user fields: %w", err)
	}
	if c != nil {
		c.user = nonNil(f)
	}
	return f, nil
}

func (p Planner) organizationFields(ctx context.Context) ([]zendesk.ProfileField, error) {
	c := p.Fields
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.org != nil {
			return c.org, nil
		}
	}
	f, err := p.Client.Organizations.Fields(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the organization fields: %w", err)
	}
	if c != nil {
		c.org = nonNil(f)
	}
	return f, nil
}

func (p Planner) ticketFields(ctx context.Context) ([]zendesk.TicketField, error) {
	c := p.Fields
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.ticket != nil {
			return c.ticket, nil
		}
	}
	f, err := p.Client.TicketFields.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the ticket fields: %w", err)
	}
	if c != nil {
		c.ticket = nonNil(f)
	}
	return f, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// profileFieldValues checks custom user or organization field values against the
// account's fields: values of known, active fields come back (as Zendesk takes them), and
// every other key is a Skip that says why it is not written. kind is "user" or
// "organization".
func profileFieldValues(kind string, fields []zendesk.ProfileField, values map[string]any) (map[string]any, []Skip) {
	byKey := map[string]zendesk.ProfileField{}
	for _, f := range fields {
		byKey[f.Key] = f
	}
	out := map[string]any{}
	var skipped []Skip
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := byKey[k]
		var reason string
		switch {
		case !ok:
			reason = fmt.Sprintf("no %s field has this key: not written (add the field in Admin Center, or leave it out)", kind)
		case !f.Active:
			reason = fmt.Sprintf("the %s field is inactive: not written", kind)
		}
		if reason == "" {
			v, err := fieldValue(f.Type, f.CustomFieldOptions, values[k])
			if err == nil {
				out[k] = v
				continue
			}
			reason = fmt.Sprintf("%v: not written", err)
		}
		skipped = append(skipped, Skip{Kind: kind + "-field", Subject: kind + "_fields." + k, Reason: reason})
	}
	if len(out) == 0 {
		out = nil
	}
	return out, skipped
}

var dateValue = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// fieldValue checks a value against a custom field's type and options and returns it as
// Zendesk takes it: the option's value (tag) for a dropdown or tagger given by the option's
// name, a number for a number given as text. null clears a field.
func fieldValue(typ string, options []zendesk.FieldOption, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	str, isString := v.(string)
	switch typ {
	case "checkbox":
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			if b, err := strconv.ParseBool(strings.TrimSpace(x)); err == nil {
				return b, nil
			}
		}
		return nil, fmt.Errorf("%v is not true or false", shortValue(v))
	case "integer", "lookup":
		n, ok := number(v)
		if !ok || n != math.Trunc(n) || math.Abs(n) > 1<<53 {
			return nil, fmt.Errorf("%v is not a whole number", shortValue(v))
		}
		return json.Number(strconv.FormatInt(int64(n), 10)), nil
	case "decimal":
		n, ok := number(v)
		if !ok {
			return nil, fmt.Errorf("%v is not a number", shortValue(v))
		}
		return json.Number(strconv.FormatFloat(n, 'f', -1, 64)), nil
	case "date":
		if !isString || !dateValue.MatchString(strings.TrimSpace(str)) {
			return nil, fmt.Errorf("%v is not a date (YYYY-MM-DD)", shortValue(v))
		}
		return strings.TrimSpace(str), nil
	case "dropdown", "tagger":
		if !isString {
			if n, ok := v.(json.Number); ok {
				str, isString = n.String(), true
			}
		}
		if !isString {
			return nil, fmt.Errorf("%v is not one of the options (%s)", shortValue(v), optionList(options))
		}
		tag, ok := optionTag(options, str)
		if !ok {
			return nil, fmt.Errorf("%q is not one of the options (%s)", str, optionList(options))
		}
		return tag, nil
	case "multiselect":
		var given []string
		switch x := v.(type) {
		case string:
			given = []string{x}
		case []any:
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("%v is not a list of options (%s)", shortValue(v), optionList(options))
				}
				given = append(given, s)
			}
		case []string:
			given = x
		default:
			return nil, fmt.Errorf("%v is not a list of options (%s)", shortValue(v), optionList(options))
		}
		tags := make([]string, 0, len(given))
		for _, s := range given {
			tag, ok := optionTag(options, s)
			if !ok {
				return nil, fmt.Errorf("%q is not one of the options (%s)", s, optionList(options))
			}
			if !slices.Contains(tags, tag) {
				tags = append(tags, tag)
			}
		}
		return tags, nil
	default: // text, textarea, regexp, partialcreditcard and types zdops does not know
		switch x := v.(type) {
		case string:
			return x, nil
		case json.Number:
			return x.String(), nil
		case bool:
			return strconv.FormatBool(x), nil
		case float64, int, int64:
			f, _ := number(x)
			return strconv.FormatFloat(f, 'f', -1, 64), nil
		}
		return nil, fmt.Errorf("%v is not text", shortValue(v))
	}
}

// number reads a JSON number, a Go number or a number written as text.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	}
	return 0, false
}

// optionTag finds an option by its value (the tag) or, failing that, its name.
func optionTag(options []zendesk.FieldOption, s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, o := range options {
		if o.Value == s {
			return o.Value, true
		}
	}
	for _, o := range options {
		if strings.EqualFold(o.Name, s) || strings.EqualFold(o.Value, s) {
			return o.Value, true
		}
	}
	return "", false
}

func optionList(options []zendesk.FieldOption) string {
	if len(options) == 0 {
		return "the field has none"
	}
	vals := make([]string, 0, min(len(options), 12))
	for _, o := range options[:min(len(options), 12)] {
		vals = append(vals, o.Value)
	}
	if len(options) > 12 {
		vals = append(vals, fmt.Sprintf("and %d more", len(options)-12))
	}
	return strings.Join(vals, ", ")
}

func shortValue(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

// sameValue compares a value zdops would send with one Zendesk holds: numbers by value,
// lists of tags as sets, "" as no value.
func sameValue(a, b any) bool {
	return canonicalValue(a) == canonicalValue(b)
}

func canonicalValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if x == "" {
			return "null"
		}
		return strconv.Quote(x)
	case json.Number, float64, int, int64:
		if f, ok := number(x); ok {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
	case bool:
		return strconv.FormatBool(x)
	case []string:
		list := make([]any, len(x))
		for i, e := range x {
			list[i] = e
		}
		return canonicalValue(list)
	case []any:
		if len(x) == 0 {
			return "null"
		}
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = canonicalValue(e)
		}
		sort.Strings(s)
		return "[" + strings.Join(s, ",") + "]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// rawJSON encodes a value for a FieldChange; a value that cannot be encoded shows as null.
func rawJSON(v any) json.RawMessage {
	if s, ok := v.(string); ok && s == "" {
		return json.RawMessage("null")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
