#!/usr/bin/env bash
# Dates from git (issue 19): the cost of reading the content folder's history, on corpora of 1,000
# and 10,000 pages (../shared/bench/make-corpus.py) turned into repositories with a history
# (bench/git-dates/make-history.py: an import, a folder renamed, one commit per ten pages editing
# five pages each, twenty pages moved and edited). For each: the history as helpsite reads it,
# made by the git command and by libgit2 (bench/git-dates/libgit2-log.c; the same changes and
# renames, checked, only rename similarity scores differ); helpsite build with dates from git
# against the same build without (`dates_from_git: false`); and the `git rev-parse` every build
# runs (serve's rebuilds too). Medians of RUNS runs, taken in turns; whole-process wall and CPU time (/usr/bin/time).
# Usage: bench/git-dates.sh [RUNS]     (default 7)
#   HELPSITE=path   measure another helpsite binary instead of building this one
#   PAGES="1000"    only these corpus sizes
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
. bench/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_pkgconfig libgit2 libgit2-dev
ensure_command git git
ensure_command /usr/bin/time time
runs=${1:-7}
shared=$(shared_bench "$root")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

helpsite=$(helpsite_binary "$root")
cc -O2 -o "$work/libgit2-log" bench/git-dates/libgit2-log.c $(pkg-config --cflags --libs libgit2)

# Runs each command of a pair in turn, RUNS times (so both see the same load on a shared machine),
# output discarded. pair A B: A and B are names of arrays holding the commands. Prints
# "A-wall A-cpu B-wall B-cpu": medians in seconds, CPU = user + system of the whole process tree.
pair() {
  local -n first=$1 second=$2
  : > "$work/a"; : > "$work/b"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "${first[@]}" >/dev/null 2>&1; cat "$work/time" >> "$work/a"
    /usr/bin/time -f "%e %U %S" -o "$work/time" "${second[@]}" >/dev/null 2>&1; cat "$work/time" >> "$work/b"
  done
  for file in "$work/a" "$work/b"; do
    printf '%s %s ' "$(cut -d' ' -f1 "$file" | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }')" \
      "$(awk '{ print $2 + $3 }' "$file" | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }')"
  done
  echo
}

echo "| Corpus | Commits | History: git log, wall / CPU [s] | libgit2, wall / CPU [s] | helpsite build with dates from git, wall / CPU [s] | without, wall / CPU [s] | git rev-parse (every build) [s] |"
echo "|:---|---:|---:|---:|---:|---:|---:|"
for pages in ${PAGES:-1000 10000}; do
  corpus=$work/c$pages
  python3 "$shared/make-corpus.py" --pages "$pages" --out "$corpus" >/dev/null
  python3 bench/git-dates/make-history.py "$corpus"
  commits=$(git -C "$corpus" rev-list --count HEAD)
  # The command helpsite runs (GitCheckout.history), with %an: the corpus has no .mailmap, and libgit2's program does not read one.
  log=(git -C "$corpus/content" -c log.showSignature=false -c log.follow=false log -z --name-status -M --no-color --topo-order '--format=%x01%at %an' -- .)
  "${log[@]}" > "$work/git.out"
  "$work/libgit2-log" "$corpus" content > "$work/libgit2.out"
  # The same changes and renames; only the similarity scores differ (R099 / R098: libgit2 measures it its own way).
  normalized() { tr '\0' '\n' < "$1" | sed 's/^R[0-9]*$/R/'; }
  cmp -s <(normalized "$work/git.out") <(normalized "$work/libgit2.out") || { echo "libgit2's history differs from git log's at $pages pages" >&2; exit 1; }
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/content\n  output: %s/out\n' "$root" "$corpus" "$work" > "$work/with.yaml"
  printf 'site:\n  check_resetlink_links: false\n  dates_from_git: false\n  templates: %s/Templates\n  content: %s/content\n  output: %s/out\n' "$root" "$corpus" "$work" > "$work/without.yaml"
  "$helpsite" build --config "$work/with.yaml" --links warn --quiet >/dev/null 2>&1
  grep -q 'datetime=' "$work/out/admin/page-00004.html" || { echo "no dates from git in the built site" >&2; exit 1; }
  libgit2=("$work/libgit2-log" "$corpus" content)
  with=("$helpsite" build --config "$work/with.yaml" --links warn --quiet)
  without=("$helpsite" build --config "$work/without.yaml" --links warn --quiet)
  revparse=(git -C "$corpus/content" rev-parse --show-prefix --is-shallow-repository --verify -q HEAD)
  read -r gw gc lw lc < <(pair log libgit2)
  read -r ww wc nw nc < <(pair with without)
  read -r rw _ _ _ < <(pair revparse revparse)
  echo "| $pages pages | $commits | $gw / $gc | $lw / $lc | $ww / $wc | $nw / $nc | $rw |"
done
