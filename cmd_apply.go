package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/zdops/zdops/actions"
)

// applyFlags are the flags of "zdops apply". The settings flags override the config file's
// [sync] section; only the flags given on the command line do.
type applyFlags struct {
	account            accountFlags
	dryRun, jsonOut    bool
	createVerified     bool
	skipVerifyEmail    bool
	updatePrimaryEmail bool
	removeFromOrg      bool
	groupWithoutUser   bool
	source             string

	deleteOrganizations bool
}

// runApply handles "zdops apply FILE|-": every event of a JSON Lines file (or stdin) is
// planned and applied in turn, one run each, and reported with its line number.
func runApply(args []string, stdout, stderr io.Writer) error {
	var f applyFlags
	fs := flag.NewFlagSet("apply", flag.ContinueOnError)
	f.account.register(fs)
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the calls each event would make, and write nothing")
	fs.BoolVar(&f.jsonOut, "json", false, "print one JSON object per event")
	fs.BoolVar(&f.createVerified, "create-verified", false, "create new users (and add new emails) as verified ([sync] create_verified)")
	fs.BoolVar(&f.skipVerifyEmail, "skip-verify-email", false, "send no verification email to new users or emails ([sync] skip_verify_email)")
	fs.BoolVar(&f.updatePrimaryEmail, "update-primary-email", false, "make an identify's new email the primary one ([sync] update_primary_email)")
	fs.BoolVar(&f.removeFromOrg, "remove-from-org", false, "let traits.company.remove remove users from organizations ([sync] remove_from_org)")
	fs.BoolVar(&f.groupWithoutUser, "group-without-user", false, "upsert the organization of a group event that names no user ([sync] group_without_user)")
	fs.BoolVar(&f.deleteOrganizations, "delete-organizations", false, "let a group call with traits.deleted delete the organization ([sync] delete_organizations)")
	fs.StringVar(&f.source, "source", "", `source name of tracked events (default "zdops"; "zendesk" is reserved)`)
	file, err := parseApplyArgs(fs, args)
	if err != nil {
		return err
	}

	acct, err := openAccount(f.account, false)
	if err != nil {
		return err
	}
	defer acct.Close()
	settings := f.settings(fs, acct)
	if err := settings.Validate(); err != nil {
		return usageError{err.Error()}
	}
	if acct.readOnly && !f.dryRun {
		return fmt.Errorf("profile %q is read-only and zdops apply writes: use --dry-run to see what it would do", acct.profile)
	}
	in, name, err := openEvents(file)
	if err != nil {
		return err
	}
	defer in.Close()

	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	applier := &actions.EventApplier{
		Planner:  actions.Planner{Client: acct.client, Fields: &actions.FieldCache{}},
		Settings: settings,
		Source:   name,
	}
	if !f.dryRun {
		audit, err := openAudit()
		if err != nil {
			return err
		}
		defer audit.Close()
		if applier.Runner, err = acct.runner(ctx, audit); err != nil {
			return err
		}
		if acct.sandbox != nil {
			fmt.Fprintln(stderr, "note: these runs go to the embedded sandbox, whose data lasts only while this command runs")
		}
	}
	return applyEvents(ctx, applier, in, f.jsonOut, stdout)
}

// applyEvents applies every line of in and prints each outcome; the error carries the
// exit code: 3 when an event failed or a line was unusable, 4 when interrupted.
func applyEvents(ctx context.Context, a *actions.EventApplier, in io.Reader, jsonOut bool, stdout io.Writer) error {
	r := actions.NewEventReader(in)
	events, failed := 0, 0
	for {
		if ctx.Err() != nil {
			return exitError{code: exitInterrupted, msg: fmt.Sprintf("interrupted after %d events: the rest of the file was not applied", events)}
		}
		l, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		events++
		res := a.Apply(ctx, l, nil)
		if res.Status == actions.EventFailed {
			failed++
		}
		if jsonOut {
			if err := writeEventJSON(stdout, res); err != nil {
				return err
			}
		} else {
			printEventResult(stdout, res)
		}
		if res.Result != nil && res.Result.Interrupted && ctx.Err() != nil {
			return exitError{code: exitInterrupted, msg: fmt.Sprintf("interrupted at line %d: zdops resume %s finishes that event; the lines after it were not applied", res.Line, res.Result.RunID)}
		}
	}
	if failed > 0 {
		return exitError{code: exitFailedWrites, msg: fmt.Sprintf("%d of %d events failed (see above)", failed, events)}
	}
	return nil
}

// settings are the [sync] section of the config, with the flags given on the command line
// on top.
func (f applyFlags) settings(fs *flag.FlagSet, acct *account) actions.SyncSettings {
	var s actions.SyncSettings
	if acct.file != nil {
		c := acct.file.Sync
		s = actions.SyncSettings{CreateVerified: c.CreateVerified, SkipVerifyEmail: c.SkipVerifyEmail,
			UpdatePrimaryEmail: c.UpdatePrimaryEmail, RemoveFromOrg: c.RemoveFromOrg, GroupWithoutUser: c.GroupWithoutUser,
			DeleteOrganizations: c.DeleteOrganizations, Source: c.Source}
	}
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "create-verified":
			s.CreateVerified = f.createVerified
		case "skip-verify-email":
			s.SkipVerifyEmail = f.skipVerifyEmail
		case "update-primary-email":
			s.UpdatePrimaryEmail = f.updatePrimaryEmail
		case "remove-from-org":
			s.RemoveFromOrg = f.removeFromOrg
		case "group-without-user":
			s.GroupWithoutUser = f.groupWithoutUser
		case "delete-organizations":
			s.DeleteOrganizations = f.deleteOrganizations
		case "source":
			s.Source = f.source
		}
	})
	return s
}

// parseApplyArgs parses the flags, before or after the file, and returns the one file.
func parseApplyArgs(fs *flag.FlagSet, args []string) (string, error) {
	fs.SetOutput(io.Discard)
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(os.Stdout)
				fs.PrintDefaults()
				return "", err
			}
			return "", usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		return "", usageError{"give one event file (JSON Lines), or - to read stdin: zdops apply [--dry-run] [--json] FILE|-"}
	}
	return files[0], nil
}

// openEvents opens the event file, or stdin for "-"; name is what runs record as the
// events' source.
func openEvents(file string) (io.ReadCloser, string, error) {
	if file == "-" {
		return io.NopCloser(stdin), "stdin", nil
	}
	fh, err := os.Open(file)
	if err != nil {
		return nil, "", fmt.Errorf("open the event file: %w", err)
	}
	if fi, err := fh.Stat(); err == nil && fi.IsDir() {
		fh.Close()
		return nil, "", fmt.Errorf("%s is a directory: give a JSON Lines file of events", file)
	}
	return fh, file, nil
}
