// Package zendeskapi finds Zendesk's API material (the recordings and the OpenAPI
// description) that the contract tests read from ../shared/zendesk-api beside the
// repository. Nothing from there is copied into the repository: a clone without the
// folder skips the contract tests.
package zendeskapi

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Env names the environment variable that points at the zendesk-api folder.
const Env = "ZDOPS_ZENDESK_API_DIR"

var (
	once   sync.Once
	dir    string
	dirErr error
)

// Dir returns the zendesk-api folder: $ZDOPS_ZENDESK_API_DIR, or the first
// shared/zendesk-api found walking up from the test's package directory. It skips the
// test when there is none, and fails it when the variable points at no such folder.
func Dir(t testing.TB) string {
	t.Helper()
	once.Do(func() { dir, dirErr = find() })
	if dirErr != nil {
		t.Fatal(dirErr)
	}
	if dir == "" {
		t.Skip("contract tests: ../shared/zendesk-api not found; set " + Env)
	}
	return dir
}

func find() (string, error) {
	isDir := func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.IsDir()
	}
	if d := os.Getenv(Env); d != "" {
		// An explicit setting that points nowhere is a mistake, not a clone without the
		// material.
		if !isDir(filepath.Join(d, "recordings")) {
			return "", fmt.Errorf("%s=%s has no recordings folder", Env, d)
		}
		return d, nil
	}
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if cand := filepath.Join(d, "shared", "zendesk-api"); isDir(filepath.Join(cand, "recordings")) {
			return cand, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}
