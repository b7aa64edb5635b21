package sandbox

import (
	"strconv"
	"strings"
	"unicode"
)

// Helpers that turn generated names into slugs, mailboxes and padded numbers.

func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) >= width {
		return s
	}
	return strings.Repeat("0", width-len(s)) + s
}

// fillNumber replaces the first %d in a template.
func fillNumber(tpl string, n uint32) string {
	pre, post, ok := strings.Cut(tpl, "%d")
	if !ok {
		return tpl
	}
	return pre + strconv.FormatUint(uint64(n), 10) + post
}

var foldMap = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'í': "i", 'ï': "i", 'ñ': "n", 'ó': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'ú': "u", 'ü': "u", 'ß': "ss",
	'ł': "l", 'ź': "z", 'ż': "z", 'ś': "s", 'ć': "c", 'ń': "n",
}

// slug lower-cases s and keeps ASCII letters and digits, folding accents.
func slug(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
		case c > unicode.MaxASCII:
			b.WriteString(foldMap[c])
		}
	}
	return b.String()
}

// localPart builds a name-derived mailbox in one of a few common patterns.
func localPart(first, last string, pattern int) string {
	f, l := slug(first), slug(last)
	switch pattern {
	case 1:
		return f + l
	case 2:
		return f[:1] + "." + l
	case 3:
		return f + "_" + l
	case 4:
		return f + "." + l[:1]
	case 5:
		return l + "." + f
	default:
		return f + "." + l
	}
}

func uniqueEmail(st *store, local, domain string) string {
	e := local + "@" + domain
	for k := 2; ; k++ {
		if _, taken := st.userByEmail[e]; !taken {
			return e
		}
		e = local + strconv.Itoa(k) + "@" + domain
	}
}
