package config

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// decodeError turns the TOML library's error into an *Error placed at the
// line (and, for syntax errors, the column) of the problem.
//
// The library's own ParseError.ErrorWithPosition is not used: it quotes the
// lines around the error, and those lines can hold a token.
func decodeError(path string, data []byte, err error) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e := syntaxError(path, pe)
		e.Line, e.Col = position(data, pe.Position)
		return e
	}
	return typeError(path, err)
}

// syntaxError reports malformed TOML at line:col. The file did not parse, so
// which values are tokens is unknown; the parser's message is therefore
// stripped of the excerpts of the input it quotes (the position is enough to
// find the place), keeping only messages that quote keys.
func syntaxError(path string, pe toml.ParseError) *Error {
	msg := pe.Message
	if !quotesOnlyKeys(msg) {
		msg = maskExcerpts(msg)
	}
	e := &Error{Path: path, Line: pe.Position.Line, Col: pe.Position.Col, Msg: msg, Kind: ErrSyntax}
	if strings.HasPrefix(pe.Message, `expected value but found "`) { // a bare word
		e.Hint = `text values need quotes: key = "value"`
	}
	return e
}

// position returns the line and column (in characters, from 1) of p's
// start offset. The parser's own Line can be one past the offset's line
// when the error is at a newline, and its Col counts bytes; both are
// recomputed from the offset, which is exact.
func position(data []byte, p toml.Position) (line, col int) {
	// The parser skips a byte order mark before counting offsets.
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		data = data[2:]
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	}
	if p.Start < 0 || p.Start > len(data) {
		return p.Line, p.Col
	}
	before := data[:p.Start]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(before[lineStart:]) + 1
}

// quotesOnlyKeys recognises the parser messages whose quoted parts are key
// names, which are worth keeping and never secret.
func quotesOnlyKeys(msg string) bool {
	return strings.HasPrefix(msg, "Key '") || strings.HasSuffix(msg, " is not a table")
}

var (
	// quotedRE matches the "..." and '...' excerpts the parser puts in its
	// messages.
	quotedRE = regexp.MustCompile(`"(?:[^"\\\n]|\\.)*"|'[^'\n]*'`)
	// literalRE matches unquoted number-like excerpts, which the parser
	// prints for out-of-range numbers: an unquoted token pasted as a value
	// could end up there.
	literalRE = regexp.MustCompile(`[+-]?\b[0-9][0-9A-Za-z_.:+-]{4,}`)
)

// maskExcerpts replaces the parts of a parser message that echo the input.
// Single characters ('=', '\n') are kept: they tell what was found and
// cannot spell a token.
func maskExcerpts(msg string) string {
	msg = quotedRE.ReplaceAllStringFunc(msg, func(q string) string {
		inner := q[1 : len(q)-1]
		if len([]rune(inner)) <= 3 || isCharLiteral(q) {
			return q
		}
		return q[:1] + "…" + q[:1]
	})
	return literalRE.ReplaceAllString(msg, "…")
}

// isCharLiteral reports whether q is one Go-quoted character such as '\t'.
func isCharLiteral(q string) bool {
	if q[0] != '\'' {
		return false
	}
	_, _, tail, err := strconv.UnquoteChar(q[1:len(q)-1], '\'')
	return err == nil && tail == ""
}

// decoderErrorRE takes apart the decoder's type errors, which have no type
// of their own: `toml: line 3 (last key "read_only"): incompatible types: ...`.
var decoderErrorRE = regexp.MustCompile(`^toml: (?:line (\d+) )?(?:\(last key ("(?:[^"\\]|\\.)*")\): )?(.*)$`)

var (
	incompatibleRE = regexp.MustCompile(`^incompatible types: TOML value has type (\S+); destination has type (\S+)$`)
	mismatchRE     = regexp.MustCompile(`^type mismatch for \S+: expected table but found (\S+)$`)
)

// typeError reports a value of the wrong type (read_only = "yes") at its line
// and key, in words an operator reads ("must be true or false, not text")
// rather than Go's type names. Unknown shapes of message are passed through:
// they name types and keys, never values.
func typeError(path string, err error) *Error {
	e := &Error{Path: path, Msg: err.Error(), Kind: ErrInvalid}
	m := decoderErrorRE.FindStringSubmatch(err.Error())
	if m == nil {
		return e
	}
	e.Line, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		if key, uerr := strconv.Unquote(m[2]); uerr == nil {
			e.Key = key
		}
	}
	e.Msg = m[3]
	if t := incompatibleRE.FindStringSubmatch(m[3]); t != nil {
		want := describeDest(t[2])
		if t[2] == "string" && strings.HasPrefix(e.Key, "keys.") {
			want = `a list of strings, like ["q", "ctrl+c"]`
		}
		e.Msg = "must be " + want + ", not " + describeValue(t[1])
	} else if t := mismatchRE.FindStringSubmatch(m[3]); t != nil {
		e.Msg = "must be a table, not " + describeValue(t[1])
	}
	return e
}

// describeDest names the Go destination types of File in TOML words.
func describeDest(goType string) string {
	switch goType {
	case "bool", "boolean":
		return "true or false"
	case "string":
		return "a string in quotes"
	case "slice":
		return `a list, like ["q"]`
	case "map":
		return "a table"
	}
	return goType
}

// describeValue names the Go type the TOML library decoded a value into.
func describeValue(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "a boolean"
	case strings.HasPrefix(goType, "int"):
		return "a number"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case strings.HasPrefix(goType, "[]map"):
		return "an array of tables"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map"):
		return "a table"
	case strings.Contains(goType, "Time") || strings.Contains(goType, "Local") || strings.Contains(goType, "Date"):
		return "a date or time"
	}
	return goType
}

// mapTableErrors checks the values File decodes into Go maps (profiles,
// keys). The TOML library silently skips a value that is not a table when
// the destination is a map ("profiles = 3", "[[profiles]]"), which would
// make a file's profiles vanish without a word.
func mapTableErrors(path string, md toml.MetaData) []*Error {
	var problems []*Error
	for _, k := range md.Keys() {
		if len(k) != 1 || !(strings.EqualFold(k[0], "profiles") || strings.EqualFold(k[0], "keys")) {
			continue
		}
		if t := md.Type(k...); t != "Hash" {
			hint := "write one [profiles.NAME] table per profile"
			if strings.EqualFold(k[0], "keys") {
				hint = `write a [keys] table with lines like quit = ["q"]`
			}
			problems = append(problems, &Error{Path: path, Key: k.String(),
				Msg: "must be a table, not " + describeTOMLType(t), Hint: hint, Kind: ErrInvalid})
		}
	}
	return problems
}

// describeTOMLType names MetaData.Type's type names in an operator's words.
func describeTOMLType(t string) string {
	switch t {
	case "Integer", "Float":
		return "a number"
	case "String":
		return "a string"
	case "Bool":
		return "a boolean"
	case "Datetime":
		return "a date or time"
	case "Array":
		return "a list"
	case "ArrayHash":
		return "an array of tables ([[...]])"
	}
	return t
}
