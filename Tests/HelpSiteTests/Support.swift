import Diagnostics
import Foundation
@testable import HelpSite
import Settings

/// Paths of the fixture sites (Tests/HelpSiteTests/Fixtures/NAME: a resetkit.yaml and content/,
/// rendered with the repository's own Templates/).
enum Paths {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = tests.deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> String { tests.appendingPathComponent("Fixtures/\(name)").path }
    static func fixtureConfig(_ name: String) -> String { fixture(name) + "/resetkit.yaml" }

    /// The built `helpsite` executable, next to the test bundle.
    static var helpsiteExecutable: String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent("helpsite").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return packageRoot.appendingPathComponent(".build/debug/helpsite").path
    }
}

/// A fresh empty folder under the system's temporary folder.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("helpsite-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func buildOptions(config: String, output: String?, drafts: Bool = false) throws -> BuildOptions {
    var options = BuildOptions(configuration: try Configuration.load(path: config))
    options.outputDirectory = output
    options.includeDrafts = drafts
    options.writesOutput = output != nil
    return options
}

/// Builds a fixture; `output` nil only checks.
@discardableResult
func buildFixture(_ name: String, output: String?, strict: Bool = false, drafts: Bool = false) async throws -> BuildReport {
    try await SiteBuild.run(try buildOptions(config: Paths.fixtureConfig(name), output: output, drafts: drafts), strict: strict)
}

/// Every file under `directory` (relative path → bytes), hidden files included.
func snapshot(_ directory: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return files }
    while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let absolute = directory + "/" + path
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[path] = try Data(contentsOf: URL(fileURLWithPath: absolute))
        }
    }
    return files
}

func readText(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

/// Diagnostics as `content/…:line:column: severity: message`, with the fixture's folder cut off.
func shortened(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { diagnostic in
        let text = diagnostic.formatted
        guard let range = text.range(of: "content/") else { return text }
        return String(text[range.lowerBound...])
    }
}

struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs an executable and waits for it.
func run(_ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         standardOutput: String(decoding: outData, as: UTF8.self),
                         standardError: String(decoding: errData, as: UTF8.self))
}
