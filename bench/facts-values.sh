#!/usr/bin/env bash
# `{{…}}` values at scale: one page with N values (default 50,000) in ONE paragraph, next to the
# same N values one per paragraph, and N unknown names in one paragraph (each an error with its
# place). Substitution must be linear: the one-paragraph page may not cost much more than the split
# one (it was quadratic: 2.0 s against 0.29 s). Prints the median whole-process wall time of RUNS
# runs of `helpsite check` per page.
# Usage: bench/facts-values.sh [N] [RUNS]     (default 50000 3)
#   HELPSITE=/path/to/helpsite measures that binary instead of building this checkout's (release).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. bench/lib.sh
. scripts/lib.sh
ensure_command /usr/bin/time time
count=${1:-50000}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

helpsite=$(helpsite_binary "$root")

# make_site NAME PYTHON-EXPRESSION-FOR-THE-BODY
make_site() {
  mkdir -p "$work/$1/content"
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n' "$root" > "$work/$1/resetkit.yaml"
  python3 -c "import sys; n = $count; sys.stdout.write('---\ntitle: Values\n---\n\n' + $2)" > "$work/$1/content/index.md"
}
make_site one-paragraph "'{{reset.link_lifetime}} ' * n + '\n'"
make_site split "'{{reset.link_lifetime}}\n\n' * n"
make_site unknown "'{{reset.nope}} ' * n + '\n'"

echo "| Page ($count values) | Bytes | Wall [s] |"
echo "|:---|---:|---:|"
for site in one-paragraph split unknown; do
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e" -a -o "$work/$site.times" "$helpsite" check --config "$work/$site/resetkit.yaml" --quiet >/dev/null 2>&1 || true
  done
  median=$(grep -E "^[0-9.]+$" "$work/$site.times" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
  echo "| $site | $(wc -c < "$work/$site/content/index.md") | $median |"
done
