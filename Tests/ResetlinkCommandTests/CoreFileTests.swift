import Foundation
import Testing

/// resetlink holds passwords in memory (the web form, `complete`, `auth`): it never leaves a core
/// file, whatever limit it was started with (issue 18: no password in a core dump path we control).
@Suite struct CoreFileTests {
    @Test func resetlinkRunsWithoutACoreFile() throws {
        let work = try ResetlinkCommandTests.Workspace()
        // Start it with core files allowed (the soft limit raised to the hard one, as a shell's
        // `ulimit -c unlimited` would), so a 0 below is resetlink's doing, not inherited.
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
        #expect(limit.rlim_cur != 0, "the test cannot allow core files here: the hard limit is already 0")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ResetlinkCommandTests.executable)
        process.arguments = ["auth", "--interface", "pipe", "--config", work.config]
        process.currentDirectoryURL = URL(fileURLWithPath: work.folder)
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // SIGKILL: the child inherits the test runner's blocked signals, so SIGTERM may wait forever.
        defer { try? stdin.fileHandleForWriting.close(); kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        // auth waits for its two lines on standard input: read its limits while it does.
        var coreLine: String?
        for _ in 0..<200 where coreLine == nil {
            let proc = "/proc/\(process.processIdentifier)"
            // Until exec, /proc shows the test's own limits; resetlink sets its own first thing.
            let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: proc + "/exe")) ?? ""
            let limits = (try? String(contentsOfFile: proc + "/limits", encoding: .utf8)) ?? ""
            if exe.hasSuffix("/resetlink"), let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max core file size") }),
               line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).first == "0" {
                coreLine = String(line)
            }
            usleep(10_000)
        }
        let fields = try #require(coreLine, "resetlink's core-file limit never read 0").split(separator: " ", omittingEmptySubsequences: true)
        // "Max core file size  <soft> <hard> bytes": both 0, so nothing in the process can raise it.
        #expect(fields[4] == "0")
        #expect(fields[5] == "0")
    }
}
