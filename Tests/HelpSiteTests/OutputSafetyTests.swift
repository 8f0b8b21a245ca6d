import Foundation
import Testing
@testable import HelpSite

/// The output folder is replaced whole, only by a successful build, and only when it is ours.
@Suite struct OutputSafetyTests {
    @Test func failedBuildLeavesThePreviousSiteUntouched() async throws {
        let parent = try makeTemporaryDirectory()
        let output = parent + "/public"
        try await buildFixture("basic", output: output)
        let before = try snapshot(output)
        await #expect(throws: BuildFailure.self) { try await buildFixture("broken", output: output) }
        #expect(try snapshot(output) == before)
        // No staging folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == [".public.lock", "public"])
    }

    @Test func successfulBuildReplacesTheWholeFolder() async throws {
        let parent = try makeTemporaryDirectory()
        let output = parent + "/public"
        try await buildFixture("basic", output: output)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: output + "/stale.html"))
        // A staging folder left by a build that was killed is cleared.
        try FileManager.default.createDirectory(atPath: parent + "/.public.staging-999999", withIntermediateDirectories: true)
        try await buildFixture("warnings", output: output)
        let files = try snapshot(output).keys.sorted()
        #expect(!files.contains("stale.html"))
        #expect(!files.contains("guide/first.html"))
        #expect(files.contains("pic.svg"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == [".public.lock", "public"])
    }

    @Test func refusesToReplaceAFolderItDidNotMake() async throws {
        let output = try makeTemporaryDirectory() + "/documents"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: output + "/notes.txt"))
        do {
            try await buildFixture("basic", output: output)
            Issue.record("replaced a folder helpsite did not make")
        } catch let failure as BuildFailure {
            #expect(failure.diagnostics.first?.message.hasPrefix("refusing to replace this folder: it was not made by helpsite") == true)
        }
        #expect(try snapshot(output).keys.sorted() == ["notes.txt"])
    }

    @Test func refusesAnOutputThatContainsTheSources() async throws {
        for output in [Paths.fixture("basic"), Paths.fixture("basic") + "/content", Paths.tests.path] {
            do {
                try await buildFixture("basic", output: output)
                Issue.record("used \(output) as the output folder")
            } catch let failure as BuildFailure {
                #expect(failure.diagnostics.first?.message.hasPrefix("refusing to use this output folder: it contains the site's sources") == true)
            }
        }
        #expect(FileManager.default.fileExists(atPath: Paths.fixture("basic") + "/content/index.md"))
    }

    @Test func strictBuildWithWarningsWritesNothing() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        do {
            try await buildFixture("warnings", output: output, strict: true)
            Issue.record("a strict build with warnings succeeded")
        } catch let failure as BuildFailure {
            #expect(failure.warningCount == 1 && failure.errorCount == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        let report = try await buildFixture("warnings", output: output)
        #expect(report.warnings.count == 1)
        #expect(FileManager.default.fileExists(atPath: output + "/index.html"))
    }

    @Test func checkWritesNothing() async throws {
        let report = try await buildFixture("basic", output: nil)
        #expect(report.outputDirectory == nil)
        #expect(report.summary.hasPrefix("Checked 5 pages, 2 tags: no errors, 0 warnings in "))
        #expect(!FileManager.default.fileExists(atPath: Paths.fixture("basic") + "/public"))
    }
}
