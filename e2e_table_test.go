package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Reading a table off the screen, as a person does: find the row by the record's id and
// read a cell under its column's title.

// idRow matches a table row: the cursor and mark cells, then the id right-aligned.
var idRow = regexp.MustCompile(`^[> ][ *]\s*(\d+) `)

// tableRow returns the row of the first table on screen whose id is id, and the title
// row above it; ok is false when no row shows that id.
func tableRow(screen string, id int64) (title, row string, ok bool) {
	want := strconv.FormatInt(id, 10)
	for _, r := range screenRows(screen) {
		if strings.Contains(r, "ID ") && !idRow.MatchString(r) {
			title = r
		}
		if m := idRow.FindStringSubmatch(r); m != nil && m[1] == want && title != "" {
			return title, r, true
		}
	}
	return "", "", false
}

// cell is the text of row under column, a left-aligned column of title: from where the
// column's title starts to where the next one does. Every cell on these screens is one
// cell per rune, so runes stand for cells.
func cell(title, row, column string) string {
	t, r := []rune(title), []rune(row)
	at := titleStart(t, column)
	if at < 0 {
		return "<no column " + column + ">"
	}
	end := len(r)
	for i := at + len([]rune(column)); i+1 < len(t); i++ {
		if t[i] == ' ' && t[i+1] != ' ' {
			end = i + 1
			break
		}
	}
	if at >= len(r) {
		return ""
	}
	return strings.TrimSpace(string(r[at:min(end, len(r))]))
}

// titleStart is where the column title starts as a word of the title row, or -1.
func titleStart(t []rune, column string) int {
	c := []rune(column)
	for i := 0; i+len(c) <= len(t); i++ {
		if string(t[i:i+len(c)]) == column && (i == 0 || t[i-1] == ' ') && (i+len(c) == len(t) || t[i+len(c)] == ' ') {
			return i
		}
	}
	return -1
}

// ticketCell reads one cell of the ticket's row; it fails the test when the ticket is not
// on screen.
func (term *terminal) ticketCell(step, screen string, id int64, column string) string {
	term.t.Helper()
	title, row, ok := tableRow(screen, id)
	if !ok {
		term.t.Fatalf("%s: ticket %d is not on screen:\n%s", step, id, screen)
	}
	return cell(title, row, column)
}

// pickerCount matches a picker's count row: "3/14", alone on its row.
var pickerCount = regexp.MustCompile(`(?m)^(\d+)/(\d+) *$`)

// pickerAt reports whether the picker on screen has its cursor on entry pos (1 is the
// first), and how many entries it has.
func pickerAt(screen string, pos int) (ok bool, total int) {
	m := pickerCount.FindStringSubmatch(screen)
	if m == nil {
		return false, 0
	}
	total, _ = strconv.Atoi(m[2])
	return m[1] == strconv.Itoa(pos), total
}

// pickerDown moves a picker's cursor down to entry pos, one key at a time, each seen.
func (term *terminal) pickerDown(step string, pos int) string {
	term.t.Helper()
	s := term.screen()
	for i := 2; i <= pos; i++ {
		term.keys("j")
		s = term.waitUntil(step, func(s string) bool { ok, _ := pickerAt(s, i); return ok }, fmt.Sprintf("the picker at entry %d", i))
	}
	return s
}

// cursorRow is the row the cursor is on ("> …"), or "".
func cursorRow(screen string) string {
	for _, r := range screenRows(screen) {
		if strings.HasPrefix(r, ">") {
			return r
		}
	}
	return ""
}

// cursorID is the id on the row under the cursor, or 0.
func cursorID(screen string) int64 {
	if m := idRow.FindStringSubmatch(cursorRow(screen)); m != nil {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		return id
	}
	return 0
}

// cellGap is what separates the cells of a row of names: two spaces or more.
var cellGap = regexp.MustCompile(`\s{2,}`)

// cursorName is the first cell of the row under the cursor: "Support", not "Technical
// Support", in a list of names.
func cursorName(screen string) string {
	r := cursorRow(screen)
	if len(r) < 2 {
		return ""
	}
	return cellGap.Split(strings.TrimSpace(r[2:]), 2)[0]
}
