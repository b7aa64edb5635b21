package zendesk

import (
	"errors"
	"strings"
	"testing"
)

func TestErrorBodyShapes(t *testing.T) {
	cases := []struct {
		name, body      string
		code, desc, has string
	}{
		{"string error", `{"error":"RecordNotFound","description":"Not found"}`, "RecordNotFound", "Not found", "404 RecordNotFound: Not found"},
		{"object error", `{"error":{"title":"Forbidden","message":"You do not have access to this page."}}`, "Forbidden", "You do not have access to this page.", "Forbidden"},
		{"oauth error", `{"error":"invalid_token","error_description":"The access token provided is expired"}`, "invalid_token", "The access token provided is expired", "expired"},
		{"record invalid", `{"error":"RecordInvalid","description":"Record validation errors","details":{"email":[{"description":"Email: is invalid","error":"InvalidValue"}]}}`, "RecordInvalid", "Record validation errors", "email: Email: is invalid"},
		{"errors list", `{"errors":[{"code":"InvalidPaginationParameter","title":"page[after] is not valid"}]}`, "InvalidPaginationParameter", "page[after] is not valid", "page[after]"},
		{"html page", "<html><body><h1>502 Bad Gateway</h1></body></html>", "", "", "<html><body><h1>502 Bad Gateway"},
		{"details as string", `{"error":"Oops","details":"something broke"}`, "Oops", "something broke", "something broke"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &Error{Method: "GET", Path: "/api/v2/x", Status: 404}
			e.parseErrorBody([]byte(tc.body))
			if e.Code != tc.code || e.Description != tc.desc {
				t.Errorf("code %q desc %q, want %q %q", e.Code, e.Description, tc.code, tc.desc)
			}
			if !strings.Contains(e.Error(), tc.has) {
				t.Errorf("message %q lacks %q", e.Error(), tc.has)
			}
		})
	}
}

func TestAuthErrorIs(t *testing.T) {
	err := error(&AuthError{Profile: "acme", Reason: "Zendesk answered 401"})
	if !errors.Is(err, ErrAuthentication) {
		t.Fatal("AuthError does not match ErrAuthentication")
	}
	if !strings.Contains(err.Error(), `authentication failed for profile "acme"`) {
		t.Fatalf("message: %s", err)
	}
}

func TestCredentialsNeverPrinted(t *testing.T) {
	c := Credentials{Email: "ops@acme.test", APIToken: "s3cr3t-token-value"}
	for _, s := range []string{c.String(), c.GoString()} {
		if strings.Contains(s, "s3cr3t") {
			t.Fatalf("secret printed: %s", s)
		}
	}
	o := Credentials{OAuthToken: "oauth-secret-value"}
	if strings.Contains(o.String(), "oauth-secret") {
		t.Fatal("oauth secret printed")
	}
}
