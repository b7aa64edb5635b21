package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// DefaultPath is where zdops looks for its config file when no path is given:
// $XDG_CONFIG_HOME/zdops/config.toml, else ~/.config/zdops/config.toml.
//
// ~/.config is used on every platform (not os.UserConfigDir's
// ~/Library/Application Support on macOS) so that the documented location is
// the same wherever an operator runs zdops.
func DefaultPath() (string, error) {
	dir, err := xdgDir("XDG_CONFIG_HOME", ".config")
	if err != nil {
		return "", fmt.Errorf("find the config file: %w", err)
	}
	return filepath.Join(dir, "zdops", "config.toml"), nil
}

// StateDir is where zdops keeps state that should survive restarts but is not
// configuration (the audit log): $XDG_STATE_HOME/zdops, else
// ~/.local/state/zdops. The directory is not created here.
func StateDir() (string, error) {
	dir, err := xdgDir("XDG_STATE_HOME", filepath.Join(".local", "state"))
	if err != nil {
		return "", fmt.Errorf("find the state directory: %w", err)
	}
	return filepath.Join(dir, "zdops"), nil
}

// xdgDir returns $variable when it holds an absolute path, else
// $HOME/fallback. The XDG base directory spec says a relative path in these
// variables is invalid and must be ignored, so it is.
func xdgDir(variable, fallback string) (string, error) {
	if dir := os.Getenv(variable); dir != "" && filepath.IsAbs(dir) {
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err == nil && home == "" {
		err = errors.New("home directory is empty")
	}
	if err != nil {
		return "", fmt.Errorf("$%s is not set and the home directory is unknown: %w", variable, err)
	}
	return filepath.Join(home, fallback), nil
}
