package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/internal/termtext"
)

// spaces is sliced for padding so that padding a cell never allocates.
var spaces = strings.Repeat(" ", 512)

func writePad(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		b.WriteString(spaces[:k])
		n -= k
	}
}

// plainASCII reports whether s is printable ASCII, where a byte is a cell: the fast path
// for nearly every cell a table draws.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// cellWidth is how many terminal cells s takes.
func cellWidth(s string) int {
	if plainASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// truncate cuts s to at most w cells, ending in an ellipsis when it cut. Text is never
// wrapped in a table: one record, one line.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if plainASCII(s) {
		if len(s) <= w {
			return s
		}
		return s[:w-1] + "…"
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// writeFit writes s in exactly w cells: truncated with an ellipsis or padded with spaces,
// on the left when right is set (numbers).
func writeFit(b *strings.Builder, s string, w int, right bool) {
	if w <= 0 {
		return
	}
	s = truncate(s, w)
	gap := w - cellWidth(s)
	if right {
		writePad(b, gap)
		b.WriteString(s)
		return
	}
	b.WriteString(s)
	writePad(b, gap)
}

// fit returns s in exactly w cells.
func fit(s string, w int) string {
	var b strings.Builder
	b.Grow(w)
	writeFit(&b, s, w, false)
	return b.String()
}

// sanitizeLine and sanitizeText make text from Zendesk safe to draw (see termtext).
var (
	sanitizeLine = termtext.Line
	sanitizeText = termtext.Text
)

// wrapText breaks text into lines of at most w cells, at spaces where it can.
func wrapText(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		para = strings.TrimRight(para, " ")
		if para == "" {
			out = append(out, "")
			continue
		}
		wrapped := ansi.Wrap(para, w, "")
		out = append(out, strings.Split(wrapped, "\n")...)
	}
	// Trailing blank lines say nothing.
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// wrapAtMost wraps s to w cells in at most most lines, the last ending in … when there
// is more: a sentence the operator needs whole, cut only when the screen has no room.
func wrapAtMost(s string, w, most int) []string {
	lines := wrapText(s, w)
	if len(lines) > most {
		lines = lines[:most]
		lines[most-1] = truncate(lines[most-1]+" …", w)
	}
	return lines
}

// humanInt writes n with thousands separators, as plan titles and the CLI do: 1,200.
func humanInt(n int) string { return actions.Thousands(n) }

// relTime says how long ago t was, in the fewest characters that stay useful.
func relTime(t, now time.Time) string {
	if t.IsZero() {
		return "—"
	}
	d := now.Sub(t)
	suffix := " ago"
	prefix := ""
	if d < 0 {
		d, suffix, prefix = -d, "", "in "
	}
	var v string
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		v = fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		v = fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 30*24*time.Hour:
		v = fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		v = fmt.Sprintf("%dmo", int(d/(30*24*time.Hour)))
	default:
		v = fmt.Sprintf("%dy", int(d/(365*24*time.Hour)))
	}
	return prefix + v + suffix
}

// unixTime keeps a timestamp in 8 bytes for compact rows.
func unixTime(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(u int64) time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(u, 0)
}

// idText writes an id, or nothing for Zendesk's null.
func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
