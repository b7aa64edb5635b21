package sandbox

import "slices"

// Read accessors for tests and callers that need real ids from the seeded
// data. They take the read lock like any request.

// Size is how many records of each kind the sandbox holds.
type Size struct {
	Users, Admins, Agents, EndUsers int
	Tickets                         int
	Organizations, Groups           int
}

// Size reports the record counts.
func (s *Server) Size() Size {
	s.mu.RLock()
	defer s.mu.RUnlock()
	z := Size{Users: len(s.st.users), Tickets: len(s.st.tickets), Organizations: len(s.st.orgs), Groups: len(s.st.groups)}
	for i := range s.st.users {
		switch s.st.users[i].role {
		case roleAdmin:
			z.Admins++
		case roleAgent:
			z.Agents++
		default:
			z.EndUsers++
		}
	}
	return z
}

// HeavyRequesters returns the ids of the requesters seeded with the most
// tickets (thousands each at the demo size), most tickets first.
func (s *Server) HeavyRequesters() []int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := make([]int64, len(s.st.heavy))
	for k, i := range s.st.heavy {
		ids[k] = s.st.users[i].id
	}
	return ids
}

// RequestedCount returns how many tickets the user requested (0 for an unknown id).
func (s *Server) RequestedCount(userID int64) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if i, ok := s.st.userByID[userID]; ok {
		return len(s.st.requested[i])
	}
	return 0
}

// SampleUser returns the lowest-id active, unsuspended user with the role
// ("end-user", "agent" or "admin"); for "admin" that is the sandbox admin.
// It returns 0 and "" when there is none. End-users returned here have
// requested at least one ticket whenever any end-user has.
func (s *Server) SampleUser(role string) (id int64, email string) {
	r, ok := parseRole(role)
	if !ok {
		return 0, ""
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	fallback := int32(-1)
	for i := range s.st.users {
		u := &s.st.users[i]
		if u.role != r || u.suspended {
			continue
		}
		if r != roleEndUser || len(s.st.requested[i]) > 0 && !slices.Contains(s.st.heavy, int32(i)) {
			return u.id, u.email
		}
		if fallback < 0 {
			fallback = int32(i)
		}
	}
	if fallback >= 0 {
		return s.st.users[fallback].id, s.st.users[fallback].email
	}
	return 0, ""
}

// SampleTicket returns the lowest id of a ticket with the status ("new",
// "open", "pending", "hold", "solved", "closed"; "" for any), or 0.
func (s *Server) SampleTicket(status string) int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := range s.st.tickets {
		if t := &s.st.tickets[i]; !t.deleted && (status == "" || statusNames[t.status] == status) {
			return ticketID(int32(i))
		}
	}
	return 0
}

// SampleOrganization returns the id and external id of the first
// organization that has an external id and members.
func (s *Server) SampleOrganization() (id int64, externalID string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := range s.st.orgs {
		if o := &s.st.orgs[i]; o.externalID != "" && len(o.members) > 0 {
			return o.id, o.externalID
		}
	}
	if len(s.st.orgs) > 0 {
		return s.st.orgs[0].id, s.st.orgs[0].externalID
	}
	return 0, ""
}

// SampleGroup returns the id of the default group ("Support").
func (s *Server) SampleGroup() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.st.groups) == 0 {
		return 0
	}
	return s.st.groups[0].id
}
