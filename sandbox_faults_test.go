package main

import (
	"strings"
	"testing"
)

// A bad --faults spec is a usage error that names the key and its form, before anything
// listens.
func TestSandboxFaultsFlag(t *testing.T) {
	isolate(t)
	cases := []struct{ spec, has string }{
		{"foo=1", `unknown key "foo"`},
		{"5xx=1.5", `5xx="1.5" is not a probability from 0 to 1`},
		{"latency=soon", `latency="soon" is not a duration`},
		{"jitter=-1ms", "jitter=-1ms is negative"},
		{"reset", `"reset" is not key=value`},
	}
	for _, tc := range cases {
		code, out, errOut := runCLI("sandbox", "--addr", "127.0.0.1:0", "--faults", tc.spec)
		if code != exitUsage || !strings.Contains(errOut, "--faults: "+strings.SplitN(tc.has, " ", 2)[0]) || !strings.Contains(errOut, tc.has) {
			t.Errorf("--faults %q: exit %d, stdout %q, stderr %q; want exit %d naming %q", tc.spec, code, out, errOut, exitUsage, tc.has)
		}
	}
}
