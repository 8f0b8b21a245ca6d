import Foundation
import CommonMark
import Diagnostics

extension PageRun {
    mutating func assignIDs(_ nodes: [Node]) -> [Heading] {
        var explicit: [Int: String] = [:]
        var firstUse: [String: SourceLocation] = [:]
        for (index, node) in nodes.enumerated() {
            guard let id = takeExplicitID(from: node) else { continue }
            if PageRenderer.templateIDs.contains(id) {
                report(.error, "heading id '\(id)' is used by the page template; choose another", at: node)
            } else if let first = firstUse[id] {
                report(.error, "heading id '\(id)' is already used on line \(first.line)", at: node)
            } else {
                firstUse[id] = location(of: node)
                explicit[index] = id
            }
        }
        var slugger = HeadingSlugger(reserved: Set(explicit.values).union(PageRenderer.templateIDs))
        let githubTexts = githubHeadingTexts(for: nodes)
        var automaticIDs: [String?] = []
        automaticIDs.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            // GitHub counts every heading, one with an explicit id too (it shows `{#id}` as text),
            // so later repeats are numbered as there.
            let automatic = slugger.uniqueID(for: githubTexts[index] ?? node.plainText)
            automaticIDs.append(explicit[index] ?? automatic)
        }
        // A heading of only symbols (an empty id on GitHub) gets one no other heading has.
        var taken = Set(automaticIDs.compactMap { $0 }).union(PageRenderer.templateIDs)
        var fallbackCounter = 0
        let ids = automaticIDs.map { $0 ?? HeadingSlugger.fallbackID(taken: &taken, counter: &fallbackCounter) }
        var headings: [Heading] = []
        headings.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            let text = node.plainText.trimmingSpaces()
            let level = node.headingLevel
            if level == 1 {
                report(.warning, "level-1 heading in the body: the page title is the page's only h1, so start sections at '##'", at: node)
            }
            headings.append(Heading(level: level, id: ids[index], text: text, location: location(of: node)))
            replace(node, level: level, id: ids[index], text: text)
        }
        return headings
    }

    /// Strips a trailing `{#custom-id}` from the heading's text and returns the id; escaped
    /// braces in the source (`\{#id}`) make it text.
    mutating func takeExplicitID(from heading: Node) -> String? {
        guard endsWithIDBraces(heading), let last = heading.lastChild, last.kind == .text, let literal = last.literal else { return nil }
        let trimmed = literal.trimmingSpaces()
        guard trimmed.hasSuffix("}"), let open = trimmed.range(of: "{#", options: .backwards) else { return nil }
        // NFC like automatic ids, so `{#résumé}` typed in either form is the id an NFC link names
        // (and NFD's combining marks are not taken for invalid characters).
        let id = PublishedNames.nfc(String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]))
        guard !id.isEmpty, id.unicodeScalars.allSatisfy(Self.isIDCharacter) else {
            report(.error, "invalid heading id '\(id)': use letters, digits, '-', '_', '.' or ':'", at: heading)
            return nil
        }
        var before = Substring(trimmed[..<open.lowerBound])
        while let character = before.last, character.isWhitespace { before.removeLast() }
        if before.isEmpty { last.remove() } else { last.literal = String(before) }
        return id
    }

    static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "_" || scalar == "." || scalar == ":"
            || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Replaces the heading with the same heading carrying its id and a permalink.
    func replace(_ heading: Node, level: Int, id: String, text: String) {
        let rendered = heading.renderHTML(unsafe: renderer.unsafeHTML)
        let open = "<h\(level)>", close = "</h\(level)>\n"
        let inner = rendered.hasPrefix(open) && rendered.hasSuffix(close)
            ? String(rendered.dropFirst(open.count).dropLast(close.count)) : rendered
        let published = printScope == nil ? id : PrintAnchor.id(page: page, fragment: id)
        let href = printScope == nil ? "#" + SitePath.percentEncode(id) : PrintAnchor.href(page: page, fragment: id)
        let html = "<h\(level) id=\"\(escapeHTML(published))\">\(inner)"
            + "<a class=\"heading-anchor\" href=\"\(escapeHTML(href))\" aria-label=\"Link to this section\">#</a></h\(level)>"
        let block = document.makeCustomBlock(onEnter: html, onExit: "")
        heading.replace(with: block)
    }
}
