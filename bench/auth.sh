#!/usr/bin/env bash
# What one `resetlink auth` check costs, whole process, on each path: accepted, wrong password,
# unknown username, SSO account, throttled — each should pay one scrypt derivation, so that the
# time does not tell them apart — next to `resetlink accounts show` (the same start-up and query,
# no hashing) and `accounts check-password` (one scrypt, no audit entry). Release build, default scrypt cost (reset.password.scrypt_log_n: 16).
# Usage: bench/auth.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_command hyperfine hyperfine
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> building resetlink (release; a few minutes the first time)" >&2
swift build -c release --product resetlink --scratch-path .build-bench-dynamic >/dev/null
bin=$(pwd)/.build-bench-dynamic/release/resetlink

# A high failure limit, so that only the "throttled" account is throttled while the others repeat.
cat > "$work/resetkit.yaml" <<YAML
reset:
  keyring: keyring.json
  database: accounts.sqlite
  auth: {max_failures: 1000, window_minutes: 60}
YAML
cd "$work"
pw='correct horse battery staple'
echo "$pw" | "$bin" accounts add ana --email ana@example.org --password-stdin >/dev/null
"$bin" accounts add okta.user --email sso@example.org --source sso --provider Okta >/dev/null
echo "$pw" | "$bin" accounts add locked --email locked@example.org --password-stdin >/dev/null
cat > "$work/throttled.yaml" <<YAML
reset:
  keyring: keyring.json
  database: accounts.sqlite
  auth: {max_failures: 1, window_minutes: 60}
YAML
printf 'locked\nwrong\n' | "$bin" auth --interface pipe --config throttled.yaml || true

printf '%s\n' "$pw" > pw.in
printf 'ana\n%s\n' "$pw" > accepted.in
printf 'ana\nwrong guess entirely\n' > wrong.in
printf 'nobody\n%s\n' "$pw" > unknown.in
printf 'okta.user\n%s\n' "$pw" > sso.in
printf 'locked\n%s\n' "$pw" > throttled.in

# Through the shell, for the redirections (hyperfine subtracts the shell's own start-up).
hyperfine --warmup 3 --runs "$runs" --export-markdown "$work/table.md" --ignore-failure \
  -n "accounts show (no hashing)" "$bin accounts show ana < /dev/null" \
  -n "accounts check-password (one scrypt, no audit)" "$bin accounts check-password ana < pw.in" \
  -n "auth: accepted" "$bin auth --interface pipe < accepted.in" \
  -n "auth: wrong password" "$bin auth --interface pipe < wrong.in" \
  -n "auth: unknown username" "$bin auth --interface pipe < unknown.in" \
  -n "auth: SSO account" "$bin auth --interface pipe < sso.in" \
  -n "auth: throttled" "$bin auth --interface pipe --config throttled.yaml < throttled.in" \
  >/dev/null
cat "$work/table.md"
