package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds Load arbitrary files: it must return a File or an error,
// never panic, and a File it accepts must resolve (or fail) without a panic
// for every one of its profiles.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		"",
		acme,
		twoProfiles,
		"default_profile = \"acme\"\nread_only = false\n" + acme + "[keys]\nquit = [\"q\", \"ctrl+c\"]\n[sync]\ncreate_verified = true\n",
		"[profiles.acme]\nsubdomain = \"acme\"\nemail = \"a@b.c\"\napi_token = \"literal\"\n",
		"[profiles.local]\nurl = \"http://127.0.0.1:8080\"\noauth_token = \"t\"\n",
		"read_only = tru\n",
		"[profiles.acme\n",
		"profiles = 3\n",
		"[[profiles]]\nx = 1\n",
		"[profile.acme]\napi_tokn = 1\n",
		"[keys]\nquit = []\nsearch = [\"\", 1]\n",
		"\xef\xbb\xbf[sync]\ncreate_verified = \"yes\"\n",
		"a = \"\"\"\n\\u12zz\"\"\"\n",
		"x = 99999999999999999999999\n",
		"\x00\x00",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := Load(path, true)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		env := mapEnv(map[string]string{"T": "token", "ACME_ZENDESK_TOKEN": "token"})
		for _, name := range file.ProfileNames() {
			_, _, _ = Resolve(file, name, "", env)
		}
		_, _, _ = Resolve(file, "", "", env)
		_ = file.KeyActions()
	})
}
