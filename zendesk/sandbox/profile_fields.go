package sandbox

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Custom user and organization fields. Users and organizations carry their
// values under user_fields and organization_fields, keyed by each field's
// key, with every field present (null when unset), as Zendesk shows them.
// The definitions are fixed, so they are package values built once; their
// ids have ranges of their own.

const (
	userFieldIDBase     = 3_652_000_000_000
	orgFieldIDBase      = 3_654_000_000_000
	profileOptionIDBase = 3_656_000_000_000
)

// profileField is one custom user or organization field.
type profileField struct {
	id          int64
	key         string
	typ         string // text, date, decimal, checkbox, dropdown
	title       string
	description string
	position    int
	options     []fieldOption // dropdown
	createdAt   int64
}

// fieldSet is the user fields or the organization fields.
type fieldSet struct {
	kind   string // "user_fields" or "organization_fields": the path and the JSON key
	single string // "user_field" or "organization_field"
	label  string // "User fields" or "Organization fields", for error texts
	fields []profileField
	byID   map[int64]int
}

func (fs *fieldSet) byKey(key string) (*profileField, bool) {
	for k := range fs.fields {
		if fs.fields[k].key == key {
			return &fs.fields[k], true
		}
	}
	return nil, false
}

func (fs *fieldSet) keys() []string {
	out := make([]string, len(fs.fields))
	for k, f := range fs.fields {
		out[k] = f.key
	}
	return out
}

var userFieldSet, orgFieldSet = seedProfileFields()

func seedProfileFields() (*fieldSet, *fieldSet) {
	nextOption := 0
	options := func(values []string) []fieldOption {
		var out []fieldOption
		for _, v := range values {
			if v == "" {
				continue // "no value" is null, not an option
			}
			out = append(out, fieldOption{id: seqID(profileOptionIDBase, nextOption), name: displayName(v), value: v})
			nextOption++
		}
		return out
	}
	build := func(kind, single, label string, base int64, fields []profileField) *fieldSet {
		fs := &fieldSet{kind: kind, single: single, label: label, byID: map[int64]int{}}
		created := epoch - 744*day
		for k := range fields {
			f := &fields[k]
			f.id = seqID(base, k)
			f.position = k + 1
			f.createdAt = created + int64(k)*hour
			fs.byID[f.id] = k
		}
		fs.fields = fields
		return fs
	}
	users := build("user_fields", "user_field", "User fields", userFieldIDBase, []profileField{
		{key: "plan", typ: "dropdown", title: "Plan", description: "Subscription plan", options: options(plans)},
		{key: "customer_since", typ: "date", title: "Customer since", description: "When the customer signed up"},
		{key: "lifetime_value", typ: "decimal", title: "Lifetime value", description: "Revenue from the customer so far, in USD"},
		{key: "vip", typ: "checkbox", title: "VIP", description: "Gets priority handling"},
		{key: "account_id", typ: "text", title: "Account ID", description: "The customer's account in the billing system"},
	})
	orgs := build("organization_fields", "organization_field", "Organization fields", orgFieldIDBase, []profileField{
		{key: "account_tier", typ: "dropdown", title: "Account tier", description: "Contract tier", options: options(tiers)},
		{key: "region", typ: "dropdown", title: "Region", description: "Sales region", options: options(regions)},
		{key: "renewal_date", typ: "date", title: "Renewal date", description: "When the contract renews"},
		{key: "crm_id", typ: "text", title: "CRM ID", description: "The organization's record in the CRM"},
	})
	return users, orgs
}

// displayName turns an option value into its label: "enterprise" is
// "Enterprise", a region code such as "emea" is "EMEA".
func displayName(v string) string {
	if slices.Contains(regions, v) {
		return strings.ToUpper(v)
	}
	return strings.ToUpper(v[:1]) + v[1:]
}

// Seeded values: computed from the compact records, so they cost no memory.

func (st *store) seededUserFieldValue(i int32, key string) string {
	u := &st.users[i]
	endUser := u.role == roleEndUser
	switch key {
	case "plan":
		if u.plan == 0 {
			return "null"
		}
		return jsonQuote(plans[u.plan])
	case "customer_since":
		if !endUser {
			return "null"
		}
		return jsonQuote(time.Unix(u.createdAt, 0).UTC().Format(time.DateOnly))
	case "lifetime_value":
		if !endUser || u.plan < 2 { // free plans have paid nothing
			return "null"
		}
		cents := int64(mix64(uint64(u.id))%200_000) * int64(u.plan)
		return strconv.FormatFloat(float64(cents)/100, 'f', -1, 64)
	case "vip":
		return strconv.FormatBool(endUser && hasTag(st.tagSets[u.tags], "vip"))
	}
	return "null"
}

func (st *store) seededOrgFieldValue(i int32, key string) string {
	o := &st.orgs[i]
	switch key {
	case "account_tier":
		return jsonQuote(tiers[o.tier])
	case "region":
		return jsonQuote(regions[o.region])
	}
	return "null"
}

// writeUserFieldValues writes the user_fields object: values set by writes,
// else the seeded ones.
func (st *store) writeUserFieldValues(w *jw, i int32) {
	set := st.mut.prof.userVals[i]
	w.obj()
	for _, f := range userFieldSet.fields {
		w.key(f.key)
		if v, ok := set[f.key]; ok {
			w.raw(v)
		} else {
			w.raw(st.seededUserFieldValue(i, f.key))
		}
	}
	w.endObj()
}

func (st *store) writeOrgFieldValues(w *jw, i int32) {
	set := st.mut.prof.orgVals[i]
	w.obj()
	for _, f := range orgFieldSet.fields {
		w.key(f.key)
		if v, ok := set[f.key]; ok {
			w.raw(v)
		} else {
			w.raw(st.seededOrgFieldValue(i, f.key))
		}
	}
	w.endObj()
}

// jsonQuote is s as a JSON string literal.
func jsonQuote(s string) string { return string(appendJSONString(nil, s)) }

// raw writes a JSON literal the sandbox built itself.
func (w *jw) raw(lit string) { w.sep(); w.b = append(w.b, lit...) }

// setFieldValues records values (key -> JSON literal) in a per-record map,
// created on the first write to that record.
func setFieldValues(m *map[int32]map[string]string, i int32, vals map[string]string) {
	if len(vals) == 0 {
		return
	}
	if *m == nil {
		*m = map[int32]map[string]string{}
	}
	cur := (*m)[i]
	if cur == nil {
		cur = make(map[string]string, len(vals))
		(*m)[i] = cur
	}
	for k, v := range vals {
		cur[k] = v
	}
}

// parseFieldValues checks a user_fields or organization_fields object and
// returns each value as the JSON literal Zendesk would show. null (and ""
// for all but text) clears a value. A key that names no field is refused
// when strict; Zendesk's reference does not say what it does with one, and
// refusing it is our stricter choice, so that a typo in a sync is reported
// instead of dropped. PUT /users/{id} keeps ignoring such keys.
func (fs *fieldSet) parseFieldValues(raw json.RawMessage, strict bool) (map[string]string, []fieldError) {
	obj, ok := decodeObject(raw)
	if !ok {
		return nil, []fieldError{{field: fs.kind, desc: fs.label + ": must be an object of field key to value", code: "InvalidValue"}}
	}
	vals := map[string]string{}
	var errs []fieldError
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // errors in a stable order
	for _, key := range keys {
		f, known := fs.byKey(key)
		if !known {
			if strict {
				errs = append(errs, fieldError{field: fs.kind, code: "InvalidValue",
					desc: fmt.Sprintf("%s: %q is not a field of this account (fields: %s)", fs.label, key, strings.Join(fs.keys(), ", "))})
			}
			continue
		}
		lit, problem := f.literal(obj[key])
		if problem != "" {
			errs = append(errs, fieldError{field: fs.kind, code: "InvalidValue", key: f.id,
				desc: fmt.Sprintf("%s: %s %s", f.title, strings.TrimSpace(string(obj[key])), problem)})
			continue
		}
		vals[key] = lit
	}
	return vals, errs
}

// literal converts one value for the field, or says what is wrong with it.
func (f *profileField) literal(raw json.RawMessage) (lit, problem string) {
	s, isStr := rawString(raw)
	if isNull(raw) || isStr && strings.TrimSpace(s) == "" {
		if f.typ == "checkbox" {
			return "false", ""
		}
		return "null", ""
	}
	switch f.typ {
	case "text":
		if isStr {
			return jsonQuote(s), ""
		}
		if n, ok := rawNumber(raw); ok {
			return jsonQuote(n), ""
		}
		return "", "is not text"
	case "date":
		if isStr {
			if d, err := time.Parse(time.DateOnly, s); err == nil {
				return jsonQuote(d.Format(time.DateOnly)), ""
			}
			if d, err := time.Parse(time.RFC3339, s); err == nil {
				return jsonQuote(d.UTC().Format(time.DateOnly)), ""
			}
		}
		return "", "is not a date (use YYYY-MM-DD)"
	case "decimal":
		n, ok := rawNumber(raw)
		if !ok && isStr {
			n, ok = strings.TrimSpace(s), true
		}
		v, err := strconv.ParseFloat(n, 64)
		if !ok || err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return "", "is not a decimal number"
		}
		return strconv.FormatFloat(v, 'f', -1, 64), ""
	case "checkbox":
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return "", "is not true or false"
		}
		return strconv.FormatBool(b), ""
	case "dropdown":
		if isStr {
			for _, o := range f.options {
				if strings.EqualFold(o.value, strings.TrimSpace(s)) {
					return jsonQuote(o.value), ""
				}
			}
		}
		vals := make([]string, len(f.options))
		for k, o := range f.options {
			vals[k] = o.value
		}
		return "", "is not one of the options (" + strings.Join(vals, ", ") + ")"
	}
	return "", "cannot be set"
}

// rawNumber returns a JSON number's literal text.
func rawNumber(raw json.RawMessage) (string, bool) {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return "", false
	}
	if _, isStr := rawString(raw); isStr {
		return "", false
	}
	return n.String(), true
}

// GET /user_fields, /organization_fields and one field of each.

func listFields(fs *fieldSet) func(c *call) {
	return func(c *call) {
		l := listing{n: len(fs.fields), id: func(pos int) int64 { return fs.fields[pos].id }}
		c.serveList(fs.kind, "position", l, func(w *jw, pos int) { fs.write(w, c.api, pos) })
	}
}

func showField(fs *fieldSet) func(c *call) {
	return func(c *call) {
		id, err := strconv.ParseInt(c.pathID("id"), 10, 64)
		k, ok := fs.byID[id]
		if err != nil || !ok {
			c.fail(errRecordNotFound())
			return
		}
		c.one(fs.single, func(w *jw) { fs.write(w, c.api, k) })
	}
}

// write follows the key order of a recorded user field; dropdowns add their
// options.
func (fs *fieldSet) write(w *jw, api string, k int) {
	f := &fs.fields[k]
	w.obj()
	w.kurl("url", api, "/"+fs.kind+"/", f.id)
	w.ki("id", f.id)
	w.ks("type", f.typ)
	w.ks("key", f.key)
	w.ks("title", f.title)
	w.ks("description", f.description)
	w.ks("raw_title", f.title)
	w.ks("raw_description", f.description)
	w.ki("position", int64(f.position))
	w.kb("active", true)
	w.kb("system", false)
	w.kn("regexp_for_validation")
	w.kt("created_at", f.createdAt)
	w.kt("updated_at", f.createdAt)
	if f.typ == "checkbox" {
		w.kn("tag")
	}
	if f.typ == "dropdown" {
		w.key("custom_field_options")
		w.arr()
		for pos, o := range f.options {
			w.obj()
			w.kurl("url", api, "/"+fs.kind+"/"+itoa(f.id)+"/options/", o.id)
			w.ki("id", o.id)
			w.ks("name", o.name)
			w.ks("raw_name", o.name)
			w.ks("value", o.value)
			w.ki("position", int64(pos))
			w.kb("default", false)
			w.endObj()
		}
		w.endArr()
	}
	w.endObj()
}
