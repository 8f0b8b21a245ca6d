#!/usr/bin/env bash
# What target 6 (`resetlink verify` ≤ 3× a C program) leaves for resetlink's own work: the start-up of
# a program whose only work is swift-argument-parser parsing a two-option subcommand, built as
# `resetlink` is (static executable), with and without Foundation linked, next to a C program and a
# trivial Swift program. Prints hyperfine's medians and their ratio to C, and callgrind's instruction
# counts. Usage: bench/parser-floor.sh [RUNS]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_command hyperfine hyperfine
ensure_command gcc gcc
ensure_command valgrind valgrind
runs=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/Sources/parser" "$work/Sources/parser-foundation" "$work/Sources/trivial"
cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "parserfloor",
    dependencies: [.package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")],
    targets: [
        .executableTarget(name: "parser", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "parser-foundation", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "trivial"),
    ])
SWIFT
cat > "$work/Sources/parser/main.swift" <<'SWIFT'
import ArgumentParser
struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "root", subcommands: [Verify.self])
}
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify")
    @Argument var token: String
    @Option var stateFile: String?
    func run() { print(token.count) }
}
Root.main()
SWIFT
# The same, with Foundation linked the way swift-mustache links it into resetlink (NSNull).
{ echo 'import Foundation'; echo 'let linked = NSNull()'; cat "$work/Sources/parser/main.swift"; } > "$work/Sources/parser-foundation/main.swift"
echo 'print("ok")' > "$work/Sources/trivial/main.swift"
printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' > "$work/c.c"
gcc -O2 -o "$work/c" "$work/c.c"

echo "==> building (release, static executable)" >&2
swift build --package-path "$work" -c release -Xswiftc -static-executable >/dev/null 2>&1
bin=$work/.build/release
args="verify abcdef --state-file x"
hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/times.json" \
  -n "C trivial" "$work/c" \
  -n "Swift trivial" "$bin/trivial" \
  -n "ArgumentParser, 2 options" "$bin/parser $args" \
  -n "ArgumentParser, 2 options, Foundation linked" "$bin/parser-foundation $args" >/dev/null
instructions() {
  # valgrind cannot read the DWARF 5 these binaries carry: count on a copy without it.
  objcopy --strip-debug "$1" "$work/stripped"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/stripped" "${@:2}" 2>&1 >/dev/null \
    | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p'
}
python3 - "$work/times.json" "$(instructions "$work/c")" "$(instructions "$bin/trivial")" \
  "$(instructions "$bin/parser" $args)" "$(instructions "$bin/parser-foundation" $args)" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
counts = sys.argv[2:]
floor = results[0]["median"]
print("| Program | Median [ms] | Median / C | Instructions |")
print("|:---|---:|---:|---:|")
for result, count in zip(results, counts):
    print(f"| {result['command']} | {result['median'] * 1000:.2f} | {result['median'] / floor:.2f} | {count} |")
PY
