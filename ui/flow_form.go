package ui

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
)

// The action flow's forms: create-ticket's parameters, a user's or an organization's
// profile, an event to track, an email to add. One form type serves them all; each form is
// a list of fields (form_ticket.go, form_user.go, form_org.go, form_event.go and
// form_email.go say which) and a reader that turns the fields into the action's request.

// cleanKey drops control and format characters from typed or pasted text (escape
// sequences, bidi overrides) before an input sees it; with multiline, line breaks stay.
// It reports false when nothing is left to type.
func cleanKey(msg tea.KeyMsg, multiline bool) (tea.KeyMsg, bool) {
	if msg.Type != tea.KeyRunes {
		return msg, true
	}
	runes := make([]rune, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		switch {
		case r == '\n' && multiline:
			runes = append(runes, r)
		case r == '\n' || r == '\r' || r == '\t':
			runes = append(runes, ' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		default:
			runes = append(runes, r)
		}
	}
	msg.Runes = runes
	return msg, len(runes) > 0
}

func newLineInput(st *theme, value string, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = roomFor(value, limit)
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.KeyMap.Paste.SetEnabled(false)
	ti.PlaceholderStyle = st.Dim
	ti.SetValue(sanitizeLine(value))
	return ti
}

func newTextArea(value string, limit int) textarea.Model {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = roomFor(value, limit)
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.KeyMap.Paste.SetEnabled(false)
	ta.SetValue(sanitizeText(value))
	return ta
}

// roomFor is an input's character limit: the field's own, or, for a value Zendesk already
// holds that is longer (a user with 200 tags), the value's length and as much again. An
// input cuts what it is given at its limit, and a form that cut a value on opening would
// send the cut value back with the first edit.
func roomFor(value string, limit int) int {
	if n := utf8.RuneCountInString(value); n > limit {
		return n + limit
	}
	return limit
}

// lockReason says why a value Zendesk holds cannot be edited in an input without changing
// it, or "" when it can. An input shows text without control or format characters and, on
// one line, without line breaks: a value that has them (a zero-width joiner inside an
// emoji, a bidi mark, a second line) would come back changed from the first keystroke, so
// such a field is shown read-only, and the operator changes it in Zendesk.
func lockReason(value string, multiline bool) string {
	if value == "" {
		return ""
	}
	if multiline {
		v := strings.ReplaceAll(value, "\r\n", "\n")
		switch {
		case sanitizeText(v) != v || strings.ContainsRune(v, utf8.RuneError):
			return "it has characters this form cannot show"
		case strings.Count(v, "\n") >= maxTextLines:
			return "it has more lines than this form holds"
		}
		return ""
	}
	switch {
	case strings.ContainsAny(value, "\r\n"):
		return "it has line breaks"
	case sanitizeLine(value) != value || strings.ContainsRune(value, utf8.RuneError):
		return "it has characters this form cannot show"
	}
	return ""
}

// maxTextLines is how many lines a text area holds (bubbles' textarea drops the rest).
const maxTextLines = 10000

// inputPlaceholder marks a placeholder as one, so that without colours (NO_COLOR, where
// dim text looks like any other) it is not taken for a value: "(e.g. name@example.com)".
func inputPlaceholder(p string) string {
	if p == "" {
		return ""
	}
	return "(" + p + ")"
}

// fieldKind says how a form field is edited.
type fieldKind int

const (
	fieldLine  fieldKind = iota // one line of text
	fieldText                   // several lines (a ticket's body, an event's properties)
	fieldCycle                  // one of a few fixed values, changed with ←/→
	fieldPick                   // one value of a longer list, picked from the list
	fieldMulti                  // several values of a list (a multiselect field)
	fieldAdd                    // a row that adds a field picked by name (a custom field)
)

// formField is one row of a form.
type formField struct {
	id    string // what the form's reader knows it by: "subject", "user_fields.plan", "custom.360001"
	label string
	kind  fieldKind
	line  textinput.Model
	area  textarea.Model
	lines int // fieldText: rows shown

	// options are the values of a cycle, pick, multi or add field; value "" means none.
	options []choiceItem
	cur     int          // fieldCycle: the option shown
	picked  []choiceItem // fieldPick (one) and fieldMulti: what is chosen
	// load reads a pick field's options when its list opens (agents, groups, organizations)
	// instead of options.
	load      func(pc *programContext, to compID, seq uint64) tea.Cmd
	listTitle string
	// initial is the value the form opened with (messages quote it); opened is its state,
	// which tells whether the operator changed it: a reader sends only what changed.
	initial string
	opened  string
	// locked says why a line or text field holds a value it cannot edit without changing
	// it (lockReason); such a field is shown read-only and never sent.
	locked string
	// meta is what the reader needs to turn the value into the request (the custom field).
	meta any
}

// value is the field's value as text: the trimmed input, the option's value, the picked
// values joined by spaces.
func (fl *formField) value() string {
	switch fl.kind {
	case fieldLine:
		return strings.TrimSpace(fl.line.Value())
	case fieldText:
		return strings.TrimSpace(fl.area.Value())
	case fieldCycle:
		if fl.cur < len(fl.options) {
			return fl.options[fl.cur].value
		}
	case fieldPick, fieldMulti:
		vals := make([]string, len(fl.picked))
		for i, p := range fl.picked {
			vals[i] = p.value
			if p.value == "" {
				vals[i] = idText(p.id) // an agent, a group, an organization
			}
		}
		return strings.Join(vals, " ")
	}
	return ""
}

// pickedID is a pick field's chosen id (an agent, a group, an organization), or 0.
func (fl *formField) pickedID() int64 {
	if fl.kind == fieldPick && len(fl.picked) == 1 {
		return fl.picked[0].id
	}
	return 0
}

// pickedValues are the values a multi field has marked, as Zendesk takes them.
func (fl *formField) pickedValues() []string {
	vals := make([]string, len(fl.picked))
	for i, p := range fl.picked {
		vals[i] = p.value
	}
	return vals
}

// state is what tells whether the field changed: its value, and for a multi field the set
// of values marked, in no particular order (the list keeps its options' order, so opening
// it and pressing enter reorders the values without changing them).
func (fl *formField) state() string {
	if fl.kind == fieldMulti {
		vals := fl.pickedValues()
		slices.Sort(vals)
		return strings.Join(vals, "\x00")
	}
	return fl.value()
}

// changed reports whether the operator changed the field since the form opened.
func (fl *formField) changed() bool { return fl.locked == "" && fl.state() != fl.opened }

func (fl *formField) setCycle(value string) {
	for i, o := range fl.options {
		if o.value == value {
			fl.cur = i
			return
		}
	}
}

// shown is what the row shows of a field that is not an input.
func (fl *formField) shown(room int) string {
	switch fl.kind {
	case fieldCycle:
		labels := make([]string, len(fl.options))
		full := ""
		for i, o := range fl.options {
			labels[i] = o.label
			if i == fl.cur {
				full += "[" + o.label + "]"
			} else {
				full += " " + o.label + " "
			}
		}
		if cellWidth(full) <= room || len(fl.options) == 0 {
			return full
		}
		// Too many to show at once: the current one, and where it is among them.
		return "‹ " + labels[fl.cur] + " ›  " + strconv.Itoa(fl.cur+1) + " of " + strconv.Itoa(len(fl.options))
	case fieldPick, fieldMulti:
		if len(fl.picked) == 0 {
			return "(none)"
		}
		labels := make([]string, len(fl.picked))
		for i, p := range fl.picked {
			labels[i] = p.label
		}
		return strings.Join(labels, ", ")
	case fieldAdd:
		return "+ " + fl.listTitle
	}
	return ""
}

// formError is what a reader finds wrong: the field, and a message that names it and says
// how to fix it.
type formError struct {
	field string
	msg   string
}

func (e *formError) Error() string { return e.msg }

func fieldErr(fl *formField, format string) *formError {
	return &formError{field: fl.id, msg: fl.label + ": " + format}
}

// formResult is what a form asks for: an action and its parameters.
type formResult struct {
	action actions.ActionID
	params actions.Params
}

// formOutcome is what a key did to a form: nothing beyond the form, ask for the preview,
// or leave the form.
type formOutcome int

const (
	formStay formOutcome = iota
	formSubmit
	formLeave
)

// entryForm is a form of the action flow: fields in tab order, a title, and a reader that
// turns them into the action's request. Fields with fixed values are cycled or picked from
// a list, never typed. A form taller than the screen scrolls to keep the focused field in
// sight. A pick field's list opens over the form and closes when a value is chosen. esc
// leaves the form; when something was changed it first asks whether to discard it.
type entryForm struct {
	pc     *programContext
	owner  compID // the flow: lists the form loads answer to it
	title  string
	note   string // under the title: what the form does, what is current (wrapped)
	fields []*formField
	focus  int
	offset int    // the first line shown when the form scrolls
	err    string // what the last submit found wrong

	// creates names the record a form for a new one makes ("user", "organization"): the
	// preview is titled as an update when Zendesk matches one it has (previewHeading).
	creates string
	// openedFields is how many fields the form opened with: an added one is a change.
	openedFields int
	// discarding: esc was pressed with changes made, and the form asks whether to drop them.
	discarding bool

	sub      *choiceList // a pick field's list, open over the form
	subField *formField

	read func(f *entryForm) (formResult, error)
	// onAdd turns the option an add field's list gave into the field it adds.
	onAdd func(f *entryForm, it choiceItem) *formField

	width, height int
}

func newEntryForm(pc *programContext, owner compID, title string, fields []*formField) *entryForm {
	f := &entryForm{pc: pc, owner: owner, title: title, fields: fields, openedFields: len(fields)}
	for _, fl := range fields {
		fl.initial, fl.opened = fl.value(), fl.state()
	}
	f.focusField(0)
	return f
}

// field finds a field by id.
func (f *entryForm) field(id string) *formField {
	for _, fl := range f.fields {
		if fl.id == id {
			return fl
		}
	}
	return nil
}

// dirty reports whether the operator changed anything since the form opened.
func (f *entryForm) dirty() bool {
	if len(f.fields) != f.openedFields {
		return true
	}
	return slices.ContainsFunc(f.fields, (*formField).changed)
}

func (f *entryForm) focusField(i int) tea.Cmd {
	n := len(f.fields)
	if n == 0 {
		return nil
	}
	f.focus = (i%n + n) % n
	var cmd tea.Cmd
	for k, fl := range f.fields {
		focused := k == f.focus && fl.locked == ""
		switch {
		case fl.kind == fieldLine && focused:
			cmd = fl.line.Focus()
		case fl.kind == fieldLine:
			fl.line.Blur()
		case fl.kind == fieldText && focused:
			cmd = fl.area.Focus()
		case fl.kind == fieldText:
			fl.area.Blur()
		}
	}
	f.scrollToFocus()
	return cmd
}

// submit reads the form; what is wrong is shown in the form, and the field it names gets
// the focus.
func (f *entryForm) submit() (formResult, error) {
	r, err := f.read(f)
	f.err = ""
	if err != nil {
		f.err = sanitizeLine(err.Error())
		if fe, ok := err.(*formError); ok {
			for i, fl := range f.fields {
				if fl.id == fe.field {
					f.focusField(i)
				}
			}
		}
		f.scrollToFocus()
	}
	return r, err
}

const labelWidthMax = 18

func (f *entryForm) labelWidth() int {
	w := 8
	for _, fl := range f.fields {
		w = max(w, cellWidth(fl.label))
	}
	return min(w, labelWidthMax)
}

// inner is the width an input gets: the line less the focus mark, the label and a cell for
// the cursor.
func (f *entryForm) inner() int { return max(f.width-f.labelWidth()-5, 4) }

func (f *entryForm) setSize(w, h int) {
	f.width, f.height = w, h
	inner := f.inner()
	for _, fl := range f.fields {
		switch fl.kind {
		case fieldLine:
			fl.line.Width = inner
		case fieldText:
			fl.area.SetWidth(inner)
			fl.area.SetHeight(fl.textHeight(h))
		}
	}
	if f.sub != nil {
		f.sub.setSize(w, h)
	}
	f.scrollToFocus()
}

// textHeight is how many rows a text field shows: its own number, less on short screens.
func (fl *formField) textHeight(h int) int {
	n := fl.lines
	if n == 0 {
		n = 8
	}
	return max(min(h-10, n), 2)
}

func (fl *formField) height() int {
	if fl.kind == fieldText {
		return fl.area.Height()
	}
	return 1
}

// wrapped wraps text to the form's width in at most three lines (one on a screen too short
// to spare more), the last ending in … when there is more: the note and the error are
// sentences the operator needs whole, not cut at the edge of an 80-column terminal.
func (f *entryForm) wrapped(text string) []string {
	if text == "" || f.width <= 0 {
		return nil
	}
	most := 3
	if f.height < 14 {
		most = 1
	}
	return wrapAtMost(text, f.width, most)
}

func (f *entryForm) noteLines() []string { return f.wrapped(f.note) }

func (f *entryForm) errLines() []string {
	if f.err == "" {
		return nil
	}
	return f.wrapped("✗ " + f.err)
}

// bodyRows is how many lines the fields get: the screen less the title, the note, the
// error and the hint line.
func (f *entryForm) bodyRows() int {
	return max(f.height-2-len(f.noteLines())-len(f.errLines()), 1)
}

// scrollToFocus moves the window so that the focused field is on screen.
func (f *entryForm) scrollToFocus() {
	top := 0
	for i := 0; i < f.focus && i < len(f.fields); i++ {
		top += f.fields[i].height()
	}
	h := 1
	if f.focus < len(f.fields) {
		h = f.fields[f.focus].height()
	}
	rows := f.bodyRows()
	if top < f.offset {
		f.offset = top
	}
	if top+h > f.offset+rows {
		f.offset = top + h - rows
	}
	f.offset = max(min(f.offset, f.totalRows()-rows), 0)
}

func (f *entryForm) totalRows() int {
	n := 0
	for _, fl := range f.fields {
		n += fl.height()
	}
	return n
}

// key edits the form. It reports formSubmit when the operator asks for the preview (enter
// on the last field, or the submit key anywhere) and formLeave when the operator leaves
// it: esc with nothing changed, or y to the question esc asks when something was.
func (f *entryForm) key(msg tea.KeyMsg) (formOutcome, tea.Cmd) {
	km := f.pc.keys
	if f.sub != nil {
		return formStay, f.subKey(msg)
	}
	if f.discarding {
		switch {
		case key.Matches(msg, km.Confirm):
			f.discarding = false
			return formLeave, nil
		case key.Matches(msg, km.Deny), key.Matches(msg, km.CancelSearch):
			f.discarding = false
		}
		return formStay, nil // the question waits for its answer
	}
	switch {
	case key.Matches(msg, km.CancelSearch):
		if f.dirty() {
			f.discarding = true
			return formStay, nil
		}
		return formLeave, nil
	case key.Matches(msg, km.SubmitForm):
		return formSubmit, nil
	case key.Matches(msg, km.NextField):
		return formStay, f.focusField(f.focus + 1)
	case key.Matches(msg, km.PrevField):
		return formStay, f.focusField(f.focus - 1)
	}
	if len(f.fields) == 0 {
		return formStay, nil
	}
	fl := f.fields[f.focus]
	if fl.kind != fieldText || fl.locked != "" {
		switch {
		case key.Matches(msg, km.SubmitSearch): // enter: open a list, go to the next field, or send from the last
			switch fl.kind {
			case fieldPick, fieldMulti, fieldAdd:
				return formStay, f.openList(fl)
			}
			if f.focus == len(f.fields)-1 {
				return formSubmit, nil
			}
			return formStay, f.focusField(f.focus + 1)
		case msg.Type == tea.KeyDown:
			return formStay, f.focusField(f.focus + 1)
		case msg.Type == tea.KeyUp:
			return formStay, f.focusField(f.focus - 1)
		}
	}
	if fl.locked != "" {
		return formStay, nil // shown, never edited: it would come back changed
	}
	switch fl.kind {
	case fieldCycle:
		n := len(fl.options)
		if n == 0 {
			return formStay, nil
		}
		switch msg.String() {
		case "right", "l", " ":
			fl.cur = (fl.cur + 1) % n
		case "left", "h":
			fl.cur = (fl.cur + n - 1) % n
		}
		return formStay, nil
	case fieldPick, fieldMulti, fieldAdd:
		switch msg.String() {
		case "right", " ":
			return formStay, f.openList(fl)
		case "backspace", "delete":
			fl.picked = nil
		}
		return formStay, nil
	}
	msg, ok := cleanKey(msg, fl.kind == fieldText)
	if !ok {
		return formStay, nil
	}
	var cmd tea.Cmd
	if fl.kind == fieldText {
		fl.area, cmd = fl.area.Update(msg)
	} else {
		fl.line, cmd = fl.line.Update(msg)
	}
	return formStay, cmd
}

// openList opens the list a pick, multi or add field chooses from; a list read from
// Zendesk (agents, groups, organizations) loads while it shows.
func (f *entryForm) openList(fl *formField) tea.Cmd {
	st := f.pc.styles
	title := fl.listTitle
	if title == "" {
		title = fl.label
	}
	var c *choiceList
	switch {
	case fl.load != nil:
		c = newFilterList(st, title, "type to narrow the list")
	case fl.kind == fieldMulti:
		c = newChoiceList(st, title, fl.options)
		c.multi = true
		for _, p := range fl.picked {
			c.toggle(p.value)
		}
		c.note = "space marks or unmarks · enter keeps the marked ones"
	case len(fl.options) > 12:
		c = newFilterList(st, title, "type to narrow the list")
		c.loading = false
		c.setItems(fl.options)
	default:
		c = newChoiceList(st, title, fl.options)
	}
	if fl.kind == fieldPick && len(fl.picked) == 1 && fl.load == nil {
		for i, k := range c.shown {
			if c.items[k].value == fl.picked[0].value {
				c.setCursor(i)
			}
		}
	}
	f.sub, f.subField = c, fl
	c.setSize(f.width, f.height)
	if fl.load != nil {
		c.seq = f.pc.nextSeq()
		return fl.load(f.pc, f.owner, c.seq)
	}
	return nil
}

// subKey is a key for the open list: move, filter, choose (enter) or close (esc).
func (f *entryForm) subKey(msg tea.KeyMsg) tea.Cmd {
	km, c, fl := f.pc.keys, f.sub, f.subField
	typing := c.typing()
	switch {
	case key.Matches(msg, km.CancelSearch) && typing, key.Matches(msg, km.Back) && !typing:
		f.sub, f.subField = nil, nil
		return nil
	case key.Matches(msg, km.SubmitSearch) && typing, key.Matches(msg, km.Open) && !typing:
		if c.multi {
			f.sub, f.subField = nil, nil
			fl.picked = c.chosenItems()
			return nil
		}
		it, ok := c.selected()
		if !ok {
			return nil // nothing to choose (yet): the list stays
		}
		f.sub, f.subField = nil, nil
		if fl.kind == fieldAdd {
			return f.add(fl, it)
		}
		if it.value == "" && it.id == 0 {
			fl.picked = nil
		} else {
			fl.picked = []choiceItem{it}
		}
		return nil
	case c.multi && msg.Type == tea.KeySpace:
		if it, ok := c.selected(); ok {
			c.toggle(it.value)
		}
		return nil
	}
	_, cmd := c.key(msg, km)
	return cmd
}

// add puts the field an add row's option stands for before the add row, and focuses it.
func (f *entryForm) add(row *formField, it choiceItem) tea.Cmd {
	if f.onAdd == nil {
		return nil
	}
	fl := f.onAdd(f, it)
	if fl == nil {
		return nil
	}
	fl.initial, fl.opened = fl.value(), fl.state()
	at := f.focus
	for i, x := range f.fields {
		if x == row {
			at = i
		}
	}
	f.fields = append(f.fields[:at], append([]*formField{fl}, f.fields[at:]...)...)
	// The option is used: the add row no longer offers it.
	kept := row.options[:0:0]
	for _, o := range row.options {
		if o.value != it.value {
			kept = append(kept, o)
		}
	}
	row.options = kept
	f.setSize(f.width, f.height)
	return f.focusField(at)
}

// choices answers a list the form asked Zendesk for (a read, or a search of a capped one).
func (f *entryForm) choices(v choiceLoad, err error) (bool, tea.Cmd) {
	if f.sub == nil || v.seq != f.sub.seq {
		return false, nil
	}
	c := f.sub
	if err != nil {
		f.pc.fail(f.owner, "load "+strings.ToLower(c.title), err)
	}
	items := v.items
	if f.subField != nil && f.subField.kind == fieldPick {
		// The first entry takes the value away.
		items = append([]choiceItem{{label: "(none)", detail: "no " + strings.ToLower(f.subField.label)}}, items...)
	}
	cmd := c.accept(f.pc, f.owner, v, items)
	c.setSize(f.width, f.height)
	return true, cmd
}

// typingHint says what the keys do on the focused field; on the last one enter asks for
// the preview, and the hint says so whatever kind of field it is.
func (f *entryForm) typingHint() string {
	km := f.pc.keys
	sub, next := km.SubmitForm.Help().Key, km.NextField.Help().Key
	if len(f.fields) == 0 {
		return sub + ": preview"
	}
	fl := f.fields[f.focus]
	enter := "enter: next field"
	if f.focus == len(f.fields)-1 {
		enter = "enter or " + sub + ": preview"
	}
	if fl.locked != "" {
		return "read-only: edit it in Zendesk (" + fl.locked + ") · " + enter + " · " + sub + ": preview"
	}
	switch fl.kind {
	case fieldText:
		return "enter: new line · " + next + ": next field · " + sub + ": preview"
	case fieldCycle:
		if f.focus == len(f.fields)-1 {
			return "←/→ change · " + enter
		}
		return "←/→ change · " + enter + " · " + sub + ": preview"
	case fieldPick, fieldMulti:
		return "enter: pick from the list · backspace: none · " + next + ": next field · " + sub + ": preview"
	case fieldAdd:
		return "enter: pick one to add · " + next + ": next field · " + sub + ": preview"
	}
	if f.focus == len(f.fields)-1 {
		return enter + " · ↑/↓ move"
	}
	return enter + " · ↑/↓ move · " + sub + ": preview"
}

// discardQuestion is what esc asks when the form has changes.
func (f *entryForm) discardQuestion() string {
	km := f.pc.keys
	return "discard your changes to this form? " + km.Confirm.Help().Key + ": discard · " +
		km.Deny.Help().Key + " or " + km.CancelSearch.Help().Key + ": keep editing"
}

func (f *entryForm) View() string {
	if f.sub != nil {
		return f.sub.View()
	}
	st, w := f.pc.styles, f.width
	var b strings.Builder
	b.Grow((w + 16) * f.height)
	b.WriteString(st.Section.Render(truncate(f.title, w)))
	lines := 1
	for _, l := range f.noteLines() {
		b.WriteString("\n" + st.Dim.Render(l))
		lines++
	}
	lw := f.labelWidth()
	label := func(i int, first bool) string {
		if !first {
			return spaces[:lw+3]
		}
		mark := "  "
		if i == f.focus {
			mark = "> "
		}
		s := mark + fit(f.fields[i].label, lw) + " "
		if i == f.focus {
			return st.Prompt.Render(s)
		}
		return st.Label.Render(s)
	}
	rows, row := f.bodyRows(), 0
	for i, fl := range f.fields {
		room := w - lw - 3
		parts := f.fieldParts(fl, room)
		for k, p := range parts {
			if row >= f.offset && row < f.offset+rows {
				b.WriteString("\n" + truncate(label(i, k == 0)+p, w))
				lines++
			}
			row++
		}
	}
	errs := f.errLines()
	for ; lines < f.height-1-len(errs); lines++ {
		b.WriteByte('\n')
	}
	for _, l := range errs {
		b.WriteString("\n" + st.Error.Render(l))
	}
	if f.discarding {
		b.WriteString("\n" + st.Prompt.Render(truncate(f.discardQuestion(), w)))
		return b.String()
	}
	hint := f.typingHint()
	if more := f.totalRows() - rows; more > 0 {
		hint = "more fields " + scrollMark(f.offset > 0, f.offset+rows < f.totalRows()) + " · " + hint
	}
	b.WriteString("\n" + st.Dim.Render(truncate(hint, w)))
	return b.String()
}

// fieldParts are the lines a field's row shows, as many as its height.
func (f *entryForm) fieldParts(fl *formField, room int) []string {
	st := f.pc.styles
	if fl.locked != "" {
		return lockedParts(st, fl, room)
	}
	switch fl.kind {
	case fieldLine:
		return []string{fl.line.View()}
	case fieldText:
		return strings.Split(fl.area.View(), "\n")
	}
	s := fl.shown(room)
	if fl.kind == fieldAdd || (fl.kind != fieldCycle && len(fl.picked) == 0) {
		s = st.Dim.Render(truncate(s, room))
	}
	return []string{s}
}

// lockedParts shows a read-only field's value, marked as such (also without colours),
// wrapped in the rows the field has; what does not fit ends in …, on screen only.
func lockedParts(st *theme, fl *formField, room int) []string {
	text := "read-only · "
	if fl.kind == fieldText {
		text += fl.area.Value()
	} else {
		text += fl.line.Value()
	}
	h := fl.height()
	if h == 1 {
		return []string{st.Dim.Render(truncate(text, room))}
	}
	lines := wrapText(text, max(room, 1))
	if len(lines) > h {
		lines = lines[:h]
		lines[h-1] = truncate(lines[h-1]+" …", room)
	}
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = st.Dim.Render(lines[i])
		}
	}
	return out
}

// scrollMark says which way more is: "↑", "↓" or "↑↓".
func scrollMark(up, down bool) string {
	switch {
	case up && down:
		return "↑↓"
	case up:
		return "↑"
	}
	return "↓"
}

// formHelp is the form's help line.
func formHelp(km *keyMap, f *entryForm) []key.Binding {
	switch {
	case f != nil && f.discarding:
		yes, no := km.Confirm, km.Deny
		yes.SetHelp(yes.Help().Key, "discard the changes")
		no.SetHelp(no.Help().Key, "keep editing")
		return []key.Binding{yes, no}
	case f != nil && f.sub != nil:
		choose := km.SubmitSearch
		choose.SetHelp(choose.Help().Key, "choose")
		c := km.CancelSearch
		c.SetHelp(c.Help().Key, "back to the form")
		if f.sub.multi {
			mark := key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "mark"))
			return []key.Binding{km.Up, km.Down, mark, choose, c}
		}
		return []key.Binding{choose, c, scrollHelp()}
	}
	c := km.CancelSearch
	c.SetHelp(c.Help().Key, "back")
	return []key.Binding{km.NextField, km.PrevField, km.SubmitForm, c}
}

// Fields of the common kinds.

// lineField is a one-line input holding value; a value the input cannot hold unchanged is
// shown read-only (lockReason).
func lineField(pc *programContext, id, label, value, placeholder string, limit int) *formField {
	fl := &formField{id: id, label: label, kind: fieldLine, line: newLineInput(pc.styles, value, limit), locked: lockReason(value, false)}
	fl.line.Placeholder = inputPlaceholder(placeholder)
	return fl
}

// textField is a several-line input holding value, lines rows high.
func textField(id, label, value, placeholder string, limit, lines int) *formField {
	fl := &formField{id: id, label: label, kind: fieldText, area: newTextArea(value, limit), lines: lines, locked: lockReason(value, true)}
	fl.area.Placeholder = inputPlaceholder(placeholder)
	return fl
}

// cycleField offers values; labels[i] shows values[i] ("" shows as "(none)").
func cycleField(id, label string, values []string, current string) *formField {
	fl := &formField{id: id, label: label, kind: fieldCycle, options: valueItems(values)}
	for i := range fl.options {
		if fl.options[i].label == "" {
			fl.options[i].label = "(none)"
		}
	}
	fl.setCycle(current)
	return fl
}

// checkboxField is a custom checkbox field: not set, yes or no.
func checkboxField(id, label, current string) *formField {
	fl := cycleField(id, label, []string{"", "true", "false"}, current)
	fl.options[0].label, fl.options[1].label, fl.options[2].label = "(not set)", "yes", "no"
	return fl
}

func pickField(id, label, listTitle string, options []choiceItem, picked *choiceItem) *formField {
	fl := &formField{id: id, label: label, kind: fieldPick, options: options, listTitle: listTitle}
	if picked != nil {
		fl.picked = []choiceItem{*picked}
	}
	return fl
}

// splitWords splits space- or comma-separated words (tags, domains).
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
}
