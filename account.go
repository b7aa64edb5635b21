package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/config"
	"github.com/zdops/zdops/zendesk"
	"github.com/zdops/zdops/zendesk/sandbox"
)

// accountFlags are the flags that choose which Zendesk account a command talks to.
type accountFlags struct {
	configPath string
	profile    string
	url        string
}

func (a *accountFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/zdops/config.toml)")
	fs.StringVar(&a.profile, "profile", "", "profile to use (default: default_profile in the config)")
	fs.StringVar(&a.url, "url", "", "Zendesk URL, overriding the profile (https, or http on loopback)")
}

// account is a connected Zendesk: a real one from a profile, or the embedded sandbox.
type account struct {
	client   *zendesk.Client
	file     *config.File
	profile  string
	label    string // what the header shows: the host, or "sandbox on 127.0.0.1:PORT"
	sandbox  *sandbox.Running
	readOnly bool
	// waits forwards the client's rate-limit waits to the run in progress.
	waits *actions.WaitRelay
}

func (a *account) Close() {
	if a.sandbox != nil {
		a.sandbox.Close()
	}
}

// openAccount loads the config and builds the client. With no profile and no ZENDESK_*
// variables it starts the embedded sandbox, unless requireProfile is set.
func openAccount(f accountFlags, requireProfile bool) (*account, error) {
	path, explicit := f.configPath, f.configPath != ""
	if !explicit {
		var err error
		if path, err = config.DefaultPath(); err != nil {
			return nil, err
		}
	}
	file, err := config.Load(path, explicit)
	if err != nil {
		return nil, err
	}
	res, ok, err := config.Resolve(file, f.profile, f.url, os.Getenv)
	if err != nil {
		return nil, err
	}
	if !ok {
		if requireProfile {
			return nil, fmt.Errorf("no Zendesk profile is configured: add one to %s or set ZENDESK_SUBDOMAIN, ZENDESK_EMAIL and ZENDESK_API_TOKEN", path)
		}
		return openSandbox(file)
	}
	rememberCredentials(res.Email, res.APIToken, res.OAuthToken)
	waits := &actions.WaitRelay{}
	client, err := zendesk.NewClient(zendesk.Options{
		Subdomain:   res.Subdomain,
		BaseURL:     res.URL,
		Credentials: zendesk.Credentials{Email: res.Email, APIToken: res.APIToken, OAuthToken: res.OAuthToken},
		Profile:     res.Profile,
		OnWait:      waits.OnWait,
	})
	if err != nil {
		return nil, fmt.Errorf("profile %q: %w", res.Profile, err)
	}
	label := strings.TrimPrefix(strings.TrimPrefix(client.BaseURL(), "https://"), "http://")
	return &account{client: client, file: file, profile: res.Profile, label: label, readOnly: res.ReadOnly || file.ReadOnly, waits: waits}, nil
}

// openSandbox starts the embedded sandbox on a loopback port and a client for it.
func openSandbox(file *config.File) (*account, error) {
	s, err := sandbox.New(sandbox.Options{})
	if err != nil {
		return nil, fmt.Errorf("start the sandbox: %w", err)
	}
	running, err := sandbox.Start(s, "")
	if err != nil {
		return nil, fmt.Errorf("start the sandbox: %w", err)
	}
	email, token, oauth := s.Credentials()
	rememberCredentials(email, token, oauth)
	waits := &actions.WaitRelay{}
	client, err := zendesk.NewClient(zendesk.Options{
		BaseURL:     running.URL,
		Credentials: zendesk.Credentials{Email: email, APIToken: token},
		Profile:     "sandbox",
		OnWait:      waits.OnWait,
	})
	if err != nil {
		running.Close()
		return nil, err
	}
	label := "sandbox on " + strings.TrimPrefix(running.URL, "http://")
	return &account{client: client, file: file, profile: "sandbox", label: label, sandbox: running, readOnly: file.ReadOnly, waits: waits}, nil
}

// openAudit opens the audit log in zdops' state directory.
func openAudit() (*actions.AuditLog, error) {
	dir, err := config.StateDir()
	if err != nil {
		return nil, err
	}
	return actions.OpenAudit(actions.DefaultAuditPath(dir))
}

// auditPath is where the audit log lives, for commands that only read it.
func auditPath() (string, error) {
	dir, err := config.StateDir()
	if err != nil {
		return "", err
	}
	return actions.DefaultAuditPath(dir), nil
}

// runner signs in (to learn the operator's email for the audit log) and builds the Runner.
func (a *account) runner(ctx context.Context, audit *actions.AuditLog) (*actions.Runner, error) {
	me, err := a.client.Users.Me(ctx)
	if err != nil {
		return nil, err
	}
	return &actions.Runner{Client: a.client, Audit: audit, Profile: a.profile, Operator: me.Email, Waits: a.waits}, nil
}
