package zendesk_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

type harness struct {
	sb     *sandbox.Server
	run    *sandbox.Running
	client *zendesk.Client
	email  string
	token  string
}

// newHarness serves a seeded sandbox on loopback and builds a client for it.
func newHarness(t *testing.T, opts sandbox.Options, copts zendesk.Options) *harness {
	t.Helper()
	if opts.Users == 0 {
		opts.Users, opts.Tickets = 300, 1500
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 100000
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	run, err := sandbox.Start(sb, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run.Close() })
	email, token, _ := sb.Credentials()
	copts.BaseURL = run.URL
	if copts.Credentials == (zendesk.Credentials{}) {
		copts.Credentials = zendesk.Credentials{Email: email, APIToken: token}
	}
	if copts.Profile == "" {
		copts.Profile = "sandbox"
	}
	c, err := zendesk.NewClient(copts)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{sb: sb, run: run, client: c, email: email, token: token}
}

func TestCursorPaginationWalksEveryUserOnce(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	seen := map[int64]bool{}
	pages := 0
	next := ""
	list := h.client.Users.List(zendesk.UserListOptions{}).WithPageSize(40)
	for {
		page, err := list.Page(ctx, next)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, u := range page.Items {
			if seen[u.ID] {
				t.Fatalf("user %d served twice", u.ID)
			}
			seen[u.ID] = true
		}
		if page.Next == "" {
			break
		}
		next = page.Next
	}
	if len(seen) != 300 {
		t.Fatalf("walked %d users, want 300", len(seen))
	}
	if want := (300 + 39) / 40; pages != want {
		t.Fatalf("%d pages, want %d", pages, want)
	}
	if got := h.sb.Stats().ByRoute["GET /api/v2/users"]; got != pages {
		t.Fatalf("sandbox served %d list requests, want %d", got, pages)
	}
}

func TestAllIteratorAndRoleFilter(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	n := 0
	for u, err := range h.client.Users.Agents().All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if !u.IsAgent() {
			t.Fatalf("agents list returned %s with role %s", u.Email, u.Role)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no agents")
	}
	// Stopping early must not fetch further pages.
	h.sb.ResetStats()
	for range h.client.Users.List(zendesk.UserListOptions{}).WithPageSize(10).All(ctx) {
		break
	}
	if got := h.sb.Stats().Total; got != 1 {
		t.Fatalf("breaking out of All after one item made %d requests, want 1", got)
	}
}

func TestRequestedTicketsOfHeavyRequester(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	heavy := h.sb.HeavyRequesters()
	if len(heavy) == 0 {
		t.Fatal("sandbox has no heavy requesters")
	}
	related, err := h.client.Users.Related(ctx, heavy[0])
	if err != nil {
		t.Fatal(err)
	}
	tickets, err := h.client.Tickets.Requested(heavy[0]).Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tickets) != related.RequestedTickets || len(tickets) < 100 {
		t.Fatalf("listed %d tickets, related says %d", len(tickets), related.RequestedTickets)
	}
	for _, tk := range tickets {
		if tk.RequesterID != heavy[0] {
			t.Fatalf("ticket %d has requester %d", tk.ID, tk.RequesterID)
		}
	}
	ids := []int64{}
	for _, tk := range tickets[:min(len(tickets), 150)] {
		ids = append(ids, tk.ID)
	}
	h.sb.ResetStats()
	got, err := h.client.Tickets.ShowMany(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("show_many returned %d of %d", len(got), len(ids))
	}
	if calls := h.sb.Stats().ByRoute["GET /api/v2/tickets/show_many"]; calls != (len(ids)+99)/100 {
		t.Fatalf("show_many took %d calls for %d ids", calls, len(ids))
	}
}

func TestGetAndDetails(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	me, err := h.client.Users.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.ID == 0 || me.Email != h.email || me.Role != "admin" {
		t.Fatalf("me = %+v", me)
	}
	u, err := h.client.Users.Get(ctx, me.ID)
	if err != nil || u.ID != me.ID {
		t.Fatalf("get me: %v %+v", err, u)
	}
	ids, err := h.client.Users.Identities(me.ID).Collect(ctx)
	if err != nil || len(ids) == 0 || !ids[0].Primary {
		t.Fatalf("identities: %v %+v", err, ids)
	}
	groups, err := h.client.Groups.List().Collect(ctx)
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups: %v %d", err, len(groups))
	}
	members, err := h.client.Groups.Users(groups[0].ID).Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if !m.IsAgent() {
			t.Fatalf("group member %s is a %s", m.Email, m.Role)
		}
	}
	orgs, err := h.client.Organizations.List().Collect(ctx)
	if err != nil || len(orgs) == 0 {
		t.Fatalf("orgs: %v %d", err, len(orgs))
	}
	if orgs[0].ExternalID != "" {
		found, err := h.client.Organizations.FindByExternalID(ctx, strings.ToUpper(orgs[0].ExternalID))
		if err != nil || len(found) != 1 || found[0].ID != orgs[0].ID {
			t.Fatalf("find org by external id: %v %+v", err, found)
		}
	}
	fields, err := h.client.TicketFields.List(ctx)
	if err != nil || len(fields) == 0 {
		t.Fatalf("ticket fields: %v %d", err, len(fields))
	}
	_, err = h.client.Tickets.Get(ctx, 999999999)
	var apiErr *zendesk.Error
	if !errors.As(err, &apiErr) || apiErr.Status != 404 || apiErr.Code != "RecordNotFound" {
		t.Fatalf("missing ticket: %v", err)
	}
}

func TestSearch(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	me, _ := h.client.Users.Me(ctx)
	users, err := h.client.Users.Search("email:" + me.Email).Collect(ctx)
	if err != nil || len(users) != 1 || users[0].ID != me.ID {
		t.Fatalf("user search: %v %+v", err, users)
	}
	heavy := h.sb.HeavyRequesters()[0]
	page, err := h.client.Search.Tickets("status<solved requester_id:"+strconv.FormatInt(heavy, 10)).Page(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if page.Count <= 0 || len(page.Items) == 0 {
		t.Fatalf("ticket search found nothing: %+v", page.Count)
	}
	for _, tk := range page.Items {
		if tk.RequesterID != heavy || tk.Status == "solved" || tk.Status == "closed" {
			t.Fatalf("search returned ticket %d (%s, requester %d)", tk.ID, tk.Status, tk.RequesterID)
		}
	}
}

func TestSearchCapIsSurfaced(t *testing.T) {
	h := newHarness(t, sandbox.Options{Users: 300, Tickets: 3000}, zendesk.Options{})
	ctx := context.Background()
	list := h.client.Search.Tickets("")
	next, served, pages := "", 0, 0
	var last zendesk.Page[zendesk.Ticket]
	for {
		page, err := list.Page(ctx, next)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		served += len(page.Items)
		last = page
		if page.Next == "" {
			break
		}
		next = page.Next
	}
	if served != zendesk.SearchLimit || !last.Capped || last.Count != 3000 {
		t.Fatalf("served %d in %d pages, capped %v, count %d", served, pages, last.Capped, last.Count)
	}
	if got := h.sb.Stats().ByStatus["422"]; got != 0 {
		t.Fatalf("the client asked past the cap (%d answers 422)", got)
	}
}

func TestAuthenticationFailures(t *testing.T) {
	ctx := context.Background()
	bad := newHarness(t, sandbox.Options{}, zendesk.Options{Profile: "acme", Credentials: zendesk.Credentials{Email: "admin@sandbox.zdops.test", APIToken: "not-the-token-9d2e"}})
	_, err := bad.client.Users.Me(ctx)
	if !errors.Is(err, zendesk.ErrAuthentication) || !strings.Contains(err.Error(), `profile "acme"`) {
		t.Fatalf("wrong token: %v", err)
	}
	if strings.Contains(err.Error(), "not-the-token") {
		t.Fatal("the token leaked into the error")
	}
	_, err = bad.client.Users.List(zendesk.UserListOptions{}).Page(ctx, "")
	if !errors.Is(err, zendesk.ErrAuthentication) {
		t.Fatalf("wrong token on a list: %v", err)
	}
	oauth := newHarness(t, sandbox.Options{OAuthToken: "good-oauth-token-1"}, zendesk.Options{})
	c, err := zendesk.NewClient(zendesk.Options{BaseURL: oauth.run.URL, Credentials: zendesk.Credentials{OAuthToken: "good-oauth-token-1"}, Profile: "oauth"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Me(ctx); err != nil {
		t.Fatalf("bearer token refused: %v", err)
	}
}

func TestRateLimitHeadersAndRetryAfter(t *testing.T) {
	var waits []zendesk.Wait
	h := newHarness(t, sandbox.Options{RateLimit: 5, RateWindow: 2 * time.Second}, zendesk.Options{
		OnWait: func(w zendesk.Wait) { waits = append(waits, w) },
	})
	zendesk.WithoutPacing(h.client) // Zendesk's own 429 is what this test is about
	ctx := context.Background()
	if _, err := h.client.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	rl := h.client.RateLimit()
	if !rl.Known || rl.Limit != 5 || rl.Remaining != 4 {
		t.Fatalf("rate limit after one call: %+v", rl)
	}
	for i := 0; i < 8; i++ {
		if _, err := h.client.Users.Me(ctx); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if len(waits) == 0 {
		t.Fatal("9 calls against a limit of 5 never waited")
	}
	if !strings.Contains(waits[0].Reason, "429") || waits[0].Delay <= 0 || waits[0].Delay > 2*time.Second {
		t.Fatalf("wait = %+v", waits[0])
	}
	if got := h.sb.Stats().ByStatus["429"]; got != len(waits) {
		t.Fatalf("%d answers 429, %d waits", got, len(waits))
	}
}

func TestRetryBudgetExhausted(t *testing.T) {
	h := newHarness(t, sandbox.Options{RateLimit: 1, RateWindow: time.Minute}, zendesk.Options{MaxWait: time.Second})
	zendesk.WithoutPacing(h.client) // with pacing the call is not sent (TestPacingBeyondMaxWait)
	ctx := context.Background()
	if _, err := h.client.Users.Me(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := h.client.Users.Me(ctx)
	var apiErr *zendesk.Error
	if !errors.As(err, &apiErr) || apiErr.Status != 429 || apiErr.RetryAfter <= time.Second {
		t.Fatalf("want a 429 error with its Retry-After, got %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("waited past the budget")
	}
}

func TestSearchOrganizationsAndGroups(t *testing.T) {
	h := newHarness(t, sandbox.Options{}, zendesk.Options{})
	ctx := context.Background()
	orgs, err := h.client.Organizations.List().Collect(ctx)
	if err != nil || len(orgs) == 0 {
		t.Fatal(err)
	}
	word := strings.Fields(orgs[0].Name)[0]
	found, err := h.client.Search.Organizations(word).Collect(ctx)
	if err != nil || len(found) == 0 {
		t.Fatalf("organization search for %q: %v %d", word, err, len(found))
	}
	for _, o := range found {
		if !strings.Contains(strings.ToLower(o.Name+" "+o.Details+" "+o.Notes+" "+strings.Join(o.DomainNames, " ")+" "+strings.Join(o.Tags, " ")), strings.ToLower(word)) {
			t.Errorf("organization %q does not match %q", o.Name, word)
		}
	}
	groups, err := h.client.Groups.List().Collect(ctx)
	if err != nil || len(groups) == 0 {
		t.Fatal(err)
	}
	gfound, err := h.client.Search.Groups(groups[0].Name).Collect(ctx)
	if err != nil || len(gfound) == 0 || gfound[0].ID == 0 {
		t.Fatalf("group search for %q: %v %+v", groups[0].Name, err, gfound)
	}
}
