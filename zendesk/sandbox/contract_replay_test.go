package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestContractReplay replays every recorded GET the sandbox has a route for,
// in recorded order, and expects the recorded status and a body of the same
// shape (compareShapes). Recorded ids are mapped to sandbox records of the
// same kind, and recorded cursors are replaced by the sandbox's own links.
// Run with -v to see what was replayed and what was skipped, and why.
func TestContractReplay(t *testing.T) {
	sessions := loadSessions(t)
	s := shared(t)
	run, err := Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	c := &client{t: t, base: run.URL, auth: "basic"}
	c.email, c.token, c.bearer = s.Credentials()
	pools := sandboxPools(t, c)

	cov := replayCoverage{replayed: map[string]int{}, skipped: map[string]map[string]int{}}
	for _, sess := range sessions {
		// Plan the session first so that files with nothing to replay make
		// no subtest.
		var todo []recording
		for _, r := range sess.Recs {
			if reason, detail := classifyRecording(s, r); reason != "" {
				what := r.Method + " " + recordedRoute(r.URI)
				if detail != "" {
					what += ": " + detail
				}
				cov.skip(reason, what)
				continue
			}
			todo = append(todo, r)
		}
		if len(todo) == 0 {
			continue
		}
		rs := newReplaySession(pools)
		t.Run(sess.File, func(t *testing.T) {
			for _, r := range todo {
				t.Run(strconv.Itoa(r.Index), func(t *testing.T) {
					cc := *c
					cc.t = t
					var reason, detail string
					defer func() {
						if reason == "" { // sent, whether it passed or failed
							cov.replayed[sandboxRoute(s, r.Method, mustURL(t, r.URI).Path)]++
						}
					}()
					if reason, detail = rs.replay(t, &cc, r); reason != "" {
						cov.skip(reason, r.Method+" "+recordedRoute(r.URI)+": "+detail)
						t.Skipf("not replayed: %s: %s", reason, detail)
					}
				})
			}
		})
		cov.reusedIDs += rs.ids.reused
	}
	cov.log(t)
}

// Why a recorded interaction is not replayed.
const (
	skipWrite         = "write request"
	skipUnimplemented = "unimplemented route"
	skipCursor        = "unmappable cursor"
	skipID            = "unmappable id"
)

// classifyRecording says why an interaction cannot be replayed ("" when it
// can), by the sandbox's own route table.
func classifyRecording(s *Server, r recording) (reason, detail string) {
	if r.Method != http.MethodGet {
		// Writes change state that a replay of reads cannot set up (the
		// records they name were created earlier in the recorded session).
		return skipWrite, ""
	}
	u, err := url.Parse(r.URI)
	if err != nil || sandboxRoute(s, r.Method, u.Path) == "" {
		return skipUnimplemented, ""
	}
	segs := strings.Split(strings.TrimSuffix(u.Path, ".json"), "/")
	for k := 1; k < len(segs); k++ {
		if !idSegment.MatchString(segs[k]) {
			continue
		}
		if _, err := strconv.ParseInt(segs[k], 10, 64); err != nil || idKinds[segs[k-1]] == "" {
			// Job ids and the like name records only a write creates.
			return skipID, "no sandbox record stands for a recorded " + segs[k-1] + " id"
		}
	}
	return "", ""
}

// idSegment matches path segments that are ids: numbers, and job ids ("V3-...").
var idSegment = regexp.MustCompile(`^[0-9]+$|^V3-`)

// recordedRoute names a recorded URI's route for the coverage log, with ids
// folded: "/api/v2/custom_roles/{id}".
func recordedRoute(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	segs := strings.Split(strings.TrimSuffix(u.Path, ".json"), "/")
	for k, seg := range segs {
		if idSegment.MatchString(seg) {
			segs[k] = "{id}"
		}
	}
	return strings.Join(segs, "/")
}

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// idKinds maps a path segment to the kind of the id that may follow it.
var idKinds = map[string]string{
	"users": "users", "tickets": "tickets", "organizations": "organizations", "groups": "groups",
	"group_memberships": "group_memberships", "organization_memberships": "organization_memberships",
	"ticket_fields": "ticket_fields",
}

// sandboxPools lists the sandbox's record ids by kind; users also by role
// ("users:agent"), so that a recorded admin maps to a sandbox admin.
func sandboxPools(t *testing.T, c *client) map[string][]int64 {
	t.Helper()
	pools := map[string][]int64{}
	for kind, maxPages := range map[string]int{
		"users": 100, "tickets": 2, "organizations": 100, "groups": 100,
		"group_memberships": 1, "organization_memberships": 1,
	} {
		next := "/api/v2/" + kind + "?page[size]=100"
		for page := 0; page < maxPages && next != ""; page++ {
			m := c.get(next, 200)
			for _, o := range list(m, kind) {
				id := num(o["id"])
				pools[kind] = append(pools[kind], id)
				if role, ok := o["role"].(string); ok {
					pools[kind+":"+role] = append(pools[kind+":"+role], id)
				}
			}
			next = ""
			if more, _ := obj(m, "meta")["has_more"].(bool); more {
				next, _ = obj(m, "links")["next"].(string)
			}
		}
	}
	for _, f := range list(c.get("/api/v2/ticket_fields", 200), "ticket_fields") {
		pools["ticket_fields"] = append(pools["ticket_fields"], num(f["id"]))
	}
	for kind, ids := range pools {
		if len(ids) == 0 {
			t.Fatalf("the sandbox has no %s to map recorded ids to", kind)
		}
	}
	return pools
}

// idMap maps recorded ids to sandbox ids for one session: the same recorded
// id always gets the same sandbox id. When a recording names more records
// of a kind than the sandbox holds, ids are reused (counted in reused).
type idMap struct {
	pools  map[string][]int64
	next   map[string]int
	m      map[string]map[int64]int64
	reused int
}

func (im *idMap) get(kind, role string, rec int64) (int64, bool) {
	if id, ok := im.m[kind][rec]; ok {
		return id, true
	}
	pool := kind
	if role != "" && len(im.pools[kind+":"+role]) > 0 {
		pool = kind + ":" + role
	}
	ids := im.pools[pool]
	if len(ids) == 0 {
		return 0, false
	}
	k := im.next[pool]
	im.next[pool]++
	if k >= len(ids) {
		im.reused++
	}
	id := ids[k%len(ids)]
	if im.m[kind] == nil {
		im.m[kind] = map[int64]int64{}
	}
	im.m[kind][rec] = id
	return id, true
}

// replaySession carries what one recorded session built up: the id mapping
// and, per list, the sandbox's links to the following and preceding page.
type replaySession struct {
	ids        idMap
	next, prev map[string]string
}

func newReplaySession(pools map[string][]int64) *replaySession {
	return &replaySession{
		ids:  idMap{pools: pools, next: map[string]int{}, m: map[string]map[int64]int64{}},
		next: map[string]string{},
		prev: map[string]string{},
	}
}

// recordedRoles collects the role of every user in a recorded body, by id.
func recordedRoles(body map[string]any) map[int64]string {
	roles := map[int64]string{}
	add := func(v any) {
		if u, ok := v.(map[string]any); ok {
			if role, ok := u["role"].(string); ok {
				roles[num(u["id"])] = role
			}
		}
	}
	add(body["user"])
	if us, ok := body["users"].([]any); ok {
		for _, u := range us {
			add(u)
		}
	}
	return roles
}

// replay sends one recorded interaction to the sandbox and compares. It
// returns a reason and a detail when the interaction cannot be replayed.
func (rs *replaySession) replay(t *testing.T, c *client, r recording) (reason, detail string) {
	var recBody any
	if len(r.ResponseBody) > 0 {
		if err := json.Unmarshal(r.ResponseBody, &recBody); err != nil {
			t.Fatalf("recorded body: %v", err)
		}
	}
	recObj, _ := recBody.(map[string]any)
	roles := recordedRoles(recObj)
	u := mustURL(t, r.URI)

	// The path, with each id mapped to a sandbox record of its kind.
	segs := strings.Split(u.Path, "/")
	for k := 1; k < len(segs); k++ {
		seg, suffix := segs[k], ""
		if s, ok := strings.CutSuffix(seg, ".json"); ok {
			seg, suffix = s, ".json"
		}
		if !idSegment.MatchString(seg) {
			continue
		}
		rec, err := strconv.ParseInt(seg, 10, 64)
		kind := idKinds[segs[k-1]]
		if err != nil || kind == "" {
			return skipID, fmt.Sprintf("no sandbox record to stand for %s %q", segs[k-1], seg)
		}
		id, ok := rs.ids.get(kind, roles[rec], rec)
		if !ok {
			return skipID, fmt.Sprintf("no sandbox %s to map id %d to", kind, rec)
		}
		segs[k] = itoa(id) + suffix
	}
	path := strings.Join(segs, "/")

	// The query as recorded, with show_many ids mapped.
	parts := strings.Split(u.RawQuery, "&")
	if u.RawQuery == "" {
		parts = nil
	}
	cursor := ""
	var listQuery []string
	for k, p := range parts {
		key, val, _ := strings.Cut(p, "=")
		key, _ = url.QueryUnescape(key)
		switch key {
		case "ids":
			kind := idKinds[segs[len(segs)-2]]
			raw, _ := url.QueryUnescape(val)
			var out []string
			for _, v := range strings.Split(raw, ",") {
				rec, err := strconv.ParseInt(v, 10, 64)
				if err != nil || kind == "" {
					return skipID, fmt.Sprintf("no sandbox record to stand for %s id %q", segs[len(segs)-2], v)
				}
				id, ok := rs.ids.get(kind, roles[rec], rec)
				if !ok {
					return skipID, fmt.Sprintf("no sandbox %s to map id %d to", kind, rec)
				}
				out = append(out, itoa(id))
			}
			parts[k] = "ids=" + strings.Join(out, ",")
		case "page[after]", "page[before]":
			cursor = key
			continue
		}
		listQuery = append(listQuery, parts[k])
	}
	listKey := strings.TrimSuffix(path, ".json") + "?" + strings.Join(listQuery, "&")

	target := path
	if len(parts) > 0 {
		target += "?" + strings.Join(parts, "&")
	}
	if cursor != "" {
		// A recorded cursor means nothing to the sandbox: ask for the page
		// that follows (or precedes) the sandbox's previous page of the list.
		links := rs.next
		if cursor == "page[before]" {
			links = rs.prev
		}
		target = links[listKey]
		if target == "" {
			return skipCursor, "the sandbox's list " + listKey + " has no page there"
		}
	}

	resp, body := c.do(target)
	if resp.StatusCode != r.Status {
		t.Fatalf("GET %s (recorded %s): status %d, Zendesk answered %d: %.300s", target, r.URI, resp.StatusCode, r.Status, body)
	}
	var sbBody any
	if err := json.Unmarshal(body, &sbBody); err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	if m, ok := sbBody.(map[string]any); ok {
		delete(rs.next, listKey)
		delete(rs.prev, listKey)
		if more, _ := obj(m, "meta")["has_more"].(bool); more {
			rs.next[listKey], _ = obj(m, "links")["next"].(string)
		}
		if prev, ok := obj(m, "links")["prev"].(string); ok {
			rs.prev[listKey] = prev
		}
	}
	for _, d := range compareShapes("", shapeOf(recBody), shapeOf(sbBody)) {
		t.Errorf("GET %s (recorded %s): %s", target, r.URI, d)
	}
	return "", ""
}

// replayCoverage is what TestContractReplay logs at the end.
type replayCoverage struct {
	replayed  map[string]int            // sandbox route -> interactions replayed
	skipped   map[string]map[string]int // reason -> recorded route -> interactions
	reusedIDs int
}

func (cov replayCoverage) skip(reason, what string) {
	if cov.skipped[reason] == nil {
		cov.skipped[reason] = map[string]int{}
	}
	cov.skipped[reason][what]++
}

func (cov replayCoverage) log(t *testing.T) {
	t.Helper()
	reasons := []string{skipUnimplemented, skipWrite, skipCursor, skipID}
	var parts []string
	for _, r := range reasons {
		parts = append(parts, fmt.Sprintf("%d %s", sum(cov.skipped[r]), r))
	}
	t.Logf("replay coverage: %d interactions replayed; skipped: %s; %d recorded ids stood in for by an already used sandbox id (the sandbox holds fewer such records)",
		sum(cov.replayed), strings.Join(parts, ", "), cov.reusedIDs)
	t.Logf("replayed, by sandbox route:%s", listCounts(cov.replayed))
	for _, r := range reasons {
		t.Logf("skipped, %s:%s", r, listCounts(cov.skipped[r]))
	}
}

// The shape comparison must catch a missing key, a key missing from some
// items, a changed kind and an empty list, and let nulls and free-form maps
// pass.
func TestContractShapeComparison(t *testing.T) {
	parse := func(s string) *shapeNode {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatal(err)
		}
		return shapeOf(v)
	}
	rec := parse(`{"tickets":[{"id":1,"via":{"channel":"web","source":{"from":{"address":"a@b"}}},"due_at":null,"tags":["x"],
		"custom_fields":[{"id":1,"value":"s"}],"user_fields":{"plan":"gold"}}],"count":1,"users":[{"id":2}]}`)
	same := parse(`{"tickets":[{"id":7,"via":{"channel":"api","source":{"from":{}}},"due_at":"2024-01-01T00:00:00Z","tags":[],
		"custom_fields":[{"id":1,"value":true}],"user_fields":{}},{"id":8,"via":{"channel":"web","source":{}},"due_at":null,"tags":["y"],
		"custom_fields":[],"user_fields":{}}],"count":null,"users":[{"id":3}],"extra":1}`)
	if d := compareShapes("", rec, same); len(d) != 0 {
		t.Errorf("equal shapes flagged: %q", d)
	}
	differs := parse(`{"tickets":[{"id":"7","via":{"source":{}},"tags":["y"],"custom_fields":[],"user_fields":{}},
		{"id":"8","via":{"channel":"web","source":{}},"due_at":null,"tags":["y"],"custom_fields":[],"user_fields":{}}],"count":1,"users":[]}`)
	want := []string{
		"tickets[].due_at: missing in 1 of the sandbox's 2 objects",
		"tickets[].id: sandbox sends string, Zendesk sent number",
		"tickets[].via.channel: missing in 1 of the sandbox's 2 objects",
		"users: the sandbox answered an empty list, Zendesk 1 items",
	}
	if d := compareShapes("", rec, differs); strings.Join(d, "\n") != strings.Join(want, "\n") {
		t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(d, "\n"), strings.Join(want, "\n"))
	}
}
