/// What raw HTML that safe mode leaves out held: nothing a reader would miss (comments, such as
/// `<!-- markdownlint-disable -->`, are dropped silently) or words of the page.
enum RawHTMLText {
    /// Whether `html` is only comments and white space.
    static func isOnlyComments(_ html: String) -> Bool {
        var rest = Substring(html)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard !rest.isEmpty else { return true }
            guard rest.hasPrefix("<!--"), let end = rest.dropFirst(4).firstRange(of: "-->") else { return false }
            rest = rest[end.upperBound...]
        }
    }

    /// The words a reader would have seen: text outside tags, comments, scripts and styles (all
    /// of `text` when it is not HTML).
    static func wordCount(_ text: String, isHTML: Bool = true) -> Int {
        var count = 0, inWord = false
        var rest = Substring(text)
        while let character = rest.first {
            if isHTML, character == "<" {
                inWord = false
                rest = skipMarkup(rest)
                continue
            }
            if character.isLetter || character.isNumber {
                if !inWord { count += 1 }
                inWord = true
            } else if character.isWhitespace {
                inWord = false
            }
            rest = rest.dropFirst()
        }
        return count
    }

    /// `text` after the tag, comment, script or style element it starts with.
    private static func skipMarkup(_ text: Substring) -> Substring {
        if text.hasPrefix("<!--") { return text.dropFirst(4).firstRange(of: "-->").map { text[$0.upperBound...] } ?? "" }
        let afterTag = text.firstIndex(of: ">").map { text[text.index(after: $0)...] } ?? ""
        for element in ["script", "style"] where text.dropFirst().prefix(element.count).lowercased() == element {
            return afterTag.firstRange(of: "</\(element)").map { afterTag[$0.upperBound...] } ?? ""
        }
        return afterTag
    }
}
