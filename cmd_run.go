package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"strconv"
	"strings"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// Exit codes of the commands that write, so scripts can tell outcomes apart.
const (
	exitFailedWrites = 3 // the run finished, but some writes failed
	exitInterrupted  = 4 // the run stopped early; zdops resume RUN_ID finishes it
)

// runFlags are the flags of "zdops run".
type runFlags struct {
	account          accountFlags
	user             string
	tickets, users   string
	priority, status string
	ticketType       string
	agent, group     string
	subject, body    string
	tags             string
	dryRun, yes      bool
	jsonOut          bool
	readOnly         bool
}

// runAction handles "zdops run ACTION ...": plan, show, confirm, apply, report.
func runAction(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"name the action first: zdops run ACTION --user EMAIL|ID ...; actions: " + strings.Join(actions.ActionIDs(), ", ")}
	}
	spec, ok := actions.Lookup(args[0])
	if !ok {
		return usageError{fmt.Sprintf("unknown action %q; actions: %s", args[0], strings.Join(actions.ActionIDs(), ", "))}
	}
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	f.account.register(fs)
	fs.StringVar(&f.user, "user", "", "the target user: email or Zendesk id")
	fs.StringVar(&f.tickets, "tickets", "", "a selection of ticket ids instead of a user's tickets: 1,2,3")
	fs.StringVar(&f.users, "users", "", "a selection of user ids (suspend-user, restore-user): 1,2,3")
	fs.StringVar(&f.priority, "priority", "", "set-priority, create-ticket: "+strings.Join(actions.Priorities, ", "))
	fs.StringVar(&f.status, "status", "", "set-status: "+strings.Join(actions.Statuses, ", "))
	fs.StringVar(&f.ticketType, "type", "", "create-ticket: "+strings.Join(actions.TicketTypes, ", "))
	fs.StringVar(&f.agent, "agent", "", "assign-agent: the agent's email or id")
	fs.StringVar(&f.group, "group", "", "assign-group: the group's name or id")
	fs.StringVar(&f.subject, "subject", "", "create-ticket: subject (default describes the user)")
	fs.StringVar(&f.body, "body", "", "create-ticket: first comment (default describes the user)")
	fs.StringVar(&f.tags, "tags", "", "create-ticket: tags, comma-separated")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the plan and exit without writing")
	fs.BoolVar(&f.yes, "yes", false, "do not ask for confirmation")
	fs.BoolVar(&f.jsonOut, "json", false, "print the plan (with --dry-run) or the result as JSON")
	fs.BoolVar(&f.readOnly, "read-only", false, "write nothing: only --dry-run may run")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	req, err := f.request(spec.ID)
	if err != nil {
		return err
	}

	acct, err := openAccount(f.account, false)
	if err != nil {
		return err
	}
	defer acct.Close()
	// A read-only profile writes nothing; its dry runs still show what an action would do.
	if (acct.readOnly || f.readOnly) && !f.dryRun {
		return fmt.Errorf("profile %q is read-only, so zdops writes nothing with it: use --dry-run to see what %s would do", acct.profile, spec.ID)
	}
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	if err := f.resolveNames(ctx, acct.client, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return usageError{err.Error()}
	}
	plan, err := actions.Planner{Client: acct.client}.Plan(ctx, req)
	if err != nil {
		return err
	}
	return confirmAndApply(ctx, acct, plan, f.dryRun, f.yes, f.jsonOut, stdout, stderr)
}

// request builds the actions.Request from the flags; names (emails, group names) are
// resolved later, once there is a client.
func (f runFlags) request(id actions.ActionID) (actions.Request, error) {
	r := actions.Request{Action: id, Params: actions.Params{
		Priority: f.priority, Status: f.status, Type: f.ticketType, Subject: f.subject, Body: f.body,
	}}
	if f.tags != "" {
		for _, t := range strings.Split(f.tags, ",") {
			if t = strings.TrimSpace(t); t != "" {
				r.Params.Tags = append(r.Params.Tags, t)
			}
		}
	}
	targets := 0
	for _, v := range []string{f.user, f.tickets, f.users} {
		if v != "" {
			targets++
		}
	}
	if targets != 1 {
		return r, usageError{"give exactly one target: --user EMAIL|ID, --tickets IDS or --users IDS"}
	}
	var err error
	switch {
	case f.user != "":
		if id, perr := strconv.ParseInt(f.user, 10, 64); perr == nil && id > 0 {
			r.Target.UserID = id
		} else if strings.Contains(f.user, "@") {
			r.Target.UserEmail = f.user
		} else {
			return r, usageError{fmt.Sprintf("--user %q is neither an email nor a Zendesk user id", f.user)}
		}
	case f.tickets != "":
		r.Target.TicketIDs, err = parseIDs("--tickets", f.tickets)
	case f.users != "":
		r.Target.UserIDs, err = parseIDs("--users", f.users)
	}
	return r, err
}

// resolveNames turns --agent EMAIL and --group NAME into ids.
func (f runFlags) resolveNames(ctx context.Context, c *zendesk.Client, r *actions.Request) error {
	if f.agent != "" {
		if id, err := strconv.ParseInt(f.agent, 10, 64); err == nil && id > 0 {
			r.Params.AgentID = id
		} else {
			u, err := actions.FindUserByEmail(ctx, c, f.agent)
			if err != nil {
				return fmt.Errorf("--agent: %w", err)
			}
			if !u.IsAgent() {
				return fmt.Errorf("--agent %s is an %s, not an agent", f.agent, u.Role)
			}
			r.Params.AgentID = u.ID
		}
	}
	if f.group != "" {
		if id, err := strconv.ParseInt(f.group, 10, 64); err == nil && id > 0 {
			r.Params.GroupID = id
			return nil
		}
		var matches []zendesk.Group
		for g, err := range c.Groups.List().All(ctx) {
			if err != nil {
				return fmt.Errorf("--group: list groups: %w", err)
			}
			if strings.EqualFold(g.Name, strings.TrimSpace(f.group)) && !g.Deleted {
				matches = append(matches, g)
			}
		}
		switch len(matches) {
		case 0:
			return fmt.Errorf("--group %q: no group has that name", f.group)
		case 1:
			r.Params.GroupID = matches[0].ID
		default:
			return fmt.Errorf("--group %q: %d groups have that name; give the id", f.group, len(matches))
		}
	}
	return nil
}

func parseIDs(flagName, s string) ([]int64, error) {
	var ids []int64
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id <= 0 {
			return nil, usageError{fmt.Sprintf("%s: %q is not an id", flagName, part)}
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, usageError{flagName + " lists no ids"}
	}
	return ids, nil
}
