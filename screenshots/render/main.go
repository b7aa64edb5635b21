// Command render turns a terminal screen captured with its escapes (`tmux capture-pane -e
// -p`) into a PNG, for zdops's screenshots.
//
//	tmux capture-pane -e -p -t zdops | go run ./screenshots/render -cols 120 -rows 34 -out users.png
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zdops/zdops/screenshots/ansipng"
)

func main() {
	if err := run(os.Args[1:], os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader) error {
	fl := flag.NewFlagSet("render", flag.ContinueOnError)
	in := fl.String("in", "", "read the captured screen from this file (default: standard input)")
	out := fl.String("out", "", "write the PNG to this file (required)")
	cols := fl.Int("cols", 120, "the terminal's width in columns")
	rows := fl.Int("rows", 34, "the terminal's height in rows")
	themeName := fl.String("theme", "dark", "the terminal's colours: dark or light")
	size := fl.Float64("size", 15, "font size in pixels")
	scale := fl.Int("scale", 1, "draw everything this many times larger (2 for high-density screens)")
	fontDir := fl.String("fonts", ansipng.DefaultFontDir, "the folder holding DejaVuSansMono.ttf, DejaVuSansMono-Bold.ttf and DejaVuSans.ttf")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("no -out file: say where to write the PNG")
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: read a file with -in", fl.Arg(0))
	}
	if *scale < 1 || *scale > 8 {
		return fmt.Errorf("-scale %d: want 1 to 8", *scale)
	}
	theme, err := ansipng.ThemeByName(*themeName)
	if err != nil {
		return fmt.Errorf("-theme: %w", err)
	}
	var data []byte
	if *in == "" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(*in)
	}
	if err != nil {
		return fmt.Errorf("read the screen: %w", err)
	}
	grid, err := ansipng.Parse(data, *cols, *rows)
	if err != nil {
		return err
	}
	r, err := ansipng.NewRenderer(ansipng.Options{Theme: theme, FontDir: *fontDir, FontSize: *size * float64(*scale)})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := ansipng.WritePNG(&buf, r.Render(grid)); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	return nil
}
