package ui

import "testing"

// The keystroke budget (2 ms for Update and View with 100,000 rows loaded) holds for every
// kind of key, not just moving: these benchmarks cover paging, marking, opening a detail
// and typing a search. Requests a key starts are Cmds, which Bubble Tea runs off the
// update loop, so they are not part of the frame and are not run here.

// BenchmarkPageDown100k pages down through 100,000 users, back to the top at the end.
func BenchmarkPageDown100k(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	v := fillUsers(m, 100000, false)
	pgdown, top := keyMsg("pgdown"), keyMsg("g")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		msg := pgdown
		if v.all.table.Cursor() == len(v.all.list.rows)-1 {
			msg = top
		}
		m.Update(msg)
		_ = m.View()
	}
}

// BenchmarkMark100k marks and unmarks the row under the cursor.
func BenchmarkMark100k(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	v := fillUsers(m, 100000, false)
	v.all.table.setCursor(50000)
	mark := keyMsg(" ")
	m.Update(mark)
	if v.marks.count() != 1 {
		b.Fatalf("space marked %d rows", v.marks.count())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(mark)
		_ = m.View()
	}
}

// BenchmarkOpenDetail100k opens the user under the cursor and goes back: two keystrokes and
// two frames per op (ns/key is one of them).
func BenchmarkOpenDetail100k(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	v := fillUsers(m, 100000, false)
	v.all.table.setCursor(50000)
	open, back := keyMsg("enter"), keyMsg("esc")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(open)
		_ = m.View()
		m.Update(back)
		_ = m.View()
	}
	b.StopTimer()
	if len(m.stacks[m.active]) != 0 {
		b.Fatal("esc did not close the detail")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/key")
}

// BenchmarkSearchTyping100k types into the search box with 100,000 users loaded. Each key
// only restarts the debounce timer (a Cmd); no request goes out per keystroke.
func BenchmarkSearchTyping100k(b *testing.B) {
	withColours(b)
	m := offlineModel(b)
	fillUsers(m, 100000, false)
	m.Update(keyMsg("/"))
	if !m.top().Typing() {
		b.Fatal("/ did not open the search box")
	}
	keys := []string{"a", "d", "a", "backspace", "backspace", "backspace"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		m.Update(keyMsg(keys[i%len(keys)]))
		_ = m.View()
	}
}
