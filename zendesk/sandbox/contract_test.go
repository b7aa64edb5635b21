package sandbox

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The object-key and envelope checks below compare the sandbox with what
// Zendesk sent across all recordings; the per-interaction replay is in
// contract_replay_test.go and the spec validation in contract_spec_test.go.

// shape is the keys seen on one kind of object and the non-null JSON kinds of each.
type shape map[string]map[string]bool

func (sh shape) add(o map[string]any) {
	for k, v := range o {
		if sh[k] == nil {
			sh[k] = map[string]bool{}
		}
		if kind := jsonKind(v); kind != "null" {
			sh[k][kind] = true
		}
	}
}

func (sh shape) keys() []string {
	var ks []string
	for k := range sh {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

var contractObjects = map[string]string{
	"user": "users", "ticket": "tickets", "group": "groups",
	"organization": "organizations", "group_membership": "group_memberships",
}

// recordedShapes collects object shapes from the recordings. Incremental
// exports and search exports are left out: they add export-only keys
// (generated_timestamp, permanently_deleted) that list and show endpoints
// do not send. authenticity_token, a session artefact of /users/me, is
// dropped too.
func recordedShapes(recs []recording) map[string]shape {
	shapes := map[string]shape{}
	for name := range contractObjects {
		shapes[name] = shape{}
	}
	for _, r := range recs {
		if strings.Contains(r.URI, "/incremental/") || strings.Contains(r.URI, "/search/export") {
			continue
		}
		var body map[string]any
		if json.Unmarshal(r.ResponseBody, &body) != nil {
			continue
		}
		for name, plural := range contractObjects {
			if o, ok := body[name].(map[string]any); ok {
				shapes[name].add(o)
			}
			if l, ok := body[plural].([]any); ok {
				for _, v := range l {
					if o, ok := v.(map[string]any); ok {
						shapes[name].add(o)
					}
				}
			}
		}
	}
	delete(shapes["user"], "authenticity_token")
	return shapes
}

func TestContractObjectKeys(t *testing.T) {
	recorded := recordedShapes(loadRecordings(t))
	s := shared(t)
	c := serve(t, s)
	ours := map[string]shape{}
	for name, plural := range contractObjects {
		ours[name] = shape{}
		for _, path := range []string{"/api/v2/" + plural + "?page[size]=100", "/api/v2/" + plural + "?page=2"} {
			for _, o := range list(c.get(path, 200), plural) {
				ours[name].add(o)
			}
		}
	}
	uid, _ := s.SampleUser("end-user")
	ours["user"].add(obj(c.get("/api/v2/users/"+itoa(uid), 200), "user"))
	ours["ticket"].add(obj(c.get("/api/v2/tickets/1", 200), "ticket"))
	for _, r := range list(c.get("/api/v2/search?query=type:ticket+status:pending", 200), "results") {
		delete(r, "result_type")
		ours["ticket"].add(r)
	}

	for name := range contractObjects {
		rec, got := recorded[name], ours[name]
		if len(rec) == 0 {
			t.Errorf("%s: no recorded objects", name)
			continue
		}
		if rk, gk := rec.keys(), got.keys(); !slices.Equal(rk, gk) {
			t.Errorf("%s keys differ\nrecorded: %v\nsandbox:  %v", name, rk, gk)
		}
		for k, kinds := range got {
			if len(rec[k]) == 0 {
				continue // Zendesk only ever sent null here
			}
			for kind := range kinds {
				if !rec[k][kind] {
					t.Errorf("%s.%s: sandbox sends a %s, recordings have %v", name, k, kind, rec[k])
				}
			}
		}
	}
}

var envelopeRoutes = map[string]bool{
	"users": true, "tickets": true, "groups": true, "organizations": true, "group_memberships": true,
	"users/show_many": true, "tickets/show_many": true, "organizations/show_many": true,
}

// List endpoints answer with the envelope keys Zendesk used, for both
// pagination styles and for show_many.
func TestContractEnvelopes(t *testing.T) {
	recs := loadRecordings(t)
	c := serve(t, shared(t))
	topKeys := func(raw json.RawMessage) []string {
		var m map[string]any
		if json.Unmarshal(raw, &m) != nil {
			return nil
		}
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	checked := 0
	for _, r := range recs {
		if r.Method != "GET" || r.Status != 200 {
			continue
		}
		path, query, _ := strings.Cut(r.URI, "?")
		path = strings.TrimSuffix(path[strings.Index(path, "/api/v2/")+len("/api/v2/"):], ".json")
		if !envelopeRoutes[path] {
			continue
		}
		ours := "/api/v2/" + path
		switch {
		case strings.HasSuffix(path, "show_many"):
			ours += "?ids=1"
		case strings.Contains(query, "page%5Bsize%5D"):
			ours += "?page[size]=2"
		}
		resp, body := c.do(ours)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", ours, resp.StatusCode)
		}
		if want, got := topKeys(r.ResponseBody), topKeys(body); !slices.Equal(want, got) {
			t.Errorf("%s: envelope keys %v, recorded %s has %v", ours, got, r.URI, want)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no recorded list responses matched")
	}
	t.Logf("compared %d recorded list responses", checked)

	// The recorded 404 body, byte for byte.
	for _, r := range recs {
		if r.Status == 404 {
			_, body := c.do("/api/v2/groups/9223372036854775807.json")
			var want, got any
			_ = json.Unmarshal(r.ResponseBody, &want)
			_ = json.Unmarshal(body, &got)
			if jsonKind(want) != "object" || !equalJSON(want, got) {
				t.Fatalf("404 body %s, recorded %s", body, r.ResponseBody)
			}
			break
		}
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
