package zendesk

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Credentials authenticate requests. Set Email and APIToken for an API token (Basic auth), or
// OAuthToken for a bearer token. String never shows the secrets.
type Credentials struct {
	Email      string
	APIToken   string
	OAuthToken string
}

func (c Credentials) String() string {
	switch {
	case c.OAuthToken != "":
		return "OAuth token (redacted)"
	case c.APIToken != "":
		return fmt.Sprintf("API token for %s (redacted)", c.Email)
	default:
		return "no credentials"
	}
}

// GoString keeps %#v from printing the secrets too.
func (c Credentials) GoString() string { return "zendesk.Credentials{" + c.String() + "}" }

func (c Credentials) validate() error {
	switch {
	case c.OAuthToken != "" && c.APIToken != "":
		return errors.New("both an API token and an OAuth token are set; keep one")
	case c.OAuthToken != "":
		return nil
	case c.APIToken != "" && c.Email == "":
		return errors.New("an API token needs the agent's email address")
	case c.APIToken != "":
		return nil
	default:
		return errors.New("no API token or OAuth token is set")
	}
}

// header is the Authorization header value: Basic base64("{email}/token:{token}") or Bearer.
func (c Credentials) header() string {
	if c.OAuthToken != "" {
		return "Bearer " + c.OAuthToken
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(c.Email+"/token:"+c.APIToken))
}

// secrets lists the values that must never leave the client in an error: the tokens, the
// Authorization header, and its base64 part on its own.
func (c Credentials) secrets() []string {
	var s []string
	header := c.header()
	_, encoded, _ := strings.Cut(header, " ")
	for _, v := range []string{c.APIToken, c.OAuthToken, header, encoded} {
		if len(v) >= 4 {
			s = append(s, v)
		}
	}
	return s
}

// redact removes the secrets from text that came from outside (an error body, a header): a
// proxy or a debugging server can echo the Authorization header back, and what it sends
// ends up in error messages.
func (c Credentials) redact(text string) string {
	for _, v := range c.secrets() {
		text = strings.ReplaceAll(text, v, "REDACTED")
	}
	return text
}
