#!/usr/bin/env bash
# Peak memory of a build that copies one large asset (issue 16): copies stream through a 64 KiB
# buffer, so the peak RSS must not grow with the asset's size (it read each file whole before).
# Prints wall time and peak RSS for each size in MiB.
# Usage: bench/large-asset.sh [SIZE_MIB...]     (default 10 300)
#        HELPSITE=/path/to/helpsite bench/large-asset.sh   (another build, e.g. a before figure)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. bench/lib.sh
sizes=("${@:-10 300}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

helpsite=$(helpsite_binary "$root")
mkdir -p "$work/content"
printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n' "$root" > "$work/resetkit.yaml"
printf -- '---\ntitle: Home\n---\n\nThe [video](big.bin).\n' > "$work/content/index.md"

echo "| Asset [MiB] | Wall [s] | Peak RSS [MiB] |"
echo "|---:|---:|---:|"
for size in ${sizes[*]}; do
  head -c "$((size * 1024 * 1024))" /dev/urandom > "$work/content/big.bin"
  rm -rf "$work/public"
  /usr/bin/time -f "%e %M" -o "$work/time" "$helpsite" build --config "$work/resetkit.yaml" >/dev/null
  cmp -s "$work/content/big.bin" "$work/public/big.bin" || { echo "the copy differs" >&2; exit 1; }
  read -r seconds kilobytes < "$work/time"
  echo "| $size | $seconds | $((kilobytes / 1024)) |"
done
