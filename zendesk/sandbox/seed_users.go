package sandbox

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// seedUsers creates admins first (the sandbox admin is user 0), then agents,
// then end-users, in order of creation, so ids and created_at agree and
// tickets can pick requesters that already existed.
// Identities and memberships are created with their user, which keeps every
// per-user and per-parent list in id order without sorting.
func seedUsers(st *store, r *rand.Rand, o Options, sz sizes) {
	st.users = make([]user, o.Users)
	staff := sz.admins + sz.agents
	staffStart, staffSpan := epoch-730*day, 10*day
	endStart, endSpan := epoch-725*day, 711*day
	extSeq := 0
	for i := range st.users {
		u := &st.users[i]
		u.id = seqID(userIDBase, i)
		u.defGroup = -1
		var first, last string
		switch {
		case i == 0:
			u.role, first, last = roleAdmin, "Sandbox", "Admin"
		case i < sz.admins:
			u.role = roleAdmin
		case i < staff:
			u.role = roleAgent
		default:
			u.role = roleEndUser
		}
		if i > 0 {
			first, last = firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		}
		u.name = first + " " + last
		if i < staff {
			u.createdAt = staffStart + int64(i)*staffSpan/int64(staff) + r.Int64N(staffSpan/int64(staff)+1)
		} else {
			k := int64(i - staff)
			slot := endSpan / int64(sz.endUsers)
			u.createdAt = endStart + k*endSpan/int64(sz.endUsers) + r.Int64N(slot+1)
		}

		// Organisations: most customers belong to one, some to several.
		var orgs []int32
		if u.role == roleEndUser && len(st.orgs) > 0 && r.IntN(100) < 72 {
			orgs = append(orgs, skewedPick(r, len(st.orgs)))
			if r.IntN(100) < 8 {
				for extra := 1 + r.IntN(2); extra > 0; extra-- {
					if j := int32(r.IntN(len(st.orgs))); !slices.Contains(orgs, j) {
						orgs = append(orgs, j)
					}
				}
			}
		}

		// Primary email.
		switch {
		case i == 0:
			u.email = o.Email
		case u.role != roleEndUser:
			u.email = uniqueEmail(st, localPart(first, last, 0), staffDomain)
		default:
			domain := freeMailDomains[r.IntN(len(freeMailDomains))]
			if len(orgs) > 0 && r.IntN(2) == 0 {
				domain = st.orgs[orgs[0]].domain
			}
			u.email = uniqueEmail(st, localPart(first, last, r.IntN(6)), domain)
		}
		st.userByEmail[strings.ToLower(u.email)] = int32(i)

		u.zone = uint8(r.IntN(len(timeZones)))
		if r.IntN(10) < 7 {
			u.locale = 0
		} else {
			u.locale = uint8(r.IntN(len(locales)))
		}
		if i == 0 {
			u.zone, u.locale = 0, 0
		}
		if r.IntN(100) < 25 {
			u.phone = "+1555" + pad(r.IntN(10_000_000), 7)
		}
		if u.role == roleEndUser {
			u.verified = r.IntN(100) < 95
			u.suspended = r.IntN(100) < 2
			if r.IntN(2) == 0 {
				extSeq++
				u.externalID = "crm-" + pad(extSeq, 6)
				st.userByExtID[strings.ToLower(u.externalID)] = int32(i)
			}
			u.plan = uint8(pickWeighted(r, []int{0, 45, 30, 17, 8}))
			if r.IntN(100) < 5 {
				u.notes = userNotes[r.IntN(len(userNotes))]
			}
			if len(orgs) > 0 && r.IntN(100) < 3 {
				u.details = "Key contact for " + st.orgs[orgs[0]].name
			}
			var bits uint64
			for b, pct := range []int{5, 30, 8, 4, 3} {
				if r.IntN(100) < pct {
					bits |= 1 << b
				}
			}
			u.tags = st.internTags(sigUser|bits, func() []string {
				var t []string
				for b, name := range userTagNames {
					if bits&(1<<b) != 0 {
						t = append(t, name)
					}
				}
				slices.Sort(t)
				return t
			})
			if r.IntN(100) < 60 {
				u.lastLoginAt = u.createdAt + r.Int64N(epoch-u.createdAt)
			}
		} else {
			u.verified = true
			u.signature = "Kind regards,\n" + first
			u.tags = st.internTags(sigUser, func() []string { return nil })
			u.lastLoginAt = max(u.createdAt, epoch-r.Int64N(3*day))
		}
		u.updatedAt = max(u.lastLoginAt, u.createdAt+r.Int64N(epoch-u.createdAt))

		// Identities, primary email first.
		addIdentity(st, int32(i), identityEmail, u.email, true, u.verified, u.createdAt)
		if u.role == roleEndUser && r.IntN(100) < 12 {
			for extra := 1 + r.IntN(2); extra > 0; extra-- {
				domain := freeMailDomains[r.IntN(len(freeMailDomains))]
				e := uniqueEmail(st, localPart(first, last, r.IntN(6)), domain)
				st.userByEmail[strings.ToLower(e)] = int32(i)
				at := u.createdAt + r.Int64N(epoch-u.createdAt)
				addIdentity(st, int32(i), identityEmail, e, false, r.IntN(10) < 7, at)
			}
		}
		if u.phone != "" && r.IntN(2) == 0 {
			addIdentity(st, int32(i), identityPhone, u.phone, false, r.IntN(2) == 0, u.createdAt)
		}

		for k, j := range orgs {
			addOrgMembership(st, int32(i), j, k == 0, max(u.createdAt, st.orgs[j].createdAt))
		}

		// Agents and admins work in 1-3 groups; spreading the defaults round
		// robin leaves no group without an agent while there are enough agents.
		if u.role != roleEndUser && len(st.groups) > 0 {
			gs := []int32{int32(i % len(st.groups))}
			for extra := r.IntN(3); extra > 0; extra-- {
				if j := int32(r.IntN(len(st.groups))); !slices.Contains(gs, j) {
					gs = append(gs, j)
				}
			}
			u.defGroup = gs[0]
			for k, j := range gs {
				addGroupMembership(st, int32(i), j, k == 0, u.createdAt)
			}
		}
		st.userByID[u.id] = int32(i)
	}
}

func addIdentity(st *store, u int32, kind identityKind, value string, primary, verified bool, at int64) {
	i := int32(len(st.identities))
	st.identities = append(st.identities, identity{
		id: seqID(identityIDBase, int(i)), user: u, kind: kind, value: value,
		primary: primary, verified: verified, createdAt: at,
	})
	st.users[u].identities = append(st.users[u].identities, i)
}

func addOrgMembership(st *store, u, org int32, isDefault bool, at int64) {
	i := int32(len(st.orgMems))
	m := orgMembership{id: seqID(orgMemIDBase, int(i)), user: u, org: org, isDefault: isDefault, createdAt: at}
	st.orgMems = append(st.orgMems, m)
	st.orgMemByID[m.id] = i
	st.users[u].orgMembers = append(st.users[u].orgMembers, i)
	st.orgs[org].members = append(st.orgs[org].members, i)
}

func addGroupMembership(st *store, u, g int32, isDefault bool, at int64) {
	i := int32(len(st.groupMems))
	m := groupMembership{id: seqID(groupMemIDBase, int(i)), user: u, group: g, isDefault: isDefault, createdAt: at}
	st.groupMems = append(st.groupMems, m)
	st.groupMemByID[m.id] = i
	st.users[u].groupMems = append(st.users[u].groupMems, i)
	st.groups[g].members = append(st.groups[g].members, i)
}
