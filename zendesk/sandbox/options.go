package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Options sizes and configures a sandbox. The zero value is the demo account.
type Options struct {
	Seed       int64         // data generator seed; 0 means 1
	Users      int           // total users incl. agents/admins; 0 means the demo default
	Tickets    int           // 0 means demo default
	Email      string        // the sandbox admin's email; "" means "admin@sandbox.zdops.test"
	Token      string        // API token accepted for Basic "{email}/token:{token}"; "" means a random one
	OAuthToken string        // Bearer token accepted; "" means a random one
	RateLimit  int           // requests per window; 0 means 700
	RateWindow time.Duration // 0 means one minute
	Subdomain  string        // account label, "" means "sandbox"

	// JobDuration is how long a bulk job takes from creation to completion on
	// the sandbox clock; 0 means DefaultJobDuration. Tests set it tiny.
	JobDuration time.Duration
	// MaxJobs is how many jobs may be queued or working at once; 0 means
	// DefaultMaxJobs, Zendesk's limit.
	MaxJobs int

	// Faults injects latency, errors, dropped connections and failed jobs
	// (faults.go); the zero value injects nothing.
	Faults Faults
}

// Demo sizes and the ceilings that keep a typo from eating the machine.
const (
	DefaultUsers   = 1200
	DefaultTickets = 6000
	MaxUsers       = 1_000_000
	MaxTickets     = 5_000_000

	DefaultJobDuration = 1500 * time.Millisecond
	DefaultMaxJobs     = 30

	defaultEmail     = "admin@sandbox.zdops.test"
	defaultSubdomain = "sandbox"
	defaultRateLimit = 700
)

// normalize fills defaults and rejects what the generator or the HTTP
// surface cannot honour. Secrets are generated here so a caller that asked
// for nothing still gets credentials nobody can guess.
func (o Options) normalize() (Options, error) {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Users < 0 || o.Tickets < 0 {
		return o, fmt.Errorf("sandbox: negative size (users %d, tickets %d)", o.Users, o.Tickets)
	}
	if o.Users == 0 {
		o.Users = DefaultUsers
	}
	if o.Tickets == 0 {
		o.Tickets = DefaultTickets
	}
	if o.Users > MaxUsers {
		return o, fmt.Errorf("sandbox: %d users is more than the %d supported", o.Users, MaxUsers)
	}
	if o.Tickets > MaxTickets {
		return o, fmt.Errorf("sandbox: %d tickets is more than the %d supported", o.Tickets, MaxTickets)
	}
	if sz := planSizes(o.Users); o.Tickets > 0 && sz.endUsers < 1 {
		return o, fmt.Errorf("sandbox: %d users leave no end-user to request %d tickets; raise Users", o.Users, o.Tickets)
	}
	if o.RateLimit < 0 || o.RateWindow < 0 {
		return o, errors.New("sandbox: negative rate limit or window")
	}
	if o.RateLimit == 0 {
		o.RateLimit = defaultRateLimit
	}
	if o.RateWindow == 0 {
		o.RateWindow = time.Minute
	}
	if o.JobDuration < 0 || o.MaxJobs < 0 {
		return o, errors.New("sandbox: negative job duration or job limit")
	}
	if o.JobDuration == 0 {
		o.JobDuration = DefaultJobDuration
	}
	if o.MaxJobs == 0 {
		o.MaxJobs = DefaultMaxJobs
	}
	if err := o.Faults.validate(); err != nil {
		return o, fmt.Errorf("sandbox: %w", err)
	}
	if o.Email == "" {
		o.Email = defaultEmail
	}
	// The email is the user part of a Basic credential, so it cannot hold a colon.
	if at := strings.IndexByte(o.Email, '@'); at < 1 || at == len(o.Email)-1 || strings.ContainsAny(o.Email, ": \t\r\n") {
		return o, fmt.Errorf("sandbox: admin email %q is not a usable address", o.Email)
	}
	if o.Subdomain == "" {
		o.Subdomain = defaultSubdomain
	}
	for _, c := range o.Subdomain {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return o, fmt.Errorf("sandbox: subdomain %q may hold only a-z, 0-9 and '-'", o.Subdomain)
		}
	}
	var err error
	if o.Token == "" {
		if o.Token, err = randomSecret(); err != nil {
			return o, err
		}
	}
	if o.OAuthToken == "" {
		if o.OAuthToken, err = randomSecret(); err != nil {
			return o, err
		}
	}
	return o, nil
}

// randomSecret returns 24 URL-safe characters (144 bits).
func randomSecret() (string, error) {
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("sandbox: generate token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// sizes is how the generator splits an account of a given number of users.
type sizes struct {
	admins, agents, endUsers int
	orgs, groups             int
}

// planSizes keeps the demo proportions (3 admins, 30 agents, 15 orgs and 8
// groups for 1,200 users) and lets organisations and groups grow mildly.
func planSizes(users int) sizes {
	var z sizes
	z.admins = min(1+min(users/600, 20), users)
	z.agents = min(users/40, users-z.admins)
	z.endUsers = users - z.admins - z.agents
	z.orgs = max(15, users/500)
	z.groups = max(8, (z.admins+z.agents)/4)
	return z
}
