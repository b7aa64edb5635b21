package sandbox

import (
	"math/rand/v2"
	"slices"
)

// heavyCounts is how many tickets each heavy requester gets: at least three
// of them, with thousands each at the demo size and 10,000+ at 500,000
// tickets, so "all tickets of this user" is a real pagination job.
func heavyCounts(tickets, endUsers int) []int {
	n := min(3+tickets/100_000, endUsers)
	base := min(tickets/6, 10_000)
	counts := make([]int, n)
	total := 0
	for j := range counts {
		counts[j] = base * (5 + n - 1 - j) / 5
		total += counts[j]
	}
	if limit := tickets * 7 / 10; total > limit {
		for j := range counts {
			counts[j] = counts[j] * limit / total
		}
	}
	return counts
}

// seedTickets creates tickets in id order with rising created_at. Each
// draws its requester from the end-users created before it (plus the heavy
// requesters' shuffled slots), so older customers accumulate more tickets,
// the long tail stays short, and no ticket predates its requester.
func seedTickets(st *store, r *rand.Rand, n int, sz sizes) {
	st.tickets = make([]ticket, n)
	if n == 0 {
		return
	}
	staff := sz.admins + sz.agents
	endUsers := make([]int32, 0, sz.endUsers)
	for i := staff; i < len(st.users); i++ {
		endUsers = append(endUsers, int32(i))
	}

	// Heavy requesters are the oldest customers; their tickets are spread
	// over the whole history by shuffling a slot per ticket.
	counts := heavyCounts(n, len(endUsers))
	slots := make([]int8, n)
	k := 0
	for j, c := range counts {
		st.heavy = append(st.heavy, endUsers[j])
		for ; c > 0; c-- {
			slots[k] = int8(j)
			k++
		}
	}
	for ; k < n; k++ {
		slots[k] = -1
	}
	r.Shuffle(n, func(a, b int) { slots[a], slots[b] = slots[b], slots[a] })

	var staffed []int32
	for j := range st.groups {
		if len(st.groups[j].members) > 0 {
			staffed = append(staffed, int32(j))
		}
	}
	topicWeights := make([]int, len(topics))
	for j, tp := range topics {
		topicWeights[j] = tp.weight
	}

	start, span := epoch-700*day, 700*day-2*hour
	slot := span / int64(n)
	known := 0 // end-users created before the current ticket
	for i := range st.tickets {
		t := &st.tickets[i]
		t.createdAt = start + int64(i)*span/int64(n) + r.Int64N(slot+1)
		for known < len(endUsers) && st.users[endUsers[known]].createdAt <= t.createdAt {
			known++
		}
		known = max(known, 1)
		if s := slots[i]; s >= 0 {
			t.requester = st.heavy[s]
		} else {
			t.requester = endUsers[r.IntN(known)]
		}

		ti := pickWeighted(r, topicWeights)
		tp := &topics[ti]
		t.topic = uint8(ti)
		t.request = uint8(r.IntN(len(tp.requests)))
		if tp.order {
			t.param = uint32(100_000 + r.IntN(900_000))
		} else {
			t.param = uint32(1_000 + r.IntN(9_000))
		}
		t.subject = fillNumber(tp.requests[t.request].subject, t.param)

		t.status = ticketStatus(pickWeighted(r, []int{7, 20, 10, 3, 25, 35}))
		age := epoch - t.createdAt
		if t.status == statusClosed && age < 4*day {
			t.status = statusSolved
		}
		t.priority = uint8(pickWeighted(r, []int{25, 15, 38, 16, 6}))
		t.ttype = uint8(pickWeighted(r, []int{30, 35, 20, 5, 10}))
		if typeNames[t.ttype] == "task" {
			t.dueAt = t.createdAt + (3+r.Int64N(12))*day
		}
		t.via = channel(pickWeighted(r, []int{55, 30, 15}))
		t.submitter = t.requester
		if t.via == viaWeb && staff > 0 && r.IntN(4) == 0 {
			t.submitter = int32(r.IntN(staff))
		}

		t.group, t.assignee = -1, -1
		if len(staffed) > 0 && (t.status != statusNew || r.IntN(4) == 0) {
			t.group = staffed[r.IntN(len(staffed))]
			if t.status != statusNew {
				unassigned := t.status >= statusOpen && t.status <= statusHold && r.IntN(10) == 0
				if !unassigned {
					mems := st.groups[t.group].members
					t.assignee = st.groupMems[mems[r.IntN(len(mems))]].user
				}
			}
		}
		t.org = -1
		if m := st.users[t.requester].orgMembers; len(m) > 0 {
			t.org = st.orgMems[m[0]].org
		}
		t.cc = -1
		if r.IntN(100) < 4 {
			if c := endUsers[r.IntN(known)]; c != t.requester {
				t.cc = c
			}
		}

		// Custom fields.
		if r.IntN(10) < 9 {
			t.area = uint8(tp.area + 1)
		}
		technical := tp.tag == "bug" || tp.tag == "mobile" || tp.tag == "integration"
		if technical && r.IntN(10) < 6 {
			t.features = 1 << r.IntN(len(features))
			if r.IntN(3) == 0 {
				t.features |= 1 << r.IntN(len(features))
			}
		}
		t.escalated = (technical || typeNames[t.ttype] == "incident") && r.IntN(10) == 0
		t.units = -1
		if technical && r.IntN(2) == 0 {
			t.units = int32(1 + r.IntN(500))
		}
		t.hasOrder = tp.order
		followUp := r.IntN(100) < 4

		sig := sigTicket | uint64(ti)<<16 | uint64(t.area)<<8 | uint64(t.features)
		if t.escalated {
			sig |= 1 << 24
		}
		if followUp {
			sig |= 1 << 25
		}
		t.tags = st.internTags(sig, func() []string { return ticketTags(t, followUp) })

		var busy int64
		if t.status >= statusSolved {
			busy = 2*hour + r.Int64N(20*day)
		} else {
			busy = 10*60 + r.Int64N(5*day)
		}
		t.updatedAt = min(t.createdAt+busy, epoch)
	}
}

// ticketTags is what Zendesk would put on such a ticket: the topic, and the
// tags that the tagger, multiselect and checkbox fields add for their values.
func ticketTags(t *ticket, followUp bool) []string {
	tags := []string{topics[t.topic].tag}
	if t.area > 0 {
		tags = append(tags, productAreas[t.area-1].value)
	}
	for b, f := range features {
		if t.features&(1<<b) != 0 {
			tags = append(tags, f.value)
		}
	}
	if t.escalated {
		tags = append(tags, escalationTag)
	}
	if followUp {
		tags = append(tags, "follow_up")
	}
	slices.Sort(tags)
	return slices.Compact(tags)
}

// indexTickets builds the per-user and per-organisation ticket lists in one
// backing array each (counting first), because 100,000 small appended
// slices would cost more than the tickets themselves.
func indexTickets(st *store) {
	nu := len(st.users)
	st.requested = bucket(nu, len(st.tickets), func(i int) int32 { return st.tickets[i].requester })
	st.assigned = bucket(nu, len(st.tickets), func(i int) int32 { return st.tickets[i].assignee })
	st.ccd = bucket(nu, len(st.tickets), func(i int) int32 { return st.tickets[i].cc })
	st.orgTix = bucket(len(st.orgs), len(st.tickets), func(i int) int32 { return st.tickets[i].org })
	slices.SortStableFunc(st.heavy, func(a, b int32) int {
		return len(st.requested[b]) - len(st.requested[a])
	})
}

// bucket groups item indexes 0..n-1 by owner (negative owners are skipped),
// keeping item order within each bucket. Buckets are capped so a later
// append copies instead of overwriting the neighbour.
func bucket(owners, n int, owner func(i int) int32) [][]int32 {
	counts := make([]int32, owners+1)
	for i := 0; i < n; i++ {
		if o := owner(i); o >= 0 {
			counts[o+1]++
		}
	}
	for o := 1; o <= owners; o++ {
		counts[o] += counts[o-1]
	}
	flat := make([]int32, counts[owners])
	next := slices.Clone(counts[:owners])
	for i := 0; i < n; i++ {
		if o := owner(i); o >= 0 {
			flat[next[o]] = int32(i)
			next[o]++
		}
	}
	out := make([][]int32, owners)
	for o := range out {
		out[o] = flat[counts[o]:counts[o+1]:counts[o+1]]
	}
	return out
}
