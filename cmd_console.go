package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/ui"
)

// runConsole opens the TUI.
func runConsole(args []string) error {
	fs := flag.NewFlagSet("zdops", flag.ContinueOnError)
	var af accountFlags
	af.register(fs)
	readOnly := fs.Bool("read-only", false, "hide destructive actions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	acct, err := openAccount(af, false)
	if err != nil {
		return err
	}
	defer acct.Close()
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
		Audit:    audit,
		Waits:    acct.waits,
	})
	if err != nil {
		return fmt.Errorf("config %s: %w", acct.file.Path, err)
	}
	// Bubble Tea would end the program at once on SIGTERM, while a run may be sending a
	// batch; instead the console stops its runs between batches, records them, then quits.
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithoutSignalHandler())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			p.Send(ui.ShutdownMsg{})
		}
	}()
	_, err = p.Run()
	return err
}
