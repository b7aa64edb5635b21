package zendesk

import (
	"encoding/json"
	"fmt"
)

// recordIn decodes the record a write answered with under key ({"user": {...}}). An answer
// without it is an error, as for reads (getRecord): a 2xx holding no record must not read
// as a record with id 0 that a caller would then act on.
func recordIn[T any](raw map[string]json.RawMessage, key, call string) (T, error) {
	var out T
	v, ok := raw[key]
	if !ok || string(v) == "null" {
		return out, fmt.Errorf("%s: the answer has no %q", call, key)
	}
	if err := json.Unmarshal(v, &out); err != nil {
		return out, fmt.Errorf("%s: decode %s: %w", call, key, err)
	}
	return out, nil
}

// wrapUpsert says which record a create_or_update was about, keeping err for errors.As.
func wrapUpsert(kind, externalID, other string, err error) error {
	switch {
	case externalID != "":
		return fmt.Errorf("create or update %s with external_id %q: %w", kind, externalID, err)
	case other != "":
		return fmt.Errorf("create or update %s %q: %w", kind, other, err)
	}
	return fmt.Errorf("create or update %s: %w", kind, err)
}
