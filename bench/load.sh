#!/usr/bin/env bash
# Load on the reset endpoint through a real lighttpd (mod_cgi) on 127.0.0.1 with wrk: link
# verifications, forgot-password requests and completions mixed (bench/load/mix.lua), a fixed
# number of connections for a bounded time. Fails (exit 1) on any 5xx, socket error, "database is
# locked" in the server's log, a completion applied twice, or a completed password that does not
# check out. Prints requests, status counts and p50/p90/p99 latency.
# Usage: bench/load.sh [--duration SECONDS (30, at most 60)] [--connections N (8)] [--accounts N (400)] [--bin DIR]
#   --bin: where resetlink and helpsite are (default: a release build into .build-bench-static)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. bench/lib.sh
duration=30 connections=8 bin="" accounts=400
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --accounts) accounts=$2; shift 2 ;;
    *) echo "bench/load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$duration" -le 60 ] || { echo "bench/load.sh: --duration is at most 60 seconds" >&2; exit 2; }
ensure_command lighttpd lighttpd
ensure_command wrk wrk
ensure_command curl curl
if [ -z "$bin" ]; then
  echo "==> building resetlink (release, static executable)" >&2
  swift build -c release --product resetlink --scratch-path .build-bench-static -Xswiftc -static-executable >/dev/null 2>&1
  resetlink=.build-bench-static/release/resetlink
else
  resetlink=$bin/resetlink
fi

work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; [ -n "${KEEP_LOAD_FOLDER:-}" ] || rm -rf "$work"' EXIT
port=$(free_port)
origin="http://127.0.0.1:$port"
mkdir -p "$work/cgi-bin" "$work/www"
cp "$resetlink" "$work/cgi-bin/resetlink"
write_endpoint_config "$work" "$origin" "password: {scrypt_log_n: 14}"
rl() { "$work/cgi-bin/resetlink" "$@" --config "$work/resetkit.yaml"; }
rl keys new >/dev/null
{ echo "username,email,name,source,provider,status"
  for i in $(seq "$accounts"); do echo "user$i,user$i@example.org,User $i,local,,active"; done
  echo "sso1,sso1@example.org,SSO One,sso,Okta,active"; } > "$work/people.csv"
rl accounts import "$work/people.csv" >/dev/null
{ for i in $(seq "$accounts"); do echo "user$i%40example.org"; done; echo "sso1%40example.org"; echo "nobody%40example.org"; } > "$work/emails.txt"

start_lighttpd "$work" "$port" "$origin/cgi-bin/resetlink/forgot"

echo "==> issuing links for $accounts accounts and reading their forms" >&2
for i in $(seq "$accounts"); do
  token=$(rl admin reset "user$i" --by load --print-link | sed 's/.*token=//')
  csrf=$(curl -s -H "Cookie: resetlink_token=$token" "$origin/cgi-bin/resetlink/new-password" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  [ -n "$csrf" ] || { echo "no form for user$i" >&2; exit 1; }
  echo "$token $csrf"
done > "$work/tokens.txt"
# The forgot form's cookie and its proof (the server's HMAC of the cookie), on one line.
form=$(curl -s -i "$origin/cgi-bin/resetlink/forgot")
form_cookie=$(printf '%s' "$form" | grep -io '^set-cookie: resetlink_form=[^;]*' | sed 's/.*resetlink_form=//')
form_proof=$(printf '%s' "$form" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
[ -n "$form_cookie" ] && [ -n "$form_proof" ] || { echo "no forgot form" >&2; exit 1; }
echo "$form_cookie $form_proof" > "$work/forgot-csrf.txt"
audited_before=$(rl audit | grep -c "  password-changed  " || true)

echo "==> wrk: $connections connections, ${duration}s" >&2
threads=$(( connections < 2 ? connections : 2 ))
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s -s bench/load/mix.lua "$origin" -- "$work" "$threads" | tee "$work/wrk.txt"

# Requests wrk gave up on at the end may still be running (they finish their work): wait for them.
for _ in $(seq 100); do pgrep -f "$work/cgi-bin/resetlink" >/dev/null || break; sleep 0.1; done

failed=0
grep -q "socket errors 0, 5xx 0" "$work/wrk.txt" || { echo "FAIL: server errors or socket errors" >&2; failed=1; }
# Every request carries valid proof (the forgot form's cookie and HMAC, the token cookie and its tag).
! grep -q "^status 403" "$work/wrk.txt" || { echo "FAIL: requests refused as forged (403)" >&2; failed=1; }
locked=$(cat "$work/error.log" "$work/cgi-stderr.log" 2>/dev/null | grep -ci "database is locked" || true)
echo "\"database is locked\" in the server log: $locked"
[ "$locked" = 0 ] || failed=1
# Every completion applied exactly once: one password-changed per account at most, and each
# changed account's password is the one the load test sent for its token.
changes=$(rl audit | grep -c "  password-changed  " || true)
changed_accounts=$(rl audit | { grep "  password-changed  " || true; } | { grep -o "account=[0-9]*" || true; } | sort | uniq -c | awk '$1 > 1' | wc -l)
echo "completions applied: $((changes - audited_before)); accounts changed more than once: $changed_accounts"
[ "$changed_accounts" = 0 ] || failed=1
checked=0
for i in $(seq "$accounts"); do
  # grep without -q reads everything, so resetlink never gets SIGPIPE (which pipefail would count).
  if rl audit --account "user$i" | grep "  password-changed  " >/dev/null; then
    token=$(sed -n "${i}p" "$work/tokens.txt" | cut -d' ' -f1)
    if ! printf 'load test password %s\n' "${token:0:12}" | rl accounts check-password "user$i" >/dev/null 2>&1; then
      echo "FAIL: user$i changed but not to its load-test password" >&2; failed=1
    fi
    checked=$((checked + 1))
  fi
done
echo "changed passwords checked: $checked"
[ "$checked" = "$((changes - audited_before))" ] || { echo "FAIL: audit and passwords disagree" >&2; failed=1; }
[ "$failed" = 0 ] && echo "load: OK" || echo "load: FAILED"
exit $failed
