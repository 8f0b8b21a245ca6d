import Foundation
import Testing
@testable import HelpSite

#if canImport(Glibc)
import Glibc
#endif

/// The output folder is always one whole site: builds killed at random moments, two builds into
/// one folder at once, and a disk that fills up mid-build. Runs the real `helpsite` executable.
@Suite(.serialized) struct BuildCrashTests {
    /// Two versions of one site (B edits a page and adds one) and their clean builds.
    struct Versions {
        let root: String
        let reference: [String: [String: Data]]

        init() throws {
            root = try makeTemporaryDirectory()
            let manager = FileManager.default
            for version in ["a", "b"] {
                try manager.copyItem(atPath: Paths.fixture("basic") + "/content", toPath: "\(root)/content-\(version)")
            }
            let second = "\(root)/content-b/guide/second.md"
            try (try readText(second) + "\nVersion B of this page.\n").write(toFile: second, atomically: true, encoding: .utf8)
            try "---\ntitle: Only in B\n---\n\nNew.\n".write(toFile: "\(root)/content-b/extra.md", atomically: true, encoding: .utf8)
            var reference: [String: [String: Data]] = [:]
            for version in ["a", "b"] {
                try """
                    site:
                      check_resetlink_links: false
                      title: Versions
                      base_url: https://docs.example.org/help/
                      templates: \(Paths.packageRoot.appendingPathComponent("Templates").path)
                      content: content-\(version)
                      output: public
                    """.write(toFile: "\(root)/\(version).yaml", atomically: true, encoding: .utf8)
                let result = try run(Paths.helpsiteExecutable, ["build", "--config", "\(root)/\(version).yaml", "--output", "\(root)/reference-\(version)"])
                #expect(result.status == 0, "\(result.standardError)")
                reference[version] = try snapshot("\(root)/reference-\(version)")
            }
            self.reference = reference
            #expect(reference["a"] != reference["b"])
        }

        func start(_ version: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Paths.helpsiteExecutable)
            process.arguments = ["build", "--config", "\(root)/\(version).yaml", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        /// Which version `public/` holds, or nil when it is neither whole site.
        func published() throws -> String? {
            let files = try snapshot("\(root)/public")
            return reference.first { $0.value == files }?.key
        }
    }

    @Test func killedBuildsLeaveTheOldOrTheNewSite() async throws {
        let versions = try Versions()
        let first = try versions.start("a")
        first.waitUntilExit()
        #expect(try versions.published() == "a")
        var random = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for trial in 0..<100 {
            let version = trial % 2 == 0 ? "b" : "a"
            let before = try versions.published()
            let build = try versions.start(version)
            // A debug build of this site takes 50–150 ms: kill anywhere from start-up to publish.
            usleep(UInt32.random(in: 0...150_000, using: &random))
            kill(build.processIdentifier, SIGKILL)
            build.waitUntilExit()
            let after = try versions.published()
            #expect(after == before || after == version, "trial \(trial): public/ is neither whole site")
            outcomes[after == before ? "old site" : "new site", default: 0] += 1
        }
        print("100 builds killed with SIGKILL: \(outcomes.sorted { $0.key < $1.key })")
        // A build after all that still works and clears what the killed ones left.
        let last = try versions.start("b")
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(try versions.published() == "b")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: versions.root).filter { $0.hasPrefix(".public.staging") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func concurrentBuildsIntoOneFolderGiveOneWholeSite() async throws {
        let versions = try Versions()
        for round in 0..<5 {
            let builds = [try versions.start("a"), try versions.start("b")]
            builds.forEach { $0.waitUntilExit() }
            #expect(builds.map(\.terminationStatus) == [0, 0], "round \(round)")
            #expect(try versions.published() != nil, "round \(round): a mix of both builds")
        }
    }

    /// A 2 MiB tmpfs, when this machine lets the tests mount one (root in a container that allows it).
    static let smallDisk: String? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("helpsite-small-disk-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return mount("tmpfs", folder, "tmpfs", 0, "size=2m") == 0 ? folder : nil
    }()

    @Test(.enabled(if: smallDisk != nil, "cannot mount a tmpfs here"))
    func fullDiskFailsClearlyAndKeepsThePreviousSite() async throws {
        let disk = try #require(Self.smallDisk)
        defer { umount(disk) }
        let root = disk + "/site"
        try FileManager.default.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
        try "---\ntitle: Home\n---\n\nSmall.\n".write(toFile: root + "/content/index.md", atomically: true, encoding: .utf8)
        try """
            site:
              check_resetlink_links: false
              templates: \(Paths.packageRoot.appendingPathComponent("Templates").path)
            """.write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        let first = try run(Paths.helpsiteExecutable, ["build", "--config", root + "/resetkit.yaml"])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try snapshot(root + "/public")
        // A video that fits once but not twice (the copy in the new site).
        try Data(repeating: 7, count: 1_200_000).write(to: URL(fileURLWithPath: root + "/content/clip.mp4"))
        try "---\ntitle: Home\n---\n\n![Clip](clip.mp4)\n".write(toFile: root + "/content/index.md", atomically: true, encoding: .utf8)
        let full = try run(Paths.helpsiteExecutable, ["build", "--config", root + "/resetkit.yaml"])
        #expect(full.status == 1)
        print("full disk: \(full.standardError.split(separator: "\n").first ?? "")")
        #expect(full.standardError.contains("No space left on device"), "\(full.standardError)")
        #expect(full.standardError.contains("clip.mp4") || full.standardError.contains("public"), "\(full.standardError)")
        #expect(try snapshot(root + "/public") == before, "the previous site was changed")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".public.staging") }
        #expect(leftovers.isEmpty, "a failed build left \(leftovers)")
    }
}
