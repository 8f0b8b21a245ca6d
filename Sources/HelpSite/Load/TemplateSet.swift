import Diagnostics
import Foundation
import SiteTemplates
import TemplateEngine
import Translations

/// The Mustache templates and static assets in Templates/. Templates are parsed once per build
/// and checked against the values they receive (`HelpSiteTemplates.roots`) before anything is
/// rendered; `Templates/assets/` is copied to `assets/` in the output.
struct TemplateSet: Sendable {
    /// The default language's templates.
    let library: TemplateLibrary
    /// Each language's templates: `{{t.key}}` tags are that language's strings (Translations).
    var libraries: [String: TemplateLibrary] = [:]
    /// Every language's strings, for text the build makes in code (titles, dates).
    var translations: Translations?
    /// Paths under `Templates/assets/`, relative to it.
    let assets: [String]
    let directory: String
    /// Every template's name and text and every language's strings, for the render cache's key.
    var signature = ""
    /// The same without the strings: what every page depends on whatever its language.
    var templatesSignature = ""

    /// Templates every build renders.
    static var required: [String] { HelpSiteTemplates.roots.map(\.name) }

    static func load(directory: String, display: String, languages: SiteLanguages = SiteLanguages(defaultLanguage: "en", all: ["en"]))
        throws(DiagnosticsError) -> TemplateSet {
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
        let translations: Translations
        do {
            translations = try Translations.load(languages: languages.all, defaultLanguage: languages.defaultLanguage,
                                                 templatesDirectory: directory, display: display)
        } catch {
            throw DiagnosticsError(problems + error.diagnostics)
        }
        // Parsed once per language; a problem in a template shows once, not once per language.
        var libraries: [String: TemplateLibrary] = [:]
        var found: Set<Diagnostic> = []
        for language in languages.all {
            let (library, syntax) = TemplateLibrary.parse(sources, strings: translations[language].templateStrings)
            found.formUnion(syntax.map(diagnostic))
            // A template that could not be parsed was reported above; the check does not report it again.
            for (name, shape) in HelpSiteTemplates.roots where library[name] != nil {
                found.formUnion(library.check(name, against: shape, file: display + "/" + name + ".mustache").map(diagnostic))
            }
            libraries[language] = library
        }
        problems += found
        let names = Set(sources.map(\.name))
        for name in required where !names.contains(name) {
            problems.append(.error("missing template '\(name).mustache'", at: SourceLocation(file: display)))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems.sorted()) }
        var set = TemplateSet(library: libraries[languages.defaultLanguage] ?? TemplateLibrary(), assets: assets, directory: directory)
        set.libraries = libraries
        set.translations = translations
        set.templatesSignature = signature + assets.joined(separator: "\u{0}")
        set.signature = set.templatesSignature + "\u{0}" + translations.signature
        return set
    }

    private static func diagnostic(_ problem: TemplateProblem) -> Diagnostic {
        .error(problem.message, at: SourceLocation(file: problem.position.file, line: problem.position.line, column: problem.position.column))
    }

    /// The templates of `language` (the default language's for any other).
    func library(_ language: String?) -> TemplateLibrary {
        language.flatMap { libraries[$0] } ?? library
    }

    func render(_ name: String, _ values: some TemplateValues, language: String? = nil) -> String {
        // `load` checked that every template the build renders exists.
        library(language).render(name, values) ?? ""
    }

    /// `render` as the engine's bytes, for output written without a `String` in between.
    func renderBytes(_ name: String, _ values: some TemplateValues, language: String? = nil) -> [UInt8] {
        let library = library(language)
        return library[name]?.renderBytes(values.templateValue, partials: library) ?? []
    }
}
