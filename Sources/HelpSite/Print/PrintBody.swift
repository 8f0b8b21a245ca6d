/// A page's body is rendered for print once, for the whole guide's view (every page of the guide
/// in-page, files relative to its folder), and fitted to each folder's view by two edits of that
/// HTML, both on text only the print rendering writes: so a page costs one more Markdown render,
/// whatever the number of views it is in.
enum PrintBody {
    /// Put before the URL of every image, video and other file shown in a print body: replaced by
    /// the way from the view's folder back to the whole guide's. No URL the build writes starts so
    /// (resolved paths are percent-encoded: `%` is always followed by two hex digits).
    static let filePrefix = "%%print%%/"

    /// The body of one page for `view`: files made relative to its folder, links to pages of the
    /// guide that are not in it made absolute (to the published site).
    static func fitted(_ html: String, to view: PrintScope, whole: PrintScope, baseURL: String) -> String {
        let up = SitePath.rootPrefix(from: view.outputPath).dropFirst(SitePath.rootPrefix(from: whole.outputPath).count)
        var out = html.replacingAll("=\"" + filePrefix, with: "=\"" + up)
        guard view.members.count != whole.members.count else { return out }
        out = out.replacingHrefs(startingWith: "#/") { href in
            guard let (page, fragment) = PrintAnchor.parse(href), !view.members.contains(page), whole.members.contains(page) else { return nil }
            return baseURL + SitePath.percentEncodePath(SitePath.outputPath(forPage: page))
                + (fragment.map { "#" + SitePath.percentEncode($0) } ?? "")
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced, in one pass over the bytes.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard let first = needle.first else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == first, index + needle.count <= bytes.count, bytes[index..<index + needle.count].elementsEqual(needle) {
                out += replacement.utf8
                index += needle.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Each `href="PREFIX…"` whose value (HTML-unescaped) `change` gives a new value for, replaced by it.
    func replacingHrefs(startingWith prefix: String, _ change: (String) -> String?) -> String {
        let marker = "href=\"" + prefix
        var out = ""
        var rest = self[...]
        while let start = rest.range(of: marker) {
            let valueStart = rest.index(start.lowerBound, offsetBy: 6)
            guard let end = rest[valueStart...].firstIndex(of: "\"") else { break }
            out += rest[..<valueStart]
            let value = String(rest[valueStart..<end])
            out += change(value.replacingAll("&amp;", with: "&")).map(escapeHTML) ?? value
            rest = rest[end...]
        }
        out += rest
        return out
    }
}
