#!/usr/bin/env bash
# Searching many accounts (Admin > People, issue 15): imports N generated accounts (default
# 100,000; deterministic names, usernames and addresses) with `resetlink accounts import`, then
# times `resetlink accounts search` (whole process: start-up, opening the database, the query and
# its total) for a rare username, a common first name, a surname prefix, an email prefix, two
# words, and a one-letter prefix that matches thousands; then the Admin > People page itself
# (`GET /admin/people?q=…` through the CGI program, as a web server runs it: the search, the
# outstanding-link query, the templates), for a name, an address lookup and a deep page of everyone.
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
printf 'site:\n  templates: %s/Templates\nreset:\n  database: accounts.sqlite\n  keyring: keyring.json\n  admins: [bench]\n' "$PWD" > "$work/resetkit.yaml"
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
# The page, as lighttpd or Apache runs it: one process per request, REMOTE_USER set by the server.
"$bin" keys new >/dev/null
page() { echo "env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET PATH_INFO=/admin/people QUERY_STRING=$1 REMOTE_USER=bench AUTH_TYPE=Basic RESETLINK_CONFIG=$work/resetkit.yaml $bin"; }
$(page q=maria) | head -1
hyperfine -N --warmup 3 --runs "$runs" --export-markdown page.md \
  -n "page: first name (maria)" "$(page q=maria)" \
  -n "page: two words (maria silva)" "$(page q=maria+silva)" \
  -n "page: address lookup (ana.lima1@example.org)" "$(page q=ana.lima1%40example.org)" \
  -n "page: everyone, page 2000 of 4000" "$(page page=2000)" >/dev/null
cat page.md
