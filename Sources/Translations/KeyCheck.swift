import Diagnostics

/// The check across languages: every key of the default language's file exists in every other
/// language's file, with the same kind of value, and no other language has keys it lacks.
enum KeyCheck {
    /// A missing key is reported in the translation, at the closest section it does have (the
    /// file's first line when it has none of them), naming where the default file has the key.
    static func compare(_ file: StringsFile, with reference: StringsFile) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let own = Dictionary(file.entries.map { ($0.key, $0) }) { first, _ in first }
        let theirs = Dictionary(reference.entries.map { ($0.key, $0) }) { first, _ in first }
        let hint = file.builtIn ? " (the built-in strings have no such key: write your own \(file.file.dropFirst(Translations.builtInPrefix.count)) in the templates folder)" : ""
        for entry in reference.entries {
            guard let translated = own[entry.key] else {
                problems.append(.error("missing key '\(entry.key)' (\(reference.file):\(entry.location.line) has it)\(hint)",
                                       at: anchor(for: entry.key, in: file)))
                continue
            }
            switch (entry.value, translated.value) {
            case (.text, .text), (.plural, .plural):
                break
            case (.list(let names), .list(let translatedNames)):
                if names.count != translatedNames.count {
                    problems.append(.error("'\(entry.key)' has \(translatedNames.count) entries; \(reference.file):\(entry.location.line) has \(names.count)",
                                           at: translated.location))
                }
            default:
                problems.append(.error("'\(entry.key)' is \(translated.value.kind) here but \(entry.value.kind) in \(reference.file):\(entry.location.line)",
                                       at: translated.location))
            }
        }
        for entry in file.entries where theirs[entry.key] == nil {
            problems.append(.error("key '\(entry.key)' is not in \(reference.file), the default language's strings: remove it or add it there",
                                   at: entry.location))
        }
        return problems
    }

    /// The keys the code reads (the language's name and the date words), with values it can use.
    /// `reportMissing` is false for translations, whose missing keys `compare` reports.
    static func required(in file: StringsFile, reportMissing: Bool = true) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let values = Dictionary(file.entries.map { ($0.key, $0) }) { first, _ in first }
        func need(_ key: String, _ what: String, _ valid: (StringsFile.Value) -> Bool) {
            if let entry = values[key] {
                if !valid(entry.value) { problems.append(.error("'\(key)' must be \(what)", at: entry.location)) }
            } else if reportMissing {
                problems.append(.error("missing key '\(key)': \(what)", at: anchor(for: key, in: file)))
            }
        }
        need(LanguageStrings.Keys.name, "the language's name in itself (English, Deutsch)") {
            if case .text = $0 { true } else { false }
        }
        need(LanguageStrings.Keys.months, "a list of the 12 month names") {
            if case .list(let names) = $0 { names.count == 12 } else { false }
        }
        need(LanguageStrings.Keys.dateFormat, "a date pattern with {day}, {month} and {year}, such as \"{day} {month} {year}\"") {
            if case .text(let format) = $0 { ["{day}", "{month}", "{year}"].allSatisfy(format.contains) } else { false }
        }
        return problems
    }

    /// Where a key the file lacks is reported: its deepest section the file has, else line 1.
    private static func anchor(for key: String, in file: StringsFile) -> SourceLocation {
        var parts = key.split(separator: ".").dropLast()
        while !parts.isEmpty {
            if let location = file.sections[parts.joined(separator: ".")] { return location }
            parts = parts.dropLast()
        }
        return SourceLocation(file: file.file, line: 1, column: 1)
    }
}
