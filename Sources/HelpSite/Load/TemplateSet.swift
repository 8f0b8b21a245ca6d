import Diagnostics
import Foundation
import Mustache

/// The Mustache templates and static assets in Templates/. Templates are parsed once per build;
/// `Templates/assets/` is copied to `assets/` in the output.
struct TemplateSet: Sendable {
    let library: MustacheLibrary
    /// Paths under `Templates/assets/`, relative to it.
    let assets: [String]
    let directory: String
    /// Every template's name and text, for the render cache's site-wide signature.
    var signature = ""

    /// Templates every build renders.
    static let required = ["page", "section", "tag", "tags", "404", "alias", "partials/sidebar"]

    static func load(directory: String, display: String) throws(DiagnosticsError) -> TemplateSet {
        var library = MustacheLibrary()
        var assets: [String] = []
        var problems: [Diagnostic] = []
        var names: Set<String> = []
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
                do {
                    let text = try readUTF8File(absolute, display: display + "/" + path)
                    library.register(try MustacheTemplate(string: text), named: name)
                    names.insert(name)
                    signature += name + "\u{0}" + text + "\u{0}"
                } catch let error as Diagnostic {
                    problems.append(error)
                } catch let error as MustacheTemplate.ParserError {
                    problems.append(.error("template syntax: \(error.error)", at: SourceLocation(
                        file: display + "/" + path, line: error.context.lineNumber, column: error.context.columnNumber)))
                } catch {
                    problems.append(.error("template syntax: \(error)", at: SourceLocation(file: display + "/" + path)))
                }
            } else if path.hasPrefix("assets/") {
                assets.append(String(path.dropFirst("assets/".count)))
            }
        }
        for name in required where !names.contains(name) {
            problems.append(.error("missing template '\(name).mustache'", at: SourceLocation(file: display)))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        var set = TemplateSet(library: library, assets: assets, directory: directory)
        set.signature = signature + assets.joined(separator: "\u{0}")
        return set
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        // `load` checked that every template the build uses exists.
        library.render(context, withTemplate: name) ?? ""
    }
}
