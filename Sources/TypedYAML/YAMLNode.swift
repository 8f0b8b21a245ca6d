import CYAML
import Diagnostics

/// A YAML node as libyaml (Debian libyaml-dev) reports it, with the position of its first
/// character. Built from libyaml's events directly rather than through Yams: Yams types every
/// plain scalar with regular expressions (ICU), whose set-up alone was a third of `resetlink`'s
/// CGI start-up and most of reading ten thousand pages' front matter (docs/performance.md).
indirect enum YAMLNode {
    /// `quoted`: quoted or tagged `!!str`, so always text.
    case scalar(String, quoted: Bool, Mark)
    case sequence([YAMLNode], Mark)
    case mapping([(key: YAMLNode, value: YAMLNode)], Mark)

    /// 1-based line; column in Unicode scalars, as libyaml counts.
    struct Mark {
        var line: Int
        var column: Int
    }

    var mark: Mark {
        switch self {
        case .scalar(_, _, let mark), .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    /// What a scalar is, by YAML 1.1's rules for plain scalars (quoted ones are always text).
    enum Kind: Equatable {
        case null, bool, int, float, text, sequence, mapping
    }

    var kind: Kind {
        switch self {
        case .sequence: return .sequence
        case .mapping: return .mapping
        case .scalar(let text, let quoted, _):
            if quoted { return .text }
            if Self.nulls.contains(text) { return .null }
            if Self.booleans[text] != nil { return .bool }
            if Self.integer(text) != nil { return .int }
            if Self.isFloat(text) { return .float }
            return .text
        }
    }

    var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// Null and boolean are the first two kinds `kind` tells apart; these checks stop there,
    /// without trying the text as a number (every front-matter field is read through them).
    var isNull: Bool {
        if case .scalar(let text, false, _) = self { return Self.nulls.contains(text) }
        return false
    }

    var isBool: Bool {
        if case .scalar(let text, false, _) = self { return !Self.nulls.contains(text) && Self.booleans[text] != nil }
        return false
    }

    var bool: Bool? { kind == .bool ? text.flatMap { Self.booleans[$0] } : nil }
    var int: Int? { kind == .int ? text.flatMap(Self.integer) : nil }

    static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    static let booleans: [String: Bool] = [
        "true": true, "True": true, "TRUE": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
        "false": false, "False": false, "FALSE": false, "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
    ]

    /// Decimal, `0x` hexadecimal, `0o` or leading-zero octal, `0b` binary; `_` separators allowed.
    static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard let first = digits.first, first.isASCII, first.isNumber, !digits.hasSuffix("_") else { return nil }
        var radix = 10
        if digits.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if digits.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if digits.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if digits.count > 1, digits.hasPrefix("0") { radix = 8; digits = digits.dropFirst() }
        let cleaned = digits.filter { $0 != "_" }
        guard !cleaned.isEmpty, let value = Int(cleaned, radix: radix) else { return nil }
        return negative ? -value : value
    }

    static let specialFloats: Set<String> = [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"]

    static func isFloat(_ text: String) -> Bool {
        if specialFloats.contains(text) { return true }
        let cleaned = text.filter { $0 != "_" }
        guard cleaned.contains(where: { $0.isNumber }), cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              cleaned.contains(".") || cleaned.contains("e") || cleaned.contains("E") else { return false }
        return Double(cleaned) != nil
    }

    // MARK: Reading

    enum ParseError: Error {
        case syntax(problem: String, line: Int, column: Int, context: String?, contextLine: Int?)
        /// libyaml reports bad bytes by their offset.
        case reader(problem: String, offset: Int)
    }

    /// The single document in `text`, or nil when it is empty.
    static func parse(_ text: String) throws(ParseError) -> YAMLNode? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { throw .reader(problem: "out of memory", offset: 0) }
        defer { yaml_parser_delete(parser) }
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer throws(ParseError) -> YAMLNode? in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            var composer = Composer(parser: parser)
            return try composer.document()
        }
    }

    private struct Composer {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        var documents = 0

        mutating func next() throws(ParseError) -> yaml_event_t {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
            return event
        }

        func error() -> ParseError {
            let state = parser.pointee
            let problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
            if state.error == YAML_READER_ERROR {
                return .reader(problem: problem, offset: state.problem_offset)
            }
            let context = state.context.map { String(cString: $0) }
            return .syntax(problem: problem, line: state.problem_mark.line + 1, column: state.problem_mark.column + 1,
                           context: context, contextLine: context == nil ? nil : state.context_mark.line + 1)
        }

        mutating func document() throws(ParseError) -> YAMLNode? {
            var root: YAMLNode?
            while true {
                var event = try next()
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        throw .syntax(problem: "but found another document", line: event.start_mark.line + 1,
                                      column: event.start_mark.column + 1, context: "expected a single document in the stream", contextLine: 1)
                    }
                case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                    continue
                default:
                    root = try node(event)
                }
            }
        }

        /// The node that `event` starts (its children are read here).
        mutating func node(_ event: yaml_event_t) throws(ParseError) -> YAMLNode {
            let mark = Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
                // `!!str` makes a plain scalar text, like quoting it does.
                let tag = scalar.tag.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                return .scalar(text, quoted: scalar.style != YAML_PLAIN_SCALAR_STYLE || tag == "tag:yaml.org,2002:str", mark)
            case YAML_SEQUENCE_START_EVENT:
                var items: [YAMLNode] = []
                while true {
                    var child = try next()
                    defer { yaml_event_delete(&child) }
                    if child.type == YAML_SEQUENCE_END_EVENT { return .sequence(items, mark) }
                    items.append(try node(child))
                }
            case YAML_MAPPING_START_EVENT:
                var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                while true {
                    var keyEvent = try next()
                    defer { yaml_event_delete(&keyEvent) }
                    if keyEvent.type == YAML_MAPPING_END_EVENT { return .mapping(pairs, mark) }
                    let key = try node(keyEvent)
                    var valueEvent = try next()
                    defer { yaml_event_delete(&valueEvent) }
                    pairs.append((key, try node(valueEvent)))
                }
            case YAML_ALIAS_EVENT:
                throw .syntax(problem: "aliases (*name) are not supported", line: mark.line, column: mark.column, context: nil, contextLine: nil)
            default:
                throw .syntax(problem: "unexpected YAML event", line: mark.line, column: mark.column, context: nil, contextLine: nil)
            }
        }
    }
}
