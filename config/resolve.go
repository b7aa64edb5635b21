package config

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// The environment variables that override a profile field by field. They are
// the names Zendesk's own tools use, so an operator's shell may already have
// them.
const (
	EnvSubdomain  = "ZENDESK_SUBDOMAIN"
	EnvEmail      = "ZENDESK_EMAIL"
	EnvAPIToken   = "ZENDESK_API_TOKEN"
	EnvOAuthToken = "ZENDESK_OAUTH_TOKEN"
	EnvURL        = "ZENDESK_URL"
)

// EnvProfile is Resolved.Profile when no profile was used, only ZENDESK_*
// variables.
const EnvProfile = "env"

// Env is how Resolve reads the environment: os.Getenv in main, a map in
// tests. An empty value counts as unset.
type Env func(string) string

// Resolved is everything main needs to build a client for one account. Its
// String, Format and LogValue hide the tokens, so it can be printed and
// logged as a whole.
type Resolved struct {
	Profile    string // profile name, or EnvProfile when only environment variables were used
	Subdomain  string // lower case; "" when URL is set
	URL        string // explicit base URL as scheme://host, or ""
	Email      string // always set with APIToken (Basic auth is email/token)
	APIToken   string // exactly one of APIToken and OAuthToken is set
	OAuthToken string
	ReadOnly   bool // the file's read_only or the profile's
}

// BaseURL is the address the client talks to: URL when set, else the
// subdomain's zendesk.com address.
func (r Resolved) BaseURL() string {
	if r.URL != "" {
		return r.URL
	}
	if r.Subdomain == "" {
		return ""
	}
	return "https://" + r.Subdomain + ".zendesk.com"
}

// setting is one resolved value and where it came from, so that an error can
// name the key, variable or flag to fix.
type setting struct {
	value string
	from  string // "profiles.acme.subdomain", "ZENDESK_URL", "--url"
	path  string // the config file, when from is a key in it
}

// Resolve chooses the account to use and the credentials for it.
//
// The profile is flagProfile when given (it must exist), else the file's
// default_profile, else the only profile if there is exactly one. The
// ZENDESK_* variables then override the profile field by field, and flagURL
// (the --url flag) overrides the address last. Setting the address at one
// level (subdomain or URL) replaces both at the levels below, and setting a
// token replaces the other kind of token too, so a variable always wins over
// the file instead of mixing with it.
//
// A profile's api_token_env or oauth_token_env must name a variable that is
// set, unless ZENDESK_API_TOKEN or ZENDESK_OAUTH_TOKEN replaces the token.
//
// Resolve returns ok false and no error when nothing is configured: no
// profile chosen, no ZENDESK_* variable and no flagURL; main then starts the
// embedded sandbox. With several profiles and no default it is an error
// instead, since the operator evidently meant one of them.
func Resolve(f *File, flagProfile, flagURL string, env Env) (r Resolved, ok bool, err error) {
	if f == nil {
		f = &File{}
	}
	if env == nil {
		env = func(string) string { return "" }
	}
	get := func(name string) setting { return setting{value: strings.TrimSpace(env(name)), from: name} }
	envSub, envEmail, envAPI, envOAuth, envURL := get(EnvSubdomain), get(EnvEmail), get(EnvAPIToken), get(EnvOAuthToken), get(EnvURL)
	envSet := envSub.value != "" || envEmail.value != "" || envAPI.value != "" || envOAuth.value != "" || envURL.value != ""

	name, perr := selectProfile(f, flagProfile)
	if perr != nil {
		return Resolved{}, false, perr
	}
	if name == "" && !envSet {
		if len(f.Profiles) > 1 {
			return Resolved{}, false, &Error{Path: f.Path,
				Msg:  fmt.Sprintf("%d profiles and no default_profile, so which account to use is unclear", len(f.Profiles)),
				Hint: "pass --profile NAME or set default_profile; " + availableProfiles(f), Kind: ErrNoProfile}
		}
		if flagURL == "" {
			return Resolved{}, false, nil
		}
	}

	var problems []*Error
	var sub, addr, email, api, oauth setting
	r = Resolved{Profile: EnvProfile, ReadOnly: f.ReadOnly}
	if name != "" {
		p := f.Profiles[name]
		// A File from Load has passed this already; one built by hand has not.
		if ps := validateProfile(f.Path, name, p); len(ps) > 0 {
			return Resolved{}, false, joinProblems(ps, p.APIToken, p.OAuthToken)
		}
		r.Profile = name
		r.ReadOnly = r.ReadOnly || p.ReadOnly
		from := func(field, value string) setting {
			return setting{value: value, from: toml.Key{"profiles", name, field}.String(), path: f.Path}
		}
		sub, addr, email = from("subdomain", p.Subdomain), from("url", p.URL), from("email", p.Email)
		if envAPI.value == "" && envOAuth.value == "" {
			api = tokenSetting(from("api_token", p.APIToken), from("api_token_env", p.APITokenEnv), name, env, &problems)
			oauth = tokenSetting(from("oauth_token", p.OAuthToken), from("oauth_token_env", p.OAuthTokenEnv), name, env, &problems)
		}
	}

	if envSub.value != "" {
		sub, addr = envSub, setting{}
	}
	if envURL.value != "" {
		sub, addr = setting{}, envURL
	}
	if envEmail.value != "" {
		email = envEmail
	}
	switch {
	case envAPI.value != "" && envOAuth.value != "":
		problems = append(problems, &Error{Key: EnvAPIToken + " and " + EnvOAuthToken,
			Msg: "both are set, so the way to sign in is ambiguous", Hint: "unset one of them", Kind: ErrInvalid})
	case envAPI.value != "":
		api, oauth = envAPI, setting{}
	case envOAuth.value != "":
		api, oauth = setting{}, envOAuth
	}
	if flagURL != "" {
		sub, addr = setting{}, setting{value: flagURL, from: "--url"}
	}

	// The problems so far are all about the token (an unset variable, two
	// token variables); "no token" on top of them would mislead.
	tokenReported := len(problems) > 0
	problems = append(problems, checkAddress(&r, sub, addr)...)
	if !tokenReported {
		problems = append(problems, checkCredentials(&r, name, email, api, oauth)...)
	}
	if len(problems) > 0 {
		return Resolved{}, false, joinProblems(problems, append(f.secrets(), api.value, oauth.value)...)
	}
	return r, true, nil
}

// selectProfile picks the profile name, or "" when none is chosen.
func selectProfile(f *File, flagProfile string) (string, *Error) {
	switch {
	case flagProfile != "":
		if _, ok := f.Profiles[flagProfile]; !ok {
			return "", &Error{Path: f.Path, Key: "--profile",
				Msg:  fmt.Sprintf("profile %s does not exist", quoteShort(flagProfile)),
				Hint: availableProfiles(f), Kind: ErrNoProfile}
		}
		return flagProfile, nil
	case f.DefaultProfile != "":
		if _, ok := f.Profiles[f.DefaultProfile]; !ok {
			return "", &Error{Path: f.Path, Key: "default_profile",
				Msg:  fmt.Sprintf("names profile %s, which does not exist", quoteShort(f.DefaultProfile)),
				Hint: availableProfiles(f), Kind: ErrNoProfile}
		}
		return f.DefaultProfile, nil
	case len(f.Profiles) == 1:
		for name := range f.Profiles {
			return name, nil
		}
	}
	return "", nil
}

// tokenSetting returns a profile's token from its literal or from the
// variable its *_env key names. An unset variable is reported by name
// together with the profile, since "token missing" alone sends the operator
// looking in the wrong place.
func tokenSetting(literal, envName setting, profile string, env Env, problems *[]*Error) setting {
	if literal.value != "" {
		literal.value = strings.TrimSpace(literal.value)
		return literal
	}
	if envName.value == "" {
		return setting{}
	}
	v := strings.TrimSpace(env(envName.value))
	if v == "" {
		*problems = append(*problems, &Error{Path: envName.path, Key: envName.from,
			Msg:  fmt.Sprintf("environment variable %s is not set or is empty", envName.value),
			Hint: fmt.Sprintf("export %s with the token, or change %s in profile %s", envName.value, envName.from, quoteShort(profile)),
			Kind: ErrMissingEnv})
		return setting{}
	}
	return setting{value: v, from: envName.value}
}

// checkAddress validates the account address, whichever level it came from
// (variables and flags are checked here for the first time), and stores it.
func checkAddress(r *Resolved, sub, addr setting) []*Error {
	switch {
	case addr.value != "":
		u, e := checkURL(addr.value)
		if e != nil {
			e.Path, e.Key = addr.path, addr.from
			return []*Error{e}
		}
		r.URL = u
	case sub.value != "":
		if e := checkSubdomain(sub.value); e != nil {
			e.Path, e.Key = sub.path, sub.from
			return []*Error{e}
		}
		r.Subdomain = strings.ToLower(sub.value)
	default:
		return []*Error{{Msg: "no Zendesk account: no subdomain or URL is set",
			Hint: fmt.Sprintf("set %s (or %s), or choose a profile with --profile", EnvSubdomain, EnvURL), Kind: ErrInvalid}}
	}
	return nil
}

// checkCredentials checks that there is exactly one token, and an email to go
// with an API token, and stores them.
func checkCredentials(r *Resolved, profile string, email, api, oauth setting) []*Error {
	switch {
	case api.value == "" && oauth.value == "":
		hint := fmt.Sprintf("set %s (with %s) or %s", EnvAPIToken, EnvEmail, EnvOAuthToken)
		if profile != "" {
			hint = fmt.Sprintf("set the token for profile %s, or %s", quoteShort(profile), hint)
		}
		return []*Error{{Msg: "no token to sign in with", Hint: hint, Kind: ErrInvalid}}
	case api.value != "" && oauth.value != "":
		return []*Error{{Msg: "both an API token and an OAuth token are set, so the way to sign in is ambiguous",
			Hint: "keep one of them", Kind: ErrInvalid}}
	case api.value != "" && email.value == "":
		return []*Error{{Key: api.from, Msg: "an API token needs the agent's email",
			Hint: fmt.Sprintf("set email in the profile or %s", EnvEmail), Kind: ErrInvalid}}
	}
	r.Email = email.value
	r.APIToken, r.OAuthToken = api.value, oauth.value
	return nil
}
