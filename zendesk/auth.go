package zendesk

import (
	"encoding/base64"
	"errors"
	"fmt"
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

// secrets lists the values that must never leave the client in an error.
func (c Credentials) secrets() []string {
	var s []string
	for _, v := range []string{c.APIToken, c.OAuthToken, c.header()} {
		if len(v) >= 4 {
			s = append(s, v)
		}
	}
	return s
}
