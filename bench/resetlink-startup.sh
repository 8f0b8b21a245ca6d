#!/usr/bin/env bash
# Whole-process start-up of `resetlink verify` next to a trivial C program, in one run.
# Builds the release variants into .build-bench-*/ and times them with hyperfine.
# Usage: bench/resetlink-startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_command hyperfine hyperfine
ensure_command gcc gcc
runs=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' > "$work/trivial.c"
gcc -O2 -o "$work/trivial" "$work/trivial.c"

echo "==> building release variants (this takes a few minutes the first time)" >&2
swift build -c release --product resetlink --scratch-path .build-bench-dynamic >/dev/null
swift build -c release --product resetlink --scratch-path .build-bench-static-stdlib --static-swift-stdlib >/dev/null
swift build -c release --product resetlink --scratch-path .build-bench-static -Xswiftc -static-executable >/dev/null 2>&1

static=.build-bench-static/release/resetlink
cat > "$work/resetkit.yaml" <<YAML
reset:
  keyring: keyring.json
YAML
cat > "$work/accounts.json" <<JSON
{"accounts": [{"id": 42, "password_hash": "scrypt\$ln=17,r=8,p=1\$c2FsdA\$aGFzaA", "email": "ana@example.org", "source": "local", "status": "active"}]}
JSON
(cd "$work" && "$OLDPWD/$static" keys new >/dev/null)
token=$(cd "$work" && "$OLDPWD/$static" issue --account 42 --state-file accounts.json)

cd "$work"
hyperfine -N --warmup 20 --runs "$runs" --export-markdown "$work/table.md" --export-json "$work/times.json" \
  -n "C trivial" "./trivial" \
  -n "verify (static executable)" "$OLDPWD/$static verify $token --state-file accounts.json" \
  -n "verify (--static-swift-stdlib)" "$OLDPWD/.build-bench-static-stdlib/release/resetlink verify $token --state-file accounts.json" \
  -n "verify (dynamic)" "$OLDPWD/.build-bench-dynamic/release/resetlink verify $token --state-file accounts.json" \
  >/dev/null
cat "$work/table.md"
# The targets are about medians: the same runs, by median, relative to the C program.
python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = results[0]["median"]
print()
print("| Command | Median [ms] | Median / C |")
print("|:---|---:|---:|")
for result in results:
    print(f"| `{result['command']}` | {result['median'] * 1000:.2f} | {result['median'] / floor:.2f} |")
PY
