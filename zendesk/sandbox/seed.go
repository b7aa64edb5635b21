package sandbox

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// epoch is "now" for seeded data. Seeded timestamps run back about two years
// from it and never read the clock, so the same Options give byte-identical
// JSON on every run.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()

const (
	hour = int64(3600)
	day  = 24 * hour
)

// Id ranges per record type, 13 digits like Zendesk's. Each type has its own
// range so that an id of the wrong kind finds nothing instead of a random
// record, and ids grow with creation order.
const (
	userIDBase     = 3_612_000_000_000
	orgIDBase      = 3_614_000_000_000
	groupIDBase    = 3_616_000_000_000
	groupMemIDBase = 3_618_000_000_000
	orgMemIDBase   = 3_620_000_000_000
	identityIDBase = 3_630_000_000_000
	fieldIDBase    = 3_640_000_000_000
	optionIDBase   = 3_642_000_000_000
	statusIDBase   = 3_644_000_000_000
	brandIDBase    = 3_646_000_000_000
	formIDBase     = 3_648_000_000_000
	roleIDBase     = 3_650_000_000_000
)

// seqID is the i-th id of a type: a stride of 1,000 plus a hashed jitter, so
// ids look organic yet increase strictly and cost no random draws.
func seqID(base int64, i int) int64 {
	return base + int64(i)*1000 + int64(mix64(uint64(base)^uint64(i))%1000)
}

func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Each part of the account draws from its own PCG stream, so changing how
// tickets are generated does not reshuffle the users.
const (
	streamOrgs uint64 = iota + 1
	streamUsers
	streamTickets
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream*0x9e3779b97f4a7c15))
}

// Tag-list signatures: the top byte says which kind of record a list belongs to.
const (
	sigTicket uint64 = 1 << 56
	sigUser   uint64 = 2 << 56
	sigOrg    uint64 = 3 << 56
)

// seed builds the whole account from normalized options.
func seed(o Options) *store {
	sz := planSizes(o.Users)
	st := &store{
		subdomain:    o.Subdomain,
		tagBySig:     map[uint64]uint32{},
		userByID:     make(map[int64]int32, o.Users),
		orgByID:      make(map[int64]int32, sz.orgs),
		groupByID:    make(map[int64]int32, sz.groups),
		groupMemByID: map[int64]int32{},
		orgMemByID:   map[int64]int32{},
		fieldByID:    map[int64]int32{},
		userByEmail:  make(map[string]int32, o.Users+o.Users/8),
		userByExtID:  make(map[string]int32, o.Users/2),
		orgByExtID:   map[string]int32{},
		orgByName:    map[string]int32{},
		brandID:      seqID(brandIDBase, 0),
		formID:       seqID(formIDBase, 0),
	}
	for i := range st.customState {
		st.customState[i] = seqID(statusIDBase, i)
	}
	seedFields(st)
	seedOrgs(st, newRand(o.Seed, streamOrgs), sz.orgs)
	seedGroups(st, sz.groups)
	seedUsers(st, newRand(o.Seed, streamUsers), o, sz)
	seedTickets(st, newRand(o.Seed, streamTickets), o.Tickets, sz)
	indexTickets(st)
	return st
}

func seedOrgs(st *store, r *rand.Rand, n int) {
	st.orgs = make([]organization, n)
	domains := map[string]bool{}
	start, span := epoch-760*day, 360*day
	for j := range st.orgs {
		var name string
		for try := 0; ; try++ {
			name = orgWords[r.IntN(len(orgWords))] + " " + orgKinds[r.IntN(len(orgKinds))]
			if try >= 8 {
				name += " " + strconv.Itoa(j+1)
			}
			if _, taken := st.orgByName[strings.ToLower(name)]; !taken {
				break
			}
		}
		domain := slug(name) + ".example.com"
		for k := 2; domains[domain]; k++ {
			domain = slug(name) + strconv.Itoa(k) + ".example.com"
		}
		domains[domain] = true
		o := &st.orgs[j]
		o.id = seqID(orgIDBase, j)
		o.name = name
		o.domain = domain
		o.createdAt = start + int64(j)*span/int64(n) + r.Int64N(span/int64(n)+1)
		o.updatedAt = o.createdAt + r.Int64N(epoch-o.createdAt)
		o.tier = uint8(r.IntN(len(tiers)))
		o.region = uint8(r.IntN(len(regions)))
		o.sharedTickets = r.IntN(10) < 3
		o.sharedComments = o.sharedTickets && r.IntN(2) == 0
		if r.IntN(10) < 6 {
			o.externalID = "org-" + pad(j+1, 5)
			st.orgByExtID[strings.ToLower(o.externalID)] = int32(j)
		}
		if r.IntN(10) < 4 {
			o.details = "Key account, " + strings.ToUpper(regions[o.region]) + " region"
		}
		if r.IntN(10) < 3 {
			o.notes = orgNoteLines[r.IntN(len(orgNoteLines))]
		}
		tier, region := o.tier, o.region
		o.tags = st.internTags(sigOrg|uint64(tier)<<8|uint64(region), func() []string {
			return []string{"region_" + regions[region], "tier_" + tiers[tier]}
		})
		st.orgByID[o.id] = int32(j)
		st.orgByName[strings.ToLower(name)] = int32(j)
	}
}

func seedGroups(st *store, n int) {
	st.groups = make([]group, n)
	created := epoch - 740*day
	for j := range st.groups {
		g := &st.groups[j]
		g.id = seqID(groupIDBase, j)
		if j < len(groupSeeds) {
			g.name, g.description = groupSeeds[j].name, groupSeeds[j].description
		} else {
			g.name = "Support Pod " + strconv.Itoa(j-len(groupSeeds)+1)
			g.description = "Regional support pod"
		}
		g.createdAt = created + int64(j)*hour
		g.updatedAt = g.createdAt + int64(j%5)*day
		g.isDefault = j == 0
		g.isPublic = g.name != "Escalations"
		st.groupByID[g.id] = int32(j)
	}
}

func pickWeighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// skewedPick favours low indexes, so a few organisations are large.
func skewedPick(r *rand.Rand, n int) int32 {
	f := r.Float64()
	return int32(float64(n) * f * f)
}
