package actions

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestDecodeEventsLines(t *testing.T) {
	long := `{"type":"track","userId":"u1","event":"big","properties":{"p":"` + strings.Repeat("x", MaxEventLine) + `"}}`
	file := strings.Join([]string{
		`{"type":"identify","userId":"ext-1","traits":{"email":"ada@example.com","name":"Ada","plan":"pro","n":12345678901234567890}}`, // 1
		``,    // 2: blank, skipped
		`   `, // 3: blank, skipped
		`{"type":"identify","userId":42,"traits":{"email":"bob@example.com"}}`,                                                   // 4: numeric userId
		`{"type":"group","userId":"ext-1","groupId":"acme","traits":{"name":"Acme"}}`,                                            // 5
		`{"type":"track","userId":"ext-1","event":"Order Placed","properties":{"total":9.5},"timestamp":"2025-01-31T12:00:00Z"}`, // 6
		`{"type":"track","event":"Signed In","context":{"traits":{"email":"c@example.com"}}}`,                                    // 7: user by context email
		`{"type":"page","userId":"x"}`,                   // 8: unknown type
		`{"type":"identify","traits":{"name":"No Key"}}`, // 9: neither userId nor email
		`{"type":"identify","userId":"x"`,                // 10: malformed JSON
		`{"type":"group","userId":"ext-1"}`,              // 11: no groupId
		`{"type":"track","userId":"ext-1"}`,              // 12: no event
		`[1,2]`,                                          // 13: not an object
		`{"userId":"x"}`,                                 // 14: no type
		long,                                             // 15: too long
		`{"type":"track","userId":"u","event":"e","timestamp":"yesterday"}`, // 16: bad time
		`{"type":"identify","userId":"u","traits":"a string"}`,              // 17: traits not an object
		`{"type":"identify","userId":{"id":1}}`,                             // 18: userId an object
		`{"type":"identify","userId":"u"} {"type":"identify"}`,              // 19: two values
		"{\"type\":\"identify\",\"userId\":\"u\xff\"}",                      // 20: not UTF-8
		`{"type":"Identify","userId":"u","traits":{"email":7}}`,             // 21: email a number
		`{"type":"identify","userId":"last"}`,                               // 22: no newline at the end
	}, "\n")
	lines, err := DecodeEvents(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{ // line -> "" for an event, or a part of the error
		1: "", 4: "", 5: "", 6: "", 7: "",
		8:  `unknown type "page"`,
		9:  `missing "userId" and "traits.email"`,
		10: "malformed JSON",
		11: `missing "groupId"`,
		12: `missing "event"`,
		13: "holds an array, not an object",
		14: `missing "type"`,
		15: "longer than 1048576 bytes",
		16: `"timestamp" "yesterday" is not an RFC 3339 time`,
		17: `"traits" is a string, not an object`,
		18: `"userId" is an object`,
		19: "something follows the event object",
		20: "not valid UTF-8",
		21: `"traits.email" is a number`,
		22: "",
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines decoded, want %d: %+v", len(lines), len(want), lines)
	}
	for _, l := range lines {
		w, ok := want[l.Line]
		switch {
		case !ok:
			t.Errorf("line %d reported: %+v", l.Line, l)
		case w == "" && l.Err != nil:
			t.Errorf("line %d: %v", l.Line, l.Err)
		case w != "" && (l.Err == nil || !strings.Contains(l.Err.Error(), w)):
			t.Errorf("line %d: error %v, want it to contain %q", l.Line, l.Err, w)
		case w != "" && !strings.HasPrefix(l.Err.Error(), "line "):
			t.Errorf("line %d: the error does not name its line: %v", l.Line, l.Err)
		}
	}
	byLine := map[int]SyncEvent{}
	for _, l := range lines {
		byLine[l.Line] = l.Event
	}
	if e := byLine[1]; e.Type != EventIdentify || e.UserID != "ext-1" || e.Email() != "ada@example.com" || e.Traits["n"] != json.Number("12345678901234567890") {
		t.Errorf("line 1: %+v", e)
	}
	if e := byLine[4]; e.UserID != "42" {
		t.Errorf("a numeric userId reads as %q", e.UserID)
	}
	if e := byLine[6]; e.Event != "Order Placed" || e.Timestamp == nil || e.Timestamp.Year() != 2025 || e.Properties["total"] != json.Number("9.5") {
		t.Errorf("line 6: %+v", e)
	}
	if e := byLine[7]; e.Email() != "c@example.com" || e.UserID != "" {
		t.Errorf("line 7: %+v", e)
	}
}

// A byte-order mark, CRLF line ends and a reader that returns one byte at a time change
// nothing.
func TestDecodeEventsBOMAndCRLF(t *testing.T) {
	file := "\xef\xbb\xbf{\"type\":\"identify\",\"userId\":\"a\"}\r\n\r\n{\"type\":\"identify\",\"userId\":\"b\"}\r\n"
	lines, err := DecodeEvents(iotest.OneByteReader(strings.NewReader(file)))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].Err != nil || lines[1].Err != nil || lines[0].Line != 1 || lines[1].Line != 3 || lines[1].Event.UserID != "b" {
		t.Fatalf("%+v", lines)
	}
}

// A read error is returned as such, after the lines read before it.
func TestDecodeEventsReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader(`{"type":"identify","userId":"a"}`+"\n"), iotest.ErrReader(errors.New("disk gone")))
	lines, err := DecodeEvents(r)
	if err == nil || !strings.Contains(err.Error(), "disk gone") || len(lines) != 1 {
		t.Fatalf("%+v, %v", lines, err)
	}
}

func FuzzDecodeEvents(f *testing.F) {
	f.Add([]byte(`{"type":"identify","userId":"ext-1","traits":{"email":"ada@example.com","name":"Ada"}}`))
	f.Add([]byte("{\"type\":\"group\",\"groupId\":7,\"traits\":{\"deleted\":true}}\n\n{\"type\":\"track\",\"event\":\"x\",\"context\":{\"traits\":{\"email\":\"a@b.c\"}}}"))
	f.Add([]byte(`{"type":"track","userId":"u","event":"e","timestamp":"2025-01-31T12:00:00+02:00","properties":{"a":[1,{"b":null}]}}`))
	f.Add([]byte("\xef\xbb\xbf[1]\r\n{\"type\":null}\n{"))
	f.Add([]byte(`{"type":"identify","userId":"u"} 1`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := DecodeEvents(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("a reader of bytes failed: %v", err)
		}
		maxLine := bytes.Count(data, []byte("\n")) + 1
		last := 0
		for _, l := range lines {
			if l.Line <= last || l.Line > maxLine {
				t.Fatalf("line %d after line %d (file has %d lines)", l.Line, last, maxLine)
			}
			last = l.Line
			if l.Err != nil {
				var le *LineError
				if !errors.As(l.Err, &le) || le.Line != l.Line || le.Problem == "" {
					t.Fatalf("line %d: error %#v does not name the line", l.Line, l.Err)
				}
				continue
			}
			ev := l.Event
			if ev.Line != l.Line {
				t.Fatalf("event line %d in line %d", ev.Line, l.Line)
			}
			switch ev.Type {
			case EventIdentify:
				if ev.UserID == "" && ev.Email() == "" {
					t.Fatalf("line %d: an identify without userId or email passed", l.Line)
				}
			case EventGroup:
				if ev.GroupID == "" {
					t.Fatalf("line %d: a group without groupId passed", l.Line)
				}
			case EventTrack:
				if ev.Event == "" || (ev.UserID == "" && ev.Email() == "") {
					t.Fatalf("line %d: a track without event or user passed", l.Line)
				}
			default:
				t.Fatalf("line %d: type %q passed", l.Line, ev.Type)
			}
			// Whatever decoded maps without a panic (the settings only widen the mapping).
			_, _ = MapEvent(ev, SyncSettings{RemoveFromOrg: true, GroupWithoutUser: true, UpdatePrimaryEmail: true})
		}
	})
}
