import CommonMark
import Diagnostics

extension PageRun {
    /// Replaces `{{reset.…}}` in text and link destinations (not in code), before links are
    /// resolved; a paragraph that is only `{{reset.contacts}}` becomes the list of contacts.
    mutating func substituteFacts() {
        guard let facts = renderer.facts else { return }
        // Paragraphs replaced by the contacts list: their text is gone from the page.
        var replaced: [Node] = []
        for node in document.allNodes() {
            if let parent = node.parent, replaced.contains(parent) { continue }
            switch node.kind {
            case .paragraph:
                guard node.plainText.trimmingSpaces() == "{{\(Facts.listName)}}", node.children.count == 1 else { continue }
                let items = facts.contacts.map { "<li><strong>\(escapeHTML($0.provider))</strong>: \(escapeHTML($0.contact))</li>" }
                let list = document.makeCustomBlock(onEnter: "<ul class=\"contacts\">\n" + items.joined(separator: "\n") + "\n</ul>", onExit: "")
                if node.replace(with: list) { replaced.append(node) }
            case .text:
                guard let literal = node.literal, Facts.mayHavePlaceholder(literal) else { continue }
                let (text, unknown) = facts.substitute(literal)
                for (name, offset) in unknown {
                    diagnostics.append(.error("unknown value '{{\(name)}}' (known: \(facts.names.joined(separator: ", ")))",
                                              at: SourceLocation(file: file, line: node.startLine + lineOffset, column: node.startColumn + offset)))
                }
                node.literal = text
            case .link, .image:
                guard let url = node.url, Facts.mayHavePlaceholder(url) else { continue }
                let (text, unknown) = facts.substitute(url)
                for (name, _) in unknown {
                    report(.error, "unknown value '{{\(name)}}' in a link (known: \(facts.names.joined(separator: ", ")))", at: node)
                }
                if !unknown.isEmpty { unresolvable.insert(node) }
                node.url = text
            default:
                continue
            }
        }
    }
}
