#!/usr/bin/env bash
# Issue 17's two start-up targets in one run, by median, each next to its trivial C counterpart:
#  - `resetlink verify TOKEN` (with a JSON state file, and against the account database) ≤ 4× a
#    trivial C program: hyperfine, whole processes;
#  - GET /link?token=… (full verification, 303) through lighttpd mod_cgi on 127.0.0.1 ≤ 2× a
#    trivial C CGI program: curl's time_total per request, the two interleaved.
# resetlink is the README's release build (fully static executable), run stripped as
# docs/deploy-cgi.md installs it (`install -s`). RESETLINK=path measures that
# binary instead; COMPARE="name=path …" adds rows for other binaries (an older commit's, an
# experiment) in the same run.
# Usage: bench/startup-targets.sh [RUNS] [REQUESTS]   (defaults 300 and 300)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. bench/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_pkgconfig sqlite3 libsqlite3-dev
ensure_command hyperfine hyperfine
ensure_command lighttpd lighttpd
ensure_command curl curl
ensure_command gcc gcc
runs=${1:-300}
requests=${2:-300}

if [ -z "${RESETLINK:-}" ]; then
  echo "==> building resetlink (release, static executable)" >&2
  swift build -c release --product resetlink --scratch-path .build-bench-static -Xswiftc -static-executable >/dev/null 2>&1
  RESETLINK=$(pwd)/.build-bench-static/release/resetlink
fi
work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(free_port)
origin="http://127.0.0.1:$port"
mkdir -p "$work/cgi-bin" "$work/www"
# Stripped, as docs/deploy-cgi.md installs it (`install -s`).
strip -o "$work/cgi-bin/resetlink" "$RESETLINK"
names=("resetlink")
for pair in ${COMPARE:-}; do strip -o "$work/cgi-bin/${pair%%=*}" "${pair#*=}"; names+=("${pair%%=*}"); done

printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' > "$work/trivial.c"
gcc -O2 -o "$work/trivial" "$work/trivial.c"
printf '#include <stdio.h>\nint main(void) { fputs("Status: 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nok\\n", stdout); return 0; }\n' > "$work/trivial-cgi.c"
gcc -O2 -o "$work/cgi-bin/trivial" "$work/trivial-cgi.c"

write_endpoint_config "$work" "$origin"
rl() { "$work/cgi-bin/resetlink" "$@" --config "$work/resetkit.yaml"; }
rl keys new >/dev/null
rl accounts add ana --email ana@example.org >/dev/null
printf '{"accounts": [{"id": 1, "password_hash": "", "email": "ana@example.org", "source": "local", "status": "active"}]}\n' > "$work/accounts.json"
link=$(rl issue --account 1 --link)
token=${link##*token=}
# The state file's account is not the database's (no password hash): its own token.
state_token=$(rl issue --account 1 --state-file "$work/accounts.json")

# hyperfine's commands, for each binary: verify with the state file, then with the database.
commands=(-n "C trivial" "$work/trivial")
for name in "${names[@]}"; do
  bin="$work/cgi-bin/$name"
  "$bin" verify --config "$work/resetkit.yaml" --state-file "$work/accounts.json" -- "$state_token" >/dev/null \
    || { echo "$name: the token does not verify against the state file" >&2; exit 1; }
  "$bin" verify --config "$work/resetkit.yaml" -- "$token" >/dev/null || { echo "$name: the token does not verify" >&2; exit 1; }
  commands+=(-n "$name verify, --state-file" "$bin verify --config $work/resetkit.yaml --state-file $work/accounts.json -- $state_token")
  commands+=(-n "$name verify, database" "$bin verify --config $work/resetkit.yaml -- $token")
done
echo "==> hyperfine, $runs runs each" >&2
hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/times.json" "${commands[@]}" >/dev/null

start_lighttpd "$work" "$port" "$origin/cgi-bin/trivial"
time_of() { curl -s -o /dev/null -w '%{time_total}\n' "$@"; }
for name in "${names[@]}"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$origin/cgi-bin/$name/link?token=$token")" = 303 ] \
    || { echo "$name: the link does not verify through lighttpd" >&2; exit 1; }
done
echo "==> $requests GET /link per binary and trivial CGI requests, interleaved" >&2
for _ in $(seq "$requests"); do
  time_of "$origin/cgi-bin/trivial" >> "$work/cgi-trivial.txt"
  for name in "${names[@]}"; do time_of "$origin/cgi-bin/$name/link?token=$token" >> "$work/cgi-$name.txt"; done
done

# Instructions (callgrind), which the machine's load does not change: each program once, the CGI
# programs run directly with the meta-variables lighttpd sets for GET /link.
instructions() {
  # valgrind cannot read the DWARF 5 these binaries carry: count on a copy without it.
  objcopy --strip-debug "$1" "$work/stripped"
  env -i "${cgi_env[@]}" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/stripped" "${@:2}" 2>&1 >/dev/null \
    | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p'
}
if command -v valgrind >/dev/null; then
  echo "==> callgrind" >&2
  cgi_env=()
  { echo "C trivial	$(instructions "$work/trivial")"
    for name in "${names[@]}"; do
      echo "$name verify, --state-file	$(instructions "$work/cgi-bin/$name" verify --config "$work/resetkit.yaml" --state-file "$work/accounts.json" -- "$state_token")"
    done
    cgi_env=(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET PATH_INFO=/link "QUERY_STRING=token=$token" SERVER_NAME=127.0.0.1
             "SERVER_PORT=$port" REMOTE_ADDR=127.0.0.1 "RESETLINK_CONFIG=$work/resetkit.yaml")
    echo "trivial C CGI	$(instructions "$work/cgi-bin/trivial")"
    for name in "${names[@]}"; do echo "$name GET /link	$(instructions "$work/cgi-bin/$name")"; done
  } > "$work/instructions.tsv"
fi

python3 - "$work" "$runs" "$requests" "${names[@]}" <<'PY'
import json, statistics, sys
work, runs, requests, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
results = json.load(open(f"{work}/times.json"))["results"]
def row(what, count, median, floor, target, cpu=""):
    ratio = median / floor
    met = "" if target is None else ("yes" if ratio <= target else "no")
    print(f"| {what} | {count} | {median * 1000:.2f} | {ratio:.2f} | {'' if target is None else f'≤ {target}×'} | {met} |{cpu}")
# CPU time (user + system, hyperfine's means) as well: on a shared machine a process waiting for a
# core stretches its wall time, not its CPU time.
print("| Process (release, static executable) | Runs | Median [ms] | Ratio | Target | Met? | CPU mean [ms] | CPU ratio |")
print("|:---|---:|---:|---:|:---|:---|---:|---:|")
floor = results[0]["median"]
cpu_floor = results[0]["user"] + results[0]["system"]
for result in results:
    cpu = result["user"] + result["system"]
    row(f"`{result['command']}`", runs, result["median"], floor, None if result is results[0] else 4,
        f" {cpu * 1000:.2f} | {cpu / cpu_floor:.2f} |")
print()
def median(name):
    return statistics.median(float(line) for line in open(f"{work}/cgi-{name}.txt"))
floor = median("trivial")
print("| Request (lighttpd mod_cgi, 127.0.0.1) | Requests | Median [ms] | Ratio | Target | Met? |")
print("|:---|---:|---:|---:|:---|:---|")
row("trivial C CGI", requests, floor, floor, None)
for name in names:
    row(f"{name}: GET /link (full verification, 303)", requests, median(name), floor, 2)
try:
    counts = [line.rstrip("\n").split("\t") for line in open(f"{work}/instructions.tsv")]
except FileNotFoundError:
    counts = []
if counts:
    print()
    print("| Program, one run | Instructions (callgrind) |")
    print("|:---|---:|")
    for what, count in counts:
        print(f"| {what} | {count} |")
try:
    # "some avg60=…": the share of the last minute in which some task waited for a core.
    waiting = float(open("/proc/pressure/cpu").readline().split()[2].split("=")[1])
except (OSError, IndexError, ValueError):
    waiting = None
if waiting is not None and waiting > 20:
    print(f"\nNote: /proc/pressure/cpu some avg60 = {waiting:.0f} %: other work competed for the cores, so the"
          " times and their ratios (and Met?) are not reliable; the instruction counts are.")
PY
