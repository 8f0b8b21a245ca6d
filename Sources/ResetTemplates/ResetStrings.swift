import Diagnostics
import Translations

/// One language's strings for resetlink: `site.templates/strings/<language>.yaml` when that folder
/// has the file, else the built-in one (overrides go file by file, as templates do). A request
/// parses its own language's file alone: CGI starts a process per request, and the check of every
/// language's keys against the default's is `resetlink check`'s (`checkAll`).
public enum ResetStrings {
    public static func load(_ language: String, overrides: String?) throws(TemplateLoadError) -> LanguageStrings {
        do {
            return try Translations.load(languages: [language], defaultLanguage: language, templatesDirectory: overrides)[language]
        } catch {
            throw TemplateLoadError(problems: error.diagnostics)
        }
    }

    /// Every configured language's strings, each key checked against the default language's file
    /// (a missing or extra key is an error at its file and line).
    public static func checkAll(languages: [String], defaultLanguage: String, overrides: String?) throws(TemplateLoadError) -> Translations {
        do {
            return try Translations.load(languages: languages, defaultLanguage: defaultLanguage, templatesDirectory: overrides)
        } catch {
            throw TemplateLoadError(problems: error.diagnostics)
        }
    }
}
