package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// validateFile checks what the TOML types cannot: that each profile names one
// account and one way to sign in, that default_profile exists, and that key
// bindings are usable. Problems come in a fixed order (profiles by name) so
// that the same file always gives the same report.
func validateFile(path string, f *File) []*Error {
	var problems []*Error
	if f.DefaultProfile != "" {
		if _, ok := f.Profiles[f.DefaultProfile]; !ok {
			problems = append(problems, &Error{
				Path: path, Key: "default_profile",
				Msg:  fmt.Sprintf("names profile %s, which does not exist", quoteShort(f.DefaultProfile)),
				Hint: availableProfiles(f), Kind: ErrNoProfile,
			})
		}
	}
	if err := CheckTheme(f.Theme); err != nil {
		problems = append(problems, &Error{Path: path, Key: "theme", Msg: err.Error(),
			Hint: `write theme = "light" or "dark", or remove the line to follow the terminal`, Kind: ErrInvalid})
	}
	for _, name := range f.ProfileNames() {
		problems = append(problems, validateProfile(path, name, f.Profiles[name])...)
	}
	for _, action := range f.KeyActions() {
		key := toml.Key{"keys", action}.String()
		keys := f.Keys[action]
		if len(keys) == 0 {
			problems = append(problems, &Error{Path: path, Key: key, Msg: "no keys given",
				Hint: fmt.Sprintf("bind at least one, like %s = [\"x\"], or remove the line", toml.Key{action}), Kind: ErrInvalid})
			continue
		}
		for _, k := range keys {
			if k == "" {
				problems = append(problems, &Error{Path: path, Key: key, Msg: "holds an empty key name",
					Hint: `name keys as the UI shows them, like "q", "ctrl+c" or "enter"`, Kind: ErrInvalid})
				break
			}
		}
	}
	return problems
}

// availableProfiles is the hint for a profile name that does not exist.
func availableProfiles(f *File) string {
	names := f.ProfileNames()
	if len(names) == 0 {
		if f.Path == "" {
			return "no config file was read, so there are no profiles"
		}
		return "the config file has no profiles; add a [profiles.NAME] table"
	}
	return "profiles: " + strings.Join(names, ", ")
}

// validateProfile checks one profile on its own: the account, the way to
// sign in, and the email Basic auth needs. Token values are never quoted.
func validateProfile(path, name string, p Profile) []*Error {
	var problems []*Error
	key := func(field string) string { return toml.Key{"profiles", name, field}.String() }
	add := func(k, msg, hint string) {
		problems = append(problems, &Error{Path: path, Key: k, Msg: msg, Hint: hint, Kind: ErrInvalid})
	}
	at := func(k string, e *Error) {
		e.Path, e.Key = path, k
		problems = append(problems, e)
	}
	table := toml.Key{"profiles", name}.String()

	if name == "" {
		add(table, "a profile needs a name", `write [profiles.NAME], e.g. [profiles.acme]`)
	}

	switch {
	case p.Subdomain == "" && p.URL == "":
		add(table, "no Zendesk account: neither subdomain nor url is set",
			`add subdomain = "acme" for https://acme.zendesk.com (or url = "https://...")`)
	case p.Subdomain != "" && p.URL != "":
		add(table, "both subdomain and url are set, so the account is ambiguous", "keep one of them")
	case p.Subdomain != "":
		if e := checkSubdomain(p.Subdomain); e != nil {
			at(key("subdomain"), e)
		}
	default:
		if _, e := checkURL(p.URL); e != nil {
			at(key("url"), e)
		}
	}

	hasAPI := p.APIToken != "" || p.APITokenEnv != ""
	hasOAuth := p.OAuthToken != "" || p.OAuthTokenEnv != ""
	if p.APIToken != "" && p.APITokenEnv != "" {
		add(table, "both api_token and api_token_env are set, so the token is ambiguous", "keep one of them")
	}
	if p.OAuthToken != "" && p.OAuthTokenEnv != "" {
		add(table, "both oauth_token and oauth_token_env are set, so the token is ambiguous", "keep one of them")
	}
	switch {
	case hasAPI && hasOAuth:
		add(table, "both an API token and an OAuth token are set, so the way to sign in is ambiguous", "keep one of them")
	case !hasAPI && !hasOAuth:
		add(table, "no token: none of api_token, api_token_env, oauth_token, oauth_token_env is set",
			`add api_token_env = "ACME_ZENDESK_TOKEN" (an environment variable holding the token), or api_token in a file only you can read (chmod 600)`)
	}
	for _, field := range []struct{ name, value string }{{"api_token_env", p.APITokenEnv}, {"oauth_token_env", p.OAuthTokenEnv}} {
		if field.value == "" {
			continue
		}
		if e := checkEnvName(field.value); e != nil {
			at(key(field.name), e)
		}
	}

	if hasAPI && p.Email == "" {
		add(key("email"), "missing: an API token signs in as email/token, so the agent's email is needed",
			`add email = "you@example.com", or use an OAuth token instead`)
	}
	if p.Email != "" && !strings.Contains(p.Email, "@") {
		// The value is not shown: a token pasted into the wrong field must
		// not come back out in the message.
		add(key("email"), "does not look like an email address (no @)", "give the email of the agent the token belongs to")
	}
	return problems
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkEnvName checks that an *_env value is the name of a variable and not
// the token itself, a mix-up that would otherwise put the token into the
// "variable is not set" message. Zendesk tokens are long mixed-case runs of
// letters and digits; variable names are conventionally upper case with
// underscores.
func checkEnvName(name string) *Error {
	if !envNameRE.MatchString(name) {
		return &Error{Msg: "is not the name of an environment variable (letters, digits and '_')",
			Hint: `give the variable's name, like "ACME_ZENDESK_TOKEN", not its value`, Kind: ErrInvalid}
	}
	if looksLikeToken(name) {
		return &Error{Msg: "looks like a token, not the name of an environment variable",
			Hint: `give the variable's name, like "ACME_ZENDESK_TOKEN", and put the token in that variable`, Kind: ErrInvalid}
	}
	return nil
}

func looksLikeToken(s string) bool {
	hasLower := strings.ToUpper(s) != s
	hasUpperOrDigit := strings.ToLower(s) != s || strings.ContainsAny(s, "0123456789")
	return len(s) >= 20 && !strings.Contains(s, "_") && hasLower && hasUpperOrDigit
}
