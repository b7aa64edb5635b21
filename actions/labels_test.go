package actions

import "testing"

func TestPlanLabels(t *testing.T) {
	ada := &UserSummary{ID: 7, Name: "Ada", Email: "ada@example.com"}
	cases := []struct {
		p              *Plan
		action, target string
	}{
		{&Plan{Request: Request{Action: SetPriority, Params: Params{Priority: "urgent"}}, User: ada}, "set-priority urgent", "Ada <ada@example.com>"},
		{&Plan{Request: Request{Action: SetStatus, Params: Params{Status: "solved"}, Target: Target{TicketIDs: []int64{1, 2}}}, User: ada}, "set-status solved", "2 tickets of Ada"},
		{&Plan{Request: Request{Action: DeleteTickets, Target: Target{TicketIDs: []int64{1, 2, 3}}}}, "delete-tickets", "3 selected tickets"},
		{&Plan{Request: Request{Action: SuspendUser, Target: Target{UserIDs: []int64{1}}}}, "suspend-user", "1 selected user"},
		{&Plan{Request: Request{Action: SetPriority}, UndoOf: "run-1", Changes: make([]TicketChange, 4)}, "undo set-priority", "4 items"},
		{nil, "", ""},
	}
	for _, tc := range cases {
		if got := tc.p.ActionLabel(); got != tc.action {
			t.Errorf("ActionLabel = %q, want %q", got, tc.action)
		}
		if got := tc.p.TargetLabel(); got != tc.target {
			t.Errorf("TargetLabel = %q, want %q", got, tc.target)
		}
	}
}
