package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/zendesk"
)

// rowPage is one page of a list already turned into compact rows (inside the Cmd, off the
// program's goroutine).
type rowPage[R any] struct {
	rows   []R
	next   string
	count  int  // -1 when Zendesk did not say
	capped bool // search: more matched than Zendesk serves
	limit  int  // search: how many results Zendesk serves at most
}

// fetchFunc reads the page that next names ("" for the first) and converts it.
type fetchFunc[R any] func(ctx context.Context, next string) (rowPage[R], error)

// pagesFetch reads a zendesk.Pages list and keeps only a compact row per item.
func pagesFetch[T, R any](p zendesk.Pages[T], limit int, conv func(*T) R) fetchFunc[R] {
	return func(ctx context.Context, next string) (rowPage[R], error) {
		page, err := p.Page(ctx, next)
		if err != nil {
			return rowPage[R]{}, err
		}
		rows := make([]R, len(page.Items))
		for i := range page.Items {
			rows[i] = conv(&page.Items[i])
		}
		return rowPage[R]{rows: rows, next: page.Next, count: page.Count, capped: page.Capped, limit: limit}, nil
	}
}

// sliceFetch serves one answer that is not paged (a lookup by external id) as a list.
func sliceFetch[T, R any](get func(ctx context.Context) ([]T, error), conv func(*T) R) fetchFunc[R] {
	return func(ctx context.Context, _ string) (rowPage[R], error) {
		items, err := get(ctx)
		if err != nil {
			return rowPage[R]{}, err
		}
		rows := make([]R, len(items))
		for i := range items {
			rows[i] = conv(&items[i])
		}
		return rowPage[R]{rows: rows, count: len(rows)}, nil
	}
}

// pageMsg answers a page request. to and seq say whose request it was: a component that is
// gone, or a list that has since been reloaded or searched anew, drops it.
type pageMsg[R any] struct {
	to   compID
	seq  uint64
	page rowPage[R]
	err  error
}

func (m pageMsg[R]) target() compID { return m.to }

// pagedList is a list that loads lazily: the first page when it starts, the next one when
// the cursor comes near the end of what is loaded, never two at once. Rows are only ever
// appended, so an arriving page costs its own size, not the size of the list.
type pagedList[R any] struct {
	what  string // "users", for errors: "load users"
	fetch fetchFunc[R]

	seq     uint64
	rows    []R
	next    string
	started bool
	loading bool
	done    bool
	count   int
	capped  bool
	limit   int
	err     error
}

// reset forgets the rows and points the list at a (new) source.
func (l *pagedList[R]) reset(fetch fetchFunc[R]) {
	*l = pagedList[R]{what: l.what, fetch: fetch, count: -1}
}

// start loads the first page.
func (l *pagedList[R]) start(pc *programContext, to compID) tea.Cmd {
	l.reset(l.fetch)
	l.started = true
	l.seq = pc.nextSeq()
	return l.load(pc, to)
}

// more loads the next page unless one is in flight, the list is complete, or the last load
// failed (r retries it).
func (l *pagedList[R]) more(pc *programContext, to compID) tea.Cmd {
	if !l.started || l.loading || l.done || l.err != nil || l.fetch == nil {
		return nil
	}
	return l.load(pc, to)
}

// retry loads again the page that failed.
func (l *pagedList[R]) retry(pc *programContext, to compID) tea.Cmd {
	if l.err == nil || l.loading {
		return nil
	}
	l.err = nil
	return l.load(pc, to)
}

func (l *pagedList[R]) load(pc *programContext, to compID) tea.Cmd {
	if l.fetch == nil {
		return nil
	}
	l.loading = true
	pc.requests++
	fetch, next, seq, ctx := l.fetch, l.next, l.seq, pc.base
	return func() tea.Msg {
		page, err := fetch(ctx, next)
		return pageMsg[R]{to: to, seq: seq, page: page, err: err}
	}
}

// accept takes a page meant for this list and reports whether it was (and so whether the
// rows changed). Answers to an older generation are not.
func (l *pagedList[R]) accept(pc *programContext, owner compID, msg pageMsg[R]) bool {
	if msg.seq != l.seq || !l.loading {
		return false
	}
	l.loading = false
	if msg.err != nil {
		l.err = msg.err
		pc.fail(owner, fmt.Sprintf("load %s (%s loaded so far; r retries)", l.what, humanInt(len(l.rows))), msg.err)
		return true
	}
	l.err = nil
	pc.recovered(owner)
	l.rows = append(l.rows, msg.page.rows...)
	l.next = msg.page.next
	l.done = msg.page.next == ""
	l.count, l.capped, l.limit = msg.page.count, msg.page.capped, msg.page.limit
	return true
}

// nearEnd reports whether the cursor is within half a screen of the last loaded row, when
// the next page should be on its way.
func (l *pagedList[R]) nearEnd(cursor, screen int) bool {
	return len(l.rows)-1-cursor <= max(screen/2, 1)
}

// summary says how much is loaded and whether more exists: "1,200 users loaded · more",
// "all 1,187 users", "1,000 of 4,312 shown · Zendesk search stops at 1,000 — narrow the
// query". noun names the rows of a full list; search results are results.
func (l *pagedList[R]) summary(noun string, search bool) string {
	if noun != "" {
		noun = " " + noun
	}
	n := len(l.rows)
	switch {
	case !l.started:
		return ""
	case n == 0 && l.loading:
		return "loading…"
	case l.err != nil && n == 0:
		return "load failed · r retries"
	}
	var s string
	switch {
	case n == 0 && l.done && search:
		s = "no results"
	case n == 0 && l.done && noun == "":
		s = "none"
	case n == 0 && l.done:
		s = "no" + noun
	case l.capped:
		s = fmt.Sprintf("%s of %s shown · Zendesk search stops at %s — narrow the query", humanInt(n), humanInt(l.count), humanInt(l.limit))
	case l.done && search:
		s = fmt.Sprintf("all %s results", humanInt(n))
		if n == 1 {
			s = "1 result"
		}
	case l.done:
		s = "all " + humanInt(n) + noun
	case l.count >= 0:
		s = fmt.Sprintf("%s of %s loaded · more", humanInt(n), humanInt(l.count))
	default:
		s = humanInt(n) + noun + " loaded · more"
	}
	switch {
	case l.err != nil:
		s += " · load failed, r retries"
	case l.loading:
		s += " · loading…"
	}
	return s
}

// chainFetch reads several lists one after the other as one list: the agents search is a
// search for agents followed by one for admins, since Zendesk's search ANDs its terms.
// The cursor of a chained list is the index of the list it is in and that list's own.
func chainFetch[R any](parts ...fetchFunc[R]) fetchFunc[R] {
	return func(ctx context.Context, next string) (rowPage[R], error) {
		i, inner := 0, ""
		if next != "" {
			k, rest, ok := strings.Cut(next, "\x00")
			n, err := strconv.Atoi(k)
			if !ok || err != nil || n < 0 || n >= len(parts) {
				return rowPage[R]{}, fmt.Errorf("invalid chained cursor %q", next)
			}
			i, inner = n, rest
		}
		page, err := parts[i](ctx, inner)
		if err != nil {
			return page, err
		}
		out := rowPage[R]{rows: page.rows, count: -1, limit: page.limit}
		switch {
		case page.next != "":
			out.next = strconv.Itoa(i) + "\x00" + page.next
		case i+1 < len(parts):
			out.next = strconv.Itoa(i+1) + "\x00"
		default:
			out.capped = page.capped
		}
		return out, nil
	}
}
