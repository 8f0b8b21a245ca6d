#!/usr/bin/env bash
# helpsite on the hostile inputs of issue 16, each at its size from the issue and at half that size,
# so the table shows how build time grows (linear: the full size takes about twice as long). Next
# to each: libcmark rendering the same Markdown (the parser floor). Whole-process wall time of
# `helpsite build --links warn`, release build, median of RUNS runs.
# Usage: bench/hostile-pages.sh [RUNS] [CASE...]   (default 3; cases: all below)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
. bench/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_command cmark cmark
runs=${1:-3}
shift || true
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(quotes images facts anchors-4000 anchors-6860 folders table)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

helpsite=$(helpsite_binary "$root")

# make_site DIR CASE SCALE: a site whose content/ holds the case's pages at SCALE (1 or 0.5).
make_site() {
  local dir=$1 case=$2 scale=$3
  mkdir -p "$dir/content"
  printf 'site:\n  check_resetlink_links: false\n  templates: %s/Templates\n  content: %s/content\n  output: %s/public\n' "$root" "$dir" "$dir" > "$dir/resetkit.yaml"
  python3 - "$dir/content" "$case" "$scale" <<'PY'
import os, sys
content, case, scale = sys.argv[1], sys.argv[2], float(sys.argv[3])
def n(full): return int(full * scale)
def page(path, title, body):
    full = os.path.join(content, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f: f.write(f"---\ntitle: {title}\n---\n\n{body}")
if case == "quotes":        # '> ' * 100000 + 'a': crashed (stack overflow) before
    page("index.md", "Quotes", "> " * n(100_000) + "a\n")
elif case == "images":      # images nested in image descriptions, 10,000 deep
    k = n(10_000)
    page("index.md", "Images", "![" * k + "a" + "](i.png)" * k + "\n")
    open(os.path.join(content, "i.png"), "wb").write(b"\x89PNG")
elif case == "facts":       # 50,000 {{…}} values in one paragraph
    page("index.md", "Facts", " ".join(["{{reset.link_lifetime}}"] * n(50_000)) + "\n")
elif case.startswith("anchors"):  # headings × broken same-page anchors (the "did you mean" hint)
    headings, broken = (4_000, 2_000) if case == "anchors-4000" else (6_860, 14_092)
    body = "".join(f"## Section {i} of the guide\n\nText of section {i}.\n\n" for i in range(n(headings)))
    body += "".join(f"[x](#missing-section-{i}) " for i in range(n(broken))) + "\n"
    page("index.md", "Anchors", body)
elif case == "folders":     # folders nested 400 deep without index.md, two pages
    depth = n(400)
    page("index.md", "Home", "[deep](" + "/".join(["d"] * depth) + "/page.md)\n")
    page("/".join(["d"] * depth) + "/page.md", "Deep", "[home](" + "../" * depth + "index.md)\n")
elif case == "table":       # one pipe table of 10,000 rows
    rows = "".join(f"| row {i} | `code {i}` | [home](index.md) |\n" for i in range(n(10_000)))
    page("index.md", "Table", "| A | B | C |\n|---|:-:|--:|\n" + rows)
PY
}

# Runs a command RUNS times; prints the median wall time in seconds.
median() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>&1 || true
    cat "$work/time"
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", t[int((NR + 1) / 2)] }'
}

echo "| Case | Size | Markdown [KB] | helpsite build [s] | cmark [s] | exit |"
echo "|:---|---:|---:|---:|---:|---:|"
for case in "${cases[@]}"; do
  for scale in 0.5 1; do
    site=$work/$case-$scale
    make_site "$site" "$case" "$scale"
    kb=$(du -sk "$site/content" | cut -f1)
    status=0
    "$helpsite" build --config "$site/resetkit.yaml" --links warn --quiet >/dev/null 2>"$work/err" || status=$?
    if [ "$status" -ne 0 ]; then head -3 "$work/err" >&2; fi
    t=$(median "$helpsite" build --config "$site/resetkit.yaml" --links warn --quiet)
    c=$(median sh -c "find '$site/content' -name '*.md' -print0 | xargs -0 cat | cmark")
    echo "| $case | ×$scale | $kb | $t | $c | $status |"
  done
done
