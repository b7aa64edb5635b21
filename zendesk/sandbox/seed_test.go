package sandbox

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestNewRejectsBadOptions(t *testing.T) {
	for name, o := range map[string]Options{
		"negative users":   {Users: -1},
		"negative tickets": {Tickets: -5},
		"no end-users":     {Users: 1, Tickets: 10},
		"too many users":   {Users: MaxUsers + 1},
		"email":            {Email: "not-an-email"},
		"email colon":      {Email: "a:b@example.com"},
		"subdomain":        {Subdomain: "Bad Name"},
		"rate":             {RateLimit: -1},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: New(%+v) succeeded", name, o)
		}
	}
}

func TestDemoSizes(t *testing.T) {
	s := shared(t)
	z := s.Size()
	want := Size{Users: 1200, Admins: 3, Agents: 30, EndUsers: 1167, Tickets: 6000, Organizations: 15, Groups: 8}
	if z != want {
		t.Fatalf("Size() = %+v, want %+v", z, want)
	}
	email, token, bearer := s.Credentials()
	if email != "admin@sandbox.zdops.test" || len(token) != 24 || len(bearer) != 24 || token == bearer {
		t.Fatalf("credentials: %q, token %d chars, bearer %d chars", email, len(token), len(bearer))
	}
	if id, e := s.SampleUser("admin"); id == 0 || e != email {
		t.Fatalf("SampleUser(admin) = %d %q, want the sandbox admin", id, e)
	}
}

func TestSeedInvariants(t *testing.T) {
	st := shared(t).st
	emails := map[string]bool{}
	var suspended, multiOrg, multiEmail, ext int
	for i := range st.users {
		u := &st.users[i]
		if i > 0 && u.id <= st.users[i-1].id {
			t.Fatalf("user ids not increasing at %d", i)
		}
		if u.id < 100_000_000_000 || u.id > 9_999_999_999_999 {
			t.Fatalf("user id %d is not 12-13 digits", u.id)
		}
		if emails[strings.ToLower(u.email)] {
			t.Fatalf("duplicate email %s", u.email)
		}
		emails[strings.ToLower(u.email)] = true
		if u.createdAt >= u.updatedAt+1 || u.updatedAt > epoch {
			t.Fatalf("user %d: created %d updated %d", u.id, u.createdAt, u.updatedAt)
		}
		if u.role != roleEndUser && (len(u.groupMems) == 0 || u.defGroup < 0) {
			t.Fatalf("staff user %d has no group", u.id)
		}
		if u.suspended {
			suspended++
		}
		if len(u.orgMembers) > 1 {
			multiOrg++
			if !st.orgMems[u.orgMembers[0]].isDefault {
				t.Fatalf("user %d: first org membership is not the default", u.id)
			}
		}
		if len(u.identities) > 1 {
			multiEmail++
		}
		if u.externalID != "" {
			ext++
		}
	}
	if suspended == 0 || multiOrg == 0 || multiEmail == 0 || ext < len(st.users)/3 {
		t.Fatalf("variety missing: suspended %d, multi-org %d, multi-identity %d, external ids %d", suspended, multiOrg, multiEmail, ext)
	}
	statuses := map[ticketStatus]int{}
	for i := range st.tickets {
		tk := &st.tickets[i]
		if tk.createdAt >= tk.updatedAt {
			t.Fatalf("ticket %d: created_at %d not before updated_at %d", i+1, tk.createdAt, tk.updatedAt)
		}
		if i > 0 && tk.createdAt < st.tickets[i-1].createdAt {
			t.Fatalf("ticket %d created before ticket %d", i+1, i)
		}
		if st.users[tk.requester].createdAt > tk.createdAt {
			t.Fatalf("ticket %d predates its requester", i+1)
		}
		if tk.status >= statusSolved && tk.assignee < 0 && tk.group >= 0 {
			t.Fatalf("solved ticket %d has a group but no assignee", i+1)
		}
		statuses[tk.status]++
	}
	for s := statusNew; s <= statusClosed; s++ {
		if statuses[s] == 0 {
			t.Fatalf("no %s tickets", statusNames[s])
		}
	}
}

func TestHeavyRequesterCounts(t *testing.T) {
	s := shared(t)
	heavy := s.HeavyRequesters()
	if len(heavy) < 3 {
		t.Fatalf("%d heavy requesters, want at least 3", len(heavy))
	}
	for k, id := range heavy {
		n := s.RequestedCount(id)
		if n < 1000 {
			t.Errorf("heavy requester %d has %d tickets, want thousands", id, n)
		}
		if k > 0 && n > s.RequestedCount(heavy[k-1]) {
			t.Errorf("heavy requesters not sorted by ticket count")
		}
	}
	// The long tail: most requesters have a handful of tickets.
	st := s.st
	small := 0
	for _, tix := range st.requested {
		if len(tix) <= 5 {
			small++
		}
	}
	if small < len(st.users)*8/10 {
		t.Fatalf("only %d of %d users have at most 5 tickets", small, len(st.users))
	}
	for u, tix := range st.requested {
		if !slices.IsSorted(tix) {
			t.Fatalf("requested tickets of user %d are not in id order", u)
		}
	}
}

func TestHeavyCountsAtScale(t *testing.T) {
	counts := heavyCounts(500_000, 90_000)
	if len(counts) < 3 {
		t.Fatalf("%d heavy requesters", len(counts))
	}
	for _, c := range counts {
		if c < 10_000 {
			t.Fatalf("heavy counts at 500k tickets: %v, want 10,000+ each", counts)
		}
	}
}

// The same options must give byte-identical data; another seed must not.
func TestSeedDeterministic(t *testing.T) {
	o, err := testOptions.normalize()
	if err != nil {
		t.Fatal(err)
	}
	dump := func(st *store) []byte {
		w := getJW()
		w.arr()
		for i := range st.users {
			st.writeUser(w, "x", int32(i))
		}
		for i := range st.tickets {
			st.writeTicket(w, "x", int32(i))
		}
		for i := range st.orgMems {
			st.writeOrgMembership(w, "x", int32(i))
		}
		w.endArr()
		return bytes.Clone(w.b)
	}
	a, b := dump(seed(o)), dump(seed(o))
	if !bytes.Equal(a, b) {
		t.Fatal("two seeds with the same options differ")
	}
	o.Seed++
	if bytes.Equal(a, dump(seed(o))) {
		t.Fatal("a different seed gave the same data")
	}
}
