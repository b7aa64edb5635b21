package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The search engine understands the part of Zendesk's search syntax an
// operator console uses: type:, field:value, field<value and field>value
// (also <= and >=), quoted phrases, bare words, a leading - to negate, and
// a trailing * on words. Bare words match as case-insensitive substrings,
// which is looser than Zendesk's word matching but never misses what
// Zendesk would find.

type typeMask uint8

const (
	typeTicket typeMask = 1 << iota
	typeUser
	typeOrg
	typeGroup
	typeAll = typeTicket | typeUser | typeOrg | typeGroup
)

var resultTypes = map[string]typeMask{"ticket": typeTicket, "user": typeUser, "organization": typeOrg, "group": typeGroup}

// Search caps: Zendesk serves at most 1,000 results per query (422 beyond).
const maxSearchResults = 1000

var searchFields = map[string]bool{
	"status": true, "priority": true, "ticket_type": true,
	"requester": true, "requester_id": true, "assignee": true, "assignee_id": true,
	"submitter": true, "submitter_id": true, "group": true, "group_id": true,
	"organization": true, "organization_id": true, "tags": true, "tag": true,
	"subject": true, "description": true, "created": true, "created_at": true,
	"updated": true, "updated_at": true, "via": true,
	"email": true, "role": true, "name": true, "external_id": true, "phone": true,
	"type": true,
}

type term struct {
	neg   bool
	field string // lower-case; "" for free text
	op    string // ":", "<", ">", "<=", ">="
	value string // lower-case, quotes removed
	// resolved at compile time
	ref    int32 // user, org or group index; -1 for "none"; -2 for "matches nothing"
	ord    int   // status, priority, type or channel ordinal; -1 unknown
	when   int64 // date bound (Unix seconds)
	span   int64 // width of the date value: a day for dates, 1 for instants
	prefix bool  // value ended in *
}

type query struct {
	types typeMask
	terms []term
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isFieldChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// readValue reads a bare or quoted value starting at i.
func readValue(s string, i int) (string, int) {
	if i < len(s) && s[i] == '"' {
		end := strings.IndexByte(s[i+1:], '"')
		if end < 0 {
			return s[i+1:], len(s)
		}
		return s[i+1 : i+1+end], i + end + 2
	}
	j := i
	for j < len(s) && !isSpace(s[j]) {
		j++
	}
	return s[i:j], j
}

func parseQuery(s string) query {
	q := query{types: typeAll}
	var only, not typeMask
	for i := 0; i < len(s); {
		if isSpace(s[i]) {
			i++
			continue
		}
		var t term
		if s[i] == '-' && i+1 < len(s) && !isSpace(s[i+1]) {
			t.neg = true
			i++
		}
		j := i
		for j < len(s) && isFieldChar(s[j]) {
			j++
		}
		name := strings.ToLower(s[i:j])
		if j > i && j < len(s) && strings.IndexByte(":<>", s[j]) >= 0 && searchFields[name] {
			t.field, t.op = name, s[j:j+1]
			j++
			if t.op != ":" && j < len(s) && s[j] == '=' {
				t.op += "="
				j++
			}
			t.value, i = readValue(s, j)
		} else {
			t.value, i = readValue(s, i)
		}
		t.value = strings.ToLower(t.value)
		if t.field == "type" {
			m, ok := resultTypes[t.value]
			switch {
			case !ok:
				only |= 1 << 7 // an unknown type matches nothing
			case t.neg:
				not |= m
			default:
				only |= m
			}
			continue
		}
		t.value, t.prefix = strings.CutSuffix(t.value, "*")
		if t.value == "" {
			continue
		}
		q.terms = append(q.terms, t)
	}
	if only != 0 {
		q.types = only & typeAll
	}
	q.types &^= not
	return q
}

func indexOf(names []string, v string) int {
	for k, n := range names {
		if n != "" && n == v {
			return k
		}
	}
	return -1
}

// compile resolves names, emails and ids in the terms against the store.
func (q *query) compile(st *store) {
	for k := range q.terms {
		t := &q.terms[k]
		t.ref, t.ord = -2, -1
		switch t.field {
		case "status":
			t.ord = indexOf(statusNames[:], t.value)
		case "priority":
			if t.value == "none" {
				t.ord = 0
			} else {
				t.ord = indexOf(priorityNames[:], t.value)
			}
		case "ticket_type":
			if t.value == "none" {
				t.ord = 0
			} else {
				t.ord = indexOf(typeNames[:], t.value)
			}
		case "via":
			t.ord = indexOf(channelNames[:], t.value)
		case "requester", "requester_id", "assignee", "assignee_id", "submitter", "submitter_id":
			t.ref = st.resolveUser(t.value)
		case "group", "group_id":
			t.ref = st.resolveGroup(t.value)
		case "organization", "organization_id":
			t.ref = st.resolveOrg(t.value)
		case "email":
			if i, ok := st.userByEmail[t.value]; ok && !t.prefix {
				t.ref = i
			}
		case "created", "created_at", "updated", "updated_at":
			t.when, t.span = parseWhen(t.value)
		}
	}
	// Free text may render a ticket's description, which costs far more
	// than comparing a field, so it runs last and only on what survives.
	slices.SortStableFunc(q.terms, func(a, b term) int { return textCost(a) - textCost(b) })
}

func textCost(t term) int {
	if t.field == "" || t.field == "description" {
		return 1
	}
	return 0
}

func (st *store) resolveUser(v string) int32 {
	switch v {
	case "none":
		return -1
	case "me":
		return 0 // both credentials belong to the sandbox admin
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if i, ok := st.userByID[id]; ok {
			return i
		}
		return -2
	}
	if i, ok := st.userByEmail[v]; ok {
		return i
	}
	return -2
}

func (st *store) resolveGroup(v string) int32 {
	if v == "none" {
		return -1
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if i, ok := st.groupByID[id]; ok {
			return i
		}
		return -2
	}
	for k := range st.groups {
		if strings.EqualFold(st.groups[k].name, v) {
			return int32(k)
		}
	}
	return -2
}

func (st *store) resolveOrg(v string) int32 {
	if v == "none" {
		return -1
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if i, ok := st.orgByID[id]; ok {
			return i
		}
		return -2
	}
	if i, ok := st.orgByName[v]; ok {
		return i
	}
	return -2
}

// parseWhen reads a date (a whole UTC day) or an RFC 3339 instant.
func parseWhen(v string) (when, span int64) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t.Unix(), day
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(v)); err == nil {
		return t.Unix(), 1
	}
	return 0, 0
}
