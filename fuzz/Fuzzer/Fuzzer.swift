import FuzzTargets

#if canImport(Glibc)
import Glibc
#endif

// Built by fuzz/run with `--sanitize=fuzzer -DFUZZING`: libFuzzer supplies main() and calls this for
// every input; FUZZ_TARGET names the target. Built normally, the executable replays files instead:
// `fuzzer TARGET FILE...` (what a crash report's input needs to be reproduced in a debugger).

/// A line on standard error (write(2): Glibc's `stderr` is a mutable global to Swift 6).
func complain(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
}

/// The target named by FUZZ_TARGET, read once.
let selectedTarget: FuzzTarget = {
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        complain("fuzzer: set FUZZ_TARGET to one of: \(names)\n")
        exit(2)
    }
    return target
}()

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "seeds", arguments.count == 3, let target = FuzzTarget(rawValue: arguments[arguments.startIndex + 1]) {
            // fuzzer seeds TARGET DIR: writes the seeds made at run time (fuzz/run does this).
            let folder = arguments[arguments.startIndex + 2]
            for (index, seed) in target.generatedSeeds.enumerated() {
                guard let file = fopen("\(folder)/generated-\(index)", "wb") else { exit(1) }
                _ = seed.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
            return
        }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            complain("usage: fuzzer TARGET FILE...  (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))\n")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                complain("fuzzer: cannot read \(path)\n")
                exit(1)
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = fread(&buffer, 1, buffer.count, file)
                if count <= 0 { break }
                bytes += buffer[..<count]
            }
            fclose(file)
            target.run(bytes)
            print("\(path): ok")
        }
    }
}
#endif
