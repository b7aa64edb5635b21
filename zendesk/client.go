package zendesk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options configure a Client. Either Subdomain or BaseURL names the account.
type Options struct {
	Subdomain   string      // "acme" for https://acme.zendesk.com
	BaseURL     string      // explicit https URL, or http on loopback (the sandbox)
	Credentials Credentials // API token or OAuth token
	Profile     string      // the profile's name, used in authentication errors

	HTTPClient *http.Client // nil means a client with a 30 s timeout
	UserAgent  string       // "" means "zdops"

	// MaxWait bounds the total time one call may spend waiting out 429 and 503 answers
	// and backing off from server and network errors, and, apart from those, how long
	// the pacing may hold one attempt: a call whose budget resets later fails with a
	// *PacingError instead of being sent. 0 means two minutes.
	MaxWait time.Duration
	// MaxAttempts bounds how often one call is sent. 0 means 5.
	MaxAttempts int
	// MaxBodyBytes bounds how much of a response body is read. 0 means 32 MiB.
	MaxBodyBytes int64
	// OnWait, when set, hears about every wait before it starts, so a UI can say
	// "rate limited, resuming in 12s": every retry's wait, and the pacing waits that
	// matter to a person (the first of each rate-limit window, and any of a second or more).
	OnWait func(Wait)
}

// Wait describes a pause before a request is sent again.
type Wait struct {
	Method, Path string
	// Reason is "rate limited (429)", "service unavailable (503)", "server error (502)",
	// "network error", or for pacing "rate limited (pacing: 12 requests left until reset)".
	Reason  string
	Delay   time.Duration
	Attempt int // the attempt about to be made: from 2 after a failure, 1 or more when pacing
}

// Client talks to one Zendesk account. It is safe for concurrent use.
type Client struct {
	base        *url.URL
	creds       Credentials
	profile     string
	http        *http.Client
	userAgent   string
	maxWait     time.Duration
	maxAttempts int
	maxBody     int64
	onWait      func(Wait)
	sleep       func(context.Context, time.Duration) error // replaced in tests
	gate        *RateGate                                  // nil only in tests that show what pacing prevents

	mu        sync.Mutex
	rateLimit RateLimit

	Users         *UsersService
	Tickets       *TicketsService
	Groups        *GroupsService
	Organizations *OrganizationsService
	TicketFields  *TicketFieldsService
	Search        *SearchService
	Jobs          *JobsService
}

// NewClient checks the options and builds a client. It makes no request.
func NewClient(opts Options) (*Client, error) {
	var base *url.URL
	var err error
	switch {
	case opts.BaseURL != "":
		base, err = ParseBaseURL(opts.BaseURL)
	case opts.Subdomain != "":
		base, err = SubdomainURL(opts.Subdomain)
	default:
		err = errors.New("no Zendesk account: set a subdomain or a URL")
	}
	if err != nil {
		return nil, err
	}
	if err := opts.Credentials.validate(); err != nil {
		return nil, fmt.Errorf("profile %q: %w", opts.Profile, err)
	}
	c := &Client{
		base:        base,
		creds:       opts.Credentials,
		profile:     opts.Profile,
		http:        opts.HTTPClient,
		userAgent:   opts.UserAgent,
		maxWait:     opts.MaxWait,
		maxAttempts: opts.MaxAttempts,
		maxBody:     opts.MaxBodyBytes,
		onWait:      opts.OnWait,
		sleep:       sleepContext,
		gate:        newRateGate(),
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 30 * time.Second}
	}
	// A redirect would carry the Authorization header to wherever it points; Zendesk's API
	// does not redirect, so any redirect is refused rather than followed.
	hc := *c.http
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	if c.userAgent == "" {
		c.userAgent = "zdops"
	}
	if c.maxWait <= 0 {
		c.maxWait = 2 * time.Minute
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = 5
	}
	if c.maxBody <= 0 {
		c.maxBody = 32 << 20
	}
	c.Users = &UsersService{c}
	c.Tickets = &TicketsService{c}
	c.Groups = &GroupsService{c}
	c.Organizations = &OrganizationsService{c}
	c.TicketFields = &TicketFieldsService{c}
	c.Search = &SearchService{c}
	c.Jobs = &JobsService{c}
	return c, nil
}

// BaseURL is the account's URL, e.g. https://acme.zendesk.com.
func (c *Client) BaseURL() string { return c.base.String() }

// Profile is the name of the profile the client was built for.
func (c *Client) Profile() string { return c.profile }

// RateLimit is the budget reported by the most recent response.
func (c *Client) RateLimit() RateLimit {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rateLimit
}

// request is one API call before it is sent.
type request struct {
	method string
	target string     // absolute URL on the account's host (from links.next), or ""
	path   string     // path under /api/v2 when target is ""
	query  url.Values // query for path
	body   any        // JSON-encoded when not nil
	header http.Header
	// once marks a write that Zendesk may have carried out even when its answer is lost (a
	// bulk call starts a job). It is never resent after a network error or a server error,
	// only after 429 and 503, which say the request was not processed; and once sent it is
	// not abandoned when ctx is cancelled, so the caller learns the job it started.
	once bool
	// status, when set, receives the status of a 2xx answer: create_or_update tells a
	// created record (201) from an updated one (200) only by it.
	status *int
}

// resolve gives the absolute URL and refuses any host other than the account's, so that a
// links.next or job url pointing elsewhere is never followed with the credentials.
func (c *Client) resolve(r request) (*url.URL, error) {
	if r.target != "" {
		u, err := url.Parse(r.target)
		if err != nil {
			return nil, fmt.Errorf("invalid URL from Zendesk %q: %v", r.target, err)
		}
		if u.User != nil {
			return nil, fmt.Errorf("refusing to follow %s://%s%s: it holds a user name or password", u.Scheme, u.Host, u.Path)
		}
		if u.Scheme != c.base.Scheme || !strings.EqualFold(u.Host, c.base.Host) {
			return nil, fmt.Errorf("refusing to follow %s://%s%s: it is not the account's host %s", u.Scheme, u.Host, u.Path, c.base.Host)
		}
		if !strings.HasPrefix(u.Path, "/api/v2/") {
			return nil, fmt.Errorf("refusing to follow %s: not an API path", u.Path)
		}
		return u, nil
	}
	u := *c.base
	u.Path = "/api/v2/" + strings.TrimPrefix(r.path, "/")
	u.RawQuery = r.query.Encode()
	return &u, nil
}

// do sends r and decodes a 2xx JSON answer into out (when out is not nil). Other answers
// become *Error or *AuthError. 429 and 503 are waited out for every request (Zendesk did
// nothing), and server and network errors retried with backoff for requests that are safe
// to repeat: GET, PUT, DELETE, and POST with an Idempotency-Key.
func (c *Client) do(ctx context.Context, r request, out any) (http.Header, error) {
	u, err := c.resolve(r)
	if err != nil {
		return nil, c.scrub(err)
	}
	var payload []byte
	if r.body != nil {
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", r.method, u.Path, err)
		}
	}
	shownPath := u.Path
	if u.RawQuery != "" {
		shownPath += "?" + u.RawQuery
	}
	retryable := r.method == http.MethodGet || r.method == http.MethodPut || r.method == http.MethodDelete ||
		(r.method == http.MethodPost && r.header.Get("Idempotency-Key") != "")
	policy := newRetryPolicy(c.maxWait, c.maxAttempts)
	sendCtx := ctx
	if r.once {
		sendCtx = context.WithoutCancel(ctx) // bounded by the HTTP client's timeout
	}

	for attempt := 1; ; attempt++ {
		// The gate holds the request while the budgets it spends are nearly gone. Its waits
		// are not failures: they take nothing from the retry budget, and end with ctx.
		var slot *gateSlot
		if c.gate != nil {
			report := func(d time.Duration, reason string) {
				if c.onWait != nil {
					c.onWait(Wait{Method: r.method, Path: shownPath, Reason: reason, Delay: d, Attempt: attempt})
				}
			}
			var gateErr error
			if slot, gateErr = c.gate.wait(ctx, r.method, u.Path, shownPath, c.maxWait, report); gateErr != nil {
				return nil, gateErr
			}
		}
		resp, err := c.send(sendCtx, r, u, payload)
		received := time.Now()
		var wait time.Duration
		var reason string
		notProcessed := false // set for the answers that say Zendesk did nothing (429, 503)
		if err != nil {
			slot.done(RateLimit{}, received)
			if ctx.Err() != nil && !r.once {
				return nil, ctx.Err()
			}
			wait, reason = policy.backoff(attempt), "network error"
			err = fmt.Errorf("%s %s: %w", r.method, shownPath, c.scrub(err))
		} else {
			header, body, rl, readErr := c.read(resp, received)
			slot.done(rl, received)
			switch {
			case errors.Is(readErr, errBodyTooLarge):
				return nil, fmt.Errorf("%s %s: %w", r.method, shownPath, readErr)
			case readErr != nil:
				wait, reason = policy.backoff(attempt), "network error"
				err = fmt.Errorf("%s %s: read response: %w", r.method, shownPath, readErr)
			case resp.StatusCode >= 200 && resp.StatusCode < 300:
				if out != nil && len(bytes.TrimSpace(body)) > 0 {
					if err := json.Unmarshal(body, out); err != nil {
						return header, fmt.Errorf("%s %s: %w", r.method, shownPath, decodeError(err, header, []byte(c.creds.redact(string(body)))))
					}
				}
				if r.status != nil {
					*r.status = resp.StatusCode
				}
				return header, nil
			default:
				apiErr := &Error{Method: r.method, Path: shownPath, Status: resp.StatusCode}
				apiErr.parseErrorBody([]byte(c.creds.redact(string(body))))
				apiErr.noteRedirect(c.creds.redact(header.Get("Location")))
				if resp.StatusCode == http.StatusUnauthorized {
					return header, &AuthError{Profile: c.profile, Reason: fmt.Sprintf("Zendesk answered %d %s", apiErr.Status, firstNonEmpty(apiErr.Code, apiErr.Description, http.StatusText(apiErr.Status)))}
				}
				if ra, ok := retryAfter(header, time.Now()); ok {
					apiErr.RetryAfter = ra
				}
				err = apiErr
				switch {
				case apiErr.Code == "TooManyJobs":
					// The job cap clears when jobs finish, not after a delay: the caller
					// (which knows its jobs) waits for them instead of retrying blindly.
					return header, err
				case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
					notProcessed = true
					wait = apiErr.RetryAfter
					if wait == 0 {
						wait = policy.backoff(attempt)
					}
					reason = fmt.Sprintf("%s (%d)", map[int]string{429: "rate limited", 503: "service unavailable"}[resp.StatusCode], resp.StatusCode)
				case resp.StatusCode >= 500:
					wait, reason = policy.backoff(attempt), fmt.Sprintf("server error (%d)", resp.StatusCode)
				default:
					return header, err
				}
			}
		}
		// A 429 or 503 says Zendesk did nothing, so any request may go again after it; other
		// failures are resent only for requests that are safe to repeat.
		if !(retryable || notProcessed) || (r.once && !notProcessed) || !policy.allow(attempt, wait) {
			return nil, err
		}
		if c.onWait != nil {
			c.onWait(Wait{Method: r.method, Path: shownPath, Reason: reason, Delay: wait, Attempt: attempt + 1})
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			return nil, serr
		}
	}
}

func (c *Client) send(ctx context.Context, r request, u *url.URL, payload []byte) (*http.Response, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", c.creds.header())
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.http.Do(req)
}

// errBodyTooLarge is not retried: the same request would bring the same body.
var errBodyTooLarge = errors.New("response body larger than the limit")

// read takes the body through the size limit and records the rate-limit headers, which it
// returns as they stood when the answer arrived (at).
func (c *Client) read(resp *http.Response, at time.Time) (http.Header, []byte, RateLimit, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err == nil && int64(len(body)) > c.maxBody {
		err = fmt.Errorf("%w (%d bytes)", errBodyTooLarge, c.maxBody)
	}
	rl := ParseRateLimit(resp.Header, at)
	if rl.Known {
		c.mu.Lock()
		if !c.rateLimit.staler(rl) {
			c.rateLimit = rl
		}
		c.mu.Unlock()
	}
	return resp.Header, body, rl, err
}

// scrub removes any credential that a transport error might quote.
func (c *Client) scrub(err error) error {
	msg := err.Error()
	for _, s := range c.creds.secrets() {
		if strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, "REDACTED")
		}
	}
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// get is the common shape of a single-object read.
func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	_, err := c.do(ctx, request{method: http.MethodGet, path: path, query: query}, out)
	return err
}
