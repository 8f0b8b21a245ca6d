/// A position in a text file, 1-based. `column` counts bytes (what cmark and GCC report); 0 means
/// the whole line or the whole file.
public struct SourceLocation: Hashable, Comparable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    /// `file:line:column`, leaving out the parts that are unknown.
    public var description: String {
        guard line > 0 else { return file }
        return column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}

/// One problem found in a user's input: where it is, how serious, and what is wrong.
public struct Diagnostic: Error, Hashable, Comparable, Sendable {
    public enum Severity: String, Sendable, Comparable {
        case warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var location: SourceLocation
    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, message, at: location)
    }

    public static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    /// Sorted by place, so reports are stable whatever order the work ran in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.location, lhs.severity.rawValue, lhs.message) < (rhs.location, rhs.severity.rawValue, rhs.message)
    }

    /// GCC style, which editors and CI log parsers recognise: `file:line:column: error: message`.
    public var formatted: String {
        "\(location.description): \(severity.rawValue): \(message)"
    }

    /// A GitHub Actions workflow command that shows the problem on the file in a pull request.
    public var githubAnnotation: String {
        var properties = ["file=\(Self.escapeProperty(location.file))"]
        if location.line > 0 { properties.append("line=\(location.line)") }
        if location.column > 0 { properties.append("col=\(location.column)") }
        return "::\(severity.rawValue) \(properties.joined(separator: ","))::\(Self.escapeData(message))"
    }

    // Escaping rules of GitHub's workflow commands (toolkit/core command.ts).
    private static func escapeData(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.append(character)
            }
        }
        return out
    }

    private static func escapeProperty(_ text: String) -> String {
        var out = escapeData(text)
        out = out.split(separator: ":", omittingEmptySubsequences: false).joined(separator: "%3A")
        return out.split(separator: ",", omittingEmptySubsequences: false).joined(separator: "%2C")
    }
}

/// Thrown when a step found errors: all of them, sorted, so the caller can report each one.
public struct DiagnosticsError: Error, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
}
