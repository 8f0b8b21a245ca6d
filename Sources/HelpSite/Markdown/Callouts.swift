import CommonMark

/// GitHub-style callouts: a block quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
/// `[!WARNING]` or `[!CAUTION]` becomes a labelled box instead of a quotation.
enum Callout: String, CaseIterable {
    case note, tip, important, warning, caution

    var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    enum Match {
        case callout(Callout)
        case unknown(String)
        case none
    }

    /// Turns `quote` into a callout if its first paragraph starts with a marker. Text nodes must
    /// be consolidated first, so the marker is one text node.
    static func transform(_ quote: Node, in document: Document) -> Match {
        guard let paragraph = quote.firstChild, paragraph.kind == .paragraph,
              let text = paragraph.firstChild, text.kind == .text, let literal = text.literal,
              literal.hasPrefix("[!"), let close = literal.firstIndex(of: "]")
        else { return .none }
        let name = String(literal[literal.index(literal.startIndex, offsetBy: 2)..<close])
        guard let kind = Callout(rawValue: name.lowercased()) else { return .unknown(name) }

        // Drop the marker and the line break after it; drop the paragraph if nothing is left.
        let remainder = String(literal[literal.index(after: close)...]).trimmingSpaces()
        if remainder.isEmpty {
            if let lineBreak = text.next, lineBreak.kind == .softBreak || lineBreak.kind == .lineBreak {
                lineBreak.remove()
            }
            text.remove()
        } else {
            text.literal = remainder
        }
        if paragraph.firstChild == nil { paragraph.remove() }

        let box = document.makeCustomBlock(
            onEnter: "<div class=\"callout callout-\(kind.rawValue)\" role=\"note\">\n<p class=\"callout-title\">\(kind.label)</p>",
            onExit: "</div>"
        )
        // A block quote's parent always holds blocks, so this cannot be refused.
        guard quote.replace(with: box) else { return .none }
        for child in quote.children { box.appendChild(child) }
        return .callout(kind)
    }
}
