#!/usr/bin/env bash
# helpsite against the libcmark floor and Hugo, on generated corpora of 1,000 and 10,000 pages
# (../shared/bench/make-corpus.py), in one run: whole-process wall time and peak RSS
# (/usr/bin/time -v), median of RUNS runs each.
# Usage: bench/helpsite.sh [RUNS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
. bench/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_command cmark cmark
ensure_command hugo hugo
ensure_command /usr/bin/time time
runs=${1:-3}
shared=$(shared_bench "$root")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> building helpsite (release)" >&2
swift build -c release --product helpsite --scratch-path .build-bench-helpsite >/dev/null
helpsite=$root/.build-bench-helpsite/release/helpsite
cp -r "$shared/hugo-site" "$work/hugo-site"

# Runs a command RUNS times; prints "median-seconds peak-MiB".
measure() {
  local label=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    cat "$work/time" >> "$work/$label"
  done
  sort -n "$work/$label" | awk '{ t[NR] = $1; m[NR] = $2 } END { printf "%.2f %.0f\n", t[int((NR + 1) / 2)], m[int((NR + 1) / 2)] / 1024 }'
}

echo "| Corpus | Tool | Wall [s] | Peak RSS [MiB] | Wall / cmark |"
echo "|:---|:---|---:|---:|---:|"
for pages in 1000 10000; do
  corpus=$work/c$pages
  python3 "$shared/make-corpus.py" --pages "$pages" --out "$corpus" >/dev/null
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/content\n  output: %s/out\n' "$root" "$corpus" "$corpus" > "$corpus/resetkit.yaml"
  "$helpsite" build --config "$corpus/resetkit.yaml" --links warn --quiet >/dev/null 2>&1   # an existing site, as in a rebuild
  read -r ct cm < <(measure "cmark$pages" sh -c "find '$corpus/content' -name '*.md' -print0 | xargs -0 cat | cmark")
  read -r ht hm < <(measure "helpsite$pages" "$helpsite" build --config "$corpus/resetkit.yaml" --links warn --quiet)
  read -r gt gm < <(measure "hugo$pages" hugo --quiet --source "$work/hugo-site" --contentDir "$corpus/content" --destination "$corpus/hugo-out" --cleanDestinationDir)
  for row in "cmark (floor)|$ct|$cm" "helpsite build|$ht|$hm" "Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1)|$gt|$gm"; do
    IFS='|' read -r tool t m <<< "$row"
    echo "| $pages pages | $tool | $t | $m | $(awk "BEGIN { printf \"%.2f\", $t / $ct }") |"
  done
done
