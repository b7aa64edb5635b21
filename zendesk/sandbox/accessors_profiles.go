package sandbox

import (
	"encoding/json"
	"strings"
)

// UserProfileState is a snapshot of what customer-profile writes change on
// a user, for tests of other packages that check a sync without spending
// requests on it.
type UserProfileState struct {
	ID              int64
	Name            string
	Email           string   // the primary email
	Emails          []string // every email identity, primary first
	ExternalID      string
	OrganizationIDs []int64 // default first
	UserFields      map[string]any
	Tags            []string
	Events          int // tracked through POST /users/{id}/events
}

// UserProfile returns a user's profile state; ok is false for an unknown id.
func (s *Server) UserProfile(id int64) (p UserProfileState, ok bool) {
	s.settle(s.clock())
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st
	i, ok := st.userByID[id]
	if !ok {
		return UserProfileState{}, false
	}
	u := &st.users[i]
	p = UserProfileState{ID: id, Name: u.name, Email: u.email, ExternalID: u.externalID,
		Tags: append([]string(nil), st.tagSets[u.tags]...), Events: len(st.mut.prof.events[i])}
	for _, k := range u.identities {
		if idn := &st.identities[k]; idn.kind == identityEmail {
			p.Emails = append(p.Emails, idn.value)
		}
	}
	for _, m := range u.orgMembers {
		p.OrganizationIDs = append(p.OrganizationIDs, st.orgs[st.orgMems[m].org].id)
	}
	w := getJW()
	st.writeUserFieldValues(w, i)
	_ = json.Unmarshal(w.b, &p.UserFields) // the sandbox's own JSON
	putJW(w)
	return p, true
}

// OrganizationByExternalID returns the id of the live organization with the
// external id (case-insensitive), or 0.
func (s *Server) OrganizationByExternalID(externalID string) int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if o, ok := s.st.orgByExtID[strings.ToLower(externalID)]; ok {
		return s.st.orgs[o].id
	}
	return 0
}
