/// Why a template could not be parsed, with where; `description` is the diagnostic line.
public struct TemplateParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// `{{#name}}` (or `^`, `<`, `$`) with no `{{/name}}` before the end of the template.
        case unclosedSection(String)
        /// `{{/found}}` where `{{/expected}}` was due (expected is nil when no section is open).
        case mismatchedClose(expected: String?, found: String)
        /// `{{=…=}}` that does not hold exactly two delimiters without whitespace or `=`.
        case badDelimiter(String)
        /// An opening delimiter with no closing one.
        case unclosedTag
        /// A tag with no name, or a dotted name with an empty part.
        case badName(String)
        /// Sections, parents and blocks nested deeper than `Parser.maximumNesting`.
        case nestedTooDeeply(Int)
        /// A `{{%…}}` pragma other than `CONTENT_TYPE: TEXT` or `CONTENT_TYPE: HTML`.
        case unknownPragma(String)
        /// `{{t.key}}` naming no string of the language (`file` holds its strings); `suggestion` is a close key.
        case unknownString(key: String, language: String, file: String, suggestion: String?)
        /// A string whose text is not a valid Mustache fragment.
        case badString(key: String, problem: String)
    }

    public let reason: Reason
    public let position: SourcePosition

    public init(reason: Reason, position: SourcePosition) {
        self.reason = reason
        self.position = position
    }

    public var message: String {
        switch reason {
        case .unclosedSection(let name): "section '\(name)' is never closed"
        case .mismatchedClose(let expected?, let found): "'{{/\(found)}}' does not close the open section '\(expected)'"
        case .mismatchedClose(nil, let found): "'{{/\(found)}}' closes no open section"
        case .badDelimiter(let content): "bad delimiter change '{{=\(content)=}}': give two delimiters separated by whitespace"
        case .unclosedTag: "tag is never closed"
        case .badName(let name): "bad name '\(name)' in tag"
        case .nestedTooDeeply(let limit): "sections nested more than \(limit) deep"
        case .unknownPragma(let content): "unknown pragma '{{%\(content)}}': use CONTENT_TYPE: TEXT or CONTENT_TYPE: HTML"
        case .unknownString(let key, let language, let file, let suggestion):
            "no string '\(key)' for language '\(language)' in \(file)" + (suggestion.map { " (did you mean 't.\($0)'?)" } ?? "")
        case .badString(let key, let problem): "the string '\(key)' is not a valid template fragment: \(problem)"
        }
    }

    public var description: String { "\(position): error: \(message)" }
}
