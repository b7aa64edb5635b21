package sandbox

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// jw appends JSON to a byte slice. The sandbox writes its bodies by hand
// rather than through encoding/json so that key order, nulls and number
// formats follow Zendesk exactly and a 100-row page costs microseconds.
type jw struct {
	b     []byte
	n     []int // values written so far in each open container
	keyed bool  // a key was just written, so the next value needs no comma
}

func (w *jw) sep() {
	if w.keyed {
		w.keyed = false
		return
	}
	if d := len(w.n); d > 0 {
		if w.n[d-1] > 0 {
			w.b = append(w.b, ',')
		}
		w.n[d-1]++
	}
}

func (w *jw) open(c byte) {
	w.sep()
	w.b = append(w.b, c)
	w.n = append(w.n, 0)
}

func (w *jw) close(c byte) {
	w.n = w.n[:len(w.n)-1]
	w.b = append(w.b, c)
}

func (w *jw) obj()    { w.open('{') }
func (w *jw) endObj() { w.close('}') }
func (w *jw) arr()    { w.open('[') }
func (w *jw) endArr() { w.close(']') }

func (w *jw) key(k string) {
	w.sep()
	w.b = appendJSONString(w.b, k)
	w.b = append(w.b, ':')
	w.keyed = true
}

func (w *jw) str(s string) { w.sep(); w.b = appendJSONString(w.b, s) }
func (w *jw) int(i int64)  { w.sep(); w.b = strconv.AppendInt(w.b, i, 10) }
func (w *jw) null()        { w.sep(); w.b = append(w.b, "null"...) }
func (w *jw) bool(v bool)  { w.sep(); w.b = strconv.AppendBool(w.b, v) }

// time writes a Unix second as Zendesk does: RFC 3339 in UTC with a Z.
func (w *jw) time(unix int64) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = time.Unix(unix, 0).UTC().AppendFormat(w.b, time.RFC3339)
	w.b = append(w.b, '"')
}

func (w *jw) ks(k, v string) { w.key(k); w.str(v) }
func (w *jw) ki(k string, v int64) {
	w.key(k)
	w.int(v)
}
func (w *jw) kb(k string, v bool) { w.key(k); w.bool(v) }
func (w *jw) kn(k string)         { w.key(k); w.null() }
func (w *jw) kt(k string, unix int64) {
	w.key(k)
	w.time(unix)
}

// ksn writes a string that Zendesk sends as null when empty.
func (w *jw) ksn(k, v string) {
	w.key(k)
	if v == "" {
		w.null()
		return
	}
	w.str(v)
}

// kin writes an id, or null when ok is false.
func (w *jw) kin(k string, v int64, ok bool) {
	w.key(k)
	if !ok {
		w.null()
		return
	}
	w.int(v)
}

// ktn writes a timestamp, or null for the zero Unix second (never a real value here).
func (w *jw) ktn(k string, unix int64) {
	w.key(k)
	if unix == 0 {
		w.null()
		return
	}
	w.time(unix)
}

// kurl writes a resource URL, base + kind + id + ".json", without building
// the string first: every record in every response carries one.
func (w *jw) kurl(k, base, kind string, id int64) {
	w.key(k)
	w.sep()
	w.b = append(w.b, '"')
	w.b = appendEscaped(w.b, base)
	w.b = appendEscaped(w.b, kind)
	w.b = strconv.AppendInt(w.b, id, 10)
	w.b = append(w.b, `.json"`...)
}

// kstrs writes an array of strings.
func (w *jw) kstrs(k string, v []string) {
	w.key(k)
	w.arr()
	for _, s := range v {
		w.str(s)
	}
	w.endArr()
}

// kempty writes an empty array, which Zendesk sends for many id lists.
func (w *jw) kempty(k string) {
	w.key(k)
	w.b = append(w.b, '[', ']')
	w.keyed = false
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// and U+2028/U+2029 are escaped so the body is also valid JavaScript, as
// encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped writes the inside of a JSON string.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}
