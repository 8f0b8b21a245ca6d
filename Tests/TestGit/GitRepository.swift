import Foundation

/// A real git repository in a temporary folder, for tests of dates taken from git: commits with
/// the author and time the test gives (GIT_AUTHOR_DATE and friends), nothing read from the
/// machine's or the user's git configuration.
public struct GitRepository: Sendable {
    public let root: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A new repository (branch `main`) in a new folder, or in `root` when given.
    public init(root: String? = nil) throws {
        if let root {
            self.root = root
        } else {
            self.root = FileManager.default.temporaryDirectory.appendingPathComponent("git-\(UUID().uuidString)").path
        }
        try FileManager.default.createDirectory(atPath: self.root, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    /// An existing checkout (a clone or a worktree the test made).
    public init(existing root: String) {
        self.root = root
    }

    /// Writes `text` to `path` (relative to the repository), making its folders.
    public func write(_ path: String, _ text: String) throws {
        let file = root + "/" + path
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
    }

    /// Stages everything and commits it as `author` at `date` (ISO 8601 with an offset).
    public func commit(_ message: String, author: String = "Ana Author", date: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message, environment: [
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "author@example.com", "GIT_AUTHOR_DATE": date,
            // The committer and its date differ on purpose: pages are dated by their author's time.
            "GIT_COMMITTER_NAME": "Cory Committer", "GIT_COMMITTER_EMAIL": "committer@example.com",
            "GIT_COMMITTER_DATE": "2030-01-01T00:00:00Z",
        ])
    }

    /// Runs git in the repository; throws with its output when it fails.
    @discardableResult
    public func git(_ arguments: String..., environment: [String: String] = [:]) throws -> String {
        try Self.run(["-C", root] + arguments, environment: environment)
    }

    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        // No user or system configuration: a signing or hooks setting must not change the test.
        variables["GIT_CONFIG_GLOBAL"] = "/dev/null"
        variables["GIT_CONFIG_NOSYSTEM"] = "1"
        variables.merge(environment) { _, new in new }
        process.environment = variables
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
        }
        return text
    }
}
