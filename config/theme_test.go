package config

import (
	"errors"
	"strings"
	"testing"
)

func TestResolveTheme(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvTheme {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		file, env, want string
	}{
		{"", "", "auto"},
		{"light", "", "light"},
		{"light", "dark", "dark"}, // the environment wins for one session
		{"dark", "auto", "auto"},
	}
	for _, tt := range tests {
		got, err := ResolveTheme(&File{Theme: tt.file}, env(tt.env))
		if err != nil || got != tt.want {
			t.Errorf("file %q, env %q: got %q, %v; want %q", tt.file, tt.env, got, err, tt.want)
		}
	}
	_, err := ResolveTheme(&File{Theme: "light"}, env("Light"))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `ZDOPS_THEME: "Light" is not one of auto, light, dark`) {
		t.Fatalf("a misspelt ZDOPS_THEME: %v", err)
	}
}

func TestLoadTheme(t *testing.T) {
	f, err := Load(writeConfig(t, "theme = \"light\"\n", 0o600), true)
	if err != nil || f.Theme != "light" {
		t.Fatalf("theme = light: %+v, %v", f, err)
	}
	_, err = Load(writeConfig(t, "theme = \"solarized\"\n", 0o600), true)
	checkErr(t, err, ErrInvalid, `theme: "solarized" is not one of auto, light, dark`)
}
