import Diagnostics

/// A YAML node with the place it came from, read into Swift types with errors that name the file,
/// line and column. Yams parses; this only checks types and keys, which Codable cannot do with
/// positions.
public struct YAMLValue {
    let node: YAMLNode
    let source: YAMLSource

    /// Where this value starts in the file.
    public var location: SourceLocation { source.location(of: node.mark) }

    /// Parses one YAML document. Returns nil for an empty document. `firstLine` is the line of the
    /// file on which `text` starts (front matter begins on line 2 of a page).
    public static func parse(_ text: String, file: String, firstLine: Int = 1) throws(Diagnostic) -> YAMLValue? {
        let source = YAMLSource(file: file, lineOffset: firstLine - 1, text: text)
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text)
        } catch {
            throw source.diagnostic(for: error)
        }
        return root.map { YAMLValue(node: $0, source: source) }
    }

    /// An error at this value's position.
    public func error(_ message: String) -> Diagnostic {
        .error(message, at: location)
    }

    public var isNull: Bool {
        node.isNull
    }

    /// Whether the value is a list or a mapping: asking this costs nothing, where a failed
    /// `list(_:)` or `entries(_:)` builds an error with its position and words.
    public var isList: Bool {
        if case .sequence = node { return true }
        return false
    }

    public var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// A scalar as text. Numbers are accepted as their text (`title: 2026`); booleans and null are
    /// not, because YAML 1.1 turns an unquoted `yes` or `no` into one.
    public func string(_ what: String) throws(Diagnostic) -> String {
        guard let text = node.text, !node.isNull else {
            throw error("\(what) must be text, not \(kindDescription)")
        }
        if node.isBool {
            throw error("\(what) must be text, not the boolean '\(text)' (quote it)")
        }
        return text
    }

    public func int(_ what: String) throws(Diagnostic) -> Int {
        guard let value = node.int else {
            throw error("\(what) must be a whole number, not \(kindDescription)")
        }
        return value
    }

    public func bool(_ what: String) throws(Diagnostic) -> Bool {
        guard let value = node.bool else {
            throw error("\(what) must be true or false, not \(kindDescription)")
        }
        return value
    }

    public func list(_ what: String) throws(Diagnostic) -> [YAMLValue] {
        guard case .sequence(let items, _) = node else {
            throw error("\(what) must be a list, not \(kindDescription)")
        }
        return items.map { YAMLValue(node: $0, source: source) }
    }

    public func stringList(_ what: String) throws(Diagnostic) -> [String] {
        var result: [String] = []
        for item in try list(what) { result.append(try item.string("each entry of \(what)")) }
        return result
    }

    /// A mapping whose keys should all be in `knownKeys`. An unknown key is reported in the
    /// mapping's `problems` (at the key's own line) rather than thrown, so the caller can report it
    /// together with problems in the known keys' values.
    public func mapping(_ what: String, knownKeys: [String]) throws(DiagnosticsError) -> YAMLMapping {
        guard case .mapping(let mapping, _) = node else {
            throw DiagnosticsError([error("\(what) must be a mapping of keys to values, not \(kindDescription)")])
        }
        var entries: [String: (key: YAMLValue, value: YAMLValue)] = [:]
        // Keys seen so far; their locations (a scan of the text) are only worked out for an error.
        var seen: [String: YAMLValue] = [:]
        var problems: [Diagnostic] = []
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, source: source)
            guard let name = keyNode.text else {
                problems.append(key.error("keys in \(what) must be plain text"))
                continue
            }
            if let first = seen[name] {
                problems.append(key.error("duplicate key '\(name)' in \(what) (first given on line \(first.location.line))"))
                continue
            }
            seen[name] = key
            if !knownKeys.contains(name) {
                let known = knownKeys.joined(separator: ", ")
                problems.append(key.error("unknown key '\(name)' in \(what) (known keys: \(known))"))
            } else {
                entries[name] = (key, YAMLValue(node: valueNode, source: source))
            }
        }
        return YAMLMapping(entries: entries.mapValues(\.value), value: self, problems: problems)
    }

    /// A mapping with free-form keys (e.g. provider names), in file order; keys must be text and
    /// given once.
    public func entries(_ what: String) throws(Diagnostic) -> [(key: String, keyLocation: SourceLocation, value: YAMLValue)] {
        guard case .mapping(let mapping, _) = node else {
            throw error("\(what) must be a mapping of keys to values, not \(kindDescription)")
        }
        var result: [(key: String, keyLocation: SourceLocation, value: YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, source: source)
            guard let name = keyNode.text else { throw key.error("keys in \(what) must be plain text") }
            if let first = result.first(where: { $0.key == name }) {
                throw key.error("duplicate key '\(name)' in \(what) (first given on line \(first.keyLocation.line))")
            }
            result.append((name, key.location, YAMLValue(node: valueNode, source: source)))
        }
        return result
    }

    var kindDescription: String {
        let text = node.text ?? ""
        switch node.kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "an empty value"
        case .bool: return "the boolean '\(text)'"
        case .int, .float: return "the number \(text)"
        case .text: return "'\(text)'"
        }
    }
}

/// The checked keys of a YAML mapping.
public struct YAMLMapping {
    let entries: [String: YAMLValue]
    /// The mapping itself, for errors about a key that is missing.
    public let value: YAMLValue
    /// Unknown keys and keys that are not text.
    public let problems: [Diagnostic]

    /// The value of `key`, or nil when it is absent or explicitly empty (`key:`).
    public subscript(key: String) -> YAMLValue? {
        guard let entry = entries[key], !entry.isNull else { return nil }
        return entry
    }
}

struct YAMLSource {
    let file: String
    let lineOffset: Int
    let text: String
    /// Where each line starts (UTF-8 offsets), found once: looking a line up by scanning from the
    /// top for every value made a strings file of a few hundred lines cost seconds.
    let lineStarts: [Int]

    init(file: String, lineOffset: Int, text: String) {
        self.file = file
        self.lineOffset = lineOffset
        self.text = text
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    func location(of mark: YAMLNode.Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 0) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: byteColumn(line: mark.line, scalarColumn: mark.column))
    }

    /// libyaml counts columns in Unicode scalars; diagnostics count bytes, as cmark and GCC do.
    /// On the line's UTF-8 bytes: this runs for every value's location, and walking Characters
    /// (grapheme breaking) made it most of a strings file's parse.
    func byteColumn(line: Int, scalarColumn: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return scalarColumn }
        let utf8 = text.utf8
        var index = utf8.index(utf8.startIndex, offsetBy: lineStarts[line - 1])
        var scalars = 1, column = 1
        while scalars < scalarColumn, index < utf8.endIndex, utf8[index] != UInt8(ascii: "\n") {
            // One scalar: its first byte, then its continuation bytes (10xxxxxx).
            column += 1
            index = utf8.index(after: index)
            while index < utf8.endIndex, utf8[index] & 0xC0 == 0x80 {
                column += 1
                index = utf8.index(after: index)
            }
            scalars += 1
        }
        return column
    }

    func diagnostic(for error: YAMLNode.ParseError) -> Diagnostic {
        switch error {
        case .syntax(let problem, let line, let column, let context, let contextLine):
            // libyaml notices a problem where it gives up; its context says where the construct
            // began, which is often the line to fix.
            var message = "invalid YAML: \(problem)"
            if let context, let contextLine {
                message += " (\(context) that starts on line \(contextLine + lineOffset))"
            }
            return .error(message, at: location(of: YAMLNode.Mark(line: line, column: column)))
        case .reader(let problem, let offset):
            return .error("invalid YAML: \(problem)", at: location(ofByteOffset: offset))
        }
    }

    /// Where a reader error's byte offset falls.
    func location(ofByteOffset offset: Int) -> SourceLocation {
        let bytes = Array(text.utf8.prefix(offset))
        let line = bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        return SourceLocation(file: file, line: line + lineOffset, column: bytes.count - lineStart + 1)
    }
}
