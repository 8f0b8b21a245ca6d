#!/usr/bin/env bash
# The load and render steps on deep folder trees (issue 16): a 2-page site whose second page is
# DEPTH folders down, none of them with an index.md (each gets a generated listing page), and a
# site whose content folder's absolute path is over 1 KB. Prints the build's wall time (median of
# RUNS) and its step timings.
# Usage: bench/nested-folders.sh [DEPTH] [RUNS]     (default 400 3)
#        HELPSITE=/path/to/helpsite bench/nested-folders.sh   (another build, e.g. a before figure)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
. bench/lib.sh
depth=${1:-400}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

helpsite=$(bench_helpsite "$root")

# make_site FOLDER DEPTH NAME: FOLDER/resetkit.yaml and content/ with index.md and a page DEPTH
# folders down, each folder called NAME.
make_site() {
  local site=$1 levels=$2 name=$3 path
  mkdir -p "$site/content"
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n' "$root" > "$site/resetkit.yaml"
  printf -- '---\ntitle: Home\n---\n\nThe [deep page](%s).\n' \
    "$(python3 -c "import sys; print('/'.join([sys.argv[1]] * int(sys.argv[2])) + '/page.md')" "$name" "$levels")" > "$site/content/index.md"
  path=$site/content/$(python3 -c "import sys; print('/'.join([sys.argv[1]] * int(sys.argv[2])))" "$name" "$levels")
  mkdir -p "$path"
  printf -- '---\ntitle: Deep\n---\n\n[Home](/index.md)\n' > "$path/page.md"
}

# time_build SITE: median wall seconds of RUNS builds; the last build's --timings on stderr.
time_build() {
  local site=$1
  for _ in $(seq "$runs"); do
    rm -rf "$site/public"
    /usr/bin/time -f "%e" -o "$work/time" "$helpsite" build --config "$site/resetkit.yaml" --timings >"$work/out" 2>&1 \
      || { sed -e "s|$work|WORK|g" -e "s|x\{100\}|x…|g" "$work/out" | cut -c1-300 >&2; echo "build failed" >&2; return 1; }
    cat "$work/time" >> "$work/times"
  done
  grep -iE 'load|parse|render|check|publish|resolve' "$work/out" >&2 || true
  sort -n "$work/times" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
  rm -f "$work/times"
}

make_site "$work/deep" "$depth" d
echo "| Site | Wall [s] (median of $runs) | Output [MiB] |"
echo "|:---|---:|---:|"
seconds=$(time_build "$work/deep")
echo "| $depth nested folders, no index.md, 2 pages | $seconds | $(du -sm "$work/deep/public" | cut -f1) |"

# A content folder whose absolute path is over 1 KB (folders of 100 characters).
long=$work/$(python3 -c "print('/'.join(['x' * 100] * 11))")
make_site "$long" 2 d
seconds=$(time_build "$long")
echo "| content folder path of $(printf '%s' "$long/content" | wc -c) bytes | $seconds | $(du -sm "$long/public" | cut -f1) |"
