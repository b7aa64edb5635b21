package sandbox

import (
	"slices"
	"strings"
)

func (t *term) matchTime(at int64) bool {
	if t.span == 0 {
		return false
	}
	switch t.op {
	case "<":
		return at < t.when
	case "<=":
		return at < t.when+t.span
	case ">":
		return at >= t.when+t.span
	case ">=":
		return at >= t.when
	}
	return at >= t.when && at < t.when+t.span
}

func (t *term) compare(v int) bool {
	if t.ord < 0 {
		return false
	}
	switch t.op {
	case "<":
		return v < t.ord
	case "<=":
		return v <= t.ord
	case ">":
		return v > t.ord
	case ">=":
		return v >= t.ord
	}
	return v == t.ord
}

func (t *term) text(s string) bool {
	if t.prefix && t.field != "" {
		return hasPrefixFold(s, t.value)
	}
	return containsFold(s, t.value)
}

func hasTag(tags []string, v string) bool { return slices.Contains(tags, v) }

// containsFold reports whether s contains sub, with sub already lower-case.
// Only ASCII letters fold, which is enough for the seeded vocabulary.
func containsFold[S ~string | ~[]byte](s S, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		k := 0
		for k < n && lowerASCII(s[i+k]) == sub[k] {
			k++
		}
		if k == n {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && containsFold(s[:len(prefix)], prefix)
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// searcher evaluates a compiled query, reusing one buffer for descriptions.
type searcher struct {
	st   *store
	q    query
	desc []byte
}

// A term that does not apply to a record type (status for a user) excludes
// the record, which is how type-specific terms narrow a search to one type.
func (s *searcher) ticket(i int32) bool {
	st := s.st
	tk := &st.tickets[i]
	if tk.deleted {
		return false
	}
	for k := range s.q.terms {
		t := &s.q.terms[k]
		var m bool
		switch t.field {
		case "":
			if m = containsFold(tk.subject, t.value); !m {
				s.desc = st.description(i).appendText(s.desc[:0])
				m = containsFold(s.desc, t.value)
			}
		case "subject":
			m = t.text(tk.subject)
		case "description":
			s.desc = st.description(i).appendText(s.desc[:0])
			m = containsFold(s.desc, t.value)
		case "status":
			m = t.compare(int(tk.status))
		case "priority":
			m = (tk.priority != 0 || t.op == ":") && t.compare(int(tk.priority))
		case "ticket_type":
			m = t.op == ":" && t.compare(int(tk.ttype))
		case "via":
			m = t.op == ":" && t.compare(int(tk.via))
		case "requester", "requester_id":
			m = t.ref != -2 && tk.requester == t.ref
		case "assignee", "assignee_id":
			m = t.ref != -2 && tk.assignee == t.ref
		case "submitter", "submitter_id":
			m = t.ref != -2 && tk.submitter == t.ref
		case "group", "group_id":
			m = t.ref != -2 && tk.group == t.ref
		case "organization", "organization_id":
			m = t.ref != -2 && tk.org == t.ref
		case "tags", "tag":
			m = hasTag(st.tagSets[tk.tags], t.value)
		case "created", "created_at":
			m = t.matchTime(tk.createdAt)
		case "updated", "updated_at":
			m = t.matchTime(tk.updatedAt)
		default:
			return false
		}
		if m == t.neg {
			return false
		}
	}
	return true
}

func (s *searcher) user(i int32) bool {
	st := s.st
	u := &st.users[i]
	for k := range s.q.terms {
		t := &s.q.terms[k]
		var m bool
		switch t.field {
		case "":
			m = t.text(u.name) || t.text(u.externalID) || t.text(u.phone) || t.text(u.notes)
			for _, id := range u.identities {
				m = m || t.text(st.identities[id].value)
			}
		case "email":
			if t.prefix {
				for _, id := range u.identities {
					e := &st.identities[id]
					m = m || e.kind == identityEmail && hasPrefixFold(e.value, t.value)
				}
			} else {
				m = t.ref == i
			}
		case "role":
			r, ok := parseRole(t.value)
			m = ok && u.role == r
		case "name":
			m = t.text(u.name)
		case "external_id":
			m = u.externalID != "" && (t.prefix && hasPrefixFold(u.externalID, t.value) || strings.EqualFold(u.externalID, t.value))
		case "phone":
			m = u.phone != "" && t.text(u.phone)
		case "organization", "organization_id":
			if t.ref == -1 {
				m = len(u.orgMembers) == 0
			}
			for _, om := range u.orgMembers {
				m = m || st.orgMems[om].org == t.ref
			}
		case "tags", "tag":
			m = hasTag(st.tagSets[u.tags], t.value)
		case "created", "created_at":
			m = t.matchTime(u.createdAt)
		case "updated", "updated_at":
			m = t.matchTime(u.updatedAt)
		default:
			return false
		}
		if m == t.neg {
			return false
		}
	}
	return true
}

func (s *searcher) org(i int32) bool {
	if s.st.mut.prof.deletedOrgs[i] {
		return false
	}
	o := &s.st.orgs[i]
	for k := range s.q.terms {
		t := &s.q.terms[k]
		var m bool
		switch t.field {
		case "":
			m = t.text(o.name) || t.text(o.domain) || t.text(o.externalID) || t.text(o.details) || t.text(o.notes)
		case "name":
			m = t.text(o.name)
		case "external_id":
			m = o.externalID != "" && strings.EqualFold(o.externalID, t.value)
		case "tags", "tag":
			m = hasTag(s.st.tagSets[o.tags], t.value)
		case "created", "created_at":
			m = t.matchTime(o.createdAt)
		case "updated", "updated_at":
			m = t.matchTime(o.updatedAt)
		default:
			return false
		}
		if m == t.neg {
			return false
		}
	}
	return true
}

func (s *searcher) group(i int32) bool {
	g := &s.st.groups[i]
	for k := range s.q.terms {
		t := &s.q.terms[k]
		var m bool
		switch t.field {
		case "":
			m = t.text(g.name) || t.text(g.description)
		case "name":
			m = t.text(g.name)
		case "created", "created_at":
			m = t.matchTime(g.createdAt)
		case "updated", "updated_at":
			m = t.matchTime(g.updatedAt)
		default:
			return false
		}
		if m == t.neg {
			return false
		}
	}
	return true
}

// ticketCandidates narrows a ticket search through the requester, assignee
// or organisation index when the query pins one, so "requester_id:N" over
// 500,000 tickets reads only that requester's tickets. ok is false when the
// query can match no ticket at all.
func (s *searcher) ticketCandidates() (tix []int32, narrowed, ok bool) {
	st := s.st
	for k := range s.q.terms {
		t := &s.q.terms[k]
		if t.neg || t.op != ":" {
			continue
		}
		var index [][]int32
		switch t.field {
		case "requester", "requester_id":
			index = st.requested
		case "assignee", "assignee_id":
			index = st.assigned
		case "organization", "organization_id":
			index = st.orgTix
		default:
			continue
		}
		switch {
		case t.ref == -2:
			return nil, true, false
		case t.ref >= 0 && (!narrowed || len(index[t.ref]) < len(tix)):
			tix, narrowed = index[t.ref], true
		}
	}
	return tix, narrowed, true
}

type hit struct {
	typ typeMask
	idx int32
}

// runSearch returns every match, tickets first, then users, organisations
// and groups, each in id order.
func runSearch(st *store, q query) []hit {
	q.compile(st)
	s := &searcher{st: st, q: q}
	var hits []hit
	if q.types&typeTicket != 0 {
		if tix, narrowed, ok := s.ticketCandidates(); ok && narrowed {
			for _, i := range tix {
				if s.ticket(i) {
					hits = append(hits, hit{typeTicket, i})
				}
			}
		} else if ok {
			for i := range st.tickets {
				if s.ticket(int32(i)) {
					hits = append(hits, hit{typeTicket, int32(i)})
				}
			}
		}
	}
	if q.types&typeUser != 0 {
		for i := range st.users {
			if s.user(int32(i)) {
				hits = append(hits, hit{typeUser, int32(i)})
			}
		}
	}
	if q.types&typeOrg != 0 {
		for i := range st.orgs {
			if s.org(int32(i)) {
				hits = append(hits, hit{typeOrg, int32(i)})
			}
		}
	}
	if q.types&typeGroup != 0 {
		for i := range st.groups {
			if s.group(int32(i)) {
				hits = append(hits, hit{typeGroup, int32(i)})
			}
		}
	}
	return hits
}

// sortHits orders by sort_by (created_at, updated_at, priority, status,
// ticket_type) and sort_order (default desc), keeping the natural order
// among equals. Records without the key sort after those with it.
func sortHits(st *store, hits []hit, by, order string) {
	key := func(h hit) int64 {
		switch h.typ {
		case typeTicket:
			t := &st.tickets[h.idx]
			switch by {
			case "created_at":
				return t.createdAt
			case "updated_at":
				return t.updatedAt
			case "priority":
				return int64(t.priority) - 1
			case "status":
				return int64(t.status)
			case "ticket_type":
				return int64(t.ttype) - 1
			}
		case typeUser:
			if by == "created_at" {
				return st.users[h.idx].createdAt
			}
			if by == "updated_at" {
				return st.users[h.idx].updatedAt
			}
		case typeOrg:
			if by == "created_at" {
				return st.orgs[h.idx].createdAt
			}
			if by == "updated_at" {
				return st.orgs[h.idx].updatedAt
			}
		case typeGroup:
			if by == "created_at" {
				return st.groups[h.idx].createdAt
			}
			if by == "updated_at" {
				return st.groups[h.idx].updatedAt
			}
		}
		return -1
	}
	desc := !strings.EqualFold(order, "asc")
	slices.SortStableFunc(hits, func(a, b hit) int {
		ka, kb := key(a), key(b)
		switch {
		case ka == kb:
			return 0
		case ka < 0:
			return 1
		case kb < 0:
			return -1
		case (ka < kb) != desc:
			return -1
		}
		return 1
	})
}
