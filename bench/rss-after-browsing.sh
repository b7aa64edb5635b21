#!/usr/bin/env bash
# Resident memory of the console after browsing every user of a large account.
#
# Starts `zdops sandbox` with 100,000 users and 500,000 tickets (rate limit raised so that
# loading 1,000 pages is not a wait), opens the console against it in tmux at 120x34, holds
# G (bottom) until the Users view says every user is loaded, then reads the console's VmRSS
# and VmHWM from /proc. Usage: bench/rss-after-browsing.sh [USERS] [TICKETS]
set -euo pipefail
cd "$(dirname "$0")/.."
users="${1:-100000}"
tickets="${2:-500000}"
work="$(mktemp -d)"
sock="$work/tmux.sock"
port=$((20000 + RANDOM % 20000))
cleanup() {
  tmux -S "$sock" kill-server 2>/dev/null || true
  [ -n "${sandbox_pid:-}" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/zdops" .
"$work/zdops" sandbox --addr "127.0.0.1:$port" --users "$users" --tickets "$tickets" \
  --rate-limit 1000000 --token bench-token >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 300); do
  grep -q 'base URL' "$work/sandbox.log" && break
  sleep 0.1
done
grep -q 'base URL' "$work/sandbox.log" || { cat "$work/sandbox.log"; exit 1; }

mkdir -p "$work/home"
tmux -S "$sock" new-session -d -s rss -x 120 -y 34 \
  "env -i HOME=$work/home PATH=$PATH TERM=xterm-256color ZENDESK_URL=http://127.0.0.1:$port ZENDESK_EMAIL=admin@sandbox.zdops.test ZENDESK_API_TOKEN=bench-token $work/zdops"
want="all $(echo "$users" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') users"
for _ in $(seq 1 20000); do
  screen="$(tmux -S "$sock" capture-pane -p -t rss)"
  grep -q "$want" <<<"$screen" && break
  tmux -S "$sock" send-keys -t rss G G G G G
  sleep 0.02
done
grep -q "$want" <<<"$screen" || { echo "did not reach \"$want\":"; echo "$screen"; exit 1; }
pid="$(pgrep -f "^$work/zdops\$" | head -1)"
rss_kb="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")"
hwm_kb="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
echo "users loaded: $users"
echo "console VmRSS: $((rss_kb / 1024)) MB (peak VmHWM $((hwm_kb / 1024)) MB)"
echo "bytes per loaded user (RSS / users): $((rss_kb * 1024 / users))"
