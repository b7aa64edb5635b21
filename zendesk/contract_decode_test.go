package zendesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// contractKind is one client type and the JSON keys Zendesk puts it under.
type contractKind struct {
	one, many string // {"user": {...}} and {"users": [...]}
	typ       reflect.Type
	// decode reads one object into the client type and writes it back.
	decode func(raw []byte) ([]byte, error)
	// page decodes a list body through the client's page decoder.
	page func(body []byte, key string, offset bool) (pageSummary, error)
}

type pageSummary struct {
	items  int
	next   string
	count  int
	capped bool
}

func kindOf[T any](one, many string) contractKind {
	return contractKind{
		one: one, many: many, typ: reflect.TypeFor[T](),
		decode: func(raw []byte) ([]byte, error) {
			var v T
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, err
			}
			return json.Marshal(v)
		},
		page: func(body []byte, key string, offset bool) (pageSummary, error) {
			p := Pages[T]{path: "contract/" + key, key: key, offset: offset, size: DefaultPageSize}
			pg, err := p.decode(body)
			return pageSummary{items: len(pg.Items), next: pg.Next, count: pg.Count, capped: pg.Capped}, err
		},
	}
}

// contractKinds are the client types the recordings are read with.
var contractKinds = []contractKind{
	kindOf[User]("user", "users"),
	kindOf[Ticket]("ticket", "tickets"),
	kindOf[Group]("group", "groups"),
	kindOf[GroupMembership]("group_membership", "group_memberships"),
	kindOf[Organization]("organization", "organizations"),
	kindOf[OrganizationMembership]("organization_membership", "organization_memberships"),
	kindOf[Identity]("identity", "identities"),
	kindOf[TicketField]("ticket_field", "ticket_fields"),
	kindOf[UserRelated]("user_related", ""),
	kindOf[JobStatus]("job_status", "job_statuses"),
	kindOf[DeletedTicket]("deleted_ticket", "deleted_tickets"),
}

// searchResultKinds maps a search result's result_type to the key of its kind.
var searchResultKinds = map[string]string{"user": "user", "ticket": "ticket", "group": "group", "organization": "organization"}

func kindByKey(key string) (contractKind, bool) {
	for _, k := range contractKinds {
		if k.one == key || k.many == key {
			return k, true
		}
	}
	return contractKind{}, false
}

// decodeUseNumber reads JSON keeping numbers exact (ids exceed float64's 2^53 in places).
func decodeUseNumber(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// TestContractDecode decodes every recorded object the client has a type for
// (users, tickets, groups, memberships, organizations, identities, ticket
// fields, related counts, job statuses, deleted tickets; search results by
// result_type), then writes it back and checks that every field the type
// exposes kept its recorded value: numbers as numbers, times as instants,
// recorded nulls free to become zero values.
func TestContractDecode(t *testing.T) {
	recs := contractRecordings(t)
	var bad findings
	objects := map[string]int{}
	unique := map[string]int{}
	bodies := map[string]int{}
	seen := map[string]bool{} // the recordings repeat many objects verbatim
	check := func(k contractKind, raw json.RawMessage, where string) {
		if string(raw) == "null" {
			return
		}
		objects[k.typ.Name()]++
		key := k.typ.Name() + string(raw)
		if seen[key] {
			return
		}
		seen[key] = true
		unique[k.typ.Name()]++
		back, err := k.decode(raw)
		if err != nil {
			bad.add(fmt.Sprintf("%s: decode: %v", k.typ.Name(), err), where)
			return
		}
		rec, err := decodeUseNumber(raw)
		if err != nil {
			t.Fatalf("%s: recorded object: %v", where, err)
		}
		got, err := decodeUseNumber(back)
		if err != nil {
			t.Fatalf("%s: re-encoded %s: %v", where, k.typ.Name(), err)
		}
		compareRoundTrip(&bad, where, k.typ.Name(), k.typ, rec, got)
	}
	for _, r := range recs {
		for key, raw := range r.body {
			if key == "results" {
				// Search results carry their kind in result_type.
				var items []json.RawMessage
				if json.Unmarshal(raw, &items) != nil {
					continue
				}
				kinds := map[string]bool{}
				for i, item := range items {
					var rt struct {
						ResultType string `json:"result_type"`
					}
					_ = json.Unmarshal(item, &rt)
					if k, ok := kindByKey(searchResultKinds[rt.ResultType]); ok {
						kinds[k.typ.Name()] = true
						check(k, item, fmt.Sprintf("%s results[%d]", r.Where, i))
					}
				}
				for name := range kinds {
					bodies[name+" (in search results)"]++
				}
				continue
			}
			k, ok := kindByKey(key)
			if !ok {
				continue
			}
			bodies[k.typ.Name()]++
			if key == k.one {
				check(k, raw, fmt.Sprintf("%s %s", r.Where, key))
				continue
			}
			var items []json.RawMessage
			if err := json.Unmarshal(raw, &items); err != nil {
				bad.add(fmt.Sprintf("%s: %q is not a list: %v", k.typ.Name(), key, err), r.Where)
				continue
			}
			for i, item := range items {
				check(k, item, fmt.Sprintf("%s %s[%d]", r.Where, key, i))
			}
		}
	}
	bad.report(t)
	var missing []string
	for _, k := range contractKinds {
		if objects[k.typ.Name()] == 0 {
			missing = append(missing, k.typ.Name())
		}
	}
	t.Logf("decode coverage: recorded objects by type:%s", logCounts(objects))
	t.Logf("of which distinct (each decoded and compared once):%s", logCounts(unique))
	t.Logf("recorded bodies holding them:%s", logCounts(bodies))
	t.Logf("client types no recording holds (nothing to check): %s", strings.Join(missing, ", "))
}

var timeType = reflect.TypeFor[time.Time]()

// jsonFieldName is the key encoding/json uses for a struct field, or "" when it skips it.
func jsonFieldName(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name
	}
	return sf.Name
}

// compareRoundTrip checks the client's re-encoded value got against the
// recorded value rec, led by the client type: only what the type exposes is
// compared, and recorded nulls are skipped.
func compareRoundTrip(bad *findings, where, path string, typ reflect.Type, rec, got any) {
	if rec == nil {
		return
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ == timeType {
		rs, _ := rec.(string)
		gs, _ := got.(string)
		rt, err := time.Parse(time.RFC3339Nano, rs)
		if err != nil {
			bad.add(fmt.Sprintf("%s: recorded time does not parse as RFC 3339", path), fmt.Sprintf("%s (%v)", where, rec))
			return
		}
		if gt, err := time.Parse(time.RFC3339Nano, gs); err != nil || !gt.Equal(rt) {
			bad.add(fmt.Sprintf("%s: time lost in the round trip", path), fmt.Sprintf("%s (recorded %s, got %v)", where, rs, got))
		}
		return
	}
	switch typ.Kind() {
	case reflect.Struct:
		ro, ok := rec.(map[string]any)
		if !ok {
			bad.add(fmt.Sprintf("%s: recorded a %T where the client has a struct", path, rec), where)
			return
		}
		gotObj, _ := got.(map[string]any)
		for i := range typ.NumField() {
			sf := typ.Field(i)
			if sf.Anonymous && sf.Tag.Get("json") == "" {
				compareRoundTrip(bad, where, path, sf.Type, rec, got) // promoted fields
				continue
			}
			name := jsonFieldName(sf)
			if name == "" {
				continue
			}
			rv, ok := ro[name]
			if !ok || rv == nil {
				continue
			}
			compareRoundTrip(bad, where, path+"."+name, sf.Type, rv, gotObj[name])
		}
	case reflect.Slice, reflect.Array:
		ra, ok := rec.([]any)
		if !ok {
			if _, obj := rec.(map[string]any); !obj {
				bad.add(fmt.Sprintf("%s: recorded a %T where the client has a list", path, rec), where)
				return
			}
			ra = []any{rec} // a type that reads one object as a list of one (JobResults)
		}
		ga, _ := got.([]any)
		if len(ga) != len(ra) {
			bad.add(fmt.Sprintf("%s: items lost in the round trip", path), fmt.Sprintf("%s (%d recorded, %d after)", where, len(ra), len(ga)))
			return
		}
		for i := range ra {
			compareRoundTrip(bad, where, path+"[]", typ.Elem(), ra[i], ga[i])
		}
	default:
		if !sameJSON(rec, got) {
			bad.add(fmt.Sprintf("%s: value lost in the round trip", path), fmt.Sprintf("%s (recorded %s, got %s)", where, clip(rec), clip(got)))
		}
	}
}

// sameJSON compares decoded JSON values, numbers by value.
func sameJSON(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		x, okx := new(big.Rat).SetString(a.String())
		y, oky := new(big.Rat).SetString(bn.String())
		return okx && oky && x.Cmp(y) == 0
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			w, ok := bm[k]
			if !ok || !sameJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		ba, ok := b.([]any)
		if !ok || len(a) != len(ba) {
			return false
		}
		for i := range a {
			if !sameJSON(a[i], ba[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func clip(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

func logCounts(m map[string]int) string {
	if len(m) == 0 {
		return " none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n\t%6d  %s", m[k], k)
	}
	return b.String()
}

// TestContractPages reads every recorded list envelope through the client's
// page decoder: cursor pages (meta, links) must give Next = links.next while
// meta.has_more and "" after, and Count -1; offset pages and show_many
// (next_page, count) must give Next = next_page ("" for null) and Count =
// count. Incremental exports (after_url, end_of_stream) are not pages the
// client reads and are left out.
func TestContractPages(t *testing.T) {
	recs := contractRecordings(t)
	checked := map[string]int{}
	var bad findings
	seen := map[string]bool{} // sessions re-read the same pages
	for _, r := range recs {
		body := r.body
		if seen[string(r.ResponseBody)] {
			continue
		}
		seen[string(r.ResponseBody)] = true
		_, cursor := body["meta"]
		_, offset := body["next_page"]
		if _, export := body["end_of_stream"]; export || (!cursor && !offset) {
			continue
		}
		for key := range body {
			k, ok := kindByKey(key)
			if key == "results" {
				k, ok = kindByKey("users") // search export here is filter[type]=user
			}
			if !ok || (key != k.many && key != "results") {
				continue
			}
			var env struct {
				Items []json.RawMessage `json:"-"`
				Meta  *struct {
					HasMore bool `json:"has_more"`
				} `json:"meta"`
				Links struct {
					Next *string `json:"next"`
				} `json:"links"`
				NextPage *string `json:"next_page"`
				Count    *int    `json:"count"`
			}
			if err := json.Unmarshal(r.ResponseBody, &env); err != nil {
				t.Fatalf("%s: %v", r.Where, err)
			}
			var items []json.RawMessage
			_ = json.Unmarshal(body[key], &items)
			mode := "offset"
			if cursor {
				mode = "cursor"
			}
			checked[fmt.Sprintf("%s %s", k.typ.Name(), mode)]++
			got, err := k.page(r.ResponseBody, key, !cursor)
			if err != nil {
				bad.add(fmt.Sprintf("%s %s page: decode: %v", k.typ.Name(), mode, err), r.Where)
				continue
			}
			wantNext, wantCount := "", -1
			if cursor && env.Meta != nil && env.Meta.HasMore && env.Links.Next != nil {
				wantNext = *env.Links.Next
			}
			if !cursor && env.NextPage != nil {
				wantNext = *env.NextPage
			}
			if env.Count != nil {
				wantCount = *env.Count
			}
			if got.items != len(items) {
				bad.add(fmt.Sprintf("%s %s page: items lost", k.typ.Name(), mode), fmt.Sprintf("%s (%d recorded, %d decoded)", r.Where, len(items), got.items))
			}
			if got.next != wantNext {
				bad.add(fmt.Sprintf("%s %s page: Next is not the recorded next link", k.typ.Name(), mode), fmt.Sprintf("%s (got %q, want %q)", r.Where, got.next, wantNext))
			}
			if got.count != wantCount {
				bad.add(fmt.Sprintf("%s %s page: Count is not the recorded count", k.typ.Name(), mode), fmt.Sprintf("%s (got %d, want %d)", r.Where, got.count, wantCount))
			}
			if got.capped {
				bad.add(fmt.Sprintf("%s %s page: Capped without a cap", k.typ.Name(), mode), r.Where)
			}
		}
	}
	bad.report(t)
	if len(checked) == 0 {
		t.Fatal("no recorded list envelope was checked")
	}
	t.Logf("page envelopes decoded, by type and pagination:%s", logCounts(checked))
}

// The round-trip comparison must notice a lost value, a moved instant and a
// dropped item, and must let recorded nulls and unexposed keys pass.
func TestContractRoundTripComparison(t *testing.T) {
	type item struct {
		ID int64 `json:"id"`
	}
	type probe struct {
		ID    int64     `json:"id"`
		Name  string    `json:"name"`
		When  time.Time `json:"when"`
		Items []item    `json:"items"`
		Skip  string    `json:"-"`
	}
	rec, _ := decodeUseNumber([]byte(`{"id":9007199254740993,"name":null,"when":"2023-09-09T23:51:58Z","items":[{"id":1},{"id":2}],"extra":true}`))
	same, _ := decodeUseNumber([]byte(`{"id":9007199254740993,"name":"","when":"2023-09-10T01:51:58+02:00","items":[{"id":1},{"id":2}]}`))
	var ok findings
	compareRoundTrip(&ok, "same", "probe", reflect.TypeFor[probe](), rec, same)
	if len(ok.order) != 0 {
		t.Errorf("an equal round trip was flagged: %v", ok.order)
	}
	lossy, _ := decodeUseNumber([]byte(`{"id":9007199254740992,"name":"","when":"2023-09-09T23:51:59Z","items":[{"id":1}]}`))
	var bad findings
	compareRoundTrip(&bad, "lossy", "probe", reflect.TypeFor[probe](), rec, lossy)
	if want := []string{
		"probe.id: value lost in the round trip",
		"probe.when: time lost in the round trip",
		"probe.items: items lost in the round trip",
	}; strings.Join(bad.order, "|") != strings.Join(want, "|") {
		t.Errorf("findings %q, want %q", bad.order, want)
	}
}
