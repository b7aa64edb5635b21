package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zdops/zdops/internal/zendeskapi"
)

// The contract tests hold the sandbox to real Zendesk: recorded HTTP sessions
// and Zendesk's OpenAPI description, kept beside the repository in
// ../shared/zendesk-api (see its README). Nothing from there is copied into
// the repository; a clone without the folder skips these tests.

// zendeskAPIDir returns the zendesk-api folder, or skips the test without it.
func zendeskAPIDir(t testing.TB) string { t.Helper(); return zendeskapi.Dir(t) }

// recording is one recorded interaction: File and Index say where it came from.
type recording struct {
	File         string          `json:"-"`
	Index        int             `json:"-"`
	Method       string          `json:"method"`
	URI          string          `json:"uri"`
	Status       int             `json:"status"`
	ResponseBody json.RawMessage `json:"response_body"`
}

// name is how subtests and messages refer to the interaction.
func (r recording) name() string { return fmt.Sprintf("%s#%d", r.File, r.Index) }

// session is one recording file: interactions in the order they happened.
type session struct {
	File string
	Recs []recording
}

var (
	recordingsOnce sync.Once
	sessionsAll    []session
	recordingsErr  error
)

// loadSessions reads every recording file once per test binary (17 MB of
// JSON), sorted by file name.
func loadSessions(t testing.TB) []session {
	t.Helper()
	dir := filepath.Join(zendeskAPIDir(t), "recordings")
	recordingsOnce.Do(func() { sessionsAll, recordingsErr = readSessions(dir) })
	if recordingsErr != nil {
		t.Fatal(recordingsErr)
	}
	if len(sessionsAll) == 0 {
		t.Fatalf("no recordings in %s", dir)
	}
	return sessionsAll
}

// loadRecordings is every interaction of every session.
func loadRecordings(t testing.TB) []recording {
	t.Helper()
	var all []recording
	for _, s := range loadSessions(t) {
		all = append(all, s.Recs...)
	}
	return all
}

func readSessions(dir string) ([]session, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []session
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var recs []recording
		if err := json.Unmarshal(raw, &recs); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		for k := range recs {
			recs[k].File, recs[k].Index = name, k
		}
		out = append(out, session{File: name, Recs: recs})
	}
	return out, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// shapeNode is the merged shape of the JSON values found at one path of a
// body: which kinds occurred, and for objects and arrays the shapes of their
// members. Arrays merge all their elements into one node, so a list of 100
// tickets is compared as one ticket shape.
type shapeNode struct {
	kinds   map[string]int // how often each kind (incl. "null") occurred
	objects int            // objects merged into this node
	fields  map[string]*shapeNode
	elem    *shapeNode
}

func newShapeNode() *shapeNode { return &shapeNode{kinds: map[string]int{}} }

func shapeOf(v any) *shapeNode {
	n := newShapeNode()
	n.add(v)
	return n
}

func (n *shapeNode) add(v any) {
	n.kinds[jsonKind(v)]++
	switch v := v.(type) {
	case map[string]any:
		n.objects++
		if n.fields == nil {
			n.fields = map[string]*shapeNode{}
		}
		for k, x := range v {
			c := n.fields[k]
			if c == nil {
				c = newShapeNode()
				n.fields[k] = c
			}
			c.add(x)
		}
	case []any:
		for _, x := range v {
			if n.elem == nil {
				n.elem = newShapeNode()
			}
			n.elem.add(x)
		}
	}
}

// seen is how many values were merged into n.
func (n *shapeNode) seen() int {
	total := 0
	for _, c := range n.kinds {
		total += c
	}
	return total
}

func (n *shapeNode) nonNull() []string {
	var ks []string
	for k := range n.kinds {
		if k != "null" {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return ks
}

// freeFormPath reports the paths whose contents are the account's own data
// (custom user and organization fields, a channel's source details, metadata):
// only their presence and kind are compared.
func freeFormPath(path string) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	switch last {
	case "user_fields", "organization_fields", "metadata":
		return true
	}
	return strings.HasSuffix(path, "via.source")
}

// anyKindPath reports the paths whose kind depends on account data: a custom
// field's value is a string, a number, a bool, a list of tags or null.
func anyKindPath(path string) bool {
	return strings.HasSuffix(path, "custom_fields[].value") || strings.HasSuffix(path, "fields[].value")
}

// compareShapes checks that every key of the recorded shape is present in
// every sandbox object at the same path, with the same JSON kinds; null on
// either side matches anything. It returns one message per difference, each
// naming the JSON path; path "" is the body itself.
func compareShapes(path string, rec, sb *shapeNode) []string {
	rk, sk := rec.nonNull(), sb.nonNull()
	if len(rk) == 0 || len(sk) == 0 || anyKindPath(path) {
		return nil
	}
	var diffs []string
	if strings.Join(rk, ",") != strings.Join(sk, ",") {
		diffs = append(diffs, fmt.Sprintf("%s: sandbox sends %s, Zendesk sent %s", orRoot(path), strings.Join(sk, "|"), strings.Join(rk, "|")))
	}
	if rec.kinds["object"] > 0 && sb.kinds["object"] > 0 && !freeFormPath(path) {
		keys := make([]string, 0, len(rec.fields))
		for k := range rec.fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			c := sb.fields[k]
			switch {
			case c == nil:
				diffs = append(diffs, fmt.Sprintf("%s: missing in the sandbox's answer", p))
			case c.seen() < sb.objects:
				diffs = append(diffs, fmt.Sprintf("%s: missing in %d of the sandbox's %d objects", p, sb.objects-c.seen(), sb.objects))
				diffs = append(diffs, compareShapes(p, rec.fields[k], c)...)
			default:
				diffs = append(diffs, compareShapes(p, rec.fields[k], c)...)
			}
		}
	}
	if rec.kinds["array"] > 0 && sb.kinds["array"] > 0 && rec.elem != nil {
		if sb.elem == nil {
			// An empty list says nothing about element shapes; at the top
			// of the body (the list the request asked for) it means the
			// replay found nothing to compare.
			if !strings.Contains(path, ".") && !strings.Contains(path, "[]") && path != "" {
				diffs = append(diffs, fmt.Sprintf("%s: the sandbox answered an empty list, Zendesk %d items", path, rec.elem.seen()))
			}
		} else {
			diffs = append(diffs, compareShapes(path+"[]", rec.elem, sb.elem)...)
		}
	}
	return diffs
}

func orRoot(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

var (
	specOnce sync.Once
	specDoc  *openapi3.T
	specErr  error
)

// loadSpec loads oas/support.yaml once, quoting the bare "=" values that
// YAML parsers reject, and makes every schema nullable: real Zendesk sends
// null for many properties the description does not mark nullable (see the
// zendesk-api README). The document is shared; tests must not change it.
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	file := filepath.Join(zendeskAPIDir(t), "oas", "support.yaml")
	specOnce.Do(func() {
		raw, err := os.ReadFile(file)
		if err != nil {
			specErr = err
			return
		}
		raw = bytes.ReplaceAll(raw, []byte("change: =\n"), []byte("change: \"=\"\n"))
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(raw)
		if err != nil {
			specErr = fmt.Errorf("load %s: %w", file, err)
			return
		}
		// doc.Validate fails on a schema no route here uses; it is not required.
		makeNullable(doc)
		relaxCustomFieldValues(doc)
		specDoc = doc
	})
	if specErr != nil {
		t.Fatal(specErr)
	}
	return specDoc
}

// makeNullable sets Nullable on every schema reachable from the components
// and from the operations' responses. Shared and recursive schemas are
// visited once.
func makeNullable(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walkAll := func(refs openapi3.SchemaRefs) {
		for _, r := range refs {
			walk(r)
		}
	}
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		s.Nullable = true
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
		walkAll(s.AllOf)
		walkAll(s.AnyOf)
		walkAll(s.OneOf)
		walk(s.Not)
	}
	walkContent := func(c openapi3.Content) {
		for _, mt := range c {
			if mt != nil {
				walk(mt.Schema)
			}
		}
	}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			walk(s)
		}
		for _, r := range doc.Components.Responses {
			if r != nil && r.Value != nil {
				walkContent(r.Value.Content)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r != nil && r.Value != nil {
					walkContent(r.Value.Content)
				}
			}
		}
	}
}

// relaxCustomFieldValues accepts any JSON value for a ticket's
// custom_fields[].value (and fields[].value). Exception to the spec, which
// types it as a string: Zendesk's reference page (REFERENCE.md section 8,
// [D:tickets/ticket_fields]) gives checkbox values as true/false and
// multiselect values as a list of option tags, as the sandbox sends them;
// the recordings hold no custom field values that could settle it either way.
func relaxCustomFieldValues(doc *openapi3.T) {
	anyValue := openapi3.NewSchemaRef("", &openapi3.Schema{Nullable: true, Description: "any JSON value (see relaxCustomFieldValues)"})
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for name, p := range s.Properties {
			if (name == "custom_fields" || name == "fields") && p.Value != nil && p.Value.Items != nil && p.Value.Items.Value != nil {
				if _, ok := p.Value.Items.Value.Properties["value"]; ok {
					p.Value.Items.Value.Properties["value"] = anyValue
				}
			}
			walk(p)
		}
		walk(s.Items)
		for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range refs {
				walk(r)
			}
		}
	}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			walk(s)
		}
	}
}
