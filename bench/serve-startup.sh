#!/usr/bin/env bash
# How long `helpsite serve` takes, on the repository's own site, from launch until it answers a
# page with HTTP 200 (first build included), and how long an edit takes to show up.
# Usage: bench/serve-startup.sh [RUNS] [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_command curl curl
runs=${1:-20}
config=${2:-release}
scratch=.build
[ "$config" = release ] && scratch=.build-bench-serve
swift build -c "$config" --product helpsite --scratch-path "$scratch" >/dev/null
helpsite="$PWD/$scratch/$config/helpsite"
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r content Templates resetkit.yaml "$work"/
cd "$work"
port=18080

now_ms() { date +%s%3N; }
startups=()
for run in $(seq "$runs"); do
  start=$(now_ms)
  "$helpsite" serve --port $port >serve.log 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/reset-password.html"; do sleep 0.005; done
  startups+=($(( $(now_ms) - start )))
  if [ "$run" -lt "$runs" ]; then kill -INT $pid; wait $pid; fi
done

# An edit: append a paragraph and wait until the served page has it.
edits=()
for run in $(seq 10); do
  start=$(now_ms)
  printf '\nEdit number %s.\n' "$run" >> content/several-accounts.md
  until curl -sf "http://127.0.0.1:$port/several-accounts.html" | grep -q "Edit number $run."; do sleep 0.005; done
  edits+=($(( $(now_ms) - start )))
done
kill -INT $pid; wait $pid; status=$?

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %d ms, median %d ms, max %d ms (%d runs)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
echo "start-up to first page (HTTP 200), $config build: $(stats "${startups[@]}")"
echo "edit to new content served:                   $(stats "${edits[@]}")"
echo "exit status after Ctrl-C: $status"
