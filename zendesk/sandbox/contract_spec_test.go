package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// sandboxRoute is the sandbox's route pattern for a request ("" when the
// sandbox serves no such route), as the keys of Stats.ByRoute name them.
func sandboxRoute(s *Server, method, path string) string {
	req := httptest.NewRequest(method, strings.TrimSuffix(path, ".json"), nil)
	_, pattern := s.mux.Handler(req)
	return pattern
}

var (
	routePath  = regexp.MustCompile(`"(/[a-z_/{}]+)"`)
	routeParam = regexp.MustCompile(`\{[a-z_]+\}`)
)

// declaredGETRoutes is every GET route of the sandbox: each path written in
// routes.go that the sandbox's own mux routes for GET. A GET route added
// there without a case in specCases fails TestContractSpec.
func declaredGETRoutes(t *testing.T, s *Server) []string {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range routePath.FindAllSubmatch(src, -1) {
		want := "GET /api/v2" + string(m[1])
		sample := routeParam.ReplaceAllString("/api/v2"+string(m[1]), "1")
		if sandboxRoute(s, http.MethodGet, sample) == want && !seen[want] {
			seen[want] = true
			out = append(out, want)
		}
	}
	if len(out) == 0 {
		t.Fatal("found no GET route in routes.go")
	}
	return out
}

// specCase is one request whose answer must validate against the spec.
type specCase struct {
	c      *client
	path   string
	auth   string // "" (the sandbox's Basic credential), "none", "bearer", "bad-basic", "bad-bearer"
	status int
}

// specCases covers every sandbox GET route on the shared read-only sandbox:
// lists in cursor and offset mode, show, show_many, search, counts, the
// anonymous /users/me, and 400, 401, 404 and 422 answers.
func specCases(t *testing.T, s *Server, c *client) []specCase {
	t.Helper()
	endUser, _ := s.SampleUser("end-user")
	agent, _ := s.SampleUser("agent")
	admin, _ := s.SampleUser("admin")
	heavy := s.HeavyRequesters()[0]
	org, orgExt := s.SampleOrganization()
	group := s.SampleGroup()
	firstID := func(path, key string) int64 {
		items := list(c.get(path, 200), key)
		if len(items) == 0 {
			t.Fatalf("%s: no %s to build cases from", path, key)
		}
		return num(items[0]["id"])
	}
	groupMem := firstID("/api/v2/group_memberships?page[size]=1", "group_memberships")
	orgMem := firstID("/api/v2/organization_memberships?page[size]=1", "organization_memberships")
	field := firstID("/api/v2/ticket_fields", "ticket_fields")
	userExt := ""
	for _, u := range list(c.get("/api/v2/users?page[size]=100&role=end-user", 200), "users") {
		if e, ok := u["external_id"].(string); ok && e != "" {
			userExt = e
			break
		}
	}
	if userExt == "" {
		t.Fatal("no end-user with an external_id in the first page")
	}
	u, a, h, o, g := itoa(endUser), itoa(agent), itoa(heavy), itoa(org), itoa(group)
	tix := fmt.Sprintf("%d,%d,%d", s.SampleTicket("open"), s.SampleTicket("pending"), s.SampleTicket("closed"))
	var cases []specCase
	ok := func(paths ...string) {
		for _, p := range paths {
			cases = append(cases, specCase{c: c, path: p, status: 200})
		}
	}
	ok(
		"/api/v2/users?page[size]=3",
		"/api/v2/users?page=2&per_page=3",
		"/api/v2/users?role=agent&page[size]=2",
		"/api/v2/users/count",
		"/api/v2/users/me",
		"/api/v2/users/show_many?ids="+u+","+a+","+itoa(admin),
		"/api/v2/users/show_many?external_ids="+userExt,
		"/api/v2/users/search?query=role:end-user&per_page=3",
		"/api/v2/users/search?external_id="+userExt,
		"/api/v2/users/"+u,
		"/api/v2/users/"+a,
		"/api/v2/users/"+itoa(admin),
		"/api/v2/users/"+u+"/related",
		"/api/v2/users/"+u+"/identities?page[size]=5",
		"/api/v2/users/"+u+"/identities",
		"/api/v2/users/"+u+"/organization_memberships",
		"/api/v2/users/"+a+"/group_memberships?page[size]=5",
		"/api/v2/users/"+u+"/organizations",
		"/api/v2/users/"+a+"/groups",
		"/api/v2/users/"+h+"/tickets/requested?page[size]=3",
		"/api/v2/users/"+h+"/tickets/requested?page=2&per_page=3",
		"/api/v2/users/"+a+"/tickets/assigned?page[size]=3",
		"/api/v2/users/"+u+"/tickets/ccd",
		"/api/v2/tickets?page[size]=5",
		"/api/v2/tickets?page=2&per_page=5",
		"/api/v2/tickets/count",
		"/api/v2/tickets/show_many?ids="+tix,
		"/api/v2/tickets/"+itoa(s.SampleTicket("new")),
		"/api/v2/tickets/"+itoa(s.SampleTicket("hold")),
		"/api/v2/tickets/"+itoa(s.SampleTicket("solved")),
		"/api/v2/groups?page[size]=3",
		"/api/v2/groups",
		"/api/v2/groups/count",
		"/api/v2/groups/assignable",
		"/api/v2/groups/"+g,
		"/api/v2/groups/"+g+"/memberships?page[size]=3",
		"/api/v2/groups/"+g+"/users?per_page=3",
		"/api/v2/group_memberships?page[size]=3",
		"/api/v2/group_memberships?page=2&per_page=3",
		"/api/v2/group_memberships/"+itoa(groupMem),
		"/api/v2/organizations?page[size]=3",
		"/api/v2/organizations?page=2&per_page=3",
		"/api/v2/organizations/count",
		"/api/v2/organizations/show_many?ids="+o,
		"/api/v2/organizations/show_many?external_ids="+orgExt,
		"/api/v2/organizations/search?external_id="+orgExt,
		"/api/v2/organizations/"+o,
		"/api/v2/organizations/"+o+"/organization_memberships?page[size]=3",
		"/api/v2/organizations/"+o+"/users?page[size]=3",
		"/api/v2/organizations/"+o+"/tickets?page[size]=3",
		"/api/v2/organization_memberships?page[size]=3",
		"/api/v2/organization_memberships",
		"/api/v2/organization_memberships/"+itoa(orgMem),
		"/api/v2/ticket_fields",
		"/api/v2/ticket_fields?page[size]=3",
		"/api/v2/ticket_fields/"+itoa(field),
		"/api/v2/search?query=type:ticket+status:open&per_page=5",
		"/api/v2/search?query=type:user+role:agent&per_page=5",
		"/api/v2/search?query=type:organization",
		"/api/v2/search?query=type:group",
		"/api/v2/search?query=printer&per_page=10",
		"/api/v2/search/count?query=type:ticket+status:pending",
		"/api/v2/organizations/search?name="+url.QueryEscape(s.st.orgs[s.st.orgByID[org]].name),
		"/api/v2/user_fields",
		"/api/v2/user_fields?page[size]=2",
		"/api/v2/user_fields/"+itoa(userFieldSet.fields[0].id),
		"/api/v2/organization_fields",
		"/api/v2/organization_fields?page=1&per_page=2",
		"/api/v2/organization_fields/"+itoa(orgFieldSet.fields[0].id),
		"/api/v2/users/"+u+"/events", // the Events API is not in the spec: listed, not validated
	)
	return append(cases,
		specCase{c: c, path: "/api/v2/users/me", auth: "none", status: 200}, // the anonymous user
		specCase{c: c, path: "/api/v2/users/me", auth: "bearer", status: 200},
		specCase{c: c, path: "/api/v2/users/999999999999", status: 404},
		specCase{c: c, path: "/api/v2/tickets/999999999", status: 404},
		specCase{c: c, path: "/api/v2/groups/1", status: 404},
		specCase{c: c, path: "/api/v2/organizations/x", status: 404},
		specCase{c: c, path: "/api/v2/ticket_fields/1", status: 404},
		specCase{c: c, path: "/api/v2/user_fields/1", status: 404},
		specCase{c: c, path: "/api/v2/no_such_thing", status: 404},
		specCase{c: c, path: "/api/v2/users", auth: "none", status: 401},
		specCase{c: c, path: "/api/v2/tickets", auth: "bad-basic", status: 401},
		specCase{c: c, path: "/api/v2/groups", auth: "bad-bearer", status: 401},
		specCase{c: c, path: "/api/v2/users?page[size]=101", status: 400},
		specCase{c: c, path: "/api/v2/search?query=type:ticket&page=11", status: 422},
	)
}

// jobCases covers the GET routes that need bulk jobs and deleted tickets,
// on a sandbox of their own since making them writes. It returns nothing
// while the sandbox has no such routes.
func jobCases(t *testing.T) []specCase {
	t.Helper()
	s, err := New(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if sandboxRoute(s, http.MethodPut, "/api/v2/tickets/update_many") == "" ||
		sandboxRoute(s, http.MethodGet, "/api/v2/job_statuses/1") == "" {
		return nil
	}
	// The sandbox clock stands still, then jumps an hour so that the first
	// jobs have finished (and their deleted ticket shows); a job started
	// after the jump stays queued.
	var mu sync.Mutex
	now := time.Now()
	s.clock = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := serve(t, s)
	write := func(method, path, body string) string {
		req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(c.email+"/token", c.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			JobStatus struct {
				ID string `json:"id"`
			} `json:"job_status"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out.JobStatus.ID == "" {
			t.Fatalf("%s %s: status %d, job %q, %v", method, path, resp.StatusCode, out.JobStatus.ID, err)
		}
		return out.JobStatus.ID
	}
	// The closed ticket cannot be updated: a failed item in a completed job.
	update := write(http.MethodPut, fmt.Sprintf("/api/v2/tickets/update_many.json?ids=%d,%d,%d", s.SampleTicket("open"), s.SampleTicket("pending"), s.SampleTicket("closed")), `{"ticket":{"priority":"high"}}`)
	destroy := write(http.MethodDelete, fmt.Sprintf("/api/v2/tickets/destroy_many.json?ids=%d", s.SampleTicket("new")), "")
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	queued := write(http.MethodPut, fmt.Sprintf("/api/v2/tickets/update_many.json?ids=%d", s.SampleTicket("hold")), `{"ticket":{"priority":"low"}}`)
	var cases []specCase
	for _, p := range []string{
		"/api/v2/job_statuses/" + update,
		"/api/v2/job_statuses/" + destroy,
		"/api/v2/job_statuses/" + queued,
		"/api/v2/job_statuses/show_many?ids=" + update + "," + destroy + "," + queued,
		"/api/v2/job_statuses?page[size]=2",
		"/api/v2/job_statuses",
		"/api/v2/deleted_tickets?page[size]=5",
		"/api/v2/deleted_tickets",
	} {
		cases = append(cases, specCase{c: c, path: p, status: 200})
	}
	return append(cases, specCase{c: c, path: "/api/v2/job_statuses/V3-nosuchjob", status: 404})
}

// equivalentList names, for sandbox routes the spec lacks, the documented
// list whose answer they share: the reference pages describe
// /users/{id}/tickets/requested and the other nested lists as the same
// lists filtered, with the same envelope and objects (REFERENCE.md section 3).
var equivalentList = map[string]string{
	"GET /api/v2/users/{id}/tickets/requested":                "/api/v2/tickets",
	"GET /api/v2/users/{id}/tickets/assigned":                 "/api/v2/tickets",
	"GET /api/v2/users/{id}/tickets/ccd":                      "/api/v2/tickets",
	"GET /api/v2/organizations/{id}/tickets":                  "/api/v2/tickets",
	"GET /api/v2/users/{id}/group_memberships":                "/api/v2/group_memberships",
	"GET /api/v2/groups/{id}/memberships":                     "/api/v2/group_memberships",
	"GET /api/v2/users/{id}/organization_memberships":         "/api/v2/organization_memberships",
	"GET /api/v2/organizations/{id}/organization_memberships": "/api/v2/organization_memberships",
	"GET /api/v2/users/{id}/organizations":                    "/api/v2/organizations",
	"GET /api/v2/users/{id}/groups":                           "/api/v2/groups",
	"GET /api/v2/groups/{id}/users":                           "/api/v2/users",
	"GET /api/v2/organizations/{id}/users":                    "/api/v2/users",
}

// specValidator checks answers against the spec.
type specValidator struct {
	router routers.Router
}

// validate validates one answer to GET path, routed on the spec's own
// server (the path and query are what matter). It reports found=false when
// the spec has no such operation and documented=false when the operation
// documents no answer for the status.
func (v specValidator) validate(path string, status int, header http.Header, body []byte) (specPath string, found, documented bool, err error) {
	req := httptest.NewRequest(http.MethodGet, "https://example.zendesk.com"+path, nil)
	r, params, err := v.router.FindRoute(req)
	if errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed) {
		return "", false, false, nil
	}
	if err != nil {
		return "", false, false, fmt.Errorf("find the spec's route: %w", err)
	}
	op := r.PathItem.GetOperation(http.MethodGet)
	if op == nil || op.Responses == nil || (op.Responses.Status(status) == nil && op.Responses.Default() == nil) {
		return r.Path, true, false, nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: r},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                validationOptions(),
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return r.Path, true, true, errors.New(validationMessage(err))
	}
	return r.Path, true, true, nil
}

// TestContractSpec validates sandbox answers against oas/support.yaml with
// every schema made nullable (loadSpec). Routes the spec does not describe
// are validated against the documented list they mirror (equivalentList)
// and listed; statuses the spec documents no answer for are listed too.
// Run with -v for the lists.
func TestContractSpec(t *testing.T) {
	doc := loadSpec(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	v := specValidator{router: router}
	s := shared(t)
	run, err := Start(s, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	c := &client{t: t, base: run.URL, auth: "basic"}
	c.email, c.token, c.bearer = s.Credentials()

	cases := append(specCases(t, s, c), jobCases(t)...)
	covered := map[string]bool{}
	notInSpec := map[string]int{}
	undocumented := map[string]int{}
	validated := 0
	for _, sc := range cases {
		bare, query, _ := strings.Cut(sc.path, "?")
		route := sandboxRoute(s, http.MethodGet, bare)
		covered[route] = true
		cc := *sc.c
		switch sc.auth {
		case "none":
			cc.auth = "none"
		case "bearer":
			cc.auth = "bearer"
		case "bad-basic":
			cc.token = "wrong"
		case "bad-bearer":
			cc.auth, cc.bearer = "bearer", "wrong"
		}
		resp, body := cc.do(sc.path)
		if resp.StatusCode != sc.status {
			t.Errorf("GET %s (auth %q): status %d, want %d: %.200s", sc.path, sc.auth, resp.StatusCode, sc.status, body)
			continue
		}
		specPath, found, documented, err := v.validate(sc.path, resp.StatusCode, resp.Header, body)
		if !found {
			key := route
			if key == "" {
				key = "(no sandbox route) " + bare
			}
			if eq := equivalentList[route]; eq != "" && resp.StatusCode == http.StatusOK {
				// Not in the spec; held to the list it mirrors.
				key += " (validated as GET " + eq + ")"
				specPath, found, documented, err = v.validate(eq+"?"+query, resp.StatusCode, resp.Header, body)
				if !found || !documented {
					t.Errorf("%s: the equivalent GET %s is not in the spec", route, eq)
				}
			}
			notInSpec[key]++
		} else if !documented {
			undocumented[fmt.Sprintf("%d GET %s", resp.StatusCode, specPath)]++
			continue
		}
		if err != nil {
			t.Errorf("GET %s (spec: GET %s, status %d): %v", sc.path, specPath, resp.StatusCode, err)
			continue
		}
		if found {
			validated++
		}
	}
	for _, route := range declaredGETRoutes(t, s) {
		if !covered[route] {
			t.Errorf("%s: no request in specCases or jobCases covers this sandbox route", route)
		}
	}
	checkValidatorBites(t, v, c, s)
	t.Logf("spec coverage: %d requests, %d validated against the spec (incl. nested lists against their equivalent), %d on routes not in the spec, %d with a status the spec documents no answer for",
		len(cases), validated, sum(notInSpec), sum(undocumented))
	t.Logf("not in the spec:%s", listCounts(notInSpec))
	t.Logf("status not documented by the spec (body not validated):%s", listCounts(undocumented))
}

// checkValidatorBites makes sure the validation can fail: a user whose id is
// a string and a ticket list whose status is a number must be refused.
func checkValidatorBites(t *testing.T, v specValidator, c *client, s *Server) {
	t.Helper()
	uid, _ := s.SampleUser("end-user")
	for _, tc := range []struct {
		path   string
		spoil  func(m map[string]any)
		expect string
	}{
		{"/api/v2/users/" + itoa(uid), func(m map[string]any) { obj(m, "user")["id"] = "not a number" }, "/user"},
		{"/api/v2/tickets?page[size]=2", func(m map[string]any) { list(m, "tickets")[1]["status"] = 3 }, "/tickets/*/status"},
	} {
		resp, body := c.do(tc.path)
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		tc.spoil(m)
		spoiled, _ := json.Marshal(m)
		_, _, _, err := v.validate(tc.path, resp.StatusCode, resp.Header, spoiled)
		if err == nil || !strings.Contains(err.Error(), tc.expect) {
			t.Errorf("the spec validation accepted a spoiled %s (want an error at %s): %v", tc.path, tc.expect, err)
		}
	}
}

func validationOptions() *openapi3filter.Options {
	o := &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}
	o.WithCustomSchemaErrorFunc(func(e *openapi3.SchemaError) string {
		msg := e.Reason
		if e.Origin != nil {
			msg = e.Origin.Error()
		}
		v, _ := json.Marshal(e.Value)
		if len(v) > 80 {
			v = append(v[:77:77], "..."...)
		}
		return fmt.Sprintf("/%s: %s (value %s)", strings.Join(e.JSONPointer(), "/"), msg, v)
	})
	return o
}

var arrayIndex = regexp.MustCompile(`/[0-9]+(/|:)`)

// validationMessage lists kin-openapi's findings one per line, with array
// indexes folded so that 100 tickets with the same problem give one line.
func validationMessage(err error) string {
	var re *openapi3filter.ResponseError
	if !errors.As(err, &re) {
		return err.Error()
	}
	var parts []string
	var me openapi3.MultiError
	if errors.As(re.Err, &me) {
		for _, e := range me {
			parts = append(parts, e.Error())
		}
	} else if re.Err != nil {
		parts = append(parts, re.Err.Error())
	}
	counts := map[string]int{}
	for _, p := range parts {
		for arrayIndex.MatchString(p) {
			p = arrayIndex.ReplaceAllString(p, "/*$1")
		}
		counts[p]++
	}
	return re.Reason + listCounts(counts)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// listCounts renders a count per key, one per line, keys sorted.
func listCounts(m map[string]int) string {
	if len(m) == 0 {
		return " none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n\t%5d  %s", m[k], k)
	}
	return b.String()
}
