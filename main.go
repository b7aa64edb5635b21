// Command zdops is a terminal console for Zendesk support operators.
//
// main only parses flags and subcommands and wires config -> client -> ui; everything else
// lives in the packages.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// exitUsage is the exit code for a command line zdops cannot make sense of.
const exitUsage = 2

const usage = `zdops: a terminal console for Zendesk support operators

Usage:
  zdops [--profile NAME] [--config PATH] [--url URL] [--read-only]
        open the console; with no profile configured it runs against the embedded sandbox
  zdops sandbox [--addr 127.0.0.1:8080] [--seed N] [--users N] [--tickets N]
        [--rate-limit N] [--rate-window D] [--email E] [--token T] [--faults SPEC]
        serve the embedded Zendesk sandbox for other clients; --faults injects latency,
        errors and failed jobs, e.g. "latency=50ms,5xx=0.1,429=0.05,reset=0.02,jobfail=0.05"
  zdops config check [--profile NAME] [--config PATH] [--url URL]
        validate the configuration and sign in with it
  zdops run ACTION (--user EMAIL|ID | --tickets IDS | --users IDS) [--priority P] [--status S]
        [--agent EMAIL|ID] [--group NAME|ID] [--subject S] [--body B] [--type T] [--tags A,B]
        [--dry-run] [--yes] [--json]
        plan an action, show the preview, confirm and apply it; actions:
        create-ticket, set-priority, set-status, assign-agent, assign-group,
        suspend-user, restore-user, delete-tickets, spam-tickets
  zdops log [--json]
        list every run in the audit log
  zdops resume RUN_ID [--json]
        finish an interrupted run: only writes without a recorded outcome are sent
  zdops undo RUN_ID [--dry-run] [--yes] [--json]
        put back what a run changed, after a preview
  zdops apply [--profile P] [--dry-run] [--json] [--create-verified] [--skip-verify-email]
        [--update-primary-email] [--remove-from-org] [--group-without-user] [--source NAME] FILE|-
        apply identify, group and track events (JSON Lines) to users and organizations,
        one run per event; settings default to the config's [sync] section
  zdops help
        show this help

Configuration: $XDG_CONFIG_HOME/zdops/config.toml (or ~/.config/zdops/config.toml).
Exit codes: 0 success; 1 error; 2 bad command line; 3 some writes failed; 4 interrupted (resumable).
Environment: ZENDESK_SUBDOMAIN, ZENDESK_EMAIL, ZENDESK_API_TOKEN, ZENDESK_OAUTH_TOKEN, ZENDESK_URL;
ZDOPS_THEME=light|dark when the terminal does not tell its background; NO_COLOR.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the process's exit code.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer recoverCrash(stderr, &code)
	var err error
	switch {
	case len(args) > 0 && args[0] == "sandbox":
		err = runSandbox(args[1:], stdout)
	case len(args) > 0 && args[0] == "config":
		err = runConfig(args[1:], stdout)
	case len(args) > 0 && args[0] == "run":
		err = runAction(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "log":
		err = runLog(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "resume":
		err = runResume(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "undo":
		err = runUndo(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "apply":
		err = runApply(args[1:], stdout, stderr)
	case len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(stdout, usage)
		return 0
	case len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-':
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	default:
		err = runConsole(args)
	}
	var ue usageError
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "zdops: %s\nRun 'zdops help' for usage.\n", ue.msg)
		return exitUsage
	case errors.As(err, &ee):
		fmt.Fprintf(stderr, "zdops: %s\n", ee.msg)
		return ee.code
	default:
		fmt.Fprintf(stderr, "zdops: %v\n", err)
		return 1
	}
}

// usageError is a command line that does not parse; it exits with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// parseFlags parses a subcommand's flags, turning flag errors into usage errors and
// refusing stray arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stdout)
			fs.PrintDefaults()
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}
