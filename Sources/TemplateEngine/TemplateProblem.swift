/// A problem found while loading templates (a syntax error or a failed load-time check), with
/// where; `description` is the GCC-style diagnostic line.
public struct TemplateProblem: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let position: SourcePosition
    public let message: String

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    public init(_ error: TemplateParseError) {
        self.init(error.message, at: error.position)
    }

    /// `file:line:column: error: message`; a problem with the whole file (line 0) names only the file.
    public var description: String {
        position.line > 0 ? "\(position): error: \(message)" : "\(position.file): error: \(message)"
    }

    public static func < (lhs: TemplateProblem, rhs: TemplateProblem) -> Bool {
        (lhs.position.file, lhs.position.line, lhs.position.column, lhs.message)
            < (rhs.position.file, rhs.position.line, rhs.position.column, rhs.message)
    }
}

/// A template's text, with the name partial tags use and the file diagnostics name.
public struct TemplateSource: Sendable {
    public let name: String
    public let text: String
    public let file: String

    public init(name: String, text: String, file: String) {
        self.name = name
        self.text = text
        self.file = file
    }
}

extension TemplateLibrary {
    /// Parses every source; the library holds those that parsed, the problems say why the others did not.
    /// With `strings`, `{{t.key}}` tags become that language's strings (one library per language).
    public static func parse(_ sources: [TemplateSource], strings: TemplateStrings? = nil) -> (library: TemplateLibrary, problems: [TemplateProblem]) {
        var library = TemplateLibrary()
        var problems: [TemplateProblem] = []
        for source in sources {
            do throws(TemplateParseError) {
                library[source.name] = try Template(source: source.text, file: source.file, strings: strings)
            } catch {
                problems.append(TemplateProblem(error))
                library.unparsed.insert(source.name)
            }
        }
        return (library, problems)
    }
}
