import DefaultTemplates

extension Translations {
    /// The built-in strings of `language` (compiled in from `Templates/strings/`), nil when the
    /// binary has none for it or they do not load (the tests load every built-in file).
    public static func builtIn(_ language: String) -> LanguageStrings? {
        let name = "strings/" + language + ".yaml"
        guard let text = DefaultTemplates.text(name),
              let file = try? StringsFile.parse(text, language: language, file: builtInPrefix + name, builtIn: true) else { return nil }
        return LanguageStrings(file)
    }

    /// The built-in English strings: what the entry points without a language say (resetlink's
    /// callers that have not been given one), so their output is what it was before translations.
    public static let builtInEnglish: LanguageStrings = builtIn("en") ?? LanguageStrings(
        StringsFile(language: "en", file: builtInPrefix + "strings/en.yaml", builtIn: true, entries: [], sections: [:]))
}
