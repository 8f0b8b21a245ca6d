#!/usr/bin/env bash
# A real public documentation site through helpsite: cert-manager.io's docs (github.com/cert-manager/
# website, content/docs: 201 Markdown pages with YAML front matter, README.md folder pages, relative
# .md links), at a pinned commit, with the adaptations of bench/real-docs-adapt.py, built by the
# release helpsite with --links warn. Prints the build time and the diagnostics counted by kind
# (file, line and quoted names taken out); exits with helpsite's status: 1 when the build has errors.
#
# Usage: bench/real-docs.sh [--safe]       --safe: keep site.unsafe_html false (raw HTML dropped)
# Source: fetched from GitHub (blob-less and sparse: only the three folders it needs), or, when
# RESETKIT_DOCSITE_MIRROR names a clone or bare git dir holding the commit, from there without network
# (e.g. RESETKIT_DOCSITE_MIRROR=/work/.mirror/cert-manager+website/repo). RESETKIT_DOCSITE_URL
# replaces the GitHub URL.
# HELPSITE=path/to/helpsite uses that build instead of building one (release, .build-bench-realdocs).
# KEEP=DIR keeps the adapted site, its configuration and the full diagnostics in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib.sh
ensure_pkgconfig libcmark libcmark-dev
ensure_pkgconfig yaml-0.1 libyaml-dev
ensure_command git git
ensure_command python3 python3

repository=${RESETKIT_DOCSITE_URL:-https://github.com/cert-manager/website.git}
commit=776e5dba56510fc9de84206b806b568447077f25   # master, 2026-08-22
folders=(content/docs public/docs public/images)
unsafe_html=true
[ "${1:-}" = --safe ] && unsafe_html=false

work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
rm -rf "$work/src" "$work/site"

# Writes the pinned commit's folders into $work/src: blob-less and sparse from GitHub, or from a mirror.
from_github() {
    git init -q "$work/src" &&
        git -C "$work/src" sparse-checkout set --no-cone "${folders[@]/%//}" &&
        timeout 300 git -C "$work/src" fetch -q --depth 1 --filter=blob:none "$repository" "$commit" &&
        git -C "$work/src" -c advice.detachedHead=false checkout -q "$commit"
}
from_mirror() {
    mkdir -p "$work/src"
    git --git-dir="$1" archive "$commit" "${folders[@]}" | tar -x -C "$work/src"
}
# The mirror's git dir when RESETKIT_DOCSITE_MIRROR (a clone or a bare git dir) holds the commit.
mirror_git_dir() {
    local dir
    for dir in "${RESETKIT_DOCSITE_MIRROR:-}/.git" "${RESETKIT_DOCSITE_MIRROR:-}"; do
        [ -n "${RESETKIT_DOCSITE_MIRROR:-}" ] && git --git-dir="$dir" cat-file -e "$commit^{commit}" 2>/dev/null && echo "$dir" && return 0
    done
    return 1
}
if mirror=$(mirror_git_dir); then
    echo "==> cert-manager/website@${commit:0:12} from the mirror $mirror" >&2
    from_mirror "$mirror"
else
    [ -z "${RESETKIT_DOCSITE_MIRROR:-}" ] || echo "note: $RESETKIT_DOCSITE_MIRROR does not hold $commit" >&2
    echo "==> cert-manager/website@${commit:0:12} from $repository" >&2
    if ! from_github 2>"$work/fetch.log"; then
        cat "$work/fetch.log" >&2
        echo "cannot fetch $repository at $commit: set RESETKIT_DOCSITE_MIRROR to a clone or bare git dir that holds it" >&2
        exit 2
    fi
fi

echo "==> adapting (bench/real-docs-adapt.py)" >&2
# The site's layout: pages and their static files under docs/, shared images under images/.
mkdir -p "$work/site/content"
cp -r "$work/src/content/docs" "$work/site/content/docs"
cp -r "$work/src/public/docs/." "$work/site/content/docs/"
cp -r "$work/src/public/images" "$work/site/content/images"
python3 bench/real-docs-adapt.py "$work/site/content/docs" https://cert-manager.io > "$work/adaptations.txt"
cat "$work/adaptations.txt" >&2
cat > "$work/site/resetkit.yaml" <<YAML
site:
  title: cert-manager
  base_url: https://cert-manager.io/
  templates: $root/Templates
  content: content
  output: public
  unsafe_html: $unsafe_html
  check_resetlink_links: false
  ignored_front_matter: [linkTitle]   # the Next.js site's sidebar label
YAML

helpsite=${HELPSITE:-}
if [ -z "$helpsite" ]; then
    echo "==> building helpsite (release)" >&2
    swift build -c release --product helpsite --scratch-path .build-bench-realdocs >/dev/null
    helpsite=$root/.build-bench-realdocs/release/helpsite
fi

pages=$(find "$work/site/content" -name '*.md' | wc -l)
helpsite=$(realpath "$helpsite")
cd "$work/site"   # diagnostics name content/docs/…, as in the site's repository
start=$(date +%s.%N)
status=0
"$helpsite" build --links warn >"$work/summary.txt" 2>"$work/diagnostics.txt" || status=$?
end=$(date +%s.%N)

echo "cert-manager/website@${commit:0:12} content/docs: $pages pages, unsafe_html: $unsafe_html"
echo "build: $(awk "BEGIN { printf \"%.2f\", $end - $start }") s, exit status $status"
cat "$work/summary.txt"
grep -v ': error: \|: warning: ' "$work/diagnostics.txt" || true
echo
echo "| Count | Severity | Kind |"
echo "|---:|:---|:---|"
# The kind of a diagnostic is its message with the place and the quoted names taken out.
sed -nE 's/^[^ ]+:[0-9]+:[0-9]+: (error|warning): (.*)$/\1\t\2/p' "$work/diagnostics.txt" |
    sed -E "s/(^|[\t (])'[^']*'/\1'…'/g; s/\\(did you mean [^)]*\\)/(did you mean …)/; s/\\(known: [^)]*\\)/(known: …)/; s/ [0-9]+ words? in it/ N words in it/; s/holds [0-9]+ of its [0-9]+ words/holds N of its M words/" |
    sort | uniq -c | sort -k2,2 -k1,1nr |
    awk -F'\t' '{ split($1, a, " "); printf "| %s | %s | %s |\n", a[1], a[2], $2 }'
[ -n "${KEEP:-}" ] && echo "site, configuration and diagnostics kept in $work" >&2
exit "$status"
