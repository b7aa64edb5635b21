package ui

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/zdops/zdops/zendesk"
)

// status is the one-line status bar: the last error (red) or notice. Errors never stop the
// program; they are said here and the operator carries on or retries with r.
type status struct {
	owner compID
	text  string
	isErr bool

	line  string // rendered for width
	width int
	dirty bool
}

func (s *status) set(owner compID, text string, isErr bool) {
	s.owner, s.text, s.isErr, s.dirty = owner, sanitizeLine(text), isErr, true
}

func (s *status) view(st *theme, width int) string {
	if s.dirty || width != s.width {
		s.width, s.dirty = width, false
		switch {
		case s.text == "":
			s.line = ""
		case s.isErr:
			s.line = st.Error.Render(truncate("✗ "+s.text, width))
		default:
			s.line = st.Info.Render(truncate(s.text, width))
		}
	}
	return s.line
}

// describeError says what went wrong in words an operator can act on. The client's errors
// already name the request and never hold credentials.
func describeError(err error) string {
	var auth *zendesk.AuthError
	var apiErr *zendesk.Error
	switch {
	case errors.As(err, &auth):
		return auth.Error()
	case errors.As(err, &apiErr):
		switch apiErr.Status {
		case http.StatusNotFound:
			return "not found (404): " + err.Error()
		case http.StatusTooManyRequests:
			if apiErr.RetryAfter > 0 {
				return fmt.Sprintf("rate limited (429), Zendesk asks to wait %s: %s", apiErr.RetryAfter, err.Error())
			}
			return "rate limited (429): " + err.Error()
		case http.StatusForbidden:
			return "not allowed (403): " + err.Error()
		}
	}
	return err.Error()
}
