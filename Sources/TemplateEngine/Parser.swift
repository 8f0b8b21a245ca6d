/// One pass over the template's bytes: tags found by the current delimiters, standalone-tag
/// lines removed (the spec's whitespace rules), sections nested with an explicit stack.
struct Parser {
    private let bytes: [UInt8]
    private let file: String
    private let lines: LineTable
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)

    /// An open section, parent or block, collecting its children.
    private struct Frame {
        var sigil: UInt8
        var name: String
        var path: [String]
        var offset: Int
        var indent: [UInt8]
        var nodes: [Node] = []
    }

    init(bytes: [UInt8], file: String, lines: LineTable) {
        self.bytes = bytes
        self.file = file
        self.lines = lines
    }

    private func error(_ reason: TemplateParseError.Reason, at offset: Int) -> TemplateParseError {
        TemplateParseError(reason: reason, position: lines.position(of: offset, in: file))
    }

    mutating func parse() throws(TemplateParseError) -> [Node] {
        var frames = [Frame(sigil: 0, name: "", path: [], offset: 0, indent: [])]
        var index = 0
        var textStart = 0
        while let start = find(open, from: index) {
            let tag = try readTag(at: start)
            var textEnd = start
            var next = tag.end
            var indent: [UInt8] = []
            if tag.canStandalone, let lineEnd = standaloneEnd(tagStart: start, tagEnd: tag.end) {
                textEnd = start
                while textEnd > textStart, isBlank(bytes[textEnd - 1]) { textEnd -= 1 }
                indent = Array(bytes[textEnd..<start])
                next = lineEnd
            }
            if textEnd > textStart { frames[frames.count - 1].nodes.append(.text(Array(bytes[textStart..<textEnd]))) }
            index = next
            textStart = next

            let content = tag.content
            switch tag.sigil {
            case UInt8(ascii: "!"):
                break
            case UInt8(ascii: "="):
                try changeDelimiters(content, at: start)
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: "$"):
                let path = try self.path(content, at: start)
                frames.append(Frame(sigil: tag.sigil, name: content, path: path, offset: start, indent: indent))
            case UInt8(ascii: "/"):
                guard frames.count > 1 else { throw error(.mismatchedClose(expected: nil, found: content), at: start) }
                let frame = frames.removeLast()
                guard frame.name == content else {
                    throw error(.mismatchedClose(expected: frame.name, found: content), at: start)
                }
                frames[frames.count - 1].nodes.append(Self.node(closing: frame))
            case UInt8(ascii: ">"):
                _ = try path(content, at: start)
                frames[frames.count - 1].nodes.append(.partial(name: content, indent: indent, offset: start))
            default:
                let escaped = tag.sigil != UInt8(ascii: "{") && tag.sigil != UInt8(ascii: "&")
                let path = try self.path(content, at: start)
                frames[frames.count - 1].nodes.append(.variable(path: path, escaped: escaped, offset: start))
            }
        }
        if textStart < bytes.count { frames[frames.count - 1].nodes.append(.text(Array(bytes[textStart...]))) }
        if frames.count > 1, let unclosed = frames.last {
            throw error(.unclosedSection(unclosed.name), at: unclosed.offset)
        }
        return frames[0].nodes
    }

    private static func node(closing frame: Frame) -> Node {
        switch frame.sigil {
        case UInt8(ascii: "<"):
            // Only the blocks inside a parent tag count; any other content there is ignored (spec).
            var blocks: [String: [Node]] = [:]
            for case .block(let name, let children, _) in frame.nodes { blocks[name] = children }
            return .parent(name: frame.name, indent: frame.indent, blocks: blocks, offset: frame.offset)
        case UInt8(ascii: "$"):
            return .block(name: frame.name, children: frame.nodes, offset: frame.offset)
        default:
            return .section(path: frame.path, inverted: frame.sigil == UInt8(ascii: "^"), children: frame.nodes, offset: frame.offset)
        }
    }

    // MARK: Tags

    private struct Tag {
        var sigil: UInt8
        var content: String
        var end: Int

        /// Tags that output nothing themselves may stand alone on a line, which then disappears.
        var canStandalone: Bool {
            switch sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: ">"),
                UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "$"): true
            default: false
            }
        }
    }

    private func readTag(at start: Int) throws(TemplateParseError) -> Tag {
        var cursor = start + open.count
        let first: UInt8 = cursor < bytes.count ? bytes[cursor] : 0
        var sigil: UInt8 = 0
        switch first {
        case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: ">"),
            UInt8(ascii: "="), UInt8(ascii: "{"), UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: "$"):
            sigil = first
            cursor += 1
        default:
            break
        }
        var closer = close
        if sigil == UInt8(ascii: "{") { closer = [UInt8(ascii: "}")] + close }
        if sigil == UInt8(ascii: "=") { closer = [UInt8(ascii: "=")] + close }
        guard let end = find(closer, from: cursor) else { throw error(.unclosedTag, at: start) }
        let content = String(decoding: trimmed(cursor, end), as: UTF8.self)
        return Tag(sigil: sigil, content: content, end: end + closer.count)
    }

    private func trimmed(_ start: Int, _ end: Int) -> ArraySlice<UInt8> {
        var low = start, high = end
        while low < high, isSpace(bytes[low]) { low += 1 }
        while high > low, isSpace(bytes[high - 1]) { high -= 1 }
        return bytes[low..<high]
    }

    /// Where the text after a standalone tag resumes (past its line's end), or nil if the tag
    /// shares its line with anything but spaces and tabs.
    private func standaloneEnd(tagStart: Int, tagEnd: Int) -> Int? {
        var before = tagStart
        while before > 0, isBlank(bytes[before - 1]) { before -= 1 }
        guard before == 0 || bytes[before - 1] == UInt8(ascii: "\n") else { return nil }
        var after = tagEnd
        while after < bytes.count, isBlank(bytes[after]) { after += 1 }
        if after == bytes.count { return after }
        if bytes[after] == UInt8(ascii: "\n") { return after + 1 }
        if bytes[after] == UInt8(ascii: "\r"), after + 1 < bytes.count, bytes[after + 1] == UInt8(ascii: "\n") {
            return after + 2
        }
        return nil
    }

    private mutating func changeDelimiters(_ content: String, at offset: Int) throws(TemplateParseError) {
        let parts = content.utf8.split(whereSeparator: isSpace)
        guard parts.count == 2, parts.allSatisfy({ !$0.contains(UInt8(ascii: "=")) }) else {
            throw error(.badDelimiter(content), at: offset)
        }
        open = Array(parts[0])
        close = Array(parts[1])
    }

    /// `.` is the empty path (the top of the context stack); `a.b.c` its parts.
    private func path(_ name: String, at offset: Int) throws(TemplateParseError) -> [String] {
        if name == "." { return [] }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !name.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { throw error(.badName(name), at: offset) }
        return parts
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

private func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

private func isSpace(_ byte: UInt8) -> Bool {
    isBlank(byte) || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
}
