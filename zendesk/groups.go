package zendesk

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Group is a team of agents that tickets can be assigned to.
type Group struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Default     bool      `json:"default"`
	Deleted     bool      `json:"deleted"`
	IsPublic    bool      `json:"is_public"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// GroupMembership puts an agent in a group.
type GroupMembership struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	UserID    int64     `json:"user_id"`
	GroupID   int64     `json:"group_id"`
	Default   bool      `json:"default"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// GroupsService reads groups and their members.
type GroupsService struct{ c *Client }

// List lists every group.
func (s *GroupsService) List() Pages[Group] {
	return cursorPages[Group](s.c, "groups", nil, "groups")
}

// Assignable lists the groups tickets can be assigned to.
func (s *GroupsService) Assignable() Pages[Group] {
	return cursorPages[Group](s.c, "groups/assignable", nil, "groups")
}

// Get reads one group.
func (s *GroupsService) Get(ctx context.Context, id int64) (Group, error) {
	return getRecord[Group](ctx, s.c, "groups/"+strconv.FormatInt(id, 10), "group")
}

// Memberships lists a group's memberships.
func (s *GroupsService) Memberships(groupID int64) Pages[GroupMembership] {
	return cursorPages[GroupMembership](s.c, fmt.Sprintf("groups/%d/memberships", groupID), nil, "group_memberships")
}

// Users lists a group's agents.
func (s *GroupsService) Users(groupID int64) Pages[User] {
	return cursorPages[User](s.c, fmt.Sprintf("groups/%d/users", groupID), nil, "users")
}

// AllMemberships lists every group membership in the account.
func (s *GroupsService) AllMemberships() Pages[GroupMembership] {
	return cursorPages[GroupMembership](s.c, "group_memberships", nil, "group_memberships")
}
