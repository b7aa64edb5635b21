package zendesk

import (
	"strings"
	"testing"
)

// FuzzDecodePage feeds arbitrary bodies to the page decoders of both pagination styles:
// they may reject a body but never panic, and never offer a next page on another host
// without the caller refusing it later.
func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"users":[{"id":1,"name":"A"}],"meta":{"has_more":true},"links":{"next":"https://x.zendesk.com/api/v2/users?page%5Bafter%5D=a"}}`))
	f.Add([]byte(`{"results":[{"id":1,"subject":"s"}],"next_page":"https://x.zendesk.com/api/v2/search?page=11&per_page=100","count":5000}`))
	f.Add([]byte(`{"users":null,"meta":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"users":[{"id":"x","tags":{}}]}`))
	cursor := Pages[User]{path: "users", key: "users", size: 100}
	offset := Pages[Ticket]{path: "search", key: "results", offset: true, size: 100, maxItems: SearchLimit}
	f.Fuzz(func(t *testing.T, body []byte) {
		if page, err := cursor.decode(body); err == nil && page.Count < -1 {
			t.Fatalf("negative count %d", page.Count)
		}
		if page, err := offset.decode(body); err == nil && page.Capped && page.Next != "" {
			t.Fatal("a capped page offers a next page")
		}
	})
}

// FuzzErrorBody checks that any error body yields a one-line message without panicking.
func FuzzErrorBody(f *testing.F) {
	f.Add([]byte(`{"error":"RecordNotFound","description":"Not found"}`))
	f.Add([]byte(`{"error":{"title":"Forbidden","message":"no"}}`))
	f.Add([]byte(`{"error":"RecordInvalid","details":{"base":[{"description":"bad"}]}}`))
	f.Add([]byte(`<html>oops</html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e := &Error{Method: "GET", Path: "/api/v2/x", Status: 500}
		e.parseErrorBody(body)
		if msg := e.Error(); !strings.HasPrefix(msg, "GET /api/v2/x: 500") {
			t.Fatalf("message %q", msg)
		}
	})
}
