import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `helpsite serve --port 0` running on a copy of the repository's own site (content/, Templates/,
/// resetkit.yaml) in a temporary folder, so the tests can edit it.
/// `url` is set once by `waitUntilServing`, before any request is sent, hence the unchecked conformance.
final class ServeProcess: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var helpsite: String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent("helpsite").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : packageRoot.appendingPathComponent(".build/debug/helpsite").path
    }

    let site: String
    let process = Process()
    private let output = Printed()
    private(set) var url = ""

    /// Starts the server; `port` 0 picks a free one.
    init(port: Int = 0, site existing: String? = nil, arguments: [String] = []) throws {
        if let existing {
            site = existing
        } else {
            site = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
            for item in ["content", "Templates", "resetkit.yaml"] {
                try FileManager.default.copyItem(atPath: Self.packageRoot.appendingPathComponent(item).path, toPath: site + "/" + item)
            }
        }
        process.executableURL = URL(fileURLWithPath: Self.helpsite)
        process.arguments = ["serve", "--port", "\(port)", "--config", "resetkit.yaml"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: site)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            output.append(String(decoding: data, as: UTF8.self))
        }
        try process.run()
    }

    /// Everything the server printed so far (standard output and error).
    var printed: String { output.text }

    /// Waits until the server has printed `text` (output arrives on another thread, possibly
    /// after the process ended); false after `timeout`.
    func waitForOutput(containing text: String, timeout: Duration = .seconds(5)) -> Bool {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if printed.contains(text) { return true }
            usleep(10_000)
        }
        return false
    }

    /// Waits for "Serving at URL" and returns how long that took.
    @discardableResult
    func waitUntilServing(timeout: Duration = .seconds(10)) throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if let line = printed.split(separator: "\n").first(where: { $0.hasPrefix("Serving at ") }) {
                url = String(line.dropFirst("Serving at ".count).prefix { $0 != " " })
                return clock.now - start
            }
            if !process.isRunning { throw ServeError.exited(printed) }
            usleep(10_000)
        }
        throw ServeError.timeout(printed)
    }

    /// Sends a signal and waits for the process to end; returns its exit status.
    func stop(signal number: Int32 = SIGINT, timeout: Duration = .seconds(5)) throws -> Int32 {
        kill(process.processIdentifier, number)
        let clock = ContinuousClock()
        let start = clock.now
        while process.isRunning {
            if clock.now - start > timeout {
                kill(process.processIdentifier, SIGKILL)
                throw ServeError.timeout("did not stop within \(timeout): \(printed)")
            }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Saves in place, in one write. An atomic save (temporary file, then rename) may be seen by
    /// serve's watcher half-way, as a change of the folder, and the rebuild then names the folder
    /// instead of the file (which made the test that checks the name fail now and then).
    func write(_ path: String, _ text: String) throws {
        try text.write(toFile: site + "/" + path, atomically: false, encoding: .utf8)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: site + "/" + path, encoding: .utf8)
    }

    /// GET `path` on the server with curl: status and body. Blocking on purpose: the tests wait on
    /// their own thread, so a cooperative thread pool kept busy by other tests cannot delay them.
    func get(_ path: String, headers: [String] = []) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "20", "-w", "\n%{http_code}"] + headers.flatMap { ["-H", $0] } + [url + path.drop { $0 == "/" }]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let newline = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: newline)...]) else {
            throw ServeError.http("curl exited \(process.terminationStatus) for \(path)")
        }
        return (status, String(text[..<newline]))
    }

    /// Polls `path` until `condition` holds; returns the time it took, or nil after `timeout`.
    func poll(_ path: String, timeout: Duration, until condition: (Int, String) -> Bool) throws -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            let (status, body) = try get(path)
            if condition(status, body) { return clock.now - start }
            usleep(20_000)
        }
        return nil
    }
}

/// What the server printed, appended to from FileHandle's reading thread.
final class Printed: Sendable {
    private let value = Mutex("")
    func append(_ text: String) { value.withLock { $0 += text } }
    var text: String { value.withLock { $0 } }
}

enum ServeError: Error {
    case exited(String)
    case timeout(String)
    case http(String)
}
