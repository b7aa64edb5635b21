package zendesk

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

	"github.com/zdops/zdops/internal/zendeskapi"
)

// The contract tests decode real Zendesk traffic, recorded beside the
// repository in ../shared/zendesk-api (see its README), with the client's
// types. Nothing from there is copied into the repository; a clone without
// the folder skips them.

// contractAPIDir returns the zendesk-api folder, or skips the test without it.
func contractAPIDir(t testing.TB) string { t.Helper(); return zendeskapi.Dir(t) }

// contractRecording is one recorded interaction; Where names its file and index.
type contractRecording struct {
	Where        string          `json:"-"`
	Method       string          `json:"method"`
	URI          string          `json:"uri"`
	Status       int             `json:"status"`
	ResponseBody json.RawMessage `json:"response_body"`
	// body is ResponseBody's top level when it is an object (nil otherwise).
	body map[string]json.RawMessage
}

var (
	contractRecsOnce sync.Once
	contractRecs     []contractRecording
	contractRecsErr  error
)

// contractRecordings reads every recording once per test binary, in file order.
func contractRecordings(t testing.TB) []contractRecording {
	t.Helper()
	dir := filepath.Join(contractAPIDir(t), "recordings")
	contractRecsOnce.Do(func() {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			contractRecsErr = err
			return
		}
		sort.Strings(files)
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				contractRecsErr = err
				return
			}
			var recs []contractRecording
			if err := json.Unmarshal(raw, &recs); err != nil {
				contractRecsErr = fmt.Errorf("%s: %w", f, err)
				return
			}
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			for k := range recs {
				recs[k].Where = fmt.Sprintf("%s#%d", name, k)
				if b := bytes.TrimSpace(recs[k].ResponseBody); len(b) > 0 && b[0] == '{' {
					if err := json.Unmarshal(b, &recs[k].body); err != nil {
						contractRecsErr = fmt.Errorf("%s: %w", recs[k].Where, err)
						return
					}
				}
			}
			contractRecs = append(contractRecs, recs...)
		}
	})
	if contractRecsErr != nil {
		t.Fatal(contractRecsErr)
	}
	if len(contractRecs) == 0 {
		t.Fatalf("no recordings in %s", dir)
	}
	return contractRecs
}

// findings collects problems by kind, keeping the first few places of each,
// so that one bug in a type read from 2,000 recorded users is one message.
type findings struct {
	order []string
	count map[string]int
	where map[string][]string
}

func (f *findings) add(problem, where string) {
	if f.count == nil {
		f.count, f.where = map[string]int{}, map[string][]string{}
	}
	if f.count[problem] == 0 {
		f.order = append(f.order, problem)
	}
	f.count[problem]++
	if len(f.where[problem]) < 3 {
		f.where[problem] = append(f.where[problem], where)
	}
}

func (f *findings) report(t *testing.T) {
	t.Helper()
	for _, p := range f.order {
		t.Errorf("%s (%d times; e.g. %s)", p, f.count[p], strings.Join(f.where[p], ", "))
	}
}
