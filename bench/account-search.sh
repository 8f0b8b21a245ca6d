#!/usr/bin/env bash
# Searching many accounts (Admin > People, issue 15): imports N generated accounts (default
# 100,000; deterministic names, usernames and addresses) with `resetlink accounts import`, then
# times `resetlink accounts search` (whole process: start-up, opening the database, the query and
# its total) for a rare username, a common first name, a surname prefix, an email prefix, two
# words, and a one-letter prefix that matches thousands.
# Usage: bench/account-search.sh [ACCOUNTS] [RUNS]   (prints hyperfine medians)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_pkgconfig sqlite3 libsqlite3-dev
ensure_command hyperfine hyperfine
count=${1:-100000}
runs=${2:-30}
swift build -c release --product resetlink >/dev/null
bin="$(swift build -c release --show-bin-path)/resetlink"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'reset:\n  database: accounts.sqlite\n  keyring: keyring.json\n' > "$work/resetkit.yaml"
python3 - "$count" > "$work/people.csv" <<'PY'
import random, sys
random.seed(15)
first = ["Ana", "Bruno", "Maria", "João", "Zoë", "Li", "Fatima", "Olga", "Pierre", "Sven", "Aisha", "Kenji", "Marta", "Noah", "Eva"]
last = ["Lima", "Costa", "Silva", "O'Brien", "Müller", "Nakamura", "Haddad", "Kowalski", "Dubois", "Andersen", "Okafor", "Rossi"]
print("username,email,name,source,provider,status")
for i in range(int(sys.argv[1])):
    f, l = random.choice(first), random.choice(last)
    user = "%s.%s%d" % (f.lower(), l.lower().replace("'", ""), i)
    print("%s,%s@example.org,%s %s,local,,active" % (user, user, f, l))
PY
cd "$work"
start=$(date +%s.%N)
"$bin" accounts import people.csv >/dev/null
echo "imported $count accounts in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s; database $(du -h accounts.sqlite | cut -f1)"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown table.md \
  -n "rare username (zoë.müller4)" "$bin accounts search zoë.müller4" \
  -n "first name (maria)" "$bin accounts search maria" \
  -n "surname prefix (kowal)" "$bin accounts search kowal" \
  -n "email prefix (ana.lima1)" "$bin accounts search ana.lima1" \
  -n "two words (maria silva)" "$bin accounts search 'maria silva'" \
  -n "one letter (a)" "$bin accounts search a" >/dev/null
cat table.md
"$bin" accounts search 'maria silva' --limit 3 | tail -1
