package zendesk

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// The bad API bodies of TESTING.md: each is served over real HTTP on loopback by a server
// that answers what Zendesk never would, and read through the real client. Every row names
// the message the operator gets; none may panic, follow another host, or show the token.

// badToken is the API token of every client here; no error may hold it, its Authorization
// header, or the header's base64 part.
const badToken = "zdops-secret-TOKEN-1f2e3d4c"

func assertNoCredential(t *testing.T, c *Client, s string) {
	t.Helper()
	for _, secret := range c.creds.secrets() {
		if strings.Contains(s, secret) {
			t.Fatalf("a credential (%.12s…) is in %q", secret, s)
		}
	}
}

// badServer serves handler on loopback and returns a client for it that tries each call
// once. HOST in a body written with serveBody becomes the server's own host.
func badServer(t *testing.T, handler http.HandlerFunc, opts Options) *Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	opts.BaseURL = srv.URL
	opts.Credentials = Credentials{Email: "ops@acme.test", APIToken: badToken}
	opts.Profile = "acme"
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = 1
	}
	c, err := NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func serveBody(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		io.WriteString(w, strings.ReplaceAll(body, "HOST", r.Host))
	}
}

// trap is a second loopback server: another host as far as the client is concerned. It
// counts the requests that reach it, which must stay at zero.
func trap(t *testing.T) (url string, hits *atomic.Int64) {
	t.Helper()
	hits = new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, `{"users":[],"meta":{"has_more":false}}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, hits
}

func listUsers(c *Client) error {
	_, err := c.Users.List(UserListOptions{}).Page(context.Background(), "")
	return err
}

func getUser(c *Client) error {
	_, err := c.Users.Get(context.Background(), 7)
	return err
}

func allUsers(c *Client) error {
	_, err := c.Users.List(UserListOptions{}).Collect(context.Background())
	return err
}

func TestBadInputAPIBodies(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		call        func(*Client) error
		want        []string
		is          error // when set, errors.Is must hold
	}{
		{name: "HTML page with status 200 on a list", status: 200, contentType: "text/html",
			body: "<html><body><h1>Down for maintenance</h1></body></html>", call: listUsers,
			want: []string{"GET /api/v2/users?page%5Bsize%5D=100: the answer is not JSON (text/html): <html><body><h1>Down for maintenance"}},
		{name: "HTML page with status 200 on a record", status: 200, contentType: "text/html; charset=utf-8",
			body: "<!DOCTYPE html><title>Help Center</title>", call: getUser,
			want: []string{"GET /api/v2/users/7: the answer is not JSON (text/html; charset=utf-8): <!DOCTYPE html>"}},
		{name: "plain text with status 200", status: 200,
			body: "OK", call: getUser, want: []string{"GET /api/v2/users/7: the answer is not JSON (text/plain; charset=utf-8): OK"}},
		{name: "truncated JSON", status: 200, body: `{"users":[{"id":1,"name":"Ada`, call: listUsers,
			want: []string{"GET /api/v2/users?page%5Bsize%5D=100: decode response: unexpected end of JSON input"}},
		{name: "truncated JSON on a record", status: 200, body: `{"user":{"id":7,`, call: getUser,
			want: []string{"GET /api/v2/users/7: decode response: unexpected end of JSON input"}},
		{name: "empty body with status 200 on a list", status: 200, body: "", call: listUsers,
			want: []string{"list users: the answer is empty"}},
		{name: "error as a string", status: 404, body: `{"error":"RecordNotFound","description":"Not found"}`, call: getUser,
			want: []string{"GET /api/v2/users/7: 404 RecordNotFound: Not found"}},
		{name: "error as an object", status: 403, body: `{"error":{"title":"Forbidden","message":"You do not have access to this page."}}`, call: getUser,
			want: []string{"GET /api/v2/users/7: 403 Forbidden: You do not have access to this page."}},
		{name: "error as a number", status: 400, body: `{"error":42}`, call: getUser,
			want: []string{`GET /api/v2/users/7: 400: {"error":42}`}},
		{name: "error as a list", status: 422, body: `{"error":["a","b"]}`, call: getUser,
			want: []string{`GET /api/v2/users/7: 422: {"error":["a","b"]}`}},
		{name: "error with details", status: 422, body: `{"error":"RecordInvalid","description":"Record validation errors","details":{"email":[{"description":"Email: is invalid"}]}}`, call: getUser,
			want: []string{"422 RecordInvalid: Record validation errors; email: Email: is invalid"}},
		{name: "HTML error page", status: 502, contentType: "text/html", body: "<html>\n<h1>502   Bad Gateway</h1>\n</html>", call: getUser,
			want: []string{"GET /api/v2/users/7: 502: <html> <h1>502 Bad Gateway</h1> </html>"}},
		{name: "401 from the server", status: 401, body: `{"error":"Couldn't authenticate you"}`, call: getUser,
			want: []string{`authentication failed for profile "acme": Zendesk answered 401 Couldn't authenticate you; check the email and token (zdops config check)`},
			is:   ErrAuthentication},
		{name: "anonymous user on /users/me", status: 200, body: `{"user":{"id":null,"name":"Anonymous user"}}`,
			call: func(c *Client) error { _, err := c.Users.Me(context.Background()); return err },
			want: []string{`authentication failed for profile "acme": Zendesk answered with the anonymous user`}, is: ErrAuthentication},
		{name: "record answer without the record", status: 200, body: `{"users":[]}`, call: getUser,
			want: []string{`GET /api/v2/users/7: the answer has no "user"`}},
		{name: "record as a list", status: 200, body: `{"user":[{"id":7}]}`, call: getUser,
			want: []string{"GET /api/v2/users/7: decode user: json: cannot unmarshal array into Go value of type zendesk.User"}},
		{name: "id as a string", status: 200, body: `{"users":[{"id":"seven"}],"meta":{"has_more":false}}`, call: listUsers,
			want: []string{"list users: decode users: json: cannot unmarshal string into Go struct field User.id of type int64"}},
		{name: "list as an object", status: 200, body: `{"users":{"id":1},"meta":{"has_more":false}}`, call: listUsers,
			want: []string{"list users: decode users: json: cannot unmarshal object into Go value of type []zendesk.User"}},
		{name: "whole answer an array", status: 200, body: `[1,2,3]`, call: listUsers,
			want: []string{"list users: decode page: json: cannot unmarshal array"}},
		{name: "meta as a string", status: 200, body: `{"users":[],"meta":"more"}`, call: listUsers,
			want: []string{"list users: decode meta:"}},
		{name: "missing meta on a cursor page", status: 200, body: `{"users":[]}`, call: listUsers,
			want: []string{"list users: the answer is not a cursor page (no meta)"}},
		{name: "has_more without links.next", status: 200, body: `{"users":[],"meta":{"has_more":true},"links":{"next":null}}`, call: listUsers,
			want: []string{"list users: meta.has_more is true but links.next is empty"}},
		{name: "items under another key", status: 200, body: `{"tickets":[],"meta":{"has_more":false}}`, call: listUsers,
			want: []string{`list users: the answer has no "users"`}},
		{name: "links.next pointing at the same page", status: 200,
			body: `{"users":[{"id":1}],"meta":{"has_more":true},"links":{"next":"http://HOST/api/v2/users?page%5Bafter%5D=same"}}`, call: allUsers,
			want: []string{"list users: links.next points at the page just read"}},
		{name: "links.next on the account's host but not the API", status: 200,
			body: `{"users":[],"meta":{"has_more":true},"links":{"next":"http://HOST/admin/export"}}`, call: allUsers,
			want: []string{"refusing to follow /admin/export: not an API path"}},
		{name: "links.next with a user name and password", status: 200,
			body: `{"users":[],"meta":{"has_more":true},"links":{"next":"http://ops%40acme.test%2Ftoken:` + badToken + `@HOST/api/v2/users?page%5Bafter%5D=x"}}`, call: allUsers,
			want: []string{"refusing to follow http://", "/api/v2/users: it holds a user name or password"}},
		{name: "links.next in another scheme", status: 200,
			body: `{"users":[],"meta":{"has_more":true},"links":{"next":"https://HOST/api/v2/users?page%5Bafter%5D=x"}}`, call: allUsers,
			want: []string{"refusing to follow https://", "it is not the account's host"}},
		{name: "links.next not a URL", status: 200,
			body: `{"users":[],"meta":{"has_more":true},"links":{"next":"http://[::1"}}`, call: allUsers,
			want: []string{"invalid URL from Zendesk"}},
		{name: "redirect", status: http.StatusFound, body: "", call: getUser,
			want: []string{"GET /api/v2/users/7: 302: Zendesk redirected; zdops does not follow redirects"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := badServer(t, serveBody(tc.status, tc.contentType, tc.body), Options{})
			err := tc.call(c)
			if err == nil {
				t.Fatal("the answer was accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\n lacks %q", err, w)
				}
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q is not %v", err, tc.is)
			}
			assertNoCredential(t, c, err.Error())
		})
	}
}

// A links.next, or a redirect, to another host is refused before anything is sent there:
// the request would carry the credentials.
func TestBadInputNeverFollowsAnotherHost(t *testing.T) {
	other, hits := trap(t)
	cases := map[string]http.HandlerFunc{
		"links.next to another host": serveBody(200, "", `{"users":[{"id":1}],"meta":{"has_more":true},"links":{"next":"`+other+`/api/v2/users?page%5Bafter%5D=x"}}`),
		"redirect to another host": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other+"/api/v2/users", http.StatusTemporaryRedirect)
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			c := badServer(t, h, Options{})
			_, err := c.Users.List(UserListOptions{}).Collect(context.Background())
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), "it is not the account's host") && !strings.Contains(err.Error(), "zdops does not follow redirects") {
				t.Errorf("error %q does not say why", err)
			}
			if !strings.Contains(err.Error(), strings.TrimPrefix(other, "http://")) {
				t.Errorf("error %q does not name where it pointed", err)
			}
			if n := hits.Load(); n != 0 {
				t.Fatalf("%d requests reached the other host", n)
			}
		})
	}
}

// A job's url is Zendesk's link to its status; zdops polls jobs by id on the account's
// host, so a url elsewhere is never requested.
func TestBadInputJobURLOnAnotherHost(t *testing.T) {
	other, hits := trap(t)
	var polls atomic.Int64
	c := badServer(t, func(w http.ResponseWriter, r *http.Request) {
		job := `{"id":"V3-evil","status":"completed","url":"` + other + `/api/v2/job_statuses/V3-evil.json","results":[{"id":1,"success":true}]}`
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/v2/tickets/update_many"):
			io.WriteString(w, `{"job_status":`+job+`}`)
		case strings.HasPrefix(r.URL.Path, "/api/v2/job_statuses"):
			polls.Add(1)
			if strings.HasSuffix(r.URL.Path, "show_many") {
				io.WriteString(w, `{"job_statuses":[`+job+`]}`)
			} else {
				io.WriteString(w, `{"job_status":`+job+`}`)
			}
		default:
			http.NotFound(w, r)
		}
	}, Options{})
	ctx := context.Background()
	job, err := c.Tickets.UpdateMany(ctx, []int64{1}, TicketUpdate{Priority: Ptr("high")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Jobs.Get(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Jobs.ShowMany(ctx, []string{job.ID}); err != nil {
		t.Fatal(err)
	}
	if polls.Load() != 2 || hits.Load() != 0 {
		t.Fatalf("polls on the account %d, requests to the job's url %d; want 2 and 0", polls.Load(), hits.Load())
	}
}

// countingTransport is the real loopback transport; it only counts the body bytes the client
// takes from each response.
type countingTransport struct{ read atomic.Int64 }

func (ct *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		resp.Body = &countingBody{ReadCloser: resp.Body, n: &ct.read}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// A 50 MB body is refused with a clear error after reading no more than the limit (the
// default 32 MiB), and the call is not repeated: the same request would bring the same body.
func TestBadInputFiftyMegabyteBody(t *testing.T) {
	const size = 50_000_000
	const limit = 32 << 20
	for _, chunked := range []bool{false, true} {
		name := map[bool]string{false: "with Content-Length", true: "chunked"}[chunked]
		t.Run(name, func(t *testing.T) {
			var requests, written atomic.Int64
			handler := func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				if !chunked {
					w.Header().Set("Content-Length", "50000000")
				}
				chunk := []byte(`{"users":[` + strings.Repeat(`{"id":1},`, 7000))
				for n := 0; n < size; n += len(chunk) {
					m, err := w.Write(chunk[:min(len(chunk), size-n)])
					written.Add(int64(m))
					if err != nil {
						return // the client hung up, as it should
					}
				}
			}
			ct := &countingTransport{}
			c := badServer(t, handler, Options{HTTPClient: &http.Client{Transport: ct}, MaxAttempts: 3})
			err := listUsers(c)
			if err == nil || !strings.Contains(err.Error(), "GET /api/v2/users?page%5Bsize%5D=100: response body larger than the limit (33554432 bytes)") {
				t.Fatalf("error %v", err)
			}
			if got := ct.read.Load(); got > limit+1 {
				t.Errorf("the client read %d bytes of the body, more than the limit %d", got, limit)
			}
			if requests.Load() != 1 {
				t.Errorf("the call was sent %d times", requests.Load())
			}
		})
	}
}

// An answer that quotes the request back (a debugging proxy, an echo server) must not bring
// the credentials into an error message: error bodies, HTML pages and Location headers are
// redacted before they are kept.
func TestBadInputEchoedCredentialsAreRedacted(t *testing.T) {
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			auth := r.Header.Get("Authorization")
			_, b64, _ := strings.Cut(auth, " ")
			w.Header().Set("Location", "http://127.0.0.2/?auth="+b64)
			w.WriteHeader(status)
			io.WriteString(w, `{"error":"`+auth+`","description":"token `+badToken+` base64 `+b64+`"}`)
		}
	}
	for _, status := range []int{200, 302, 400, 401, 404, 500} {
		c := badServer(t, echo(status), Options{})
		err := getUser(c)
		if err == nil {
			t.Fatalf("%d: accepted", status)
		}
		assertNoCredential(t, c, err.Error())
	}
	c := badServer(t, serveBody(200, "text/html", "<pre>HOST "+badToken+"</pre>"), Options{})
	if err := getUser(c); err == nil || !strings.Contains(err.Error(), "REDACTED") {
		t.Fatalf("the HTML snippet was not redacted: %v", err)
	} else {
		assertNoCredential(t, c, err.Error())
	}
}

// Go's own transport errors quote the URL: it never holds credentials, since a base URL
// with a user name or password is refused before any request.
func TestBadInputTransportErrorsHoldNoToken(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more: connection refused
	for _, creds := range []Credentials{{Email: "ops@acme.test", APIToken: badToken}, {OAuthToken: badToken}, {OAuthToken: badToken + "\r\nX-Evil: 1"}} {
		c, err := NewClient(Options{BaseURL: url, Credentials: creds, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		err = getUser(c)
		if err == nil {
			t.Fatal("no error from a closed port")
		}
		if !strings.Contains(err.Error(), "GET /api/v2/users/7: ") {
			t.Errorf("error %q does not say which call failed", err)
		}
		assertNoCredential(t, c, err.Error())
		if strings.Contains(err.Error(), "1f2e3d4c") {
			t.Fatalf("token in %q", err)
		}
	}
	for _, base := range []string{
		"http://ops:" + badToken + "@127.0.0.1:1",
		"http://ops:" + badToken + "@127.0.0.1:1/?token=" + badToken,
		"https://acme.zendesk.com/?token=" + badToken,
		"https://acme.zendesk.com/#" + badToken,
		"https://acme.zendesk.com/" + badToken,
		"https://acme.zendesk.com:bad/" + badToken,
		"http://[::1" + badToken,
	} {
		_, err := NewClient(Options{BaseURL: base, Credentials: Credentials{OAuthToken: "x-token"}})
		if err == nil || !strings.Contains(err.Error(), "invalid Zendesk URL") || strings.Contains(err.Error(), "1f2e3d4c") {
			t.Errorf("base URL %q: %v", base, err)
		}
	}
}
