#!/usr/bin/env bash
# Byte-identical proof for a change to how helpsite renders (issue 17: swift-mustache → the
# project's own engine): builds helpsite at OLD_REV (in a detached worktree under /tmp) and from
# this working tree, both release builds with their own scratch paths, builds the same sites with
# each — content/, a 10,000-page corpus (../shared/bench/make-corpus.py) and bench/nested-folders.sh's
# 400 nested folders, without and with an index.md in each (the recursive sidebar) — from this
# tree's Templates/, and compares the outputs file by file. Prints, per site, the count of files compared and of files that differ, then the
# first lines of `diff -r` when any do. Exit status 1 when any file differs.
# Usage: bench/same-output.sh [OLD_REV] [PAGES]     (default eb0d483, the commit before the switch; 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. bench/lib.sh
old_rev=${1:-eb0d483}
pages=${2:-10000}
shared=$(shared_bench "$root")
old_sha=$(git rev-parse --short "$old_rev^{commit}")
old_tree=/tmp/helpsite-same-output-$old_sha
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The old tree is kept between runs (its release build takes minutes); it is a detached worktree.
if [ ! -d "$old_tree" ]; then
  git worktree add --detach "$old_tree" "$old_sha" >/dev/null 2>&1
fi
echo "==> building helpsite at $old_sha (release, $old_tree)" >&2
(cd "$old_tree" && swift build -c release --product helpsite --scratch-path .build-same-output >/dev/null)
echo "==> building helpsite from the working tree (release)" >&2
swift build -c release --product helpsite --scratch-path .build-same-output >/dev/null
old_bin=$old_tree/.build-same-output/release/helpsite
new_bin=$root/.build-same-output/release/helpsite

# build_both NAME CONFIG: builds CONFIG's site with both binaries into WORK/NAME-old and -new.
build_both() {
  local name=$1 config=$2 which bin
  for which in old new; do
    bin=$old_bin
    [ "$which" = new ] && bin=$new_bin
    "$bin" build --config "$config" --output "$work/$name-$which" --links warn --quiet >"$work/$name-$which.log" 2>&1 \
      || { echo "$which build of $name failed:" >&2; head -20 "$work/$name-$which.log" >&2; return 1; }
  done
}

# compare NAME: prints "| NAME | files compared | files differing |" and keeps the diff.
compare() {
  local name=$1 files differing
  files=$( (cd "$work/$name-old" && find . -type f; cd "$work/$name-new" && find . -type f) | sort -u | wc -l)
  differing=$(diff -rq "$work/$name-old" "$work/$name-new" | wc -l || true)
  diff -r "$work/$name-old" "$work/$name-new" > "$work/$name.diff" || true
  echo "| $name | $files | $differing |"
  [ "$differing" -eq 0 ] || status=1
}

# content/: the repository's guide with its own configuration (facts come from its reset: section).
sed -e "s|^  content: .*|  content: $root/content|" -e "s|^  templates: .*|  templates: $root/Templates|" \
  resetkit.yaml > "$work/content.yaml"

# The generated corpus, as bench/helpsite.sh builds it.
python3 "$shared/make-corpus.py" --pages "$pages" --out "$work/corpus" >/dev/null
printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/corpus/content\n' \
  "$root" "$work" > "$work/corpus.yaml"

# 400 nested folders without index.md, the page at the bottom (as bench/nested-folders.sh).
deep=$(python3 -c "print('/'.join(['d'] * 400))")
mkdir -p "$work/deep/content/$deep"
printf -- '---\ntitle: Home\n---\n\nThe [deep page](%s/page.md).\n' "$deep" > "$work/deep/content/index.md"
printf -- '---\ntitle: Deep\n---\n\n[Home](/index.md)\n' > "$work/deep/content/$deep/page.md"
printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/deep/content\n' \
  "$root" "$work" > "$work/deep.yaml"

# The same depth with an index.md in every folder: each folder is a sidebar entry, so the sidebar's
# recursive partial nests 400 levels deep on every page.
mkdir -p "$work/deep-index/content"
python3 - "$work/deep-index/content" <<'PY'
import os, sys
root = sys.argv[1]
open(os.path.join(root, "index.md"), "w").write("---\ntitle: Home\n---\n\nTop.\n")
for level in range(1, 401):
    folder = os.path.join(root, *(["d"] * level))
    os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, "index.md"), "w").write(f"---\ntitle: Level {level}\n---\n\nLevel.\n")
open(os.path.join(folder, "page.md"), "w").write("---\ntitle: Deep\n---\n\nBottom.\n")
PY
printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/deep-index/content\n' \
  "$root" "$work" > "$work/deep-index.yaml"

status=0
echo "| Site | Files compared | Files differing |"
echo "|:---|---:|---:|"
for site in content corpus deep deep-index; do
  build_both "$site" "$work/$site.yaml"
  compare "$site"
done
for site in content corpus deep deep-index; do
  if [ -s "$work/$site.diff" ]; then
    echo "--- $site: first lines of diff -r old new"
    sed -e "s|$work|WORK|g" "$work/$site.diff" | head -40
  fi
done
exit "$status"
