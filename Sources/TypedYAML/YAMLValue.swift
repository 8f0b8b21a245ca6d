import Diagnostics
import Yams

/// A YAML node with the place it came from, read into Swift types with errors that name the file,
/// line and column. Yams parses; this only checks types and keys, which Codable cannot do with
/// positions.
public struct YAMLValue {
    let node: Node
    let source: YAMLSource

    /// Where this value starts in the file.
    public var location: SourceLocation { source.location(of: node.mark) }

    /// Parses one YAML document. Returns nil for an empty document. `firstLine` is the line of the
    /// file on which `text` starts (front matter begins on line 2 of a page).
    public static func parse(_ text: String, file: String, firstLine: Int = 1) throws(Diagnostic) -> YAMLValue? {
        let source = YAMLSource(file: file, lineOffset: firstLine - 1, text: text)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw source.diagnostic(for: error)
        } catch {
            throw Diagnostic.error("cannot read YAML: \(error)", at: source.location(of: nil))
        }
        return root.map { YAMLValue(node: $0, source: source) }
    }

    /// An error at this value's position.
    public func error(_ message: String) -> Diagnostic {
        .error(message, at: location)
    }

    public var isNull: Bool {
        tagName == .null
    }

    /// A scalar as text. Numbers are accepted as their text (`title: 2026`); booleans and null are
    /// not, because YAML 1.1 turns an unquoted `yes` or `no` into one.
    public func string(_ what: String) throws(Diagnostic) -> String {
        guard let scalar = node.scalar, tagName != .null else {
            throw error("\(what) must be text, not \(kindDescription)")
        }
        if tagName == .bool {
            throw error("\(what) must be text, not the boolean '\(scalar.string)' (quote it)")
        }
        return scalar.string
    }

    public func int(_ what: String) throws(Diagnostic) -> Int {
        guard tagName == .int, let value = node.int else {
            throw error("\(what) must be a whole number, not \(kindDescription)")
        }
        return value
    }

    public func bool(_ what: String) throws(Diagnostic) -> Bool {
        guard tagName == .bool, let value = node.bool else {
            throw error("\(what) must be true or false, not \(kindDescription)")
        }
        return value
    }

    public func list(_ what: String) throws(Diagnostic) -> [YAMLValue] {
        guard let sequence = node.sequence else {
            throw error("\(what) must be a list, not \(kindDescription)")
        }
        return sequence.map { YAMLValue(node: $0, source: source) }
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
        guard let mapping = node.mapping else {
            throw DiagnosticsError([error("\(what) must be a mapping of keys to values, not \(kindDescription)")])
        }
        var entries: [String: (key: YAMLValue, value: YAMLValue)] = [:]
        var problems: [Diagnostic] = []
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, source: source)
            guard let name = keyNode.scalar?.string else {
                problems.append(key.error("keys in \(what) must be plain text"))
                continue
            }
            if !knownKeys.contains(name) {
                let known = knownKeys.joined(separator: ", ")
                problems.append(key.error("unknown key '\(name)' in \(what) (known keys: \(known))"))
            } else if let first = entries[name] {
                problems.append(key.error("duplicate key '\(name)' in \(what) (first given on line \(first.key.location.line))"))
            } else {
                entries[name] = (key, YAMLValue(node: valueNode, source: source))
            }
        }
        return YAMLMapping(entries: entries.mapValues(\.value), value: self, problems: problems)
    }

    /// The resolved YAML tag (`Tag.name` is internal to Yams; its description is the name).
    var tagName: Tag.Name { Tag.Name(rawValue: node.tag.description) }

    /// A mapping with free-form keys (e.g. provider names), in file order; keys must be text.
    public func entries(_ what: String) throws(Diagnostic) -> [(key: String, keyLocation: SourceLocation, value: YAMLValue)] {
        guard let mapping = node.mapping else {
            throw error("\(what) must be a mapping of keys to values, not \(kindDescription)")
        }
        var result: [(key: String, keyLocation: SourceLocation, value: YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, source: source)
            guard let name = keyNode.scalar?.string else { throw key.error("keys in \(what) must be plain text") }
            result.append((name, key.location, YAMLValue(node: valueNode, source: source)))
        }
        return result
    }

    var kindDescription: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch tagName {
            case .null: return "an empty value"
            case .bool: return "the boolean '\(scalar.string)'"
            case .int: return "the number \(scalar.string)"
            case .float: return "the number \(scalar.string)"
            default: return "'\(scalar.string)'"
            }
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

    func location(of mark: Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 0) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: byteColumn(line: mark.line, scalarColumn: mark.column))
    }

    /// libyaml counts columns in Unicode scalars; diagnostics count bytes, as cmark and GCC do.
    func byteColumn(line: Int, scalarColumn: Int) -> Int {
        guard let content = self.line(line) else { return scalarColumn }
        return content.unicodeScalars.prefix(scalarColumn - 1).reduce(0) { $0 + String($1).utf8.count } + 1
    }

    /// The text of a 1-based line, without its line break.
    func line(_ number: Int) -> Substring? {
        var current = 1
        var start = text.startIndex
        while current < number {
            // "\r\n" is a single Character, so look for either line ending.
            guard let newline = text[start...].firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        return text[start...].prefix { $0 != "\n" && $0 != "\r\n" }
    }

    func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // libyaml notices a problem where it gives up; its context says where the construct
            // began, which is often the line to fix.
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) that starts on line \(context.mark.line + lineOffset))"
            }
            return .error(message, at: location(of: mark))
        case .reader(let problem, let offset, _, _):
            return .error("invalid YAML: \(problem)", at: location(ofCharacterOffset: offset))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.joined(separator: "', '")
            // Yams points at the first occurrence; the one to fix is usually the repeat.
            if duplicates.count == 1, let repeated = repeatedKey(duplicates[0], after: context.mark) {
                return .error("duplicate key '\(names)' (first given on line \(context.mark.line + lineOffset))", at: repeated)
            }
            return .error("duplicate key '\(names)'", at: location(of: context.mark))
        default:
            return .error("invalid YAML: \(error)", at: location(of: nil))
        }
    }

    /// Where a reader error's character offset falls.
    func location(ofCharacterOffset offset: Int?) -> SourceLocation {
        guard let offset, let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else {
            return location(of: nil)
        }
        let before = text[..<index]
        let line = before.reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
        let lineStart = before.lastIndex { $0 == "\n" || $0 == "\r\n" }.map { text.index(after: $0) } ?? text.startIndex
        return SourceLocation(file: file, line: line + lineOffset, column: text[lineStart..<index].utf8.count + 1)
    }

    /// The next line after `first` that starts, at the same indentation, with `key:` (block style).
    func repeatedKey(_ key: String, after first: Mark) -> SourceLocation? {
        var number = first.line + 1
        while let content = line(number) {
            let indent = content.prefix { $0 == " " }.count
            let rest = content.dropFirst(indent)
            if indent + 1 == first.column, rest.hasPrefix(key),
               rest.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" {
                return SourceLocation(file: file, line: number + lineOffset, column: indent + 1)
            }
            number += 1
        }
        return nil
    }
}
