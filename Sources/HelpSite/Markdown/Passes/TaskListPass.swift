import CommonMark

extension PageRun {
    /// GFM task list items: a list item whose first paragraph starts with `[ ]`, `[x]` or `[X]`
    /// and a space shows a disabled checkbox instead (the GFM spec's HTML). The marker is checked
    /// in the source and must still be the item's first text (where `[x]: …` is defined, cmark
    /// made `[x]` a link and the item stays as it is; GitHub prefers the marker, a rare case).
    mutating func markTaskListItems() {
        var items: [Node] = []
        document.rootNode.forEachDescendant { if $0.kind == .item { items.append($0) } }
        for item in items {
            guard let paragraph = item.firstChild, paragraph.kind == .paragraph,
                  let text = paragraph.firstChild, text.kind == .text, let literal = text.literal else { continue }
            let line = source.line(paragraph.startLine).dropFirst(max(paragraph.startColumn - 1, 0))
            guard let checked = Self.taskMarker(line), literal.utf8.prefix(3).elementsEqual(line.prefix(3)) else { continue }
            inlineSource.readBlock(containing: paragraph)
            text.literal = String(literal.dropFirst(3))
            let box = checked ? "<input checked=\"\" disabled=\"\" type=\"checkbox\">" : "<input disabled=\"\" type=\"checkbox\">"
            text.insertBefore(document.makeCustomInline(onEnter: box))
        }
    }

    /// Whether `line` (from the paragraph's first byte) opens with a task marker: true for a
    /// checked one, false for an empty one, nil for none.
    static func taskMarker(_ line: ArraySlice<UInt8>) -> Bool? {
        let bytes = Array(line.prefix(4))
        guard bytes.count == 4, bytes[0] == UInt8(ascii: "["), bytes[2] == UInt8(ascii: "]"), TableSyntax.isSpace(bytes[3]) else { return nil }
        switch bytes[1] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"): return false
        case UInt8(ascii: "x"), UInt8(ascii: "X"): return true
        default: return nil
        }
    }
}
