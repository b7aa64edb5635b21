#!/usr/bin/env bash
# make.sh regenerates every picture in screenshots/ from the real zdops binary: it builds
# zdops and the renderer, runs the console in tmux at 120x34 with truecolor, drives it with
# keys as an operator would, captures each screen with its colours and renders it to PNG.
#
#   screenshots/make.sh            # all pictures, drawn at 2x for sharp text
#   SCALE=1 screenshots/make.sh    # 1x pictures (cells of 9x19 pixels)
#   ANS_DIR=/tmp/ans screenshots/make.sh   # also keep the captured screens (NAME.ans) there
#
# It needs go, tmux and the DejaVu fonts (fonts-dejavu-core). The console runs with an
# empty temporary HOME, so no config, profile or audit log of yours is read or written.
# tmux, the sandbox and the temporary files are cleaned up on exit, also on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cols=120
rows=34
scale=${SCALE:-2}
fonts=${FONTS:-/usr/share/fonts/truetype/dejavu}

die() {
	echo "make.sh: $*" >&2
	exit 1
}

command -v tmux >/dev/null || die "tmux is not installed (apt-get install tmux)"
command -v go >/dev/null || die "go is not installed"
[[ -f $fonts/DejaVuSansMono.ttf ]] || die "no DejaVu fonts in $fonts (apt-get install fonts-dejavu-core, or set FONTS=folder)"

work=$(mktemp -d "${TMPDIR:-/tmp}/zdops-screenshots.XXXXXX")
sandbox_pid=
cleanup() {
	tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true
	if [[ -n $sandbox_pid ]]; then
		kill "$sandbox_pid" 2>/dev/null || true
		wait "$sandbox_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # exit runs the cleanup

echo "building zdops and the renderer"
(cd "$root" && go build -o "$work/zdops" . && go build -o "$work/render" ./screenshots/render)

# The tmux server reads only this file: truecolor, and no status line, so that the pane is
# the whole 120x34 window.
cat >"$work/tmux.conf" <<'EOF'
set -g default-terminal tmux-256color
set -ga terminal-overrides ',*:RGB'
set -ga terminal-features ',*:RGB'
set -g status off
EOF

t() { tmux -u -S "$work/tmux.sock" -f "$work/tmux.conf" "$@"; }

# console SESSION [VAR=value...]: starts zdops in a new tmux session, with its own empty
# HOME and only the environment given.
console() {
	local session=$1
	shift
	mkdir -p "$work/home-$session"
	t new-session -d -s "$session" -x "$cols" -y "$rows" -- \
		env -i HOME="$work/home-$session" PATH="$PATH" TERM=tmux-256color COLORTERM=truecolor LANG=C.UTF-8 \
		"$@" "$work/zdops"
}

screen() { t capture-pane -p -t "$1"; }

# keys SESSION KEY...: presses keys one at a time, as fingers do.
keys() {
	local session=$1
	shift
	for k in "$@"; do
		t send-keys -t "$session" "$k"
		sleep 0.05
	done
}

# typing SESSION TEXT: types literal text.
typing() {
	t send-keys -t "$1" -l "$2"
	sleep 0.1
}

# wait_for SESSION STEP TEXT...: waits until the screen shows every TEXT.
wait_for() {
	local session=$1 step=$2
	shift 2
	local deadline=$((SECONDS + 30)) s w ok
	while ((SECONDS < deadline)); do
		s=$(screen "$session")
		ok=1
		for w in "$@"; do
			[[ $s == *"$w"* ]] || ok=0
		done
		((ok)) && return 0
		sleep 0.1
	done
	printf 'make.sh: %s: the screen never showed:' "$step" >&2
	printf ' %q' "$@" >&2
	printf '\nlast screen:\n%s\n' "$s" >&2
	exit 1
}

# settle SESSION: waits until two captures in a row are the same (a list finished loading),
# for at most three seconds; a spinner keeps moving, which is fine.
settle() {
	local a b i
	a=$(screen "$1")
	for i in $(seq 15); do
		sleep 0.2
		b=$(screen "$1")
		[[ $a == "$b" ]] && return 0
		a=$b
	done
}

# cursor_to SESSION TEXT: moves the cursor down until its row (marked "> ") holds TEXT.
cursor_to() {
	local session=$1 want=$2 i
	for i in $(seq 300); do
		if screen "$session" | grep -q "^> .*$want"; then
			return 0
		fi
		keys "$session" j
	done
	die "cursor_to: no row with \"$want\" within 300 rows"
}

# capture SESSION NAME: saves the screen with its escapes (trailing blanks kept, since a
# highlighted row's background reaches past its text).
capture() {
	t capture-pane -e -N -p -t "$1" >"$work/$2.ans"
}

# plain NAME: the captured screen without its escapes.
plain() { sed 's/\x1b\[[0-9;:]*m//g' "$work/$1.ans"; }

# render NAME [THEME]: draws the captured screen to NAME.png.
render() {
	local name=$1 theme=${2:-dark}
	grep -q $'\e\\[[0-9;]*38;2;' "$work/$name.ans" ||
		die "$name: the capture has no truecolor escapes (38;2;...); is COLORTERM reaching zdops?"
	if [[ -n ${ANS_DIR:-} ]]; then
		cp "$work/$name.ans" "$ANS_DIR/"
	fi
	"$work/render" -in "$work/$name.ans" -out "$here/$name.png" -cols "$cols" -rows "$rows" \
		-theme "$theme" -scale "$scale" -fonts "$fonts"
	echo "  $name.png"
}

# shot SESSION NAME [THEME]: captures the screen and renders NAME.png.
shot() {
	capture "$1" "$2"
	render "$2" "${3:-dark}"
}

# cursor_email SESSION: the email on the cursor's row.
cursor_email() {
	screen "$1" | grep '^> ' | awk '{for (i = 1; i <= NF; i++) if ($i ~ /@/) { print $i; exit }}' || true
}

echo "the console on its embedded sandbox"
console main
wait_for main "first screen" "SANDBOX" "users loaded" "Sandbox Admin"
settle main
keys main j j j
shot main users

# The first end-user of the seeded sandbox is one of its heaviest requesters.
cursor_to main "end-user"
email=$(cursor_email main)
[[ -n $email ]] || die "no email on the cursor row"
keys main Enter
wait_for main "user detail" "Requested tickets" "$email"
settle main
keys main j j
shot main user-detail

keys main a
wait_for main "action picker" "Action on" "Delete tickets"
keys main j j j j j j # to Delete tickets
shot main action-picker

keys main Enter
wait_for main "delete preview" "DANGER" "Delete tickets" "Type $email"
typing main "${email:0:$((${#email} * 2 / 3))}"
settle main
shot main delete-preview

keys main Escape Escape
wait_for main "back to the detail" "Requested tickets"
keys main '?'
wait_for main "help" "half page down"
shot main help
keys main q

echo "the console on a served sandbox with 300 ms of latency, for runs slow enough to watch"
"$work/zdops" sandbox --addr 127.0.0.1:0 --token screenshots --faults "latency=300ms,itemfail=0.004" >"$work/sandbox.out" 2>&1 &
sandbox_pid=$!
url=
for _ in $(seq 100); do
	url=$(sed -n 's/.*an in-memory Zendesk on \(http:[^ ]*\).*/\1/p' "$work/sandbox.out")
	[[ -n $url ]] && break
	kill -0 "$sandbox_pid" 2>/dev/null || die "the sandbox did not start: $(cat "$work/sandbox.out")"
	sleep 0.1
done
[[ -n $url ]] || die "the sandbox printed no URL: $(cat "$work/sandbox.out")"
console runs ZENDESK_URL="$url" ZENDESK_EMAIL=admin@sandbox.zdops.test ZENDESK_API_TOKEN=screenshots
wait_for runs "first screen" "users loaded"

# A first run: raise the priority of everything the second customer asked.
cursor_to runs "end-user"
keys runs j
keys runs a
wait_for runs "picker" "Action on" "Set priority"
keys runs Enter
wait_for runs "priority" "Priority for" "urgent"
keys runs j j j Enter
wait_for runs "set-priority preview" "Set priority" "Run it?"
settle runs
shot runs priority-preview
keys runs y
wait_for runs "set-priority run" "Finished: set-priority"
keys runs Escape

# A second run: delete every ticket of the first customer, captured while it runs.
keys runs k
email=$(cursor_email runs)
[[ -n $email ]] || die "no email on the cursor row"
keys runs a
wait_for runs "picker" "Action on" "Delete tickets"
keys runs j j j j j j Enter
wait_for runs "delete preview" "Type $email"
typing runs "$email"
keys runs Enter
deadline=$((SECONDS + 60))
while :; do
	capture runs run-progress
	plain run-progress | grep -q 'Running:' && plain run-progress | grep -Eq ' [2-8][0-9]%' && break
	((SECONDS < deadline)) || die "the run never showed its progress bar mid-run: $(plain run-progress)"
	sleep 0.1
done
render run-progress
wait_for runs "delete run" "Finished: delete-tickets"
keys runs Escape 6
wait_for runs "log" "delete-tickets" "set-priority"
settle runs
shot runs run-log
keys runs q

echo "the console with light colours"
console light ZDOPS_THEME=light
wait_for light "first screen" "users loaded"
cursor_to light "end-user"
keys light Enter
wait_for light "user detail" "Requested tickets"
settle light
keys light j j j
capture light light-theme
grep -Eq '38;2;2[56];2[56];2[56]m' "$work/light-theme.ans" ||
	die "light-theme: ZDOPS_THEME=light did not give the light colours (no #1a1a1a text); is it wired into the console?"
render light-theme light
keys light q

echo "done: $(ls "$here"/*.png | wc -l) pictures in $here"
