package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/zdops/zdops/zendesk/sandbox"
)

// runSandbox serves the embedded sandbox in the foreground until interrupted.
func runSandbox(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "loopback address to listen on")
	var opts sandbox.Options
	fs.Int64Var(&opts.Seed, "seed", 1, "seed of the generated data")
	fs.IntVar(&opts.Users, "users", 0, "number of users (default: demo size)")
	fs.IntVar(&opts.Tickets, "tickets", 0, "number of tickets (default: demo size)")
	fs.IntVar(&opts.RateLimit, "rate-limit", 700, "requests allowed per rate window")
	fs.DurationVar(&opts.RateWindow, "rate-window", 0, "length of the rate window (default 1m)")
	fs.StringVar(&opts.Email, "email", "", "the sandbox admin's email (default admin@sandbox.zdops.test)")
	fs.StringVar(&opts.Token, "token", "", "the API token to accept (default: random)")
	faults := fs.String("faults", "", "inject faults: "+sandbox.FaultsSyntax)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if opts.Users < 0 || opts.Tickets < 0 || opts.RateLimit < 0 || opts.RateWindow < 0 {
		return usageError{"--users, --tickets, --rate-limit and --rate-window must not be negative"}
	}
	f, err := sandbox.ParseFaults(*faults)
	if err != nil {
		return usageError{"--faults: " + strings.TrimPrefix(err.Error(), "faults: ")}
	}
	opts.Faults = f
	s, err := sandbox.New(opts)
	if err != nil {
		return err
	}
	running, err := sandbox.Start(s, *addr)
	if err != nil {
		return err
	}
	defer running.Close()
	email, token, oauth := s.Credentials()
	if f.Enabled() {
		fmt.Fprintf(stdout, "zdops sandbox: injecting faults %s\n", f)
	}
	fmt.Fprintf(stdout, `zdops sandbox: an in-memory Zendesk on %[1]s
  base URL     %[1]s/api/v2
  email        %[2]s
  API token    %[3]s
  OAuth token  %[4]s
  stats        %[1]s/__sandbox/stats
Try: curl -u '%[2]s/token:%[3]s' %[1]s/api/v2/users/me.json
Or:  ZENDESK_URL=%[1]s ZENDESK_EMAIL=%[2]s ZENDESK_API_TOKEN=%[3]s zdops
Press ctrl+c to stop.
`, running.URL, email, token, oauth)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}
