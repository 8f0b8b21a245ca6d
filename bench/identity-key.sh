#!/usr/bin/env bash
# What the identity key of usernames and addresses (AccountStore's IdentityKey: NFKC, then case
# folding, both from Foundation) needs, for issue 17's Foundation-free resetlink:
#  1. what the Swift 6.3 standard library alone gives (NFC, lowercased()) against the key, the tables
#     a Foundation-free key would need (taken from Foundation itself) and how close they come, and the
#     in-process cost per address (bench/identity-key/tables.swift);
#  2. what linking the key costs a static executable's start-up: the same program (a JSONDecoder
#     and FileManager call, as resetlink's keyring load) with FoundationEssentials only, and with
#     the Foundation key linked but not called: conformance records and callgrind instructions.
# Usage: bench/identity-key.sh [RANDOM-STRINGS]   (default 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_command valgrind valgrind
ensure_command gcc gcc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> building (release)" >&2
swiftc -O bench/identity-key/tables.swift -o "$work/tables" 2>/dev/null
"$work/tables" "${1:-300000}"

cat > "$work/essentials.swift" <<'SWIFT'
import FoundationEssentials
struct Keys: Decodable { var a: Int }
let keys = try? JSONDecoder().decode(Keys.self, from: Data("{\"a\": 1}".utf8))
print(keys?.a ?? 0, FileManager.default.fileExists(atPath: "/nonexistent"))
SWIFT
{ cat "$work/essentials.swift"; echo 'import Foundation'
  echo 'if CommandLine.arguments.count > 5 { print("A".precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)) }'; } > "$work/identity.swift"
printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' > "$work/c.c"
gcc -O2 -o "$work/c" "$work/c.c"
for program in essentials identity; do
  swiftc -O -static-executable "$work/$program.swift" -o "$work/$program" 2>/dev/null
done
records() {
  readelf -SW "$1" | awk '/swift5_protocol_conformances/ { print $6 }' | python3 -c 'import sys; print(int(sys.stdin.read(), 16) // 4)'
}
instructions() {
  # valgrind cannot read the DWARF 5 these binaries carry: count on a copy without it.
  objcopy --strip-debug "$1" "$work/stripped"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/stripped" 2>&1 >/dev/null | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p'
}
echo
echo "| Static executable | Size [MB] | Conformance records | Instructions |"
echo "|:---|---:|---:|---:|"
echo "| C trivial (dynamic) | $(( $(stat -c %s "$work/c") / 1000 ))k |  | $(instructions "$work/c") |"
echo "| keyring-like JSON decode, FoundationEssentials only | $(( $(stat -c %s "$work/essentials") / 1000000 )) | $(records "$work/essentials") | $(instructions "$work/essentials") |"
echo "| the same + IdentityKey's Foundation calls linked (not run) | $(( $(stat -c %s "$work/identity") / 1000000 )) | $(records "$work/identity") | $(instructions "$work/identity") |"
