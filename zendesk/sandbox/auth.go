package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
)

type authResult uint8

const (
	authOK        authResult = iota
	authMissing              // no Authorization header at all
	authBadBasic             // wrong or unusable Basic credentials, or an unknown scheme
	authBadBearer            // a Bearer token that is not ours
)

// authenticate checks the Authorization header against the sandbox's own
// credentials. Both sides are hashed before the constant-time comparison so
// that neither the content nor the length of a secret leaks through timing.
func (s *Server) authenticate(r *http.Request) authResult {
	h := r.Header.Get("Authorization")
	if h == "" {
		return authMissing
	}
	scheme, rest, _ := strings.Cut(h, " ")
	rest = strings.TrimSpace(rest)
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		if secretEqual(rest, s.opts.OAuthToken) {
			return authOK
		}
		return authBadBearer
	case strings.EqualFold(scheme, "Basic"):
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return authBadBasic
		}
		user, token, ok := strings.Cut(string(raw), ":")
		email, isToken := strings.CutSuffix(user, "/token")
		if !ok || !isToken {
			return authBadBasic
		}
		// Evaluate both comparisons before deciding, for the same timing reason.
		emailOK := secretEqual(strings.ToLower(email), strings.ToLower(s.opts.Email))
		tokenOK := secretEqual(token, s.opts.Token)
		if emailOK && tokenOK {
			return authOK
		}
		return authBadBasic
	}
	return authBadBasic
}

func secretEqual(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}
