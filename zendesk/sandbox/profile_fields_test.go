package sandbox

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestProfileFieldLists(t *testing.T) {
	s, c, _ := writeServer(t, Options{})
	m := c.get("/api/v2/user_fields", 200)
	fields := list(m, "user_fields")
	byKey := map[string]map[string]any{}
	for _, f := range fields {
		byKey[f["key"].(string)] = f
	}
	want := map[string]string{"plan": "dropdown", "customer_since": "date", "lifetime_value": "decimal", "vip": "checkbox", "account_id": "text"}
	if len(fields) != len(want) || num(m["count"]) != int64(len(want)) {
		t.Fatalf("user fields: %v", fields)
	}
	for k, typ := range want {
		if f := byKey[k]; f == nil || f["type"] != typ || f["active"] != true || f["system"] != false || f["title"] == "" {
			t.Errorf("%s: %v", k, f)
		}
	}
	opts := list(byKey["plan"], "custom_field_options")
	if len(opts) != 4 || opts[0]["value"] != "free" || opts[0]["name"] != "Free" || num(opts[0]["id"]) == 0 {
		t.Errorf("plan options: %v", opts)
	}
	if _, ok := byKey["lifetime_value"]["custom_field_options"]; ok {
		t.Error("a decimal field has options")
	}
	one := obj(c.get(fmt.Sprintf("/api/v2/user_fields/%d.json", num(byKey["vip"]["id"])), 200), "user_field")
	if one["key"] != "vip" || one["url"] != byKey["vip"]["url"] {
		t.Errorf("show: %v", one)
	}
	c.get("/api/v2/user_fields/123", 404)
	c.get(fmt.Sprintf("/api/v2/organization_fields/%d", num(byKey["vip"]["id"])), 404) // a user field's id

	// Pages: two at a time, every field once.
	page := c.get("/api/v2/user_fields?page[size]=2", 200)
	if len(list(page, "user_fields")) != 2 || obj(page, "meta")["has_more"] != true {
		t.Errorf("cursor page: %v", page)
	}

	orgFields := list(c.get("/api/v2/organization_fields", 200), "organization_fields")
	if len(orgFields) != 4 || orgFields[0]["key"] != "account_tier" || orgFields[1]["key"] != "region" {
		t.Errorf("organization fields: %v", orgFields)
	}

	// Every user and organization carries every key; seeded values fit their types.
	uid, _ := s.SampleUser("end-user")
	uf := obj(obj(c.get(fmt.Sprintf("/api/v2/users/%d", uid), 200), "user"), "user_fields")
	for k := range want {
		if _, ok := uf[k]; !ok {
			t.Errorf("user_fields lacks %s: %v", k, uf)
		}
	}
	if _, ok := uf["vip"].(bool); !ok {
		t.Errorf("vip is not a bool: %v", uf["vip"])
	}
	oid, _ := s.SampleOrganization()
	of := obj(obj(c.get(fmt.Sprintf("/api/v2/organizations/%d", oid), 200), "organization"), "organization_fields")
	if len(of) != 4 || of["account_tier"] == nil || of["region"] == nil || of["renewal_date"] != nil {
		t.Errorf("organization_fields: %v", of)
	}
	// Some seeded end users have a lifetime value, as a number.
	found := false
	for _, u := range list(c.get("/api/v2/users?role=end-user&page[size]=100", 200), "users") {
		if v, ok := obj(u, "user_fields")["lifetime_value"].(float64); ok && v > 0 {
			found = true
			break
		}
	}
	if !found {
		t.Error("no seeded end user has a lifetime value")
	}
}

// FuzzProfileFieldValues feeds user_fields bodies to the checker: whatever it accepts must
// come out as valid JSON literals of the field's type, since they are written into answers
// as they are.
func FuzzProfileFieldValues(f *testing.F) {
	f.Add([]byte(`{"plan":"PRO","lifetime_value":"12.50","vip":true,"customer_since":"2020-01-02T03:04:05Z","account_id":7}`))
	f.Add([]byte(`{"plan":null,"vip":"","account_id":"a\u0000\"b"}`))
	f.Add([]byte(`{"lifetime_value":1e400,"nope":1}`))
	f.Add([]byte(`[1]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		vals, _ := userFieldSet.parseFieldValues(body, false)
		for key, lit := range vals {
			var v any
			if err := json.Unmarshal([]byte(lit), &v); err != nil {
				t.Fatalf("%s: %q is not JSON: %v", key, lit, err)
			}
			f, _ := userFieldSet.byKey(key)
			switch v.(type) {
			case nil:
			case string:
				if f.typ == "decimal" || f.typ == "checkbox" {
					t.Fatalf("%s (%s) holds a string: %s", key, f.typ, lit)
				}
			case float64:
				if f.typ != "decimal" {
					t.Fatalf("%s (%s) holds a number: %s", key, f.typ, lit)
				}
			case bool:
				if f.typ != "checkbox" {
					t.Fatalf("%s (%s) holds a bool: %s", key, f.typ, lit)
				}
			default:
				t.Fatalf("%s holds %T", key, v)
			}
		}
	})
}
