package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
)

// A crash is a bug, but its report must not become a leak: Go's default crash dump, and
// Bubble Tea's, print the panic value as it is. zdops remembers every credential it has
// loaded, and whatever a panic would print passes through scrubSecrets first.

// loadedSecrets are the credentials this process has loaded, in every form a request
// carries them.
var loadedSecrets struct {
	sync.Mutex
	values []string
}

// rememberCredentials records an account's credentials for scrubSecrets: the tokens, and the
// base64 of "email/token:TOKEN" that Basic auth sends.
func rememberCredentials(email, apiToken, oauthToken string) {
	loadedSecrets.Lock()
	defer loadedSecrets.Unlock()
	for _, v := range []string{apiToken, oauthToken} {
		if len(v) >= 4 {
			loadedSecrets.values = append(loadedSecrets.values, v)
		}
	}
	if apiToken != "" {
		loadedSecrets.values = append(loadedSecrets.values, base64.StdEncoding.EncodeToString([]byte(email+"/token:"+apiToken)))
	}
}

// scrubSecrets replaces every loaded credential in s, and the ZENDESK_* tokens of the
// environment, which a crash before the account was opened has not loaded yet.
func scrubSecrets(s string) string {
	loadedSecrets.Lock()
	defer loadedSecrets.Unlock()
	values := append([]string{os.Getenv("ZENDESK_API_TOKEN"), os.Getenv("ZENDESK_OAUTH_TOKEN")}, loadedSecrets.values...)
	for _, v := range values {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "REDACTED")
		}
	}
	return s
}

// exitCrash is the exit code of a panic caught at the top: an error, like any other.
const exitCrash = 1

// recoverCrash, deferred at the top of run, turns a panic into a scrubbed report on stderr
// and exit code 1. A run that was under way is left interrupted in the audit log, which
// the report points to.
func recoverCrash(stderr io.Writer, code *int) {
	r := recover()
	if r == nil {
		return
	}
	fmt.Fprintf(stderr, "zdops: internal error: %s\n"+
		"This is a bug in zdops; please report it with the stack below. A run it interrupted shows in 'zdops log' and can be finished with 'zdops resume RUN_ID'.\n\n%s",
		scrubSecrets(fmt.Sprint(r)), scrubSecrets(string(debug.Stack())))
	*code = exitCrash
}

// crashGuard wraps the console's model so that a panic in Update, View or a command (which
// Bubble Tea catches, restores the terminal for, and prints) is printed scrubbed: it
// re-panics with the scrubbed value.
type crashGuard struct{ tea.Model }

func (g crashGuard) Init() tea.Cmd {
	defer rethrowScrubbed()
	return guardCmd(g.Model.Init())
}

func (g crashGuard) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer rethrowScrubbed()
	m, cmd := g.Model.Update(msg)
	return crashGuard{m}, guardCmd(cmd)
}

func (g crashGuard) View() string {
	defer rethrowScrubbed()
	return g.Model.View()
}

// guardCmd runs cmd under rethrowScrubbed, and the commands of a batch it returns too.
func guardCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		defer rethrowScrubbed()
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for i := range batch {
				batch[i] = guardCmd(batch[i])
			}
		}
		return msg
	}
}

func rethrowScrubbed() {
	if r := recover(); r != nil {
		panic(scrubSecrets(fmt.Sprint(r)))
	}
}
