package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

func TestStats(t *testing.T) {
	o := testOptions
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	c := serve(t, s)
	uid, _ := s.SampleUser("end-user")
	c.do(fmt.Sprintf("/api/v2/users/%d", uid))
	c.do(fmt.Sprintf("/api/v2/users/%d.json", uid))
	c.do("/api/v2/users/1")
	c.do(fmt.Sprintf("/api/v2/users/%d/tickets/requested.json", uid))
	c.do("/api/v2/nothing/here")
	c.auth = "none"
	c.do("/api/v2/tickets")
	c.do("/__sandbox/stats") // not counted

	got := s.Stats()
	want := Stats{
		Total: 6,
		ByRoute: map[string]int{
			"GET /api/v2/users/{id}":                   3,
			"GET /api/v2/users/{id}/tickets/requested": 1,
			"GET /api/v2/tickets":                      1,
			unmatchedRoute:                             1,
		},
		ByStatus: map[string]int{"200": 3, "404": 2, "401": 1},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Stats() = %+v\nwant      %+v", got, want)
	}

	resp, body := c.do("/__sandbox/stats")
	var fromHTTP Stats
	if resp.StatusCode != 200 || json.Unmarshal(body, &fromHTTP) != nil || fmt.Sprint(fromHTTP) != fmt.Sprint(want) {
		t.Fatalf("/__sandbox/stats: %d %s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+"/__sandbox/stats/reset", nil)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusNoContent || s.Stats().Total != 0 || len(s.Stats().ByRoute) != 0 {
		t.Fatalf("reset: %d %+v", r.StatusCode, s.Stats())
	}
	c.do("/api/v2/groups")
	s.ResetStats()
	if s.Stats().Total != 0 {
		t.Fatal("ResetStats")
	}
}
