package ui

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/zdops/zdops/actions"
)

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
	ti.CharLimit = limit
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.KeyMap.Paste.SetEnabled(false)
	ti.PlaceholderStyle = st.Dim
	ti.SetValue(value)
	return ti
}

// The fields of the create-ticket form, in tab order.
const (
	formSubject = iota
	formBody
	formPriority
	formType
	formTags
	formFields
)

var formLabels = [formFields]string{"Subject", "Body", "Priority", "Type", "Tags"}

// ticketForm is create-ticket's parameters: subject, body, priority, type and tags. The
// defaults describe the user and where the ticket was raised from; the operator edits
// them or sends them as they are.
type ticketForm struct {
	st      *theme
	km      *keyMap
	subject textinput.Model
	body    textarea.Model
	tags    textinput.Model
	prio    int // index into formPriorities
	ttype   int // index into formTypes
	focus   int

	width, height int
}

var (
	formPriorities = append([]string{""}, actions.Priorities...)
	formTypes      = append([]string{""}, actions.TicketTypes...)
)

func newTicketForm(pc *programContext, t actionTarget) *ticketForm {
	u := userRef{}
	if t.user != nil {
		u = *t.user
	}
	from := t.from
	if from == "" {
		from = "console"
	}
	by := pc.operator
	if by == "" {
		by = "an operator"
	}
	subject := truncate("Follow-up on "+u.label(), 150)
	body := fmt.Sprintf("Raised by %s with zdops (create-ticket, from the %s view) about this user:\n\nName: %s\nEmail: %s\nZendesk id: %d\n",
		by, strings.ToLower(from), u.name, u.email, u.id)
	f := &ticketForm{st: pc.styles, km: pc.keys}
	f.subject = newLineInput(pc.styles, subject, 150)
	f.tags = newLineInput(pc.styles, "zdops", 500)
	f.tags.Placeholder = "space-separated tags"
	f.body = textarea.New()
	f.body.ShowLineNumbers = false
	f.body.Prompt = "│ "
	f.body.CharLimit = 20000
	f.body.Cursor.SetMode(cursor.CursorStatic)
	f.body.KeyMap.Paste.SetEnabled(false)
	f.body.SetValue(body)
	f.focusField(formSubject)
	return f
}

func (f *ticketForm) focusField(i int) tea.Cmd {
	f.focus = (i + formFields) % formFields
	f.subject.Blur()
	f.tags.Blur()
	f.body.Blur()
	switch f.focus {
	case formSubject:
		return f.subject.Focus()
	case formTags:
		return f.tags.Focus()
	case formBody:
		return f.body.Focus()
	}
	return nil
}

func (f *ticketForm) bodyHeight() int { return max(min(f.height-8, 8), 2) }

func (f *ticketForm) setSize(w, h int) {
	f.width, f.height = w, h
	inner := max(w-14, 4) // the label, and a cell for the cursor
	f.subject.Width = inner
	f.tags.Width = inner
	f.body.SetWidth(inner)
	f.body.SetHeight(f.bodyHeight())
}

// params reads the form.
func (f *ticketForm) params() actions.Params {
	p := actions.Params{
		Subject:  strings.TrimSpace(f.subject.Value()),
		Body:     strings.TrimSpace(f.body.Value()),
		Priority: formPriorities[f.prio],
		Type:     formTypes[f.ttype],
	}
	for _, t := range strings.FieldsFunc(f.tags.Value(), func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
		p.Tags = append(p.Tags, t)
	}
	return p
}

// key edits the form. It reports submit when the operator asks for the preview: enter on
// the last field, or the submit key anywhere.
func (f *ticketForm) key(msg tea.KeyMsg) (submit bool, cmd tea.Cmd) {
	km := f.km
	switch {
	case key.Matches(msg, km.SubmitForm):
		return true, nil
	case key.Matches(msg, km.NextField):
		return false, f.focusField(f.focus + 1)
	case key.Matches(msg, km.PrevField):
		return false, f.focusField(f.focus - 1)
	}
	if f.focus != formBody {
		switch {
		case key.Matches(msg, km.SubmitSearch): // enter: the next field, or send from the last
			if f.focus == formFields-1 {
				return true, nil
			}
			return false, f.focusField(f.focus + 1)
		case msg.Type == tea.KeyDown:
			return false, f.focusField(f.focus + 1)
		case msg.Type == tea.KeyUp:
			return false, f.focusField(f.focus - 1)
		}
	}
	switch f.focus {
	case formPriority, formType:
		n, cur := len(formPriorities), &f.prio
		if f.focus == formType {
			n, cur = len(formTypes), &f.ttype
		}
		switch msg.String() {
		case "right", "l", " ":
			*cur = (*cur + 1) % n
		case "left", "h":
			*cur = (*cur + n - 1) % n
		}
		return false, nil
	}
	msg, ok := cleanKey(msg, f.focus == formBody)
	if !ok {
		return false, nil
	}
	switch f.focus {
	case formSubject:
		f.subject, cmd = f.subject.Update(msg)
	case formTags:
		f.tags, cmd = f.tags.Update(msg)
	case formBody:
		f.body, cmd = f.body.Update(msg)
	}
	return false, cmd
}

func (f *ticketForm) View(title string) string {
	st := f.st
	var b strings.Builder
	b.WriteString(st.Section.Render(truncate(title, f.width)))
	lines := 1
	label := func(i int) string {
		mark := "  "
		if i == f.focus {
			mark = "> "
		}
		s := mark + fit(formLabels[i], 9) + " "
		if i == f.focus {
			return st.Prompt.Render(s)
		}
		return st.Label.Render(s)
	}
	choice := func(values []string, cur int) string {
		var parts []string
		for i, v := range values {
			if v == "" {
				v = "(none)"
			}
			if i == cur {
				parts = append(parts, "["+v+"]")
			} else {
				parts = append(parts, " "+v+" ")
			}
		}
		return strings.Join(parts, "")
	}
	w := f.width
	for i := range formFields {
		b.WriteByte('\n')
		lines++
		switch i {
		case formSubject:
			b.WriteString(truncate(label(i)+f.subject.View(), w))
		case formTags:
			b.WriteString(truncate(label(i)+f.tags.View(), w))
		case formPriority:
			b.WriteString(truncate(label(i)+choice(formPriorities, f.prio), w))
		case formType:
			b.WriteString(truncate(label(i)+choice(formTypes, f.ttype), w))
		case formBody:
			for k, l := range strings.Split(f.body.View(), "\n") {
				if k > 0 {
					b.WriteByte('\n')
					lines++
				}
				prefix := spaces[:12]
				if k == 0 {
					prefix = label(i)
				}
				b.WriteString(truncate(prefix+l, w))
			}
		}
	}
	b.WriteByte('\n')
	lines++
	sub, next := f.km.SubmitForm.Help().Key, f.km.NextField.Help().Key
	hint := "←/→ change · enter: next field (on Tags: preview) · " + sub + ": preview"
	if f.focus == formBody {
		hint = "enter: new line · " + next + ": next field · " + sub + ": preview"
	}
	b.WriteString(st.Dim.Render(truncate(hint, w)))
	for ; lines < f.height; lines++ {
		b.WriteByte('\n')
	}
	return b.String()
}
