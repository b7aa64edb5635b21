package ui

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// The account's custom user and organization fields in a form: each shows the record's
// current value, is edited the way its type allows (a dropdown's options, yes or no, a
// typed line) and is sent only when the operator changed it.

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
			opts = append(opts, choiceItem{label: sanitizeLine(cur), detail: "not one of the options", value: cur})
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
		if list, ok := current.([]any); ok {
			for _, v := range list {
				s, _ := v.(string)
				for _, o := range fl.options {
					if o.value == s {
						fl.picked = append(fl.picked, o)
					}
				}
			}
		}
	case "checkbox":
		fl = cycleField(id, label, []string{"", "true", "false"}, cur)
		fl.options[0].label, fl.options[1].label, fl.options[2].label = "(not set)", "yes", "no"
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

func hasOption(opts []choiceItem, v string) bool {
	for _, o := range opts {
		if o.value == v {
			return true
		}
	}
	return false
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
			vals := make([]string, len(fl.picked))
			for i, p := range fl.picked {
				vals[i] = p.value
			}
			v = vals
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
