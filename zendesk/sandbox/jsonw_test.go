package sandbox

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestJSONStringEscaping(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "line\nbreak\ttab\r", "\x00\x1f",
		"José Müller", "O'Brien <b>&", "\u2028\u2029", "bad \xff utf8"} {
		got := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q -> %s: %v", s, got, err)
		}
		want := s
		if !utf8.ValidString(s) {
			want = "bad \ufffd utf8"
		}
		if back != want {
			t.Fatalf("%q round-trips to %q", s, back)
		}
	}
}

func TestWriterNesting(t *testing.T) {
	w := &jw{}
	w.obj()
	w.ki("a", 1)
	w.key("b")
	w.arr()
	w.int(1)
	w.obj()
	w.kn("x")
	w.endObj()
	w.str("s")
	w.endArr()
	w.kempty("c")
	w.kb("d", true)
	w.kt("e", epoch)
	w.endObj()
	if got := string(w.b); got != `{"a":1,"b":[1,{"x":null},"s"],"c":[],"d":true,"e":"2026-01-01T00:00:00Z"}` {
		t.Fatal(got)
	}
}

func FuzzJSONString(f *testing.F) {
	f.Add("hello \"world\"\n")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		var back string
		if err := json.Unmarshal(appendJSONString(nil, s), &back); err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(s) && back != s {
			t.Fatalf("%q round-trips to %q", s, back)
		}
	})
}

// Cursors and search queries come from clients; neither may panic.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor("id", 3_612_000_000_761))
	f.Add("eyJvIjoibmljZV9pZCIsInYiOiJhUUVBQUFBQUFBQUEifQ==")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if id, ok := decodeCursor(s); ok {
			if again, ok2 := decodeCursor(encodeCursor("id", id)); !ok2 || again != id {
				t.Fatalf("re-encoding %d failed", id)
			}
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	f.Add(`type:ticket status<solved requester_id:1 "two words" -tags:x*`)
	f.Add(`subject:"unterminated`)
	f.Add(`- -: <= >=`)
	st := seed(mustNormalize(f, Options{Users: 60, Tickets: 200}))
	f.Fuzz(func(t *testing.T, s string) {
		_ = runSearch(st, parseQuery(s))
	})
}

func mustNormalize(t testing.TB, o Options) Options {
	o, err := o.normalize()
	if err != nil {
		t.Fatal(err)
	}
	return o
}
