package zendesk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Error is a failed Zendesk call: the HTTP status, what Zendesk said, and which request it
// was. It never holds the credentials.
type Error struct {
	Method string // HTTP method of the failed request
	Path   string // request path and query on the account's host
	Status int    // HTTP status code

	// Code is Zendesk's "error" value ("RecordNotFound", "TooManyValues"), or the title when
	// Zendesk sends an object there.
	Code string
	// Description is Zendesk's "description" (or "error_description", or the object's message).
	Description string
	// Details is Zendesk's "details": field name -> problems, as in RecordInvalid answers.
	Details map[string][]ErrorDetail
	// RetryAfter is the wait Zendesk asked for on 429 and 503.
	RetryAfter time.Duration
	// Snippet is the start of a body that was not Zendesk JSON (an HTML error page, plain text).
	Snippet string
}

// ErrorDetail is one problem with one field of a rejected record.
type ErrorDetail struct {
	Description string `json:"description"`
	Error       string `json:"error"`
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	if len(e.Details) > 0 {
		fields := make([]string, 0, len(e.Details))
		for f := range e.Details {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			for _, d := range e.Details[f] {
				fmt.Fprintf(&b, "; %s: %s", f, firstNonEmpty(d.Description, d.Error))
			}
		}
	}
	if e.Code == "" && e.Description == "" && e.Snippet != "" {
		b.WriteString(": " + e.Snippet)
	}
	return b.String()
}

// ErrAuthentication is wrapped by every AuthError, for errors.Is.
var ErrAuthentication = errors.New("authentication failed")

// AuthError says the account did not accept the credentials: a 401, or a /users/me that
// answered with the anonymous user (Zendesk's way with a wrong token on some endpoints).
type AuthError struct {
	Profile string // the profile whose credentials failed
	Reason  string // what Zendesk said, without secrets
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("authentication failed for profile %q: %s; check the email and token (zdops config check)", e.Profile, e.Reason)
}

func (e *AuthError) Unwrap() error { return ErrAuthentication }

// zendeskErrorBody is every shape Zendesk uses for errors: "error" as a string or an object,
// "description" or "error_description", "details", and the newer "errors" list.
type zendeskErrorBody struct {
	Error            json.RawMessage                `json:"error"`
	Description      string                         `json:"description"`
	ErrorDescription string                         `json:"error_description"`
	Details          map[string][]ErrorDetail       `json:"-"`
	RawDetails       json.RawMessage                `json:"details"`
	Errors           []struct{ Code, Title string } `json:"errors"`
}

// parseErrorBody fills e from a response body, whatever its shape.
func (e *Error) parseErrorBody(body []byte) {
	var z zendeskErrorBody
	if err := json.Unmarshal(body, &z); err != nil {
		e.Snippet = snippet(body)
		return
	}
	var s string
	var obj struct{ Title, Message string }
	switch {
	case len(z.Error) == 0 || string(z.Error) == "null":
	case json.Unmarshal(z.Error, &s) == nil:
		e.Code = s
	case json.Unmarshal(z.Error, &obj) == nil:
		e.Code, e.Description = obj.Title, obj.Message
	}
	e.Description = firstNonEmpty(z.Description, z.ErrorDescription, e.Description)
	if len(z.Errors) > 0 {
		e.Code = firstNonEmpty(e.Code, z.Errors[0].Code)
		e.Description = firstNonEmpty(e.Description, z.Errors[0].Title)
	}
	// details is usually field -> [problems], but has been seen as a plain string.
	if len(z.RawDetails) > 0 && string(z.RawDetails) != "null" {
		var d map[string][]ErrorDetail
		if json.Unmarshal(z.RawDetails, &d) == nil {
			e.Details = d
		} else if json.Unmarshal(z.RawDetails, &s) == nil && s != "" {
			e.Description = firstNonEmpty(e.Description, s)
		}
	}
	if e.Code == "" && e.Description == "" {
		e.Snippet = snippet(body)
	}
}

// snippet keeps the start of a non-JSON body readable in one line.
func snippet(body []byte) string {
	const max = 120
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > max {
		s = s[:max]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// noteRedirect explains a 3xx answer. zdops never follows a redirect, which would carry
// the credentials to wherever it points, so the answer is an error that says where it led
// and what to check.
func (e *Error) noteRedirect(location string) {
	if e.Status < 300 || e.Status >= 400 {
		return
	}
	to := ""
	if location != "" {
		to = " to " + snippet([]byte(location))
	}
	e.Code, e.Snippet = "", ""
	e.Description = "Zendesk redirected" + to + "; zdops does not follow redirects (they would carry the credentials elsewhere): check the profile's url or subdomain"
}

// decodeError says why a 2xx body could not be read. A body that is not JSON at all (a
// proxy's or a maintenance HTML page served with 200) is shown by its start and type, so
// the operator sees what answered instead of a JSON parser's complaint about '<'.
func decodeError(err error, header http.Header, body []byte) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] != '{' && trimmed[0] != '[' {
		ct := header.Get("Content-Type")
		if ct == "" {
			ct = "no Content-Type"
		}
		return fmt.Errorf("the answer is not JSON (%s): %s", snippet([]byte(ct)), snippet(trimmed))
	}
	return fmt.Errorf("decode response: %w", err)
}
