#!/usr/bin/env bash
# What reset.hooks add to a completion: `resetlink complete` (release, static executable) with no
# hooks, with before_change /bin/true (the cost of starting a hook at all), and with the
# htpasswd hook of docs/operations.md (flock + htpasswd -i -B), each for a fresh link per run.
# scrypt_log_n 10, so that hashing (≈ 110 ms at the default 16) does not hide the hooks' cost.
# BASELINE=PATH adds that resetlink binary without hooks (e.g. one built before the completion
# claim, to see what the claim's extra transaction costs).
# Usage: [BASELINE=PATH] bench/password-hooks.sh [RUNS]   (default 30; medians and minimums)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_pkgconfig sqlite3 libsqlite3-dev
ensure_command hyperfine hyperfine
ensure_command htpasswd apache2-utils
runs=${1:-30}

echo "==> building (release, static executable)" >&2
swift build -c release --product resetlink --scratch-path .build-bench-static -Xswiftc -static-executable >/dev/null 2>&1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp .build-bench-static/release/resetlink "$work/resetlink"
printf '#!/bin/sh\nexec /usr/bin/flock %s/people.lock /usr/bin/htpasswd -i -B %s/people.htpasswd "$RESETKIT_USERNAME" 2>/dev/null\n' \
  "$work" "$work" > "$work/htpasswd-hook"
chmod 755 "$work/htpasswd-hook"
printf 'some old password\n' | htpasswd -i -B -c "$work/people.htpasswd" ana 2>/dev/null

config() {  # config NAME [HOOK-LINES...]
  {
    printf 'reset:\n  endpoint_url: https://intranet.example.org/cgi-bin/resetlink\n'
    printf '  keyring: %s/private/keyring.json\n  database: %s/private/accounts.sqlite\n' "$work" "$work"
    printf '  password: {scrypt_log_n: 10}\n  mail: {delivery: maildir, maildir: %s/private/maildir}\n' "$work"
    shift; for line in "$@"; do printf '  %s\n' "$line"; done
  } > "$work/$1.yaml"
}
config none
config true "hooks: {before_change: [/bin/true]}"
config htpasswd "hooks: {before_change: [$work/htpasswd-hook]}"
"$work/resetlink" keys new --config "$work/none.yaml" >/dev/null
"$work/resetlink" accounts add ana --email ana@example.org --config "$work/none.yaml" >/dev/null
prepare="$work/resetlink issue --account 1 --link --config $work/none.yaml > $work/link"
if [ -n "${BASELINE:-}" ]; then
  # Its own database (an older resetlink refuses a newer schema), the same keyring.
  config baseline
  sed -i "s|accounts.sqlite|baseline.sqlite|" "$work/baseline.yaml"
  "$BASELINE" accounts add ana --email ana@example.org --config "$work/baseline.yaml" >/dev/null
  prepare="$prepare; $BASELINE issue --account 1 --link --config $work/baseline.yaml > $work/baseline-link"
fi

# Each run completes a link issued just before it (outside the timing), with a new password; the
# same small sh wrapper in every variant: complete CONFIG-NAME RESETLINK LINK-FILE.
printf '#!/bin/sh\nexec "$2" complete --config %s/$1.yaml -- "$(cat "$3")" < %s/password\n' "$work" "$work" > "$work/complete"
chmod 755 "$work/complete"
commands=()
if [ -n "${BASELINE:-}" ]; then commands+=(--command-name "baseline" "$work/complete baseline $BASELINE $work/baseline-link"); fi
for name in none true htpasswd; do commands+=(--command-name "$name" "$work/complete $name $work/resetlink $work/link"); done
# Hex: no letter n, so never the username "ana" (a password rule).
printf '#!/bin/sh\n%s\nod -An -tx1 -N16 /dev/urandom | tr -d " \\n" > %s/password\n' "$prepare" "$work" > "$work/prepare"
chmod 755 "$work/prepare"
hyperfine -N --runs "$runs" --warmup 2 --export-json "$work/results.json" --prepare "$work/prepare" "${commands[@]}" >&2
python3 - "$work/results.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:<20} median {r['median'] * 1000:6.1f} ms   min {r['min'] * 1000:6.1f} ms")
PY
