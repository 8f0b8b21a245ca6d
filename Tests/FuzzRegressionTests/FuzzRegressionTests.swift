import Foundation
import FuzzTargets
import SeededRandom
import Testing

/// Replays every seed in fuzz/corpus/TARGET/ and every input kept in fuzz/regressions/TARGET/ (what
/// once crashed a target, named after the finding) through the fuzz targets. A crash here fails
/// the whole test process, which is the point: these inputs must never crash again.
@Suite struct FuzzRegressionTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fuzz")

    static func inputs(_ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        var inputs = target.generatedSeeds.enumerated().map { ("generated-\($0.offset)", $0.element) }
        for folder in ["corpus", "regressions"] {
            let directory = fuzzFolder.appendingPathComponent("\(folder)/\(target.rawValue)")
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                inputs.append(("\(folder)/\(target.rawValue)/\(name)", Array(try Data(contentsOf: directory.appendingPathComponent(name)))))
            }
        }
        return inputs
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsAndRegressionsRunCleanly(_ target: FuzzTarget) throws {
        let inputs = try Self.inputs(target)
        #expect(inputs.count >= 1, "no seeds for \(target.rawValue)")
        for input in inputs { target.run(input.bytes) }
    }

    /// A shortened fuzz run for the suite: 3,000 deterministic mutations of the seeds per target
    /// (byte flips, insertions, deletions, repeated chunks, splices of two seeds). The real runs
    /// are fuzz/run's, with coverage guidance and millions of executions (docs/reliability.md).
    @Test(arguments: FuzzTarget.allCases)
    func shortMutationRun(_ target: FuzzTarget) throws {
        // Inputs kept for their size (a 200 KB nesting) are replayed above, not mutated: libFuzzer
        // would not grow them either, and 3,000 mutations of them would take minutes.
        let seeds = try Self.inputs(target).map(\.bytes).filter { !$0.isEmpty && $0.count <= 16_384 }
        var random = SeededRandom(seed: 0x5EED_0000 &+ UInt64(target.rawValue.utf8.count))
        for _ in 0..<3_000 {
            var input = seeds[random.below(seeds.count)]
            for _ in 0...random.below(4) {
                let position = input.isEmpty ? 0 : random.below(input.count)
                switch random.below(5) {
                case 0 where !input.isEmpty: input[position] ^= UInt8(1 << random.below(8))
                case 1: input.insert(UInt8(random.below(256)), at: position)
                case 2 where !input.isEmpty: input.removeSubrange(position..<min(input.count, position + 1 + random.below(16)))
                case 3 where !input.isEmpty:
                    let chunk = input[position..<min(input.count, position + 1 + random.below(32))]
                    input.insert(contentsOf: Array(repeating: Array(chunk), count: 1 + random.below(8)).joined(), at: position)
                default:
                    let other = seeds[random.below(seeds.count)]
                    input = Array(input.prefix(position)) + other.dropFirst(random.below(other.count))
                }
            }
            target.run(input)
        }
    }

    @Test func everyTargetHasSeedFiles() throws {
        for target in FuzzTarget.allCases where target != .token {
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.fuzzFolder.appendingPathComponent("corpus/\(target.rawValue)").path)
            #expect(names.count >= 2, "\(target.rawValue) has \(names.count) seeds")
        }
    }

    @Test func validTokenSeedsAreAcceptedSoTheTargetCanTellAForgery() {
        // The token target's check only means something if genuine tokens do pass.
        #expect(FuzzTarget.token.generatedSeeds.count >= 2)
        #expect(FuzzTarget.token.acceptedSeedCount == FuzzTarget.token.generatedSeeds.count)
    }
}
