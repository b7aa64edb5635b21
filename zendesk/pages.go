package zendesk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// Pages is a Zendesk list that is read one page at a time. It is a plain value: copy it,
// keep it in a model, ask for any page by the Next of the page before.
//
// Lists use cursor pagination (page[size], links.next while meta.has_more). Search has only
// offset pagination, which Zendesk stops serving after a fixed number of results; Page says
// so through Capped instead of hiding it.
type Pages[T any] struct {
	c        *Client
	path     string     // under /api/v2
	query    url.Values // filters
	key      string     // the JSON key holding the items ("users", "results")
	offset   bool       // offset pagination (search) instead of cursor
	size     int        // items per page
	maxItems int        // offset lists: how many results Zendesk serves at most (0: no cap)
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T
	// Next asks Pages.Page for the following page; "" when this is the last one.
	Next string
	// Count is the total Zendesk reported (offset lists and search), or -1 when unknown.
	Count int
	// Capped is set when more results matched than Zendesk will serve (search stops at
	// 1,000): Next is "" although Count is larger than what was served.
	Capped bool
}

// DefaultPageSize is the largest page Zendesk serves on most lists.
const DefaultPageSize = 100

func cursorPages[T any](c *Client, path string, query url.Values, key string) Pages[T] {
	return Pages[T]{c: c, path: path, query: query, key: key, size: DefaultPageSize}
}

func offsetPages[T any](c *Client, path string, query url.Values, key string, maxItems int) Pages[T] {
	return Pages[T]{c: c, path: path, query: query, key: key, offset: true, size: DefaultPageSize, maxItems: maxItems}
}

// WithPageSize returns the same list read n items at a time (1 to 100).
func (p Pages[T]) WithPageSize(n int) Pages[T] {
	p.size = max(1, min(n, DefaultPageSize))
	return p
}

// Page fetches the page that next names; "" fetches the first page.
func (p Pages[T]) Page(ctx context.Context, next string) (Page[T], error) {
	r := request{method: http.MethodGet}
	if next == "" {
		q := url.Values{}
		for k, v := range p.query {
			q[k] = v
		}
		if p.offset {
			q.Set("per_page", strconv.Itoa(p.size))
		} else {
			q.Set("page[size]", strconv.Itoa(p.size))
		}
		r.path, r.query = p.path, q
	} else {
		r.target = next
	}
	var body json.RawMessage
	if _, err := p.c.do(ctx, r, &body); err != nil {
		return Page[T]{}, err
	}
	return p.decode(body)
}

// decode reads one page's body: the items under the list's key, and the cursor (meta,
// links) or offset (next_page, count) envelope.
func (p Pages[T]) decode(body []byte) (Page[T], error) {
	page := Page[T]{Count: -1}
	if len(bytes.TrimSpace(body)) == 0 {
		return page, fmt.Errorf("list %s: the answer is empty", p.path)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return page, fmt.Errorf("list %s: decode page: %w", p.path, err)
	}
	items, ok := raw[p.key]
	if !ok {
		return page, fmt.Errorf("list %s: the answer has no %q", p.path, p.key)
	}
	if err := json.Unmarshal(items, &page.Items); err != nil {
		return page, fmt.Errorf("list %s: decode %s: %w", p.path, p.key, err)
	}
	if c, ok := raw["count"]; ok {
		_ = json.Unmarshal(c, &page.Count)
	}
	var err error
	if p.offset {
		page.Next, page.Capped, err = p.offsetNext(raw, page.Count)
	} else {
		page.Next, err = p.cursorNext(raw)
	}
	return page, err
}

func (p Pages[T]) cursorNext(raw map[string]json.RawMessage) (string, error) {
	var meta *struct {
		HasMore bool `json:"has_more"`
	}
	var links struct {
		Next string `json:"next"`
	}
	if m, ok := raw["meta"]; ok {
		if err := json.Unmarshal(m, &meta); err != nil {
			return "", fmt.Errorf("list %s: decode meta: %w", p.path, err)
		}
	}
	if meta == nil {
		return "", fmt.Errorf("list %s: the answer is not a cursor page (no meta)", p.path)
	}
	if !meta.HasMore {
		return "", nil
	}
	if l, ok := raw["links"]; ok {
		if err := json.Unmarshal(l, &links); err != nil {
			return "", fmt.Errorf("list %s: decode links: %w", p.path, err)
		}
	}
	if links.Next == "" {
		return "", fmt.Errorf("list %s: meta.has_more is true but links.next is empty", p.path)
	}
	return links.Next, nil
}

func (p Pages[T]) offsetNext(raw map[string]json.RawMessage, count int) (next string, capped bool, err error) {
	if n, ok := raw["next_page"]; ok {
		if err := json.Unmarshal(n, &next); err != nil {
			return "", false, fmt.Errorf("list %s: decode next_page: %w", p.path, err)
		}
	}
	if next == "" || p.maxItems == 0 {
		return next, false, nil
	}
	// Zendesk answers an error past its cap; stop before asking and say why.
	u, err := url.Parse(next)
	if err != nil {
		return "", false, fmt.Errorf("list %s: invalid next_page: %w", p.path, err)
	}
	pageNo, _ := strconv.Atoi(u.Query().Get("page"))
	perPage, _ := strconv.Atoi(u.Query().Get("per_page"))
	if perPage <= 0 {
		perPage = p.size
	}
	if pageNo > 1 && (pageNo-1)*perPage >= p.maxItems {
		return "", count > p.maxItems, nil
	}
	return next, false, nil
}

// All walks every page and yields each item; it stops at the first error, which it yields.
func (p Pages[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		next := ""
		for {
			page, err := p.Page(ctx, next)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			if page.Next == next {
				// A cursor that points at itself would walk the same page forever.
				var zero T
				yield(zero, fmt.Errorf("list %s: links.next points at the page just read", p.path))
				return
			}
			next = page.Next
		}
	}
}

// Collect reads every page into a slice.
func (p Pages[T]) Collect(ctx context.Context) ([]T, error) {
	var out []T
	for it, err := range p.All(ctx) {
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}
