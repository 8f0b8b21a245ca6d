#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Diagnostics
import TypedYAML

/// The one configuration file both tools read (`resetkit.yaml` at the repository root). Each tool
/// reads its own section; every key has an embedded default, so a missing file is a valid setup.
public struct Configuration: Sendable {
    /// The conventional file name, looked up in the current directory when no path is given.
    public static let defaultFileName = "resetkit.yaml"

    /// The file the settings came from, or nil for the embedded defaults.
    public var file: String?
    /// Relative paths in the file are relative to this directory.
    public var baseDirectory: String
    public var site: SiteSettings
    public var reset: ResetSettings

    /// The embedded defaults, with paths relative to `baseDirectory`.
    public init(baseDirectory: String, site: SiteSettings = SiteSettings(), reset: ResetSettings = ResetSettings()) {
        self.file = nil
        self.baseDirectory = baseDirectory
        self.site = site
        self.reset = reset
    }

    /// Loads `path`. With `path` nil, loads `resetkit.yaml` from the current directory if it is
    /// there and otherwise uses the embedded defaults; an explicitly named file must exist.
    public static func load(path: String?) throws(DiagnosticsError) -> Configuration {
        let explicit = path != nil
        let path = path ?? defaultFileName
        guard let data = FileManager.default.contents(atPath: path) else {
            if !explicit && !FileManager.default.fileExists(atPath: path) {
                return Configuration(baseDirectory: FileManager.default.currentDirectoryPath)
            }
            throw DiagnosticsError([.error("cannot read the configuration file", at: SourceLocation(file: path))])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([.error("the configuration file is not valid UTF-8", at: SourceLocation(file: path))])
        }
        var configuration = try parse(text, file: path)
        configuration.baseDirectory = Self.directory(of: path)
        return configuration
    }

    /// Reads configuration text; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> Configuration {
        var configuration = Configuration(baseDirectory: directory(of: file))
        configuration.file = file
        let root: YAMLValue?
        do { root = try YAMLValue.parse(text, file: file) } catch { throw DiagnosticsError([error]) }
        guard let root, !root.isNull else { return configuration }
        let top = try root.mapping("the configuration", knownKeys: ["site", "reset"])
        var problems = top.problems
        do {
            if let site = top["site"] { configuration.site = try SiteSettings(site) }
        } catch {
            problems += error.diagnostics
        }
        do {
            if let reset = top["reset"] { configuration.reset = try ResetSettings(reset) }
        } catch {
            problems += error.diagnostics
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return configuration
    }

    /// Resolves a path from the file against `baseDirectory`.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if baseDirectory.isEmpty || baseDirectory == "." { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
