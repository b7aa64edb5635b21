package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/zdops/zdops/ui"
)

// runConfig handles "zdops config check": validate the config and sign in with it.
func runConfig(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return usageError{"usage: zdops config check [--profile NAME] [--config PATH] [--url URL]"}
	}
	fs := flag.NewFlagSet("config check", flag.ContinueOnError)
	var af accountFlags
	af.register(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	acct, err := openAccount(af, true)
	if err != nil {
		return err
	}
	defer acct.Close()
	if err := ui.CheckKeys(acct.file.Keys); err != nil {
		return fmt.Errorf("config %s: %w", acct.file.Path, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	me, err := acct.client.Users.Me(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "profile %s: signed in to %s as %s <%s>, role %s\n", acct.profile, acct.client.BaseURL(), me.Name, me.Email, me.Role)
	if rl := acct.client.RateLimit(); rl.Known {
		fmt.Fprintf(stdout, "rate limit: %d of %d requests left this minute\n", rl.Remaining, rl.Limit)
	} else {
		fmt.Fprintln(stdout, "rate limit: not reported by the server")
	}
	if acct.readOnly {
		fmt.Fprintln(stdout, "read-only: destructive actions are hidden")
	}
	return nil
}
