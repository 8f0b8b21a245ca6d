/// The reference documentation of what each template receives (docs/templates.md), made from the
/// same shapes the load-time check uses, so the two cannot disagree.
public enum TemplateReference {
    /// One template the tools render, with the type it receives.
    public struct Entry: Sendable {
        public let template: String
        public let shape: ObjectShape

        public init(template: String, shape: ObjectShape) {
            self.template = template
            self.shape = shape
        }
    }

    /// Markdown: a table per template, then a table per type found inside them, each once.
    public static func markdown(_ entries: [Entry]) -> String {
        var text = ""
        var nested: [ObjectShape] = []
        var seen: Set<String> = []
        func note(_ type: ValueType) {
            switch type {
            case .object(let shape):
                if seen.insert(shape.name).inserted { nested.append(shape) }
            case .optional(let wrapped), .list(let wrapped):
                note(wrapped)
            case .text, .number, .html, .flag:
                break
            }
        }
        for entry in entries {
            text += "### `\(entry.template).mustache`\n\n"
            text += "Receives `\(entry.shape.name)`" + (entry.shape.summary.isEmpty ? "." : ": " + lowercasedFirst(entry.shape.summary)) + "\n\n"
            text += table(entry.shape)
            entry.shape.fields.forEach { note($0.includedFrom.map(ValueType.object) ?? $0.type) }
        }
        if !nested.isEmpty { text += "### Types inside them\n\n" }
        var index = 0
        while index < nested.count {
            let shape = nested[index]
            index += 1
            text += "#### `\(shape.name)`\n\n"
            if !shape.summary.isEmpty { text += shape.summary + "\n\n" }
            text += table(shape)
            shape.fields.forEach { note($0.includedFrom.map(ValueType.object) ?? $0.type) }
        }
        return text
    }

    /// Fields included from another type are one row that names it, instead of a copy of its table.
    private static func table(_ shape: ObjectShape) -> String {
        var text = "| Name | Kind | What it holds |\n|:---|:---|:---|\n"
        var included: Set<String> = []
        for field in shape.fields {
            if let part = field.includedFrom {
                if included.insert(part.name).inserted { text += "| every value of `\(part.name)` | | See `\(part.name)` below. |\n" }
                continue
            }
            text += "| `\(field.name)` | \(field.type.summary) | \(field.summary.replacingPipes()) |\n"
        }
        return text + "\n"
    }

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

extension String {
    fileprivate func replacingPipes() -> String {
        split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
