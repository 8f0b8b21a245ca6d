/// One pass over the template's bytes: tags found by the current delimiters, standalone-tag
/// lines removed (the spec's whitespace rules), sections nested with an explicit stack.
struct Parser {
    private let bytes: [UInt8]
    private let file: String
    private let lines: LineTable
    /// The language whose strings replace `{{t.key}}` tags; nil: `t` is an ordinary name.
    private let strings: TemplateStrings?
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    /// The latest run of tags that output nothing inside a parent tag (`{{<p}}`, `{{/block}}`,
    /// `{{/p}}`): the inheritance spec lets a tag after them on the same line still stand alone.
    private var transparent: (start: Int, end: Int)?
    /// Rendering recurses per nested section, so nesting is bounded where a template is read;
    /// real templates nest a handful deep.
    static let maximumNesting = 100

    /// An open section, parent or block, collecting its children.
    private struct Frame {
        var sigil: UInt8
        var name: String
        var path: [String]
        var offset: Int
        var indent: [UInt8]
        /// Blanks removed from the start of each line of this frame's text: a block overriding
        /// a parent's has its own indentation taken off, to be given the parent block's instead.
        var dedent: Int = 0
        /// The blanks before the tag on its line (empty if anything else precedes it), dedented.
        var tagIndent: [UInt8] = []
        var standalone = false
        var contentStartsLine = false
        var nodes: [Node] = []
    }

    init(bytes: [UInt8], file: String, lines: LineTable, strings: TemplateStrings? = nil) {
        self.bytes = bytes
        self.file = file
        self.lines = lines
        self.strings = strings
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
            var jumped = false
            var standalone = false
            let inParent = frames[frames.count - 1].sigil == UInt8(ascii: "<")
            if tag.canStandalone, let line = standaloneLine(tagStart: start, tagEnd: tag.end, afterParentTags: inParent) {
                standalone = true
                jumped = line.jumped
                if !jumped { textEnd = line.blankStart }
                indent = Array(bytes[line.blankStart..<line.indentEnd])
                next = line.next
            }
            if textEnd > textStart {
                let text = dedented(textStart, textEnd, by: frames[frames.count - 1].dedent)
                if !text.isEmpty { frames[frames.count - 1].nodes.append(.text(text)) }
            }
            index = next
            textStart = next

            let content = tag.content
            switch tag.sigil {
            case UInt8(ascii: "!"):
                break
            case UInt8(ascii: "="):
                try changeDelimiters(content, at: start)
            case UInt8(ascii: "%"):
                frames[frames.count - 1].nodes.append(.contentType(escapes: try contentType(content, at: start)))
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: "$"):
                let path = try self.path(content, at: start)
                let outer = frames[frames.count - 1].dedent
                var frame = Frame(sigil: tag.sigil, name: content, path: path, offset: start, indent: indent, dedent: outer)
                frame.tagIndent = Array(lineIndent(before: start).dropFirst(outer))
                frame.standalone = standalone
                frame.contentStartsLine = next == 0 || bytes[next - 1] == UInt8(ascii: "\n")
                if tag.sigil == UInt8(ascii: "$"), inParent, frame.contentStartsLine {
                    var blanks = next
                    while blanks < bytes.count, isBlank(bytes[blanks]) { blanks += 1 }
                    frame.dedent = max(outer, blanks - next)
                }
                if tag.sigil == UInt8(ascii: "<") { markTransparent(start, tag.end) }
                guard frames.count <= Self.maximumNesting else { throw error(.nestedTooDeeply(Self.maximumNesting), at: start) }
                frames.append(frame)
            case UInt8(ascii: "/"):
                guard frames.count > 1 else { throw error(.mismatchedClose(expected: nil, found: content), at: start) }
                var frame = frames.removeLast()
                guard frame.name == content else {
                    throw error(.mismatchedClose(expected: frame.name, found: content), at: start)
                }
                if frame.sigil == UInt8(ascii: "<") {
                    markTransparent(start, tag.end)
                    if jumped {
                        // `  {{<p}}…{{/p}}` alone on its line: a standalone parent, indented.
                        frame.indent = indent
                        trimTrailingBlanks(indent.count, in: &frames[frames.count - 1].nodes)
                    }
                } else if frames[frames.count - 1].sigil == UInt8(ascii: "<") {
                    markTransparent(start, tag.end)
                }
                frames[frames.count - 1].nodes.append(Self.node(closing: frame))
            case UInt8(ascii: ">"):
                _ = try path(content, at: start)
                frames[frames.count - 1].nodes.append(.partial(name: content, indent: indent, offset: start))
            default:
                let escaped = tag.sigil != UInt8(ascii: "{") && tag.sigil != UInt8(ascii: "&")
                let path = try self.path(content, at: start)
                if let strings, path.count > 1, path[0] == "t" {
                    frames[frames.count - 1].nodes += try translated(path.dropFirst().joined(separator: "."), strings, escaped: escaped, at: start)
                } else {
                    frames[frames.count - 1].nodes.append(.variable(path: path, escaped: escaped, offset: start))
                }
            }
        }
        if textStart < bytes.count {
            let text = dedented(textStart, bytes.count, by: frames[frames.count - 1].dedent)
            if !text.isEmpty { frames[frames.count - 1].nodes.append(.text(text)) }
        }
        if frames.count > 1, let unclosed = frames.last {
            throw error(.unclosedSection(unclosed.name), at: unclosed.offset)
        }
        return frames[0].nodes
    }

    /// `{{t.key}}`: the string's fragment in place of the tag (TemplateStrings).
    private func translated(_ key: String, _ strings: TemplateStrings, escaped: Bool, at offset: Int) throws(TemplateParseError) -> [Node] {
        guard let text = strings.texts[key] else {
            let suggestion = Suggestion.closest(to: key, among: Array(strings.texts.keys))
            throw error(.unknownString(key: key, language: strings.language, file: strings.file, suggestion: suggestion), at: offset)
        }
        do throws(TemplateParseError) {
            return try TemplateStrings.fragment(text, key: key, escaped: escaped, offset: offset)
        } catch {
            throw self.error(.badString(key: key, problem: error.message), at: offset)
        }
    }

    private static func node(closing frame: Frame) -> Node {
        switch frame.sigil {
        case UInt8(ascii: "<"):
            // Only the blocks inside a parent tag count; any other content there is ignored (spec).
            var blocks: [String: [Node]] = [:]
            var overrides: [Node] = []
            for node in frame.nodes {
                guard case .block(let name, let children, _, _, _) = node else { continue }
                blocks[name] = children
                overrides.append(node)
            }
            return .parent(name: frame.name, indent: frame.indent, blocks: blocks, overrides: overrides, offset: frame.offset)
        case UInt8(ascii: "$"):
            // An override takes the indentation of the block's default content, else of its tag.
            var indent = frame.tagIndent
            if frame.contentStartsLine, case .text(let first)? = frame.nodes.first, first.first != UInt8(ascii: "\n") {
                indent = Array(first.prefix(while: isBlank))
            }
            return .block(name: frame.name, children: frame.nodes, indent: indent, standalone: frame.standalone, offset: frame.offset)
        default:
            return .section(path: frame.path, inverted: frame.sigil == UInt8(ascii: "^"), children: frame.nodes, offset: frame.offset)
        }
    }

    private mutating func markTransparent(_ start: Int, _ end: Int) {
        var begin = start
        if let previous = transparent {
            var blanks = start
            while blanks > previous.end, isBlank(bytes[blanks - 1]) { blanks -= 1 }
            if blanks == previous.end { begin = previous.start }
        }
        transparent = (begin, end)
    }

    private func trimTrailingBlanks(_ count: Int, in nodes: inout [Node]) {
        guard count > 0, case .text(var text)? = nodes.last else { return }
        text.removeLast(min(count, text.count))
        nodes[nodes.count - 1] = .text(text)
    }

    /// The bytes start..<end with up to `dedent` blanks removed at the start of each line.
    private func dedented(_ start: Int, _ end: Int, by dedent: Int) -> [UInt8] {
        guard dedent > 0 else { return Array(bytes[start..<end]) }
        var result: [UInt8] = []
        var index = start
        while index < end {
            if index == 0 || bytes[index - 1] == UInt8(ascii: "\n") {
                var skipped = 0
                while skipped < dedent, index < end, isBlank(bytes[index]) { index += 1; skipped += 1 }
                if index == end { break }
            }
            result.append(bytes[index])
            index += 1
        }
        return result
    }

    /// The blanks between the start of the tag's line and the tag, if nothing else precedes it.
    private func lineIndent(before start: Int) -> [UInt8] {
        var before = start
        while before > 0, isBlank(bytes[before - 1]) { before -= 1 }
        guard before == 0 || bytes[before - 1] == UInt8(ascii: "\n") else { return [] }
        return Array(bytes[before..<start])
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
                UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "%"): true
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
            UInt8(ascii: "="), UInt8(ascii: "{"), UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "%"):
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

    /// A standalone tag's line: where its leading blanks start and end, where the text after it
    /// resumes (past the line's end), and whether transparent parent tags were skipped before it.
    /// Nil if the tag shares its line with anything but spaces, tabs and (for a tag directly in a
    /// parent tag, which outputs nothing there) such parent tags.
    private func standaloneLine(tagStart: Int, tagEnd: Int, afterParentTags: Bool) -> (blankStart: Int, indentEnd: Int, next: Int, jumped: Bool)? {
        var before = tagStart
        while before > 0, isBlank(bytes[before - 1]) { before -= 1 }
        var indentEnd = tagStart
        var jumped = false
        if afterParentTags, let skip = transparent, skip.end == before, skip.start < before {
            before = skip.start
            indentEnd = skip.start
            jumped = true
            while before > 0, isBlank(bytes[before - 1]) { before -= 1 }
        }
        guard before == 0 || bytes[before - 1] == UInt8(ascii: "\n") else { return nil }
        var after = tagEnd
        while after < bytes.count, isBlank(bytes[after]) { after += 1 }
        var next: Int
        if after == bytes.count {
            next = after
        } else if bytes[after] == UInt8(ascii: "\n") {
            next = after + 1
        } else if bytes[after] == UInt8(ascii: "\r"), after + 1 < bytes.count, bytes[after + 1] == UInt8(ascii: "\n") {
            next = after + 2
        } else {
            return nil
        }
        return (before, indentEnd, next, jumped)
    }

    private mutating func changeDelimiters(_ content: String, at offset: Int) throws(TemplateParseError) {
        let parts = content.utf8.split(whereSeparator: isSpace)
        guard parts.count == 2, parts.allSatisfy({ !$0.contains(UInt8(ascii: "=")) }) else {
            throw error(.badDelimiter(content), at: offset)
        }
        open = Array(parts[0])
        close = Array(parts[1])
    }

    /// `CONTENT_TYPE: TEXT` → no escaping, `CONTENT_TYPE: HTML` → escaping (swift-mustache's pragma).
    private func contentType(_ content: String, at offset: Int) throws(TemplateParseError) -> Bool {
        let parts = content.split(separator: ":", omittingEmptySubsequences: false)
            .map { String(decoding: $0.utf8.drop(while: isSpace).reversed().drop(while: isSpace).reversed(), as: UTF8.self) }
        guard parts.count == 2, parts[0] == "CONTENT_TYPE", parts[1] == "TEXT" || parts[1] == "HTML" else {
            throw error(.unknownPragma(content), at: offset)
        }
        return parts[1] == "HTML"
    }

    /// `.` is the empty path (the top of the context stack); `a.b.c` its parts. A leading dot,
    /// `.url` (as the templates here write inside sections), is an empty first part: the name is
    /// looked up in the top context only.
    private func path(_ name: String, at offset: Int) throws(TemplateParseError) -> [String] {
        if name == "." { return [] }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !name.isEmpty, parts.dropFirst().allSatisfy({ !$0.isEmpty }) else { throw error(.badName(name), at: offset) }
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
