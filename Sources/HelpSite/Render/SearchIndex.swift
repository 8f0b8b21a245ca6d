/// `search-index.js`: every page and section (title, heading, the start of its text, tags), loaded
/// by `assets/search.js` the first time the search box gets focus. A script rather than JSON, so the
/// search also works on a site opened from disk, where browsers refuse to fetch files.
enum SearchIndex {
    static let outputPath = "search-index.js"

    /// The script, from each page's entries in page order.
    static func script(pageEntries: [String]) -> String {
        "window.helpsiteSearchIndex = [\n" + pageEntries.filter { !$0.isEmpty }.joined(separator: ",\n") + "\n];\n"
    }

    /// One page's entries: one per section, each `[title, heading, link, text, tags]`.
    static func entries(for page: SitePage, sections: [SearchSection]) -> String {
        let url = SitePath.percentEncodePath(page.outputPath)
        let tags = page.frontMatter.tags.joined(separator: " ")
        var entries: [String] = []
        for section in sections {
            let link = section.id.map { url + "#" + SitePath.percentEncode($0) } ?? url
            entries.append("[" + [page.frontMatter.title, section.heading, link, section.text, tags].map(jsonString).joined(separator: ",") + "]")
        }
        return entries.joined(separator: ",\n")
    }

    /// A JSON string literal; `<` is escaped too so the text can never end the script early.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
