package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkFirstFrame times start-up as an operator sees it: from exec of the built binary
// with no profile (so it seeds and serves the embedded demo sandbox) to its exit right after
// the first frame that shows the users list. ns/op is that whole span; the median is
// reported too, since a cold first run skews the mean.
func BenchmarkFirstFrame(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "zdops")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		b.Fatal(err)
	}
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color"}
	spans := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		var out bytes.Buffer
		cmd := exec.Command(bin, "--exit-after-first-frame")
		cmd.Env, cmd.Stdout, cmd.Stderr = env, &out, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("zdops: %v\n%s", err, out.String())
		}
		spans = append(spans, time.Since(start))
		if !strings.Contains(out.String(), "admin@sandbox.zdops.test") {
			b.Fatalf("the first frame does not show the users list:\n%s", out.String())
		}
	}
	b.StopTimer()
	slices.Sort(spans)
	b.ReportMetric(float64(spans[len(spans)/2].Microseconds())/1000, "median-ms")
}
