#!/usr/bin/env bash
# Broken same-page `#anchors` against many headings (issue 16): the "did you mean" hint once cost
# broken links × headings. Generates one page of HEADINGS headings and BROKEN links to missing
# anchors (half near misses of a real id, half matching nothing), padded with prose, and
# times `helpsite check --links warn --quiet --timings` on a release build: whole-process wall time
# and the "check" step. Usage: bench/broken-anchors.sh [HEADINGS BROKEN [PAD-BYTES-PER-SECTION]]...
# Default: the two cases of the issue, 4000 2000 and 6860 14092 (with padding to about 5 MB).
# HELPSITE=path/to/helpsite times another build (e.g. an older one) instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
. bench/lib.sh
ensure_command /usr/bin/time time
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

helpsite=$(helpsite_binary "$root")

# make_site DIR HEADINGS BROKEN PAD: DIR/resetkit.yaml and DIR/content/{index,big}.md.
make_site() {
  python3 - "$@" <<'PY'
import os, sys
out, headings, broken, pad = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out + "/content", exist_ok=True)
with open(out + "/content/index.md", "w") as f:
    f.write("---\ntitle: Home\n---\nSee [the big page](big.md).\n")
filler = ("Reset links last a while; ask the service desk when yours has expired. " * (pad // 72 + 1))[:pad]
per = -(-broken // headings)  # broken links per section, rounded up
left = broken
with open(out + "/content/big.md", "w") as f:
    f.write("---\ntitle: Big page\n---\n")
    for i in range(headings):
        f.write(f"## Section {i} about resetting\n\n{filler}\n\n")
        for _ in range(min(per, left)):
            # Half are near misses (the hint finds the id by its case), half match nothing (the
            # costliest: every id of the page was compared).
            target = f"Section-{i}-About-Resetting" if left % 2 else f"nothing-like-{left}"
            f.write(f"See [section {i}](#{target}).\n\n")
            left -= 1
PY
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/content\n  output: %s/out\n' "$root" "$1" "$1" > "$1/resetkit.yaml"
}

cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=("4000 2000 0" "6860 14092 600")
echo "| Headings | Broken anchors | Page | build wall [s] | render step [s] | check step [s] | \`check --links warn\` wall [s] | Warnings |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for case in "${cases[@]}"; do
  read -r headings broken pad <<< "$case"
  dir=$work/site-$headings-$broken
  make_site "$dir" "$headings" "$broken" "${pad:-0}"
  size=$(du -k "$dir/content/big.md" | cut -f1)
  # build prints its steps' times; check (strict, so these warnings fail it) prints none.
  /usr/bin/time -f "%e" -o "$work/time" "$helpsite" build --config "$dir/resetkit.yaml" --links warn --quiet --timings \
    > "$work/out" 2> "$work/err"
  build_wall=$(tail -1 "$work/time")
  step() { awk -v name="$1" '$1 == name { printf "%.2f", $2 / 1000 }' "$work/out"; }
  warnings=$(grep -o '[0-9,]* warnings' "$work/out" | grep -o '[0-9,]*' || echo "?")
  /usr/bin/time -f "%e" -o "$work/time" "$helpsite" check --config "$dir/resetkit.yaml" --links warn --quiet \
    > /dev/null 2>&1 || true
  echo "| $headings | $broken | ${size} KB | $build_wall | $(step render) | $(step check) | $(tail -1 "$work/time") | $warnings |"
done
