/// The language an endpoint request is answered in: an explicit `lang` field (query or form; the
/// guide's links and the endpoint's own forms and mails carry it) when it names a configured
/// language, else the browser's `Accept-Language` negotiated against the configured languages,
/// else the default. Only configured languages are ever returned, in their configured spelling, so
/// the result can be put into URLs, pages and the database as it is.
public enum LanguageChoice {
    /// Longest `Accept-Language` read; a longer one is ignored (browsers send a few dozen bytes).
    public static let maximumHeaderSize = 512

    /// `available` is `site.languages`; `defaultLanguage` is `site.language` (one of them).
    public static func choose(explicit: String?, acceptLanguage: String?, available: [String], defaultLanguage: String) -> String {
        if let explicit, let match = configured(explicit, in: available) { return match }
        if let header = acceptLanguage, let match = negotiate(header, available: available, defaultLanguage: defaultLanguage) {
            return match
        }
        return defaultLanguage
    }

    /// The configured language `code` names (case-insensitively, as BCP 47 tags compare), if any.
    public static func configured(_ code: String, in available: [String]) -> String? {
        let wanted = code.lowercased()
        return available.first { $0.lowercased() == wanted }
    }

    /// The best configured language for an `Accept-Language` header (RFC 9110 §12.5.4), or nil when
    /// none is acceptable or the header cannot be read. Ranges are tried by descending q-value (the
    /// header's order among equals); a range matches a configured tag equal to it or to a prefix of
    /// it ending at a `-` (`de-CH` → `de`, RFC 4647's lookup) or one it is a prefix of (`de` →
    /// `de-AT`); `*` stands for the default; `q=0` rules a language out. Malformed ranges are
    /// skipped, not fatal: one odd entry should not cost the person their language.
    public static func negotiate(_ header: String, available: [String], defaultLanguage: String) -> String? {
        guard header.utf8.count <= maximumHeaderSize else { return nil }
        var ranges: [(tag: String, q: Int, order: Int)] = []
        for (order, item) in header.split(separator: ",").enumerated() {
            if let range = parse(item) { ranges.append((range.tag, range.q, order)) }
        }
        let excluded = Set(ranges.filter { $0.q == 0 && $0.tag != "*" }.map(\.tag))
        let candidates = available.filter { tag in !excluded.contains(tag.lowercased()) }
        for range in ranges.filter({ $0.q > 0 }).sorted(by: { $0.q != $1.q ? $0.q > $1.q : $0.order < $1.order }) {
            if range.tag == "*" {
                if let match = candidates.first(where: { $0 == defaultLanguage }) ?? candidates.first { return match }
                continue
            }
            if let match = match(range.tag, in: candidates) { return match }
        }
        return nil
    }

    /// The configured language a (lower-cased) range selects: the exact tag, then its prefixes
    /// (`de-ch-1996` → `de-ch` → `de`), then a configured tag the range is a prefix of.
    static func match(_ range: String, in available: [String]) -> String? {
        var prefix = Substring(range)
        while !prefix.isEmpty {
            if let match = available.first(where: { $0.lowercased() == prefix }) { return match }
            guard let dash = prefix.lastIndex(of: "-") else { break }
            prefix = prefix[..<dash]
        }
        return available.first { $0.lowercased().hasPrefix(range + "-") }
    }

    /// One `language-range [; q=value]`, lower-cased; q in thousandths. Nil when malformed.
    static func parse(_ item: Substring) -> (tag: String, q: Int)? {
        let parts = item.split(separator: ";", omittingEmptySubsequences: false)
        guard let tag = parts.first?.trimmingSpaces().lowercased(), isRange(tag) else { return nil }
        var q = 1000
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces().lowercased() }
            guard pair.count == 2, pair[0] == "q", let value = qValue(pair[1]) else { return nil }
            q = value
        }
        return (tag, q)
    }

    /// `*`, or 1–8 letters followed by `-` and 1–8 letters or digits, any number of times.
    static func isRange(_ tag: String) -> Bool {
        if tag == "*" { return true }
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = subtags.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return subtags.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// RFC 9110's qvalue: `0`, `0.ddd`, `1`, `1.000`; in thousandths.
    static func qValue(_ text: String) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.count <= 3, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        fraction += String(repeating: "0", count: 3 - fraction.count)
        guard let thousandths = Int(fraction) else { return nil }
        let value = (whole == "1" ? 1000 : 0) + thousandths
        return value <= 1000 ? value : nil
    }
}
