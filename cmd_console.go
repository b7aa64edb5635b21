package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"

	"github.com/zdops/zdops/config"
	"github.com/zdops/zdops/ui"
)

// runConsole opens the TUI.
func runConsole(args []string) error {
	fs := flag.NewFlagSet("zdops", flag.ContinueOnError)
	var af accountFlags
	af.register(fs)
	readOnly := fs.Bool("read-only", false, "write nothing: browse and preview only")
	firstFrame := fs.Bool("exit-after-first-frame", false, "quit once the first view shows its rows (times start-up; see BENCHMARKS.md)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	acct, err := openAccount(af, false)
	if err != nil {
		return err
	}
	defer acct.Close()
	theme, err := config.ResolveTheme(acct.file, os.Getenv)
	if err != nil {
		return err
	}
	// Every run is audited; without the log, nothing may be written.
	audit, err := openAudit()
	if err != nil {
		return fmt.Errorf("open the audit log: %w", err)
	}
	defer audit.Close()
	m, err := ui.New(ui.Options{
		Client:   acct.client,
		Profile:  acct.profile,
		Sandbox:  acct.sandbox != nil,
		Account:  acct.label,
		Keys:     acct.file.Keys,
		ReadOnly: acct.readOnly || *readOnly,
		Theme:    theme,
		Audit:    audit,
		Waits:    acct.waits,

		ExitAfterFirstFrame: *firstFrame,
	})
	if err != nil {
		return fmt.Errorf("config %s: %w", acct.file.Path, err)
	}
	// Bubble Tea would end the program at once on SIGTERM, while a run may be sending a
	// batch; instead the console stops its runs between batches, records them, then quits.
	progOpts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithoutSignalHandler()}
	if *firstFrame {
		// A timing run reads no keys, so it works with stdin and stdout redirected.
		progOpts = append(progOpts, tea.WithInput(nil))
	}
	p := tea.NewProgram(crashGuard{m}, progOpts...)
	if *firstFrame && !term.IsTerminal(os.Stdout.Fd()) {
		// Redirected output has no size; draw the frame a 120x34 terminal would show.
		go p.Send(tea.WindowSizeMsg{Width: 120, Height: 34})
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			p.Send(ui.ShutdownMsg{})
		}
	}()
	_, err = p.Run()
	if err == nil && *firstFrame {
		fmt.Fprintf(os.Stderr, "first frame %.1f ms after start\n", float64(time.Since(processStart).Microseconds())/1000)
	}
	return err
}

// processStart is read as the program's variables are initialised, before main runs: the
// closest a Go program gets to the moment it was started.
var processStart = time.Now()
