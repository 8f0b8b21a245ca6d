import DefaultTemplates
import Diagnostics

/// Every configured language's strings (`Templates/strings/<lang>.yaml`), checked against each
/// other: each language has exactly the default language's keys, of the same kinds.
public struct Translations: Sendable {
    public let defaultLanguage: String
    /// The configured languages (`site.languages`), in order.
    public let languages: [String]
    private let byLanguage: [String: LanguageStrings]
    /// Each file's name and text, for `helpsite serve`'s signature of what a page depends on.
    public let signature: String
    /// One language's file name and text.
    private let signatures: [String: String]

    /// What a page in `language` depends on: its language's strings and every language's name
    /// (the language switcher shows them all).
    public func signature(of language: String) -> String {
        (signatures[language] ?? "") + "\u{0}" + languages.map { self[$0].name }.joined(separator: "\u{1}")
    }

    /// The diagnostics prefix of files compiled into the binary (as resetlink names its templates).
    public static let builtInPrefix = "(built-in)/"

    /// The default language's strings.
    public var defaults: LanguageStrings { self[defaultLanguage] }

    /// A configured language's strings; any other code gets the default language's.
    public subscript(language: String) -> LanguageStrings {
        // The loader made one for every configured language, the default included.
        byLanguage[language] ?? byLanguage[defaultLanguage] ?? LanguageStrings(StringsFile(
            language: language, file: "", builtIn: true, entries: [], sections: [:]))
    }

    /// Reads `strings/<lang>.yaml` for each language from `templatesDirectory` (shown as
    /// `display` in diagnostics); a language the folder has no file for, or every language when
    /// `templatesDirectory` is nil, uses the built-in file. A regional code without a file of its
    /// own (`en-GB`) uses its language's (`en.yaml`), as BCP 47 lookup does. Every problem at once, sorted.
    public static func load(languages: [String], defaultLanguage: String, templatesDirectory: String?,
                            display: String? = nil) throws(DiagnosticsError) -> Translations {
        var sources: [Source] = []
        var problems: [Diagnostic] = []
        for language in languages {
            if let source = find(language, in: templatesDirectory, display: display, problems: &problems) {
                sources.append(source)
                continue
            }
            if let primary = language.split(separator: "-").first.map(String.init), primary != language,
               var source = find(primary, in: templatesDirectory, display: display, problems: &problems) {
                source.language = language
                sources.append(source)
                continue
            }
            let name = "strings/" + language + ".yaml"
            let folder = (display ?? templatesDirectory).map { $0 + "/" } ?? "the templates folder's "
            problems.append(.error("no strings for the language '\(language)': write \(folder)\(name) (copy strings/en.yaml and translate it)",
                                   at: SourceLocation(file: folder + name)))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return try parse(sources, defaultLanguage: defaultLanguage)
    }

    /// The strings file of exactly `language`: the folder's, else the built-in one, else nil.
    private static func find(_ language: String, in templatesDirectory: String?, display: String?, problems: inout [Diagnostic]) -> Source? {
        let name = "strings/" + language + ".yaml"
        if let templatesDirectory {
            let shown = (display ?? templatesDirectory) + "/" + name
            switch FileText.load(templatesDirectory + "/" + name) {
            case .text(let text):
                return Source(language: language, file: shown, text: text, builtIn: false)
            case .unreadable(let reason):
                problems.append(.error("cannot read the strings: \(reason)", at: SourceLocation(file: shown)))
                return Source(language: language, file: shown, text: "", builtIn: false)
            case .absent:
                break
            }
        }
        return DefaultTemplates.text(name).map { Source(language: language, file: builtInPrefix + name, text: $0, builtIn: true) }
    }

    /// One language's file text, as `load` found it.
    public struct Source: Sendable {
        public var language: String
        public var file: String
        public var text: String
        public var builtIn: Bool

        public init(language: String, file: String, text: String, builtIn: Bool = false) {
            self.language = language
            self.file = file
            self.text = text
            self.builtIn = builtIn
        }
    }

    /// Parses and checks the files (the first of `sources` in `defaultLanguage` is the reference).
    public static func parse(_ sources: [Source], defaultLanguage: String) throws(DiagnosticsError) -> Translations {
        var files: [StringsFile] = []
        var problems: [Diagnostic] = []
        for source in sources {
            do {
                files.append(try StringsFile.parse(source.text, language: source.language, file: source.file, builtIn: source.builtIn))
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        if let reference = files.first(where: { $0.language == defaultLanguage }) {
            problems += KeyCheck.required(in: reference)
            for file in files where file.language != defaultLanguage {
                problems += KeyCheck.compare(file, with: reference) + KeyCheck.required(in: file, reportMissing: false)
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        var byLanguage: [String: LanguageStrings] = [:]
        for file in files { byLanguage[file.language] = LanguageStrings(file) }
        let signatures = Dictionary(sources.map { ($0.language, $0.file + "\u{0}" + $0.text) }) { first, _ in first }
        let signature = sources.map { $0.file + "\u{0}" + $0.text }.joined(separator: "\u{0}")
        return Translations(defaultLanguage: defaultLanguage, languages: sources.map(\.language), byLanguage: byLanguage,
                            signature: signature, signatures: signatures)
    }
}
