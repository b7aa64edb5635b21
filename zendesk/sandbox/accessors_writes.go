package sandbox

import (
	"slices"
	"time"
)

// Accessors for tests of other packages that write through the sandbox.
// Each first applies job effects that have fallen due, as a request would.

// TicketState is a snapshot of the ticket fields writes change.
type TicketState struct {
	ID          int64
	Status      string
	Priority    string // "" for none
	Type        string // "" for none
	AssigneeID  int64  // 0 for none
	GroupID     int64  // 0 for none
	RequesterID int64
	Tags        []string
	Deleted     bool // soft-deleted (restorable or not)
	UpdatedAt   time.Time
}

// Ticket returns a ticket's current state, deleted or not; ok is false for
// an id the account never had.
func (s *Server) Ticket(id int64) (t TicketState, ok bool) {
	s.settle(s.clock())
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st
	if id < 1 || id > int64(len(st.tickets)) {
		return TicketState{}, false
	}
	r := &st.tickets[id-1]
	return TicketState{
		ID:          id,
		Status:      statusNames[r.status],
		Priority:    priorityNames[r.priority],
		Type:        typeNames[r.ttype],
		AssigneeID:  st.userID(r.assignee),
		GroupID:     st.groupID(r.group),
		RequesterID: st.users[r.requester].id,
		Tags:        slices.Clone(st.tagSets[r.tags]),
		Deleted:     r.deleted,
		UpdatedAt:   time.Unix(r.updatedAt, 0).UTC(),
	}, true
}

// UserSuspended reports whether a user is suspended; ok is false for an
// unknown id.
func (s *Server) UserSuspended(id int64) (suspended, ok bool) {
	s.settle(s.clock())
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.st.userByID[id]
	if !ok {
		return false, false
	}
	return s.st.users[i].suspended, true
}

// OpenJobs returns how many jobs are queued or working.
func (s *Server) OpenJobs() int {
	s.settle(s.clock())
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.st.openJobs())
}
