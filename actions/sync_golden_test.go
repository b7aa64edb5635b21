package actions

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zdops/zdops/zendesk"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/ instead of comparing with them")

// syncGoldenCases are the event files under testdata/sync and the settings each is
// planned with: every row of the mapping and every setting, on and off.
var syncGoldenCases = []struct {
	name     string
	settings SyncSettings
}{
	{"identify", SyncSettings{}},
	{"identify_update_primary_email", SyncSettings{UpdatePrimaryEmail: true}},
	{"identify_create_verified", SyncSettings{CreateVerified: true, SkipVerifyEmail: true, UpdatePrimaryEmail: true}},
	{"identify_remove_from_org", SyncSettings{RemoveFromOrg: true}},
	{"group", SyncSettings{}},
	{"group_without_user", SyncSettings{GroupWithoutUser: true}},
	{"group_delete_organizations", SyncSettings{DeleteOrganizations: true}},
	{"track", SyncSettings{Source: "shop"}},
	{"track_default_source", SyncSettings{}},
}

// TestSyncGolden plans every event of each file against a sandbox holding known users and
// organizations (lookups are real) and compares the planned calls with
// testdata/sync/NAME.golden (go test ./actions -run TestSyncGolden -update rewrites them).
// Planning must write nothing.
func TestSyncGolden(t *testing.T) {
	for _, tc := range syncGoldenCases {
		t.Run(tc.name, func(t *testing.T) {
			e, w := newProfileEnv(t)
			seedSyncFixtures(t, e)
			w.reset()
			f, err := os.Open(filepath.Join("testdata", "sync", tc.name+".jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			lines, err := DecodeEvents(f)
			if err != nil {
				t.Fatal(err)
			}
			a := &EventApplier{Planner: e.planner, Settings: tc.settings, Source: tc.name + ".jsonl"}
			var b strings.Builder
			fmt.Fprintf(&b, "# %s.jsonl planned with %+v\n", tc.name, tc.settings)
			for _, l := range lines {
				b.WriteString(renderEventResult(a.Apply(context.Background(), l, nil)))
			}
			if got := w.writes(); len(got) > 0 {
				t.Fatalf("planning wrote: %+v", got)
			}
			compareGolden(t, filepath.Join("testdata", "sync", tc.name+".golden"), b.String())
		})
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update to accept):\n--- got\n%s", path, diffLines(string(want), got))
	}
}

// diffLines shows the lines that differ, with their numbers.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "%d\n  want: %s\n  got:  %s\n", i+1, a, c)
		}
	}
	return b.String()
}

// renderEventResult writes an event's plan the way a reviewer reads it.
func renderEventResult(r EventResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nline %d %s %s: %s\n", r.Line, r.Type, r.About, r.Status)
	switch {
	case r.Err != nil:
		fmt.Fprintf(&b, "  error: %s\n", r.Problem())
	case r.Skip != "":
		fmt.Fprintf(&b, "  skipped: %s\n", r.Skip)
	}
	p := r.Plan
	if p == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "  %s\n", p.Title())
	for _, s := range p.Steps {
		fmt.Fprintf(&b, "  %s\n", s)
		fmt.Fprintf(&b, "      does: %s\n", s.Describe())
		if s.Match != "" {
			fmt.Fprintf(&b, "      match: %s\n", s.Match)
		}
		for _, c := range s.Changes {
			fmt.Fprintf(&b, "      change %s\n", c)
		}
		if s.Note != "" {
			fmt.Fprintf(&b, "      note: %s\n", s.Note)
		}
		if s.Danger {
			b.WriteString("      DANGER\n")
		}
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(&b, "  skipped %s %s: %s\n", s.Kind, s.Subject, s.Reason)
	}
	for _, c := range p.Consequences {
		fmt.Fprintf(&b, "  consequence: %s\n", c)
	}
	if p.ConfirmPhrase != "" {
		fmt.Fprintf(&b, "  confirm by typing %q\n", p.ConfirmPhrase)
	}
	return b.String()
}

// seedSyncFixtures creates, through the API, the users and organizations the event files
// name: Ada (external_id u-ada) in Acme and Globex, Grace (no external_id, with a second
// email), Bob (u-bob, in no organization), and an organization whose external_id looks like
// a Zendesk id.
func seedSyncFixtures(t testing.TB, e *env) {
	t.Helper()
	ctx := context.Background()
	org := func(o zendesk.OrganizationUpsert) zendesk.Organization {
		got, _, err := e.c.Organizations.CreateOrUpdate(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	user := func(u zendesk.UserUpsert) zendesk.User {
		got, _, err := e.c.Users.CreateOrUpdate(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	member := func(u zendesk.User, o zendesk.Organization) {
		if _, err := e.c.Organizations.AddMember(ctx, u.ID, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	acme := org(zendesk.OrganizationUpsert{ExternalID: "acme", Name: "Acme", DomainNames: []string{"acme.example"}, Tags: []string{"gold"}})
	globex := org(zendesk.OrganizationUpsert{ExternalID: "globex", Name: "Globex", OrganizationFields: map[string]any{"region": "amer"}})
	org(zendesk.OrganizationUpsert{ExternalID: "12345", Name: "Numbered"})
	ada := user(zendesk.UserUpsert{ExternalID: "u-ada", Email: "ada@example.com", Name: "Ada Lovelace", Phone: "+441234", UserFields: map[string]any{"plan": "free"}})
	member(ada, acme)
	member(ada, globex)
	grace := user(zendesk.UserUpsert{Email: "grace@example.com", Name: "Grace Hopper"})
	if _, err := e.c.Users.AddIdentity(ctx, grace.ID, zendesk.NewIdentity{Type: "email", Value: "grace.h@example.com"}); err != nil {
		t.Fatal(err)
	}
	user(zendesk.UserUpsert{ExternalID: "u-bob", Email: "bob@example.com", Name: "Bob Builder"})
}
