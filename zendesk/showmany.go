package zendesk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ShowManyLimit is the most ids Zendesk takes in one show_many or *_many call.
const ShowManyLimit = 100

// showMany reads records by id in batches of ShowManyLimit.
func showMany[T any](ctx context.Context, c *Client, path, key string, ids []int64) ([]T, error) {
	out := make([]T, 0, len(ids))
	for start := 0; start < len(ids); start += ShowManyLimit {
		batch := ids[start:min(start+ShowManyLimit, len(ids))]
		parts := make([]string, len(batch))
		for i, id := range batch {
			parts[i] = strconv.FormatInt(id, 10)
		}
		// The answer also carries count and next_page, so only the items key is decoded.
		var page map[string]json.RawMessage
		if err := c.get(ctx, path, url.Values{"ids": {strings.Join(parts, ",")}}, &page); err != nil {
			return out, fmt.Errorf("%s (%d ids): %w", path, len(batch), err)
		}
		var items []T
		if err := json.Unmarshal(page[key], &items); err != nil {
			return out, fmt.Errorf("%s: decode %s: %w", path, key, err)
		}
		out = append(out, items...)
	}
	return out, nil
}
