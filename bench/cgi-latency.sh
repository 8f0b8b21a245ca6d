#!/usr/bin/env bash
# Latency of the reset endpoint through a real lighttpd (mod_cgi) on 127.0.0.1, in one run:
#  - a full link verification (GET /link?token=…: configuration, keyring, database, HMAC, 303)
#    next to a trivial C CGI program on the same server;
#  - the forgot-password POST for a known and an unknown address (same number of requests,
#    interleaved), whose medians must not tell the two apart.
# Usage: bench/cgi-latency.sh [REQUESTS]   (default 300; prints medians and ratios)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. bench/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_pkgconfig sqlite3 libsqlite3-dev
ensure_command lighttpd lighttpd
ensure_command curl curl
ensure_command gcc gcc
requests=${1:-300}

echo "==> building (release, static executable)" >&2
swift build -c release --product resetlink --scratch-path .build-bench-static -Xswiftc -static-executable >/dev/null 2>&1
swift build --product helpsite >/dev/null
work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(free_port)
origin="http://127.0.0.1:$port"

mkdir -p "$work/cgi-bin" "$work/www"
cp .build-bench-static/release/resetlink "$work/cgi-bin/resetlink"
printf '#include <stdio.h>\nint main(void) { fputs("Status: 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nok\\n", stdout); return 0; }\n' > "$work/trivial.c"
gcc -O2 -o "$work/cgi-bin/trivial" "$work/trivial.c"
.build/debug/helpsite build --output "$work/www/help" --base-url "$origin/help/" >/dev/null
write_endpoint_config "$work" "$origin" "throttle_per_hour: 100"
rl() { "$work/cgi-bin/resetlink" "$@" --config "$work/resetkit.yaml"; }
rl keys new >/dev/null
rl accounts add ana --email ana@example.org >/dev/null
start_lighttpd "$work" "$port" "$origin/cgi-bin/trivial"

link=$(rl issue --account 1 --link)
[ "$(curl -s -o /dev/null -w '%{http_code}' "$link")" = 303 ] || { echo "the link does not verify" >&2; exit 1; }
time_of() { curl -s -o /dev/null -w '%{time_total}\n' "$@"; }

echo "==> $requests link verifications, forgot forms and trivial CGI requests, interleaved" >&2
for _ in $(seq "$requests"); do
  time_of "$link" >> "$work/verify.txt"
  time_of "$origin/cgi-bin/trivial" >> "$work/trivial.txt"
  time_of "$origin/cgi-bin/resetlink/forgot" >> "$work/form.txt"
done

form=$(curl -s -i "$origin/cgi-bin/resetlink/forgot")
csrf=$(printf '%s' "$form" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
form_cookie=$(printf '%s' "$form" | grep -io '^set-cookie: resetlink_form=[^;]*' | sed 's/.*resetlink_form=//')
post() { time_of -H "Cookie: resetlink_form=$form_cookie" --data-urlencode "csrf=$csrf" --data-urlencode "email=$1" --data-urlencode "username=" "$origin/cgi-bin/resetlink/forgot"; }
first=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: resetlink_form=$form_cookie" --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=nobody@example.org" --data-urlencode "username=" "$origin/cgi-bin/resetlink/forgot")
[ "$first" = 200 ] || { echo "the forgot form's POST answers $first, not 200" >&2; exit 1; }
count=$(( requests < 100 ? requests : 100 ))   # the known account may get at most 100 emails an hour
echo "==> $count forgot-password POSTs each for a known and an unknown address, interleaved" >&2
for i in $(seq "$count"); do
  # Alternate which goes first, so background work left by one (mail after a known address's
  # answer) does not always fall on the other.
  if [ $((i % 2)) = 0 ]; then
    post ana@example.org >> "$work/known.txt"; post nobody@example.org >> "$work/unknown.txt"
  else
    post nobody@example.org >> "$work/unknown.txt"; post ana@example.org >> "$work/known.txt"
  fi
done

median() { sort -n "$1" | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f", m * 1000 }'; }
f=$(median "$work/form.txt"); v=$(median "$work/verify.txt"); t=$(median "$work/trivial.txt"); k=$(median "$work/known.txt"); u=$(median "$work/unknown.txt")
echo
echo "| Request (lighttpd mod_cgi, 127.0.0.1) | Requests | Median [ms] | Ratio |"
echo "|:---|---:|---:|---:|"
echo "| trivial C CGI | $requests | $t | 1.00 |"
echo "| GET forgot (the form, signed with the keyring) | $requests | $f | $(awk "BEGIN { printf \"%.2f\", $f / $t }") |"
echo "| GET link (full verification, 303) | $requests | $v | $(awk "BEGIN { printf \"%.2f\", $v / $t }") |"
echo "| POST forgot, known address | $count | $k | $(awk "BEGIN { printf \"%.2f\", $k / $t }") |"
echo "| POST forgot, unknown address | $count | $u | $(awk "BEGIN { printf \"%.2f\", $u / $t }") |"
