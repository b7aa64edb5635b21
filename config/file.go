package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"github.com/BurntSushi/toml"
)

// File is the config file as written, after validation. Tokens named by
// *_env keys are not read here: that happens in Resolve, against the
// environment of the moment.
type File struct {
	Path   string `toml:"-"` // where it was read from; "" if no file was read
	Exists bool   `toml:"-"` // a file was found and read

	DefaultProfile string              `toml:"default_profile"`
	ReadOnly       bool                `toml:"read_only"` // every profile writes nothing (browse and preview only)
	Theme          string              `toml:"theme"`     // "light" or "dark" colours; "" or "auto" asks the terminal
	Profiles       map[string]Profile  `toml:"profiles"`
	Keys           map[string][]string `toml:"keys"` // action name -> keys; the UI checks the action names
	Sync           Sync                `toml:"sync"`
}

// Profile is one Zendesk account an operator can sign in to. Exactly one of
// Subdomain and URL names the account, and exactly one of the four token
// fields says how to authenticate. Its String, Format and LogValue hide the
// token literals.
type Profile struct {
	Subdomain     string `toml:"subdomain"` // "acme" for https://acme.zendesk.com
	URL           string `toml:"url"`       // explicit base URL instead of Subdomain
	Email         string `toml:"email"`     // needed with an API token (Basic auth)
	APIToken      string `toml:"api_token"`
	APITokenEnv   string `toml:"api_token_env"` // name of an environment variable holding the API token
	OAuthToken    string `toml:"oauth_token"`
	OAuthTokenEnv string `toml:"oauth_token_env"` // name of an environment variable holding the OAuth token
	ReadOnly      bool   `toml:"read_only"`
}

// Sync holds the settings of the event-apply command. They are accepted and
// exposed now so that files written for that command load today.
type Sync struct {
	CreateVerified     bool `toml:"create_verified"`
	SkipVerifyEmail    bool `toml:"skip_verify_email"`
	UpdatePrimaryEmail bool `toml:"update_primary_email"`
	RemoveFromOrg      bool `toml:"remove_from_org"`
	GroupWithoutUser   bool `toml:"group_without_user"`
	// DeleteOrganizations lets a group call with traits.deleted delete the organization.
	DeleteOrganizations bool `toml:"delete_organizations"`
	// Source names the source of tracked events; "" means "zdops".
	Source string `toml:"source"`
}

// maxFileSize bounds what Load reads: a config file is a few hundred bytes,
// so anything past a megabyte is the wrong file, not a config.
const maxFileSize = 1 << 20

// Load reads and validates the config file at path.
//
// A file missing at the default location is normal (zdops then runs against
// its embedded sandbox), so with explicit false a missing file gives an empty
// File with Path "" and Exists false. With explicit true (the operator named
// the file) a missing file is an error that wraps fs.ErrNotExist.
//
// Every problem found is reported at once, joined one a line; each is an
// *Error.
func Load(path string, explicit bool) (*File, error) {
	if path == "" {
		if explicit {
			return nil, &Error{Msg: "the config file path is empty", Hint: "give the path of a TOML file", Kind: ErrInvalid}
		}
		return &File{}, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return &File{}, nil
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer fh.Close()
	// Stat the open file, not the path, so the mode checked is that of the
	// bytes read even if the file is replaced meanwhile.
	info, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, &Error{Path: path, Msg: "not a regular file", Hint: "give the path of a TOML file", Kind: ErrInvalid}
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, &Error{Path: path, Msg: "larger than 1 MiB", Hint: "is this the right file?", Kind: ErrInvalid}
	}

	f, problems := decode(path, data)
	if f == nil {
		return nil, joinProblems(problems)
	}
	if p := checkPermissions(path, info.Mode(), f.holdsToken()); p != nil {
		problems = append([]*Error{p}, problems...)
	}
	if err := joinProblems(problems, f.secrets()...); err != nil {
		return nil, err
	}
	f.Path = path
	f.Exists = true
	return f, nil
}

// decode parses data and validates the result. A nil File means the TOML
// could not be decoded at all; otherwise problems lists what is wrong in it.
func decode(path string, data []byte) (*File, []*Error) {
	var f File
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		return nil, []*Error{decodeError(path, data, err)}
	}
	if problems := mapTableErrors(path, md); len(problems) > 0 {
		return nil, problems
	}
	problems := unknownKeys(path, md)
	problems = append(problems, validateFile(path, &f)...)
	return &f, problems
}

// ProfileNames returns the names of the profiles, sorted.
func (f *File) ProfileNames() []string {
	if f == nil {
		return nil
	}
	return sortedKeys(f.Profiles)
}

// KeyActions returns the action names that [keys] rebinds, sorted, so the UI
// can reject the names it does not know.
func (f *File) KeyActions() []string {
	if f == nil {
		return nil
	}
	return sortedKeys(f.Keys)
}

// holdsToken reports whether a token is written in the file itself, which is
// what makes its permissions matter.
func (f *File) holdsToken() bool {
	for _, p := range f.Profiles {
		if p.APIToken != "" || p.OAuthToken != "" {
			return true
		}
	}
	return false
}

// secrets lists the token literals of the file, for masking.
func (f *File) secrets() []string {
	var s []string
	for _, p := range f.Profiles {
		s = append(s, p.APIToken, p.OAuthToken)
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
