import DefaultTemplates
import Diagnostics
import TemplateEngine

/// Loads resetlink's templates: the built-in defaults, each replaced by the file of the same name in
/// `site.templates` when that folder is set and has it; parses them all and checks every root
/// against its type, reporting every problem at once before anything is rendered.
public enum ResetTemplateLoader {
    /// Where the built-in templates say they come from in diagnostics (they are the repository's
    /// `Templates/` files as of the build).
    public static let builtInPrefix = "(built-in)/"

    /// The library for `groups`, or every problem found. `overrides` is the resolved `site.templates`
    /// folder, nil when the configuration does not set it (built-in templates only).
    /// The built-in templates passed the check when the binary was tested (RepositoryTemplatesTests,
    /// BuiltInTemplatesTests), so a request checks only groups with an overriding file in them;
    /// `resetlink check` asks for every group (`checkBuiltIn`).
    /// `strings` are the language's, spliced into `{{t.key}}` tags as each template is parsed.
    public static func load(_ groups: [TemplateGroup], overrides: String?, strings: TemplateStrings?,
                            checkBuiltIn: Bool = false) throws(TemplateLoadError) -> TemplateLibrary {
        var names: [String] = []
        for group in groups { for name in group.files where !names.contains(name) { names.append(name) } }
        let (sources, readProblems) = sources(names, overrides: overrides)
        if sources.isEmpty && !readProblems.isEmpty { throw TemplateLoadError(problems: readProblems) }
        let (library, parseProblems) = TemplateLibrary.parse(sources, strings: strings)
        var problems = readProblems + parseProblems.map(Self.diagnostic)
        // A template that could not be parsed was reported above; the check does not report it
        // again. One that could not be read is missing from the library: its group is not checked.
        let overridden = Set(sources.filter { !$0.file.hasPrefix(builtInPrefix) }.map(\.name))
        for group in groups where checkBuiltIn || group.files.contains(where: overridden.contains) {
            let supportLoaded = group.files.allSatisfy { name in library[name] != nil || library.unparsed.contains(name) || group.roots.contains { $0.name == name } }
            for root in group.roots where supportLoaded && library[root.name] != nil {
                problems += library.check(root.name, against: root.shape).map(Self.diagnostic)
            }
        }
        guard problems.isEmpty else { throw TemplateLoadError(problems: Array(Set(problems)).sorted()) }
        return library
    }

    /// Each template's text: the override's when it has one, else the built-in one.
    static func sources(_ names: [String], overrides: String?) -> ([TemplateSource], [Diagnostic]) {
        var problems: [Diagnostic] = []
        if let overrides, !OverrideFile.isDirectory(overrides) {
            return ([], [.error("site.templates is not a folder (leave it out to use the built-in templates)",
                                at: SourceLocation(file: overrides))])
        }
        var sources: [TemplateSource] = []
        for name in names {
            if let overrides {
                let path = overrides + "/" + name + ".mustache"
                switch OverrideFile.load(path) {
                case .text(let text):
                    sources.append(TemplateSource(name: name, text: text, file: path))
                    continue
                case .unreadable(let reason):
                    problems.append(.error("cannot read the template: \(reason)", at: SourceLocation(file: path)))
                    continue
                case .absent:
                    break
                }
            }
            if let text = DefaultTemplates.text(name) {
                sources.append(TemplateSource(name: name, text: text, file: builtInPrefix + name + ".mustache"))
            } else {
                // Only if the build embedded fewer files than the code renders.
                problems.append(.error("no built-in template '\(name)'", at: SourceLocation(file: builtInPrefix + name + ".mustache")))
            }
        }
        return (sources, problems)
    }

    static func diagnostic(_ problem: TemplateProblem) -> Diagnostic {
        .error(problem.message, at: SourceLocation(file: problem.position.file, line: problem.position.line, column: problem.position.column))
    }
}

/// Templates that cannot be used, with every reason (`file:line:column: error: …`, sorted).
public struct TemplateLoadError: Error, Sendable, CustomStringConvertible {
    public let problems: [Diagnostic]

    public var description: String { problems.map(\.formatted).joined(separator: "\n") }
}
