package sandbox

import (
	"slices"
	"strings"
	"sync/atomic"
)

// mutations is what writes have changed or added since the account was
// seeded. The seeded records stay compact and deterministic; everything a
// write cannot express in them lives here. The zero value is an account
// nobody has written to. Like the rest of the store it is guarded by
// Server.mu, except next, which requests read without the lock.
type mutations struct {
	// Deleted tickets (deleted.go).
	nDeleted    int                 // tickets with deleted set, purged or not
	deletions   map[int32]*deletion // every deleted ticket
	deletedList []int32             // restorable deleted tickets, in id order

	// Values the compact ticket and user records cannot hold.
	descriptions map[int32]string // first comment of tickets created through the API
	orderText    map[int32]string // "Order number" values set by writes
	tagByKey     map[string]uint32

	prof profileMutations // custom field values, domains, deleted organizations, events (profile_state.go)

	removedOrgMems map[int32]bool // organization memberships that writes ended

	// Jobs (jobs.go) and idempotency keys (idempotency.go).
	jobs    []*job // creation order
	jobByID map[string]*job
	jobSeq  uint64
	idem    map[string]*idemEntry

	auditSeq, eventSeq int // ids of the audits and events of created tickets

	// next is the Unix nanosecond at which something falls due: a job item,
	// a job status expiring, a deleted ticket being purged. Zero means
	// "unknown", so the first request works it out.
	next atomic.Int64
}

// internTagList returns the tag-set index of a normalised tag list,
// creating it on first sight. Written tag lists share sets with each other
// (not with seeded ones, whose signatures differ), so a bulk update of 100
// tickets to the same tags adds one set.
func (st *store) internTagList(tags []string) uint32 {
	key := strings.Join(tags, "\x00")
	if i, ok := st.mut.tagByKey[key]; ok {
		return i
	}
	if st.mut.tagByKey == nil {
		st.mut.tagByKey = map[string]uint32{}
	}
	i := uint32(len(st.tagSets))
	st.tagSets = append(st.tagSets, slices.Clone(tags))
	st.mut.tagByKey[key] = i
	return i
}

// normalizeTags lower-cases tags, splits values holding spaces (Zendesk tags
// cannot contain them), drops empties and duplicates, and sorts, which is
// how the seeded tags are kept too.
func normalizeTags(in []string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		for _, f := range strings.Fields(strings.ToLower(v)) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The per-user and per-organisation ticket indexes are sorted slices that
// share backing arrays, each capped at its own window (see bucket), so
// removing shifts only within the window and inserting past the cap
// reallocates instead of overwriting a neighbour.

func removeSorted(list []int32, i int32) []int32 {
	if k, found := slices.BinarySearch(list, i); found {
		return slices.Delete(list, k, k+1)
	}
	return list
}

func insertSorted(list []int32, i int32) []int32 {
	k, found := slices.BinarySearch(list, i)
	if found {
		return list
	}
	return slices.Insert(list, k, i)
}

// unindexTicket takes a ticket out of every per-user and per-organisation
// list, as deleting it does.
func (st *store) unindexTicket(i int32) {
	t := &st.tickets[i]
	st.requested[t.requester] = removeSorted(st.requested[t.requester], i)
	if t.assignee >= 0 {
		st.assigned[t.assignee] = removeSorted(st.assigned[t.assignee], i)
	}
	if t.cc >= 0 {
		st.ccd[t.cc] = removeSorted(st.ccd[t.cc], i)
	}
	if t.org >= 0 {
		st.orgTix[t.org] = removeSorted(st.orgTix[t.org], i)
	}
}

// indexTicket puts a ticket into the lists its fields name.
func (st *store) indexTicket(i int32) {
	t := &st.tickets[i]
	st.requested[t.requester] = insertSorted(st.requested[t.requester], i)
	if t.assignee >= 0 {
		st.assigned[t.assignee] = insertSorted(st.assigned[t.assignee], i)
	}
	if t.cc >= 0 {
		st.ccd[t.cc] = insertSorted(st.ccd[t.cc], i)
	}
	if t.org >= 0 {
		st.orgTix[t.org] = insertSorted(st.orgTix[t.org], i)
	}
}

// reassign moves a live ticket between assignees' lists.
func (st *store) reassign(i, from, to int32) {
	if from == to {
		return
	}
	if from >= 0 {
		st.assigned[from] = removeSorted(st.assigned[from], i)
	}
	if to >= 0 {
		st.assigned[to] = insertSorted(st.assigned[to], i)
	}
}

// isStaff reports whether a user can be assigned tickets.
func (st *store) isStaff(u int32) bool { return st.users[u].role != roleEndUser }

// inGroup reports whether a user is a member of a group.
func (st *store) inGroup(u, g int32) bool {
	for _, m := range st.users[u].groupMems {
		if st.groupMems[m].group == g {
			return true
		}
	}
	return false
}
