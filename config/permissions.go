package config

import (
	"fmt"
	"io/fs"
	"runtime"
	"strings"
)

// checkPermissions refuses, as ssh does for private keys, a file that holds a
// token and that other users can read or change: reading it would give them
// the account, and changing it (a new url) would send them the token. A
// token kept in an environment variable (api_token_env) makes the file
// harmless, so any mode is fine then.
//
// Windows file modes do not describe who may read a file, so the check is
// skipped there.
func checkPermissions(path string, mode fs.FileMode, holdsToken bool) *Error {
	if !holdsToken || runtime.GOOS == "windows" {
		return nil
	}
	perm := mode.Perm()
	if perm&0o077 == 0 {
		return nil
	}
	how := "readable"
	if perm&0o044 == 0 {
		how = "writable"
	}
	return &Error{
		Msg:  fmt.Sprintf("%s is %s by other users (mode %04o) and holds a token", path, how, perm),
		Hint: "run: chmod 600 " + shellQuote(path),
		Kind: ErrPermissions,
	}
}

// shellQuote quotes path for the copy-and-paste hint when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
