/// Finds the attributes of the start tags in a piece of raw HTML (an HTML block or inline HTML of
/// a page), so its links can be rewritten and checked and its ids known to the fragment check.
/// Not an HTML parser: it knows tags, quoted and unquoted attribute values, comments, and that
/// `<script>`/`<style>` hold no tags; that is all a link or id in hand-written HTML needs.
enum RawHTMLScanner {
    struct Attribute: Equatable {
        /// Lower-cased tag and attribute names.
        var tag: String
        var name: String
        /// The value with its character references decoded.
        var value: String
        /// Byte offsets in the HTML of the value as written (with its quotes, if any).
        var range: Range<Int>
        /// Byte offset of the attribute's name, where a problem with it is reported.
        var nameOffset: Int
    }

    static func attributes(in html: [UInt8]) -> [Attribute] {
        var found: [Attribute] = []
        var index = 0
        let count = html.count
        func at(_ offset: Int) -> UInt8 { offset < count ? html[offset] : 0 }
        func skip(past marker: [UInt8]) {
            while index < count, !html[index...].starts(with: marker) { index += 1 }
            index = min(index + marker.count, count)
        }
        while index < count {
            guard html[index] == UInt8(ascii: "<") else { index += 1; continue }
            if html[index...].starts(with: Array("<!--".utf8)) { index += 4; skip(past: Array("-->".utf8)); continue }
            let next = at(index + 1)
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next == UInt8(ascii: "/") { index += 2; skip(past: [UInt8(ascii: ">")]); continue }
            guard InlineSyntax.isLetter(next) else { index += 1; continue }
            index += 1
            let nameStart = index
            while index < count, !isSpace(html[index]), html[index] != UInt8(ascii: ">"), html[index] != UInt8(ascii: "/") { index += 1 }
            let tag = lowercased(html[nameStart..<index])
            scanAttributes: while index < count {
                while index < count, isSpace(html[index]) || html[index] == UInt8(ascii: "/") { index += 1 }
                guard index < count, html[index] != UInt8(ascii: ">") else { break scanAttributes }
                let attributeStart = index
                while index < count, !isSpace(html[index]), ![UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")].contains(html[index]) || index == attributeStart {
                    index += 1
                }
                let name = lowercased(html[attributeStart..<index])
                var probe = index
                while probe < count, isSpace(html[probe]) { probe += 1 }
                guard at(probe) == UInt8(ascii: "=") else { continue }
                index = probe + 1
                while index < count, isSpace(html[index]) { index += 1 }
                let valueStart = index
                let raw: ArraySlice<UInt8>
                if let quote = [UInt8(ascii: "\""), UInt8(ascii: "'")].first(where: { $0 == at(index) }) {
                    index += 1
                    while index < count, html[index] != quote { index += 1 }
                    raw = html[(valueStart + 1)..<index]
                    index = min(index + 1, count)
                } else {
                    while index < count, !isSpace(html[index]), html[index] != UInt8(ascii: ">") { index += 1 }
                    raw = html[valueStart..<index]
                }
                found.append(Attribute(tag: tag, name: name, value: decodeCharacterReferences(raw), range: valueStart..<index, nameOffset: attributeStart))
            }
            index = min(index + 1, count)
            // Their text is not HTML: a `<a href>` in a script is a string, not a link.
            if tag == "script" || tag == "style" { skip(past: Array("</\(tag)".utf8)) }
        }
        return found
    }

    /// `&amp;`, `&quot;`, `&#39;`, `&#x2F;`…: the references a URL or id in an attribute uses; any
    /// other named reference is left as written.
    static func decodeCharacterReferences(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(UInt8(ascii: "&")) else { return text }
        let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            rest = rest[rest.index(after: ampersand)...]
            let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
            var replacement: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if name.hasPrefix("#") {
                replacement = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                replacement = named[name]
            }
            guard let replacement, !name.isEmpty else { out += "&"; continue }
            out += replacement
            rest = rest[name.endIndex...]
            if rest.first == ";" { rest = rest.dropFirst() }
        }
        return out + rest
    }

    /// HTML's ASCII whitespace (no vertical tab, unlike CommonMark's).
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
