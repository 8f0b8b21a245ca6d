/// Makes heading ids the way GitHub does, so links written for GitHub keep working: lower-case,
/// drop everything but letters, marks, digits, `_`, `-` and spaces, turn each space into `-`.
/// Letters of every script survive, so a Japanese or accented heading still gets an id.
/// Repeats on one page get `-1`, `-2`, … and never collide with ids set explicitly.
struct HeadingSlugger {
    private var used: Set<String>
    /// The last suffix given per stem, so that n headings with one text cost n look-ups, not n².
    private var lastSuffix: [String: Int] = [:]

    /// `reserved`: the explicit `{#id}`s of the page, which automatic ids must avoid.
    init(reserved: Set<String> = []) { used = reserved }

    static func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark,
                 .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
                result.unicodeScalars.append(scalar)
            case .dashPunctuation where scalar == "-":
                result.unicodeScalars.append(scalar)
            case .spaceSeparator where scalar == " ":
                result.unicodeScalars.append("-")
            default:
                continue
            }
        }
        return result
    }

    /// The next unique id for a heading with this text.
    mutating func uniqueID(for text: String) -> String {
        let base = Self.slug(text.trimmingSpaces())
        // A heading of only symbols or emoji slugs to nothing; give it a usable id anyway.
        let stem = base.isEmpty ? "section" : base
        var candidate = stem
        var counter = lastSuffix[stem] ?? 0
        while used.contains(candidate) {
            counter += 1
            candidate = "\(stem)-\(counter)"
        }
        lastSuffix[stem] = counter
        used.insert(candidate)
        return candidate
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
