/// Walks a template's nodes over a context stack, appending bytes to `output`.
struct Renderer {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    var output: [UInt8] = []
    /// The indentation of the standalone partials being rendered, added at each line's start.
    private var indent: [UInt8] = []
    private var atLineStart = false
    /// False after `{{% CONTENT_TYPE: TEXT}}`, until the end of the section or template it is in.
    private var escapes = true
    /// Sections and inclusions nest at most this deep, so a recursive template cannot exhaust the
    /// stack; deeper ones render nothing. Deep enough for the sidebar's recursive partial on
    /// bench/nested-folders.sh's 400 folders (three levels each); issue 17's load-time checks
    /// will report partial cycles before rendering.
    private var depth = 0
    static let maximumDepth = 1_500

    init(library: TemplateLibrary, stack: [TemplateValue], escapes: Bool = true) {
        self.library = library
        self.stack = stack
        self.escapes = escapes
    }

    /// `overrides` are the blocks the parents being rendered fill; the outermost caller's win.
    mutating func render(_ nodes: [Node], overrides: [String: [Node]]) {
        guard depth < Self.maximumDepth else { return }
        depth += 1
        defer { depth -= 1 }
        for node in nodes {
            switch node {
            case .text(let bytes):
                appendText(bytes)
            case .localized(let raw, let escaped):
                appendText(escapes ? escaped : raw)
            case .variable(let path, let escaped, _):
                startLine()
                if let value = lookup(path) { append(value, escaped: escaped && escapes) }
            case .contentType(let escapes):
                self.escapes = escapes
            case .section(let path, let inverted, let children, _):
                renderSection(lookup(path) ?? .null, inverted: inverted, children, overrides: overrides)
            case .partial(let name, let indent, _):
                guard let template = library[name] else { continue }
                include(template, indent: indent, overrides: overrides)
            case .parent(let name, let indent, let blocks, _, _):
                guard let template = library[name] else { continue }
                include(template, indent: indent, overrides: overrides.merging(blocks) { outer, _ in outer })
            case .block(let name, let children, let indent, let standalone, _):
                if let override = overrides[name] {
                    renderIndented(override, indent: indent, fromFirstLine: standalone, overrides: overrides)
                } else {
                    render(children, overrides: overrides)
                }
            }
        }
    }

    private mutating func renderSection(_ value: TemplateValue, inverted: Bool, _ children: [Node], overrides: [String: [Node]]) {
        let savedEscapes = escapes
        defer { escapes = savedEscapes }
        if inverted {
            if value.isFalsey { render(children, overrides: overrides) }
            return
        }
        if value.isFalsey { return }
        if case .bool = value {
            // true is not pushed (as in swift-mustache): `{{.name}}` inside still means the item around.
            render(children, overrides: overrides)
        } else if case .list(let items) = value {
            for item in items {
                stack.append(item)
                render(children, overrides: overrides)
                stack.removeLast()
            }
        } else {
            stack.append(value)
            render(children, overrides: overrides)
            stack.removeLast()
        }
    }

    private mutating func include(_ template: Template, indent extra: [UInt8], overrides: [String: [Node]]) {
        renderIndented(template.nodes, indent: extra, fromFirstLine: true, overrides: overrides)
    }

    private mutating func renderIndented(_ nodes: [Node], indent extra: [UInt8], fromFirstLine: Bool, overrides: [String: [Node]]) {
        let saved = indent
        let savedEscapes = escapes
        defer { escapes = savedEscapes }
        if !extra.isEmpty {
            indent += extra
            if fromFirstLine { atLineStart = true }
        }
        render(nodes, overrides: overrides)
        indent = saved
    }

    // MARK: Lookup

    /// The first part of a dotted name is looked up down the stack; the rest only inside what it found.
    private func lookup(_ path: [String]) -> TemplateValue? {
        guard let first = path.first else { return stack.last }
        if first.isEmpty, var found = stack.last {
            for part in path.dropFirst() {
                guard let next = found.member(part) else { return nil }
                found = next
            }
            return found
        }
        for context in stack.reversed() {
            guard var found = context.member(first) else { continue }
            for part in path.dropFirst() {
                guard let next = found.member(part) else { return nil }
                found = next
            }
            return found
        }
        return nil
    }

    // MARK: Output

    private mutating func startLine() {
        if atLineStart {
            output += indent
            atLineStart = false
        }
    }

    private mutating func appendText(_ bytes: [UInt8]) {
        guard !indent.isEmpty else {
            output += bytes
            return
        }
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if index > start || atLineStart { startLine() }
            output += bytes[start...index]
            atLineStart = true
            start = index + 1
        }
        if start < bytes.count {
            startLine()
            output += bytes[start...]
        }
    }

    private mutating func append(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .null, .list, .object, .record: break
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .int(let number): output += String(number).utf8
        case .double(let number): output += String(number).utf8
        case .string(let text):
            if escaped { appendEscaped(text) } else { output += text.utf8 }
        }
    }

    /// Byte-level HTML escaping of the five characters that matter in text and attribute values.
    private mutating func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += "&amp;".utf8
            case UInt8(ascii: "<"): output += "&lt;".utf8
            case UInt8(ascii: ">"): output += "&gt;".utf8
            case UInt8(ascii: "\""): output += "&quot;".utf8
            case UInt8(ascii: "'"): output += "&#39;".utf8
            default: output.append(byte)
            }
        }
    }
}
