package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfig writes content to a config.toml in a fresh directory and sets
// its mode explicitly (the umask would otherwise decide).
func writeConfig(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// mapEnv is an Env backed by a map, as main's os.Getenv is in production.
func mapEnv(m map[string]string) Env {
	return func(name string) string { return m[name] }
}

// checkErr fails unless err is non-nil, wraps kind (when given) and holds
// every one of wants.
func checkErr(t *testing.T, err error, kind error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", wants)
	}
	if kind != nil && !errors.Is(err, kind) {
		t.Errorf("error %q does not wrap %v", err, kind)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

// acme is a valid profile that keeps its token in the environment, so the
// file's mode does not matter.
const acme = `
[profiles.acme]
subdomain = "acme"
email = "ops@acme.com"
api_token_env = "ACME_ZENDESK_TOKEN"
`
