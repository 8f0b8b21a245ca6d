/// One language's strings for `{{t.key}}` tags (issue 19): each tag is replaced, when the
/// template is parsed, by the string's text parsed as a Mustache fragment, so rendering costs
/// nothing extra and the load-time check covers the names a string uses.
///
/// The fragment's literal text is HTML-escaped where the template escapes (`{{t.key}}` in an HTML
/// template) unless the key ends in `_html` (Rails' convention for strings that hold markup);
/// after `{{% CONTENT_TYPE: TEXT}}` and in `{{{t.key}}}` it is inserted as it is.
public struct TemplateStrings: Sendable {
    /// The language's code, for messages.
    public let language: String
    /// The file the strings come from (`Templates/strings/de.yaml`), for messages.
    public let file: String
    /// Flattened dotted keys (`guide.on_this_page`) → the fragment's source text.
    public let texts: [String: String]

    public init(language: String, file: String, texts: [String: String]) {
        self.language = language
        self.file = file
        self.texts = texts
    }

    /// Whether a key's text is markup rather than text to escape.
    public static func isHTMLKey(_ key: String) -> Bool {
        key.hasSuffix("_html")
    }

    /// A string's text parsed as a template fragment, ready to be spliced where its tag was.
    /// `escaped` is false for `{{{t.key}}}`; every tag offset becomes `offset`, the tag's own,
    /// so problems the check finds in the fragment point at the tag.
    /// Throws the fragment's own syntax error (its position is within the string).
    static func fragment(_ text: String, key: String, escaped: Bool, offset: Int) throws(TemplateParseError) -> [Node] {
        let bytes = Array(text.utf8)
        var parser = Parser(bytes: bytes, file: key, lines: LineTable(bytes))
        return localized(try parser.parse(), escapes: escaped && !isHTMLKey(key), offset: offset)
    }

    private static func localized(_ nodes: [Node], escapes: Bool, offset: Int) -> [Node] {
        nodes.map { node in
            switch node {
            case .text(let bytes):
                guard escapes, bytes.contains(where: escapedBytes.keys.contains) else { return .text(bytes) }
                return .localized(raw: bytes, escaped: htmlEscaped(bytes))
            case .localized, .contentType:
                return node
            case .variable(let path, let escaped, _):
                // A string that is text escapes every value it shows, even written `{{{name}}}`
                // or `{{&name}}`: a translator's slip must not put a person's input into a page
                // as markup. Only `_html` keys may.
                return .variable(path: path, escaped: escaped || escapes, offset: offset)
            case .section(let path, let inverted, let children, _):
                return .section(path: path, inverted: inverted, children: localized(children, escapes: escapes, offset: offset), offset: offset)
            case .partial(let name, let indent, _):
                return .partial(name: name, indent: indent, offset: offset)
            case .parent(let name, let indent, let blocks, let overrides, _):
                return .parent(name: name, indent: indent, blocks: blocks.mapValues { localized($0, escapes: escapes, offset: offset) },
                               overrides: localized(overrides, escapes: escapes, offset: offset), offset: offset)
            case .block(let name, let children, let indent, let standalone, _):
                return .block(name: name, children: localized(children, escapes: escapes, offset: offset), indent: indent,
                              standalone: standalone, offset: offset)
            }
        }
    }

    private static let escapedBytes: [UInt8: [UInt8]] = [
        UInt8(ascii: "&"): Array("&amp;".utf8), UInt8(ascii: "<"): Array("&lt;".utf8), UInt8(ascii: ">"): Array("&gt;".utf8),
        UInt8(ascii: "\""): Array("&quot;".utf8), UInt8(ascii: "'"): Array("&#39;".utf8),
    ]

    static func htmlEscaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if let replacement = escapedBytes[byte] { out += replacement } else { out.append(byte) }
        }
        return out
    }
}
