import ChildProcess
import Foundation
import Testing

@Suite struct ChildProcessTests {
    @Test func theInputArrivesOnStandardInputAndTheOutputComesBack() throws {
        let input = Array("first line\nsecond line with a secret\n".utf8)
        let result = try ChildProcess.run(["/bin/cat"], input: input, environment: [])
        #expect(result.status == 0 && result.output == input && result.written == input.count && !result.timedOut)
    }

    @Test func theChildSeesOnlyTheEnvironmentItIsGiven() throws {
        // What a CGI request puts in our environment must not reach the child.
        setenv("HTTP_PROXY", "http://attacker.example:3128", 1)
        setenv("LANG", "C.UTF-8", 1)
        defer { unsetenv("HTTP_PROXY") }
        let environment = ChildProcess.environment(passing: ["PATH", "LANG"], extra: [("RESETKIT_EVENT", "before_change")])
        let result = try ChildProcess.run(["/usr/bin/env"], input: [], environment: environment)
        let lines = Set(result.outputText.split(separator: "\n").map(String.init))
        #expect(lines.map { String($0.prefix { $0 != "=" }) }.sorted() == ["LANG", "PATH", "RESETKIT_EVENT"])
        #expect(lines.contains("RESETKIT_EVENT=before_change") && lines.contains("LANG=C.UTF-8"))
    }

    @Test func exitStatusesAndSignalsAreReported() throws {
        #expect(try ChildProcess.run(["/bin/sh", "-c", "exit 7"], input: [], environment: []).status == 7)
        #expect(try ChildProcess.run(["/bin/sh", "-c", "kill -TERM $$"], input: [], environment: []).status == -SIGTERM)
        // Found in the given PATH when the program has no slash.
        let looked = try ChildProcess.run(["true"], input: [], environment: ChildProcess.environment(passing: ["PATH"]))
        #expect(looked.status == 0)
        #expect(throws: ChildProcess.NotRunnable.self) {
            try ChildProcess.run(["/nonexistent/program"], input: [], environment: [])
        }
    }

    @Test func standardErrorCanGoToAFileAndStayOutOfTheOutput() throws {
        // git's warnings must not get into the NUL-separated history helpsite reads.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try ChildProcess.run(["/bin/sh", "-c", "echo data; echo warning >&2; echo more"], input: [], environment: [],
                                          errorsTo: file)
        #expect(result.status == 0 && result.outputText == "data\nmore")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "warning\n")
        let merged = try ChildProcess.run(["/bin/sh", "-c", "echo data; echo warning >&2"], input: [], environment: [])
        #expect(merged.outputText == "data\nwarning")
    }

    @Test func outputIsBounded() throws {
        let result = try ChildProcess.run(["/bin/sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"], input: [], environment: [],
                                          outputLimit: 100)
        #expect(result.status == 0 && result.output.count == 100 && result.truncated && result.outputText.hasSuffix(" …"))
    }

    @Test func aChildThatReadsNothingDoesNotBlockOrKillUs() throws {
        let input = [UInt8](repeating: 65, count: 1 << 20)
        let result = try ChildProcess.run(["/bin/sh", "-c", "exit 0"], input: input, environment: [])
        #expect(result.status == 0 && result.written < input.count)
    }

    @Test func theTimeoutKillsTheWholeProcessGroup() throws {
        let started = Date()
        // The script starts a background sleep, prints its pid, and waits: both must die.
        let result = try ChildProcess.run(["/bin/sh", "-c", "sleep 30 & echo $!; wait"], input: [], environment: [],
                                          timeoutMilliseconds: 300)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.timedOut && result.status == -SIGKILL)
        #expect(elapsed >= 0.3 && elapsed < 5, "\(elapsed) s")
        let background = try #require(pid_t(result.outputText))
        #expect(Self.isGone(background), "the background sleep \(background) survived")
    }

    @Test func withoutATimeoutTheChildRunsToTheEnd() throws {
        let result = try ChildProcess.run(["/bin/sh", "-c", "sleep 0.5; echo done"], input: [], environment: [])
        #expect(result.status == 0 && result.outputText == "done" && !result.timedOut)
    }

    /// Dead: no such process, or a zombie waiting for init to reap it.
    static func isGone(_ pid: pid_t) -> Bool {
        for _ in 0..<100 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if let close = stat.lastIndex(of: ")"), stat[close...].dropFirst(2).first == "Z" { return true }
            usleep(20_000)
        }
        return false
    }
}
