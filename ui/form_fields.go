package ui

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zdops/zdops/zendesk"
)

// The account's custom user and organization fields in a form, and what every form's
// custom fields share: each shows the record's current value, is edited the way its type
// allows (a dropdown's options, yes or no, a typed line or several) and is sent only when
// the operator changed it. A value the form cannot show as Zendesk has it is kept as it
// is: a value longer than the field's usual limit is not cut, an option Zendesk holds that
// the field no longer offers stays picked, and text with characters an input cannot hold
// is shown read-only.

// profileFormField is the form field for a custom user or organization field; prefix is
// "user_fields" or "organization_fields".
func profileFormField(pc *programContext, prefix string, pf zendesk.ProfileField, current any) *formField {
	id, label := prefix+"."+pf.Key, sanitizeLine(pf.Title)
	if label == "" {
		label = sanitizeLine(pf.Key)
	}
	cur := profileValueText(current)
	var fl *formField
	switch pf.Type {
	case "dropdown", "tagger":
		opts := optionItems(pf.CustomFieldOptions)
		if cur != "" && !hasOption(opts, cur) {
			opts = append(opts, unlistedOption(cur))
		}
		if len(opts) <= 5 {
			values := []string{""}
			for _, o := range opts {
				values = append(values, o.value)
			}
			fl = cycleField(id, label, values, cur)
			for i := 1; i < len(fl.options); i++ {
				fl.options[i].label = opts[i-1].label
			}
		} else {
			var picked *choiceItem
			for i := range opts {
				if opts[i].value == cur {
					picked = &opts[i]
				}
			}
			fl = pickField(id, label, label+": pick from its options",
				append([]choiceItem{{label: "(none)", detail: "clear the value"}}, opts...), picked)
		}
	case "multiselect":
		fl = &formField{id: id, label: label, kind: fieldMulti, options: optionItems(pf.CustomFieldOptions),
			listTitle: label + ": mark its options"}
		list, _ := current.([]any)
		for _, v := range list {
			s, ok := v.(string)
			if !ok || s == "" {
				continue
			}
			if !hasOption(fl.options, s) {
				// Zendesk holds a value the field no longer offers: it stays, and can be unmarked.
				fl.options = append(fl.options, unlistedOption(s))
			}
			for _, o := range fl.options {
				if o.value == s {
					fl.picked = append(fl.picked, o)
				}
			}
		}
	case "checkbox":
		fl = checkboxField(id, label, cur)
	case "textarea":
		fl = textField(id, label, cur, "", 10000, 3)
	default:
		ph := typePlaceholder(pf.Type)
		if pf.Type == "lookup" {
			ph = "the id of the record it points to"
		}
		fl = lineField(pc, id, label, cur, ph, 2000)
	}
	fl.meta = pf
	return fl
}

// unlistedOption is a value Zendesk holds that is not among the field's options.
func unlistedOption(v string) choiceItem {
	return choiceItem{label: sanitizeLine(v), detail: "not one of the options", value: v}
}

func hasOption(opts []choiceItem, v string) bool {
	return slices.ContainsFunc(opts, func(o choiceItem) bool { return o.value == v })
}

// profileValueText writes a field's current value the way the form edits it.
func profileValueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, profileValueText(e))
		}
		return strings.Join(parts, " ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// changedProfileFields reads the custom fields (ids starting with prefix) the operator
// changed: a value as Zendesk takes it, or nil for one emptied (Zendesk clears it).
func changedProfileFields(f *entryForm, prefix string) (map[string]any, error) {
	var out map[string]any
	for _, fl := range f.fields {
		key, ok := strings.CutPrefix(fl.id, prefix+".")
		if !ok || !fl.changed() {
			continue
		}
		pf, _ := fl.meta.(zendesk.ProfileField)
		var v any
		switch s := fl.value(); {
		case s == "":
		case fl.kind == fieldMulti:
			v = fl.pickedValues()
		case pf.Type == "checkbox":
			v = s == "true"
		case pf.Type == "lookup":
			if _, err := strconv.ParseInt(s, 10, 64); err != nil {
				return nil, fieldErr(fl, fmt.Sprintf("%q is not an id: type the record's number", clip(s, 30)))
			}
			v = s
		default:
			var err error
			if v, err = typedValue(fl, pf.Type, s); err != nil {
				return nil, err
			}
		}
		if out == nil {
			out = map[string]any{}
		}
		out[key] = v
	}
	return out, nil
}

// activeProfileFields are the active fields, in the account's order.
func activeProfileFields(fields []zendesk.ProfileField) []zendesk.ProfileField {
	var out []zendesk.ProfileField
	for _, f := range fields {
		if f.Active {
			out = append(out, f)
		}
	}
	return out
}

// emptiedErr refuses a field of an existing record that was emptied: create_or_update
// leaves a field out of its body rather than clearing it.
func emptiedErr(fl *formField) error {
	return fieldErr(fl, "Zendesk's create_or_update cannot empty a field: type a new value, or put the old one back ("+clip(fl.initial, 40)+")")
}

// changedWords reads a tags or domains field: the words to send, or nil when there is
// nothing to send (unchanged but for the separators, or empty on a new record). Zendesk's
// create_or_update replaces the list and cannot empty it, so emptying it is refused.
func changedWords(fl *formField, existing bool, what string) ([]string, error) {
	words := splitWords(fl.value())
	switch {
	case existing && slices.Equal(words, splitWords(fl.initial)):
		return nil, nil
	case existing && len(words) == 0:
		return nil, fieldErr(fl, "Zendesk's create_or_update cannot remove every "+what+": keep at least one, or remove them in Zendesk")
	}
	return words, nil
}

// optionItems lists a field's options: the name shown, the value (tag) sent.
func optionItems(opts []zendesk.FieldOption) []choiceItem {
	out := make([]choiceItem, len(opts))
	for i, o := range opts {
		out[i] = choiceItem{label: sanitizeLine(o.Name), detail: sanitizeLine(o.Value), value: o.Value}
	}
	return out
}

// typePlaceholder says what a typed custom field takes.
func typePlaceholder(typ string) string {
	switch typ {
	case "integer":
		return "a whole number"
	case "decimal":
		return "a number, such as 12.5"
	case "date":
		return "a date: YYYY-MM-DD"
	case "regexp":
		return "text matching the field's pattern"
	}
	return ""
}

var (
	dateText = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	// decimalText is a number written in decimals: strconv.ParseFloat also takes NaN, Inf,
	// hexadecimal and exponents, none of which a Zendesk decimal field holds.
	decimalText = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)$`)
)

// typedValue checks a typed custom field value against its type; the message names the
// field and what it takes.
func typedValue(fl *formField, typ, v string) (any, error) {
	switch typ {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return nil, fieldErr(fl, fmt.Sprintf("%q is not a whole number: type digits only, such as 12", clip(v, 30)))
		}
		return v, nil
	case "decimal":
		if _, err := strconv.ParseFloat(v, 64); err != nil || !decimalText.MatchString(v) {
			return nil, fieldErr(fl, fmt.Sprintf("%q is not a number: type digits with an optional decimal point, such as 12.5", clip(v, 30)))
		}
		return v, nil
	case "date":
		if _, err := time.Parse("2006-01-02", v); err != nil || !dateText.MatchString(v) {
			return nil, fieldErr(fl, fmt.Sprintf("%q is not a date: type it as YYYY-MM-DD, such as 2026-01-31", clip(v, 30)))
		}
		return v, nil
	}
	return v, nil
}

// clip shortens a value quoted in a message.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
