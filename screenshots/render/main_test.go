package main

import (
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zdops/zdops/screenshots/ansipng"
)

func TestRunBadFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.png")
	cases := []struct {
		args []string
		want string
	}{
		{nil, "no -out file"},
		{[]string{"-out", out, "-theme", "sepia"}, `theme "sepia"`},
		{[]string{"-out", out, "-scale", "0"}, "-scale 0"},
		{[]string{"-out", out, "-cols", "0"}, "columns and rows"},
		{[]string{"-out", out, "screen.ans"}, "unexpected argument"},
		{[]string{"-out", out, "-in", filepath.Join(t.TempDir(), "missing.ans")}, "read the screen"},
	}
	for _, c := range cases {
		err := run(c.args, strings.NewReader("x"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("run %q: err = %v, want one saying %q", c.args, err, c.want)
		}
	}
}

func TestRunWritesPNG(t *testing.T) {
	out := filepath.Join(t.TempDir(), "screen.png")
	err := run([]string{"-out", out, "-cols", "10", "-rows", "2", "-theme", "light", "-scale", "2"},
		strings.NewReader("\x1b[1;38;2;90;63;192mzdops\x1b[0m\n╭──╮ ██░░"))
	if errors.Is(err, ansipng.ErrNoFonts) {
		t.Skipf("needs the DejaVu fonts (apt-get install fonts-dejavu-core): %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	// 2x: cells of 18 pixels wide, and a cell's width of padding on each side.
	if cfg.Width != 12*18 {
		t.Fatalf("width %d, want %d (10 columns and padding at 2x)", cfg.Width, 12*18)
	}
}
