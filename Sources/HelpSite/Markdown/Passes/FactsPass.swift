import CommonMark
import Diagnostics

extension PageRun {
    /// Replaces `{{reset.…}}` in text and link destinations (not in code, nor where a `{` was
    /// written `\{`), before links are resolved; a paragraph that is only `{{reset.contacts}}`
    /// becomes the list of contacts.
    mutating func substituteFacts() {
        guard let facts = renderer.facts(for: page) else { return }
        // Only for a message: most pages have nothing to report.
        var known: String { facts.names.joined(separator: ", ") }
        // Paragraphs replaced by the contacts list: their text is gone from the page.
        var replaced: Set<Node> = []
        for node in document.allNodes() {
            if !replaced.isEmpty, let parent = node.parent, replaced.contains(parent) { continue }
            switch node.kind {
            case .paragraph:
                // One child first: cheaper than the text, which every paragraph would be asked for.
                guard let text = node.firstChild, text.next == nil, node.plainText.trimmingSpaces() == "{{\(Facts.listName)}}",
                      inlineSource.braces(of: text)?.contains(where: \.escaped) != true else { continue }
                let items = facts.contacts.map { "<li><strong>\(escapeHTML($0.provider))</strong>: \(escapeHTML($0.contact))</li>" }
                let list = document.makeCustomBlock(onEnter: "<ul class=\"contacts\">\n" + items.joined(separator: "\n") + "\n</ul>", onExit: "")
                if node.replace(with: list) { replaced.insert(node) }
            case .text:
                guard node.withLiteralBytes({ Facts.mayHavePlaceholder(bytes: $0) }) == true, let literal = node.literal else { continue }
                let braces = SourceBraces(literal: literal, source: inlineSource.braces(of: node))
                let (text, unknown) = facts.substitute(literal) { braces[$0]?.escaped == true }
                for placeholder in unknown {
                    // The source's spelling and place: the literal has had entities and smart punctuation applied.
                    if let open = braces[placeholder.start], let close = braces[placeholder.end - 1] {
                        let quote = String(decoding: source.bytes[open.offset..<(close.offset + close.length)], as: UTF8.self)
                        diagnostics.append(.error("unknown value '\(quote.prefix(80))' (known: \(known))", at: location(ofOffset: open.offset)))
                    } else {
                        diagnostics.append(.error("unknown value '{{\(placeholder.name)}}' (known: \(known))",
                                                  at: SourceLocation(file: file, line: node.startLine + lineOffset, column: node.startColumn + placeholder.start)))
                    }
                }
                node.literal = text
            case .link, .image:
                guard let url = node.url, Facts.mayHavePlaceholder(url) else { continue }
                let (text, unknown) = facts.substitute(url)
                for placeholder in unknown {
                    report(.error, "unknown value '{{\(placeholder.name)}}' in a link (known: \(known))", at: node)
                }
                if !unknown.isEmpty { unresolvable.insert(node) }
                node.url = text
            default:
                continue
            }
        }
    }
}

/// The source of each `{` and `}` of a text node's literal, by the brace's byte offset in the literal.
private struct SourceBraces {
    private var byOffset: [Int: InlineSourceMap.Brace] = [:]

    init(literal: String, source: [InlineSourceMap.Brace]?) {
        guard let source else { return }
        var ordinal = 0
        for (offset, byte) in literal.utf8.enumerated() where byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") {
            guard ordinal < source.count else { return }
            byOffset[offset] = source[ordinal]
            ordinal += 1
        }
    }

    subscript(_ offset: Int) -> InlineSourceMap.Brace? { byOffset[offset] }
}
