package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// The names the file may use at each level, taken from the struct tags so
// that adding a field cannot leave this list behind.
var (
	topNames     = tomlNames(reflect.TypeFor[File]())
	profileNames = tomlNames(reflect.TypeFor[Profile]())
	syncNames    = tomlNames(reflect.TypeFor[Sync]())
)

func tomlNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// knownAt returns the names allowed for the last part of key, or nil where
// any name goes (profile names, action names).
func knownAt(key toml.Key) []string {
	switch {
	case len(key) == 1:
		return topNames
	case len(key) == 3 && key[0] == "profiles":
		return profileNames
	case len(key) == 2 && key[0] == "sync":
		return syncNames
	}
	return nil
}

// unknownKeys names every key the file has but zdops does not read, by its
// full dotted path, with the closest known key when it looks like a typo. A
// misspelt key silently ignored can do harm ("read_ony = true" would leave
// destructive actions on), so this is an error, not a warning.
//
// MetaData.Undecoded finds keys no field took. The decoder also matches
// field names regardless of case, which would let "Read_Only" and
// "read_only" both land in one field, so keys whose case differs from the
// documented name are reported too.
func unknownKeys(path string, md toml.MetaData) []*Error {
	undecoded := make(map[string]bool)
	for _, k := range md.Undecoded() {
		undecoded[k.String()] = true
	}
	var problems []*Error
	var reported []toml.Key
	for _, k := range md.Keys() {
		bad := firstUnknown(k)
		if bad == nil && undecoded[k.String()] {
			bad = k
		}
		if bad == nil || slices.ContainsFunc(reported, func(r toml.Key) bool { return isPrefix(r, bad) }) {
			continue // known, or its table is already reported
		}
		reported = append(reported, bad)
		e := &Error{Path: path, Key: bad.String(), Msg: "unknown key", Kind: ErrUnknownKey}
		known, last := knownAt(bad), bad[len(bad)-1]
		if s := closest(last, known); s != "" {
			e.Hint = fmt.Sprintf("did you mean %s?", append(slices.Clone(bad[:len(bad)-1]), s).String())
		} else if len(known) > 0 {
			e.Hint = "known keys here: " + strings.Join(known, ", ")
		}
		problems = append(problems, e)
	}
	return problems
}

// firstUnknown returns the shortest prefix of key whose last part is not a
// documented name, or nil. Keys lists "profile.beta" for a [profile.beta]
// table but not the implicit "profile", and "profile" is the typo to name.
func firstUnknown(key toml.Key) toml.Key {
	for i := 1; i <= len(key); i++ {
		if known := knownAt(key[:i]); known != nil && !slices.Contains(known, key[i-1]) {
			return key[:i]
		}
	}
	return nil
}

func isPrefix(prefix, key toml.Key) bool {
	return len(prefix) <= len(key) && slices.Equal(prefix, key[:len(prefix)])
}

// closest returns the known name nearest to name when it is near enough to
// be a typo, else "". Case and '-' for '_' do not count as differences.
func closest(name string, known []string) string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "-", "_") }
	n := norm(name)
	best, bestDist := "", -1
	for _, k := range known {
		d := editDistance(n, norm(k))
		if d <= max(1, len(k)/3) && (bestDist < 0 || d < bestDist) {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one, so
// "subdomian" is one step from "subdomain".
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// d[i][j] is the distance between s[:i] and t[:j].
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
