package ui

import (
	"context"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/key"

	"github.com/zdops/zdops/actions"
	"github.com/zdops/zdops/zendesk"
)

// compID names a component so that the answer to its request finds it, and an answer for a
// component that is gone (a closed detail pane) finds nothing and is dropped.
type compID uint64

// programContext is what every component shares, as gh-dash's ProgramContext is: the
// client, the sizes, the styles, the keymap and the status line. It is read and written only
// on the program's goroutine (in Update and View); what tea.Cmds need from it is copied into
// them when they are made, except the caches below, which lock.
type programContext struct {
	client *zendesk.Client
	base   context.Context // cancelled when the program quits, so requests in flight stop
	cancel context.CancelFunc
	styles *theme
	keys   *keyMap
	now    func() time.Time
	loc    *time.Location

	width, height int

	debounce time.Duration // how long typing must pause before a search is sent

	lastID  compID
	lastSeq uint64

	// requests counts the API reads the UI started (a page, a detail, a lookup), so tests
	// can assert what a key costs without timing anything.
	requests int

	status status

	// groupNames names groups for the agents' default group column; filled on the
	// program's goroutine from the answers that carry groups.
	groupNames map[int64]string

	rate rateLimitView

	userNames *nameCache         // requester names for ticket rows, filled by Cmds
	fields    *ticketFieldsCache // the account's ticket fields, read once per session

	// What runs need: where they are recorded, who runs them and how.
	audit     *actions.AuditLog
	auditPath string
	profile   string
	operator  string // the signed-in email, recorded with every run
	readOnly  bool
	waits     *actions.WaitRelay
	pollEvery time.Duration // 0: the runner's default (one second)

	// runs are this session's runs, in progress or just finished; runsVersion changes
	// whenever one starts or ends.
	runs        map[string]*runState
	runsVersion uint64
}

func (pc *programContext) newID() compID {
	pc.lastID++
	return pc.lastID
}

// nextSeq numbers a request generation. Numbers are unique across the program, so a list
// can tell its current answer from any older one with a single comparison.
func (pc *programContext) nextSeq() uint64 {
	pc.lastSeq++
	return pc.lastSeq
}

// fail puts an error on the status line, on behalf of the component that hit it.
func (pc *programContext) fail(owner compID, what string, err error) {
	pc.status.set(owner, what+": "+describeError(err), true)
}

// note puts a notice on the status line.
func (pc *programContext) note(owner compID, text string) {
	pc.status.set(owner, text, false)
}

// refuseWrite says, in read-only mode, that what a key asks for writes and is off here.
func (pc *programContext) refuseWrite(owner compID, what string) bool {
	if !pc.readOnly {
		return false
	}
	pc.note(owner, "read-only: "+what+" writes to Zendesk, so it is off here")
	return true
}

// writeKeys are bindings that write, for help: none in read-only mode, which refuses them.
func (pc *programContext) writeKeys(bindings ...key.Binding) []key.Binding {
	if pc.readOnly {
		return nil
	}
	return bindings
}

// recovered clears the status line if it holds an error of owner's that a later success
// has made stale.
func (pc *programContext) recovered(owner compID) {
	if pc.status.owner == owner && pc.status.isErr {
		pc.status.set(0, "", false)
	}
}

// rateLimitView keeps the budget the header shows. Answers to concurrent requests arrive
// in any order, and the client keeps whichever it read last; within one window the lowest
// remaining count is the current one, so a higher count replaces it only once the window
// has had time to reset.
type rateLimitView struct {
	rl      zendesk.RateLimit
	changed bool
}

func (r *rateLimitView) observe(rl zendesk.RateLimit) {
	if !rl.Known || (r.rl.Known && rl.At.Equal(r.rl.At)) {
		return
	}
	window := r.rl.Reset
	if window <= 0 {
		window = time.Minute // Zendesk's window when the headers do not say
	}
	if !r.rl.Known || rl.Limit != r.rl.Limit || rl.Remaining < r.rl.Remaining || rl.At.Sub(r.rl.At) >= window {
		if rl.Remaining != r.rl.Remaining || rl.Limit != r.rl.Limit || !r.rl.Known {
			r.changed = true
		}
		r.rl = rl
	}
}

// nameCache maps user ids to names for ticket rows. Cmds fill it while fetching pages so a
// requester is looked up once per session, not once per page.
type nameCache struct {
	mu    sync.RWMutex
	names map[int64]string
}

func newNameCache() *nameCache { return &nameCache{names: map[int64]string{}} }

func (c *nameCache) get(id int64) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n, ok := c.names[id]
	return n, ok
}

func (c *nameCache) put(id int64, name string) {
	c.mu.Lock()
	c.names[id] = name
	c.mu.Unlock()
}

// ticketFieldsCache reads the account's ticket fields once per session, the first time a
// ticket detail needs their titles. A failed read is tried again next time.
type ticketFieldsCache struct {
	mu     sync.Mutex
	fields map[int64]zendesk.TicketField
}

func (c *ticketFieldsCache) get(ctx context.Context, client *zendesk.Client) (map[int64]zendesk.TicketField, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fields != nil {
		return c.fields, nil
	}
	list, err := client.TicketFields.List(ctx)
	if err != nil {
		return nil, err
	}
	c.fields = make(map[int64]zendesk.TicketField, len(list))
	for _, f := range list {
		c.fields[f.ID] = f
	}
	return c.fields, nil
}
