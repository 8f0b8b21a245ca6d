import Diagnostics
import Foundation
import Translations

/// The repository's `Templates/` folder, read from the source tree.
let repositoryTemplates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Templates").path

/// The repository's strings file for `language`.
func repositoryStrings(_ language: String) throws -> String {
    try String(contentsOfFile: repositoryTemplates + "/strings/" + language + ".yaml", encoding: .utf8)
}

/// The diagnostics `Translations.parse` gives for these files (default language first), formatted.
func problems(_ files: [(String, String)], defaultLanguage: String = "en") -> [String] {
    let sources = files.map { Translations.Source(language: $0.0, file: "Templates/strings/\($0.0).yaml", text: $0.1) }
    do {
        _ = try Translations.parse(sources, defaultLanguage: defaultLanguage)
        return []
    } catch {
        return error.diagnostics.map(\.formatted)
    }
}

/// Strings for the tests: `files` in the given languages, default first.
func translations(_ files: [(String, String)]) throws -> Translations {
    let sources = files.map { Translations.Source(language: $0.0, file: "Templates/strings/\($0.0).yaml", text: $0.1) }
    return try Translations.parse(sources, defaultLanguage: files[0].0)
}

/// The smallest valid strings file, plus `extra` lines.
func minimal(_ name: String, months: String = "[a, b, c, d, e, f, g, h, i, j, k, l]", format: String = "\"{day} {month} {year}\"", _ extra: String = "") -> String {
    "language: \(name)\ndates:\n  months: \(months)\n  format: \(format)\n" + extra
}
