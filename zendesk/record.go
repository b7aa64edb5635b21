package zendesk

import (
	"context"
	"encoding/json"
	"fmt"
)

// getRecord reads one record that Zendesk sends under key ({"user": {...}}). An answer
// without it is an error: a 200 holding no record (a proxy's "{}", another object) must not
// read as a record with id 0 that a plan would then act on.
func getRecord[T any](ctx context.Context, c *Client, path, key string) (T, error) {
	var out T
	var raw map[string]json.RawMessage
	if err := c.get(ctx, path, nil, &raw); err != nil {
		return out, err
	}
	v, ok := raw[key]
	if !ok || string(v) == "null" {
		return out, fmt.Errorf("GET /api/v2/%s: the answer has no %q", path, key)
	}
	if err := json.Unmarshal(v, &out); err != nil {
		return out, fmt.Errorf("GET /api/v2/%s: decode %s: %w", path, key, err)
	}
	return out, nil
}
