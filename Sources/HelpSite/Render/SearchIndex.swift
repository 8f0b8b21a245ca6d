/// `search-index.js`: every page and section (title, heading, the start of its text, tags), loaded
/// by `assets/search.js` the first time the search box gets focus. A script rather than JSON, so the
/// search also works on a site opened from disk, where browsers refuse to fetch files.
enum SearchIndex {
    static let outputPath = "search-index.js"

    static func script(model: SiteModel, sections: [String: [SearchSection]]) -> String {
        var entries: [String] = []
        for page in model.pages {
            let url = SitePath.percentEncodePath(page.outputPath)
            let tags = page.frontMatter.tags.joined(separator: " ")
            for section in sections[page.source] ?? [SearchSection(id: nil, heading: "", text: "")] {
                let link = section.id.map { url + "#" + SitePath.percentEncode($0) } ?? url
                entries.append("[" + [page.frontMatter.title, section.heading, link, section.text, tags].map(jsonString).joined(separator: ",") + "]")
            }
        }
        return "window.helpsiteSearchIndex = [\n" + entries.joined(separator: ",\n") + "\n];\n"
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
