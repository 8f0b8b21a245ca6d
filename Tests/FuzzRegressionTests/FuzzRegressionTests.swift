import Foundation
import FuzzTargets
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
