/// Paths inside the site: `/`-separated, relative to the content folder (for sources) or to the
/// output folder (for outputs), never starting with `/`.
enum SitePath {
    /// The output file a Markdown page becomes: `admin/people.md` → `admin/people.html`. Files,
    /// not pretty folder URLs, so the site also works opened straight from disk.
    static func outputPath(forPage source: String) -> String {
        String(source.dropLast(3)) + ".html"
    }

    /// The listing page of a folder: `admin` → `admin/index.html`, the root → `index.html`.
    static func sectionOutputPath(_ folder: String) -> String {
        folder.isEmpty ? "index.html" : folder + "/index.html"
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Joins `relative` onto `directory`, resolving `.` and `..`. Returns nil when the result would
    /// leave the root.
    static func resolve(_ relative: String, in directory: String) -> String? {
        var parts = directory.isEmpty ? [] : directory.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The prefix that leads from the folder of `path` back to the root: `""` or `"../../"`.
    static func rootPrefix(from path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }

    /// A relative URL from the output file `from` to the output file `to`, percent-encoded.
    static func relativeURL(from: String, to: String) -> String {
        let fromDirectory = directory(of: from).split(separator: "/")
        let target = to.split(separator: "/", omittingEmptySubsequences: false)
        var common = 0
        while common < fromDirectory.count, common < target.count - 1, fromDirectory[common] == target[common] {
            common += 1
        }
        let up = String(repeating: "../", count: fromDirectory.count - common)
        let down = target[common...].map { percentEncode(String($0)) }.joined(separator: "/")
        return relativeReference(up + down)
    }

    /// A URL under the root prefix (`""` or `"../../"`) of the page that links to it.
    static func url(root: String, to output: String) -> String {
        relativeReference(root + percentEncodePath(output))
    }

    /// A relative URL whose first segment has a `:` (`faq:reset.html`) reads as scheme `faq:` in
    /// a browser; `./` makes it a path (RFC 3986 section 4.2).
    static func relativeReference(_ url: String) -> String {
        let first = url.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return first.contains(":") ? "./" + url : url
    }

    /// Encodes one path segment for use in a URL: everything outside RFC 3986's unreserved and
    /// sub-delimiter characters (and `:` / `@`) becomes `%XX` of its UTF-8 bytes.
    static func percentEncode(_ segment: String) -> String {
        encode(segment, keeping: { _ in false })
    }

    /// Encodes a whole path, keeping its `/` separators.
    static func percentEncodePath(_ path: String) -> String {
        encode(path, keeping: { $0 == UInt8(ascii: "/") })
    }

    /// Every page's links and template URLs pass through here: most need no escape and are
    /// returned as they are, the others are encoded in one pass over their bytes.
    private static func encode(_ text: String, keeping kept: (UInt8) -> Bool) -> String {
        guard text.utf8.contains(where: { !isAllowedInSegment($0) && !kept($0) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if isAllowedInSegment(byte) || kept(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigit(byte >> 4), hexDigit(byte & 0xF)]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes. Returns nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecode(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func isAllowedInSegment(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
