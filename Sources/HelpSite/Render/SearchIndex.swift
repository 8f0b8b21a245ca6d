/// `search-index.js`: every page and section (title, heading, the start of its text, tags), loaded
/// by `assets/search.js` the first time the search box gets focus. A script rather than JSON, so the
/// search also works on a site opened from disk, where browsers refuse to fetch files.
enum SearchIndex {
    static let outputPath = "search-index.js"

    /// The script, from each page's entries in page order.
    static func script(pageEntries: [String]) -> String {
        "window.helpsiteSearchIndex = [\n" + pageEntries.filter { !$0.isEmpty }.joined(separator: ",\n") + "\n];\n"
    }

    /// One page's entries: one per section, each `[title, heading, link, text, tags]`, written
    /// into one buffer (a string per part and entry cost 5 % of a large build).
    static func entries(for page: SitePage, sections: [SearchSection]) -> String {
        let url = SitePath.url(root: "", to: page.outputPath)
        // The page's title and tags are the same in each of its entries: escaped once.
        var title: [UInt8] = [], tags: [UInt8] = []
        appendJSONString(page.frontMatter.title, to: &title)
        appendJSONString(page.frontMatter.tags.joined(separator: " "), to: &tags)
        var out: [UInt8] = []
        out.reserveCapacity(sections.count * (title.count + tags.count + url.utf8.count + 300))
        for (index, section) in sections.enumerated() {
            if index > 0 { out.append(contentsOf: ",\n".utf8) }
            out.append(UInt8(ascii: "["))
            out.append(contentsOf: title)
            out.append(UInt8(ascii: ","))
            appendJSONString(section.heading, to: &out)
            out.append(UInt8(ascii: ","))
            appendJSONString(section.id.map { url + "#" + SitePath.percentEncode($0) } ?? url, to: &out)
            out.append(UInt8(ascii: ","))
            appendJSONString(section.text, to: &out)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: tags)
            out.append(UInt8(ascii: "]"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The words of `text` (split where a character is whitespace) joined by single spaces. ASCII
    /// text, most of it, is split byte by byte; other text character by character.
    static func collapsingWhitespace(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return collapsingASCIIWhitespace(text.utf8, atLeast: .max)
    }

    /// The same for UTF-8 bytes, except that ASCII text may stop once `atLeast` bytes (characters)
    /// are out, at a word's end or not: for callers that keep only a prefix of the text.
    static func collapsingWhitespace(_ text: [UInt8], atLeast limit: Int) -> String {
        guard text.allSatisfy({ $0 < 0x80 }) else {
            return String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return collapsingASCIIWhitespace(text, atLeast: limit)
    }

    private static func collapsingASCIIWhitespace(_ text: some Collection<UInt8>, atLeast limit: Int) -> String {
        // U+0009 to U+000D and the space are ASCII's White_Space characters.
        func isSpace(_ byte: UInt8) -> Bool { (0x09...0x0D).contains(byte) || byte == 0x20 }
        var out: [UInt8] = []
        out.reserveCapacity(Swift.min(text.count, limit))
        var pendingSpace = false
        for byte in text {
            if isSpace(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
                if out.count >= limit { break }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal; `<` is escaped too so the text can never end the script early, and
    /// U+2028 and U+2029 (line ends to JavaScript) as well. Built from the UTF-8 bytes: the index
    /// holds the start of every section of every page.
    static func jsonString(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendJSONString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `jsonString`'s literal, appended to `out` (which grows as arrays do: no exact reserve here,
    /// which would reallocate for every part).
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            out.append(UInt8(ascii: "\""))
            // Bytes that need no escape are copied in runs, not one by one.
            var index = 0, run = 0
            func escape(_ text: StaticString) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                text.withUTF8Buffer { out.append(contentsOf: $0) }
            }
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "\""): escape("\\\"")
                case UInt8(ascii: "\\"): escape("\\\\")
                case UInt8(ascii: "\n"): escape("\\n")
                case UInt8(ascii: "\r"): escape("\\r")
                case UInt8(ascii: "\t"): escape("\\t")
                case UInt8(ascii: "<"): escape("\\u003c")
                case 0..<0x20:
                    escape("")
                    let hex = String(byte, radix: 16)
                    out.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    escape(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    index += 2
                default:
                    index += 1
                    continue
                }
                index += 1
                run = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
            out.append(UInt8(ascii: "\""))
        }
    }
}
