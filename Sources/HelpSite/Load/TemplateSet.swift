import Diagnostics
import Foundation
import SiteTemplates
import TemplateEngine

/// The Mustache templates and static assets in Templates/. Templates are parsed once per build
/// and checked against the values they receive (`HelpSiteTemplates.roots`) before anything is
/// rendered; `Templates/assets/` is copied to `assets/` in the output.
struct TemplateSet: Sendable {
    let library: TemplateLibrary
    /// Paths under `Templates/assets/`, relative to it.
    let assets: [String]
    let directory: String
    /// Every template's name and text, for the render cache's site-wide signature.
    var signature = ""

    /// Templates every build renders.
    static var required: [String] { HelpSiteTemplates.roots.map(\.name) }

    static func load(directory: String, display: String) throws(DiagnosticsError) -> TemplateSet {
        var sources: [TemplateSource] = []
        var assets: [String] = []
        var problems: [Diagnostic] = []
        var signature = ""
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw DiagnosticsError([.error("the templates folder does not exist", at: SourceLocation(file: display))])
        }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String { files.append(path) }
        for path in files.sorted() {
            let absolute = directory + "/" + path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !SitePath.fileName(of: path).hasPrefix(".") else { continue }
            if path.hasSuffix(".mustache") {
                let name = String(path.dropLast(".mustache".count))
                do throws(Diagnostic) {
                    let text = try readUTF8File(absolute, display: display + "/" + path)
                    sources.append(TemplateSource(name: name, text: text, file: display + "/" + path))
                    signature += name + "\u{0}" + text + "\u{0}"
                } catch {
                    problems.append(error)
                }
            } else if path.hasPrefix("assets/") {
                assets.append(String(path.dropFirst("assets/".count)))
            }
        }
        let (library, syntax) = TemplateLibrary.parse(sources)
        problems += syntax.map(diagnostic)
        let names = Set(sources.map(\.name))
        for name in required where !names.contains(name) {
            problems.append(.error("missing template '\(name).mustache'", at: SourceLocation(file: display)))
        }
        // A template that could not be parsed was reported above; the check does not report it again.
        for (name, shape) in HelpSiteTemplates.roots where library[name] != nil {
            problems += library.check(name, against: shape, file: display + "/" + name + ".mustache").map(diagnostic)
        }
        if !problems.isEmpty { throw DiagnosticsError(problems.sorted()) }
        var set = TemplateSet(library: library, assets: assets, directory: directory)
        set.signature = signature + assets.joined(separator: "\u{0}")
        return set
    }

    private static func diagnostic(_ problem: TemplateProblem) -> Diagnostic {
        .error(problem.message, at: SourceLocation(file: problem.position.file, line: problem.position.line, column: problem.position.column))
    }

    func render(_ name: String, _ values: some TemplateValues) -> String {
        // `load` checked that every template the build renders exists.
        library.render(name, values) ?? ""
    }

    /// `render` as the engine's bytes, for output written without a `String` in between.
    func renderBytes(_ name: String, _ values: some TemplateValues) -> [UInt8] {
        library[name]?.renderBytes(values.templateValue, partials: library) ?? []
    }
}
