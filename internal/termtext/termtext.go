// Package termtext makes text from Zendesk safe to print on a terminal. A subject or a name
// is outside input: an escape sequence in it could move the cursor, recolour the screen or
// rewrite what the operator reads, and a bidi override could reorder it.
package termtext

import (
	"strings"
	"unicode"
)

// Line makes s safe for one line (a table cell, a header): line breaks and tabs become
// spaces, and control and format characters (escape sequences, bidi overrides, zero-width
// marks) are dropped.
func Line(s string) string {
	if plainASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r == unicode.ReplacementChar:
			return r
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}

// Text is Line for text shown on several lines (a ticket's description): line breaks stay.
func Text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}

// plainASCII reports whether s is printable ASCII, which needs no work.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
