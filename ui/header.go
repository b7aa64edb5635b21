package ui

import (
	"strings"

	"github.com/zdops/zdops/zendesk"
)

// header is the top line: the app, which account this is (a sandbox says so in reverse
// video), who is signed in, the request budget left and the read-only marker. It is
// rendered when something in it changes, not on every frame.
type header struct {
	profile  string
	sandbox  bool
	account  string
	readOnly bool
	user     string // "Name <email>" once Me answered
	userErr  bool

	line  string
	width int
	dirty bool
}

func (h *header) setUser(u zendesk.User, err error) {
	if err != nil {
		h.user, h.userErr = "not signed in", true
	} else {
		h.user, h.userErr = sanitizeLine(u.Name)+" <"+sanitizeLine(u.Email)+">", false
	}
	h.dirty = true
}

func (h *header) view(st *theme, width int, rate *rateLimitView) string {
	if rate.changed {
		rate.changed, h.dirty = false, true
	}
	if !h.dirty && h.width == width {
		return h.line
	}
	h.dirty, h.width = false, width
	h.line = h.render(st, width, rate.rl)
	return h.line
}

func (h *header) render(st *theme, width int, rl zendesk.RateLimit) string {
	const app = "zdops"
	tag, tagStyle := "", st.Profile
	switch {
	case h.sandbox:
		tag, tagStyle = st.BadgeText, st.Badge
	case h.profile != "":
		tag = "profile " + sanitizeLine(h.profile)
	}
	api, apiStyle := "API –", st.Budget
	if rl.Known {
		api = "API " + humanInt(rl.Remaining) + "/" + humanInt(rl.Limit)
		if rl.Limit > 0 && rl.Remaining*10 < rl.Limit {
			apiStyle = st.BudgetLow
		}
	}
	ro := ""
	if h.readOnly {
		ro = "READ-ONLY"
	}
	user := h.user
	if user == "" {
		user = "signing in…"
	}
	acct := sanitizeLine(h.account)

	const gap = 2
	fixed := len(app) + gap + cellWidth(api) + gap // app, the budget and the gap between the sides
	if tag != "" {
		fixed += cellWidth(tag) + gap
	}
	if ro != "" {
		fixed += len(ro) + gap
	}
	avail := width - fixed - gap // the gap between account and user
	aw, uw := cellWidth(acct), cellWidth(user)
	if aw+uw > avail {
		half := max(avail/2, 0)
		switch {
		case aw <= half:
			uw = max(avail-aw, 0)
		case uw <= half:
			aw = max(avail-uw, 0)
		default:
			aw, uw = half, max(avail-half, 0)
		}
		acct, user = truncate(acct, aw), truncate(user, uw)
	}

	var left, right strings.Builder
	left.WriteString(st.App.Render(app))
	lw := len(app)
	if tag != "" {
		left.WriteString("  " + tagStyle.Render(tag))
		lw += gap + cellWidth(tag)
	}
	if acct != "" {
		left.WriteString("  " + st.Account.Render(acct))
		lw += gap + cellWidth(acct)
	}
	rw := 0
	if user != "" {
		us := st.User
		if h.userErr {
			us = st.Error
		}
		right.WriteString(us.Render(user) + "  ")
		rw += cellWidth(user) + gap
	}
	right.WriteString(apiStyle.Render(api))
	rw += cellWidth(api)
	if ro != "" {
		right.WriteString("  " + st.ReadOnly.Render(ro))
		rw += gap + len(ro)
	}
	pad := width - lw - rw
	if pad < 1 {
		return truncate(left.String()+" "+right.String(), width)
	}
	return left.String() + spaces[:min(pad, len(spaces))] + right.String()
}
