import TemplateEngine

/// One language's strings: for templates (`templateStrings`, spliced into `{{t.key}}` tags when
/// they are parsed) and for text built in code (`text`, `plural`, `date`).
public struct LanguageStrings: Sendable {
    /// The language's code (`de`).
    public let language: String
    /// Where the strings came from (`Templates/strings/de.yaml` or `(built-in)/strings/de.yaml`).
    public let file: String
    let values: [String: StringsFile.Value]
    /// Each text parsed once (the check already parsed it), rendered by `text`.
    private let parsed: [String: Template]
    /// What `{{t.key}}` tags become: texts and each plural form (`key.one`, `key.other`).
    public let templateStrings: TemplateStrings
    private let months: [String]
    private let dateFormat: String

    init(_ file: StringsFile) {
        language = file.language
        self.file = file.file
        var values: [String: StringsFile.Value] = [:]
        var texts: [String: String] = [:]
        for entry in file.entries {
            values[entry.key] = entry.value
            switch entry.value {
            case .text(let text): texts[entry.key] = text
            case .plural(let forms): for form in forms { texts[entry.key + "." + form.category] = form.text }
            case .list: break
            }
        }
        self.values = values
        // StringsFile.parse checked that every text parses.
        parsed = texts.compactMapValues { try? Template(source: $0, file: file.file) }
        templateStrings = TemplateStrings(language: file.language, file: file.file, texts: texts)
        if case .list(let names)? = values[Keys.months] { months = names } else { months = [] }
        if case .text(let format)? = values[Keys.dateFormat] { dateFormat = format } else { dateFormat = "{year}-{month}-{day}" }
    }

    /// Keys the code itself reads; the loader requires them in every language.
    enum Keys {
        static let name = "language"
        static let months = "dates.months"
        static let dateFormat = "dates.format"
    }

    /// The language's name in itself (`Deutsch`), for the language switcher.
    public var name: String { text(Keys.name) }

    /// Whether the language has the text or plural `key`.
    public func has(_ key: String) -> Bool { values[key] != nil }

    /// The text of `key` with its `{{name}}` placeholders filled from `values`, as plain text:
    /// nothing escaped (escape it where it goes into HTML). A key no language has gives the key
    /// itself in brackets, so a mistake shows on the page rather than as a blank; the tests check
    /// every key the code uses against the files.
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        guard let template = parsed[key] else { return "[\(key)]" }
        return render(template, values, escapes: false)
    }

    /// `text` made safe for HTML: the string's own text escaped unless its key ends in `_html`, each
    /// placeholder's value escaped — what `{{t.key}}` gives in an HTML template.
    public func html(_ key: String, _ values: [String: String] = [:]) -> String {
        guard parsed[key] != nil, let template = try? Template(source: "{{t.\(key)}}", file: file, strings: templateStrings) else {
            return "[\(key)]"
        }
        return render(template, values, escapes: true)
    }

    /// The form of the plural `key` for `count` (`{one: "1 hour", other: "{{count}} hours"}`), with
    /// `{{count}}` and `values` filled in, as plain text.
    public func plural(_ key: String, count: Int, _ values: [String: String] = [:]) -> String {
        guard case .plural(let forms)? = self.values[key] else { return "[\(key)]" }
        let category = PluralRule.category(for: count, language: language)
        let chosen = forms.contains { $0.category == category } ? category : "other"
        var values = values
        values["count"] = String(count)
        return text(key + "." + chosen, values)
    }

    /// A calendar date in the language's words: `dates.format` (`{day}. {month} {year}`) with
    /// `dates.months`' name for the month. No ICU, no Foundation: a table and a substitution.
    public func date(year: Int, month: Int, day: Int) -> String {
        let monthName = months.indices.contains(month - 1) ? months[month - 1] : String(month)
        var out = ""
        var rest = Substring(dateFormat)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            switch rest[rest.index(after: open)..<close] {
            case "day": out += String(day)
            case "month": out += monthName
            case "year": out += String(year)
            default: out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private func render(_ template: Template, _ values: [String: String], escapes: Bool) -> String {
        let object = TemplateObject(values.sorted { $0.key < $1.key }.map { ($0.key, TemplateValue.string($0.value)) })
        return String(decoding: template.renderBytes(.object(object), escapes: escapes), as: UTF8.self)
    }
}
