package config

import (
	"path/filepath"
	"testing"
)

func TestXDGPaths(t *testing.T) {
	home := t.TempDir()
	xdg := t.TempDir()
	tests := []struct {
		name       string
		xdgConfig  string
		xdgState   string
		home       string
		wantConfig string
		wantState  string
		wantErr    bool
	}{
		{
			name:      "XDG variables win",
			xdgConfig: filepath.Join(xdg, "cfg"), xdgState: filepath.Join(xdg, "state"), home: home,
			wantConfig: filepath.Join(xdg, "cfg", "zdops", "config.toml"),
			wantState:  filepath.Join(xdg, "state", "zdops"),
		},
		{
			name:       "home directory when XDG is unset",
			home:       home,
			wantConfig: filepath.Join(home, ".config", "zdops", "config.toml"),
			wantState:  filepath.Join(home, ".local", "state", "zdops"),
		},
		{
			name:      "relative XDG paths are ignored, as the spec says",
			xdgConfig: "rel/cfg", xdgState: "rel/state", home: home,
			wantConfig: filepath.Join(home, ".config", "zdops", "config.toml"),
			wantState:  filepath.Join(home, ".local", "state", "zdops"),
		},
		{
			name:    "neither XDG nor home",
			wantErr: true,
		},
		{
			name:      "XDG alone is enough",
			xdgConfig: filepath.Join(xdg, "cfg"), xdgState: filepath.Join(xdg, "state"),
			wantConfig: filepath.Join(xdg, "cfg", "zdops", "config.toml"),
			wantState:  filepath.Join(xdg, "state", "zdops"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_CONFIG_HOME", tt.xdgConfig)
			t.Setenv("XDG_STATE_HOME", tt.xdgState)
			t.Setenv("HOME", tt.home)

			gotConfig, err := DefaultPath()
			if tt.wantErr {
				if err == nil {
					t.Errorf("DefaultPath() = %q, want an error", gotConfig)
				}
			} else if err != nil || gotConfig != tt.wantConfig {
				t.Errorf("DefaultPath() = %q, %v; want %q", gotConfig, err, tt.wantConfig)
			}

			gotState, err := StateDir()
			if tt.wantErr {
				if err == nil {
					t.Errorf("StateDir() = %q, want an error", gotState)
				}
			} else if err != nil || gotState != tt.wantState {
				t.Errorf("StateDir() = %q, %v; want %q", gotState, err, tt.wantState)
			}
		})
	}
}
