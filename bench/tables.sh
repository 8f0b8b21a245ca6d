#!/usr/bin/env bash
# GFM pipe tables stay linear: one page holding one table of N rows (each row: inline code with
# `\|`, a link to another page, emphasis, smart quotes), N = 2,500 … 20,000; then one page of N/2
# two-row tables, and one row whose cell holds N escaped pipes between emphasis; "list" is the rows'
# content as a list of N items, the same inlines without a table (what the table itself costs).
# KINDS="rows list" limits the inputs. Prints helpsite's
# whole-build wall time (median of RUNS) next to cmark's on the same page, and µs per row.
# Usage: bench/tables.sh [RUNS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_command cmark cmark
ensure_command /usr/bin/time time
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> building helpsite (release)" >&2
swift build -c release --product helpsite --scratch-path .build-bench-tables >/dev/null
helpsite=$root/.build-bench-tables/release/helpsite

# median_seconds COMMAND...: the median wall time of RUNS runs.
median_seconds() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>&1 || true
    cat "$work/time"
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f\n", t[int((NR + 1) / 2)] }'
}

# site KIND ROWS: a two-page site whose big.md holds the generated Markdown.
site() {
  local kind=$1 rows=$2 dir=$work/$1-$2
  mkdir -p "$dir/content"
  printf -- '---\ntitle: Other\n---\nOther page.\n' > "$dir/content/other.md"
  python3 - "$kind" "$rows" > "$dir/content/big.md" <<'PY'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
print("---\ntitle: Big\n---\n## Table\n")
if kind == "rows":
    print("| Command | Page | \"Note\" |\n|:--|:-:|--:|")
    for i in range(n):
        print(f"| `cmd {i} \\| more` | [page {i}](other.md) | it's *row* {i} |")
elif kind == "list":
    for i in range(n):
        print(f"- `cmd {i} \\| more` [page {i}](other.md) it's *row* {i}")
elif kind == "tables":
    for i in range(n // 2):
        print(f"| a{i} | b |\n| - | - |\n| 1 | [x](other.md) |\n")
else:
    print("| h |\n| - |\n| " + "\\|*a*" * n + " |")
PY
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/content\n  output: %s/out\n' "$root" "$dir" "$dir" > "$dir/resetkit.yaml"
  echo "$dir"
}

echo "| Input | N | helpsite build [s] | cmark [s] | helpsite µs per N |"
echo "|:---|---:|---:|---:|---:|"
for kind in ${KINDS:-rows list tables pipes}; do
  for n in 2500 5000 10000 20000; do
    dir=$(site "$kind" "$n")
    "$helpsite" build --config "$dir/resetkit.yaml" --links warn --quiet >/dev/null 2>&1 || { echo "build failed: $kind $n" >&2; exit 1; }
    [ "$kind" = list ] || grep -q '<table>' "$dir/out/big.html" || { echo "no table in the output: $kind $n" >&2; exit 1; }
    h=$(median_seconds "$helpsite" build --config "$dir/resetkit.yaml" --links warn --quiet)
    c=$(median_seconds sh -c "cmark '$dir/content/big.md'")
    echo "| $kind | $n | $h | $c | $(awk "BEGIN { printf \"%.1f\", $h * 1e6 / $n }") |"
  done
done
