#!/usr/bin/env bash
# Target 3 of docs/performance.md: a rebuild after editing one page's body, next to a full build,
# on a generated corpus (../shared/bench/make-corpus.py), in one run. The full build is
# `helpsite build` as a whole process (wall time); the rebuild is the one `helpsite serve --timings`
# reports after it notices the edit. After the edits, serve's output folder is compared byte for
# byte (and folder for folder) with a clean build of the same sources.
# Usage: bench/serve-rebuild.sh [PAGES] [EDITS]     (defaults 10000 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
. bench/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_command /usr/bin/time time
pages=${1:-10000}
edits=${2:-10}
shared=$(shared_bench "$root")
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

echo "==> building helpsite (release)" >&2
swift build -c release --product helpsite --scratch-path .build-bench-helpsite >/dev/null
helpsite=$root/.build-bench-helpsite/release/helpsite
python3 "$shared/make-corpus.py" --pages "$pages" --out "$work/c" >/dev/null
config() { printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/c/content\n  output: %s\n' "$root" "$work" "$1"; }
config "$work/full" > "$work/full.yaml"
config "$work/served" > "$work/serve.yaml"

echo "==> full builds" >&2
"$helpsite" build --config "$work/full.yaml" --links warn --quiet >/dev/null 2>&1   # an existing site, as in a rebuild
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "%e" -a -o "$work/full.txt" "$helpsite" build --config "$work/full.yaml" --links warn --quiet >/dev/null 2>&1
done

echo "==> serve, then $edits edits of one page's body" >&2
"$helpsite" serve --config "$work/serve.yaml" --port 0 --links warn --quiet --timings > "$work/serve.log" 2>&1 &
pid=$!
built() { grep -c '^.*Built ' "$work/serve.log" || true; }
for _ in $(seq 600); do [ "$(built)" -ge 1 ] && break; sleep 0.1; done
[ "$(built)" -ge 1 ] || { echo "serve did not finish its first build" >&2; cat "$work/serve.log" >&2; exit 1; }
page=$(find "$work/c/content" -name '*.md' | sort | sed -n "$(( pages / 2 ))p")
for edit in $(seq "$edits"); do
  before=$(built)
  # After a pause, as an editor saves: a file changed within the last second or two is read
  # again on every rebuild (see SourceCache), which would not be a body edit's usual cost.
  sleep 2.5
  printf '\nAn added paragraph, number %s.\n' "$edit" >> "$page"
  for _ in $(seq 300); do [ "$(built)" -gt "$before" ] && break; sleep 0.05; done
  [ "$(built)" -gt "$before" ] || { echo "serve did not rebuild after edit $edit" >&2; cat "$work/serve.log" >&2; exit 1; }
done
kill -INT "$pid"; wait "$pid" || true; pid=""
grep ' changed: Built ' "$work/serve.log" | sed 's/.* in \([0-9]*\) ms into.*/\1/' > "$work/rebuild.txt"
last=$(grep ' changed: Built ' "$work/serve.log" | tail -1 | sed 's/.*(\(.*\))$/\1/')   # e.g. "9999 of 10000 pages unchanged, 2 files written"

echo "==> clean build to compare with (serve builds for its own address)" >&2
url=$(sed -n 's/^Serving at \(http[^ ]*\) .*/\1/p' "$work/serve.log")
"$helpsite" build --config "$work/full.yaml" --base-url "$url" --links warn --quiet >/dev/null 2>&1
if diff -r "$work/full" "$work/served" >/dev/null; then same="yes"; else same="NO"; diff -rq "$work/full" "$work/served" | head >&2; fi

median() { sort -n "$1" | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
full_ms=$(awk "BEGIN { printf \"%d\", $(median "$work/full.txt") * 1000 }")
rebuild_ms=$(median "$work/rebuild.txt")
echo
echo "| $pages pages | Runs | Median [ms] | Share of a full build |"
echo "|:---|---:|---:|---:|"
echo "| full build (\`helpsite build\`, whole process) | $(wc -l < "$work/full.txt") | $full_ms | 100 % |"
echo "| rebuild after one body edit (\`helpsite serve\`) | $(wc -l < "$work/rebuild.txt") | $rebuild_ms | $(awk "BEGIN { printf \"%.1f\", 100 * $rebuild_ms / $full_ms }") % |"
echo
echo "Last rebuild: $last. Serve's folder byte-identical to a clean build: $same."
echo "Rebuild times: $(tr '\n' ' ' < "$work/rebuild.txt")ms"
[ "$same" = yes ]
