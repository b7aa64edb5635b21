package zendesk

import (
	"errors"
	"testing"
)

// FuzzDecodeEventPage feeds the Events API list decoder (GET /users/{id}/events) arbitrary bodies.
func FuzzDecodeEventPage(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"01J","type":"t","source":"s","properties":{"a":1},"created_at":"2025-01-01T00:00:00.000Z"}],"meta":{"has_more":true},"links":{"next":"https://x.zendesk.com/api/v2/users/1/events?page%5Bafter%5D=a"}}`))
	f.Add([]byte(`{"data":null,"meta":{"has_more":false}}`))
	f.Add([]byte(`{"data":[{"properties":[]}]}`))
	pages := Pages[Event]{path: "users/1/events", key: "data", size: 100}
	f.Fuzz(func(t *testing.T, body []byte) {
		if page, err := pages.decode(body); err == nil && page.Next != "" && page.Count < -1 {
			t.Fatalf("count %d", page.Count)
		}
	})
}

// FuzzIsAlreadyMember checks that IsAlreadyMember reads any error body without panicking and
// only ever answers yes for a 422.
func FuzzIsAlreadyMember(f *testing.F) {
	f.Add([]byte(`{"error":"RecordInvalid","description":"Record validation errors","details":{"user_id":[{"description":"User: 1 is already a member","error":"DuplicateValue"}]}}`), 422)
	f.Add([]byte(`{"error":"RecordInvalid","details":{"organization_id":[{"description":"Organization: 2 does not exist","error":"InvalidValue"}]}}`), 422)
	f.Add([]byte(`{"error":"RecordNotFound","description":"already gone"}`), 404)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		e := &Error{Method: "POST", Path: "/api/v2/organization_memberships", Status: status}
		e.parseErrorBody(body)
		if IsAlreadyMember(e) && status != 422 {
			t.Fatalf("IsAlreadyMember for status %d", status)
		}
		if IsAlreadyMember(errors.Join(errors.New("wrapped"), e)) != IsAlreadyMember(e) {
			t.Fatal("wrapping changed the answer")
		}
	})
}
