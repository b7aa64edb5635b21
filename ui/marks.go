package ui

import "slices"

// markSet is a selection: the ids of the rows the operator marked with space (or all the
// loaded ones with V). It is keyed by id, not by row, so marks survive a search and a
// reload, and a list and its search results share one.
type markSet struct {
	ids map[int64]struct{}
}

func (s *markSet) has(id int64) bool {
	_, ok := s.ids[id]
	return ok
}

func (s *markSet) count() int { return len(s.ids) }

func (s *markSet) toggle(id int64) {
	if s.ids == nil {
		s.ids = map[int64]struct{}{}
	}
	if _, ok := s.ids[id]; ok {
		delete(s.ids, id)
	} else {
		s.ids[id] = struct{}{}
	}
}

// toggleAll marks every id, or unmarks them all when every one is marked already.
func (s *markSet) toggleAll(ids []int64) {
	if s.ids == nil {
		s.ids = map[int64]struct{}{}
	}
	all := true
	for _, id := range ids {
		if _, ok := s.ids[id]; !ok {
			all = false
			break
		}
	}
	for _, id := range ids {
		if all {
			delete(s.ids, id)
		} else {
			s.ids[id] = struct{}{}
		}
	}
}

func (s *markSet) clear() { s.ids = nil }

// sorted lists the marked ids, lowest first.
func (s *markSet) sorted() []int64 {
	out := make([]int64, 0, len(s.ids))
	for id := range s.ids {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
