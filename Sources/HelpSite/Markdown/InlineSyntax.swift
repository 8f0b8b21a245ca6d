/// Recognisers for the CommonMark inline constructs that decide where a `[`, `{` or `}` of the
/// source ends up: code spans, entities, autolinks, raw HTML, the tail of a link (`(dest "title")`
/// or `[label]`) and reference definitions. They read a leaf block's content the way libcmark's
/// inline parser does, each returns the index after what it matched (nil: no match), and none
/// looks back: `InlineSourceMap` stays linear.
struct InlineSyntax {
    let c: [UInt8]
    /// The starts of the backtick runs of each length, in order, made on the first code span: a
    /// closer is then a binary search away (scanning for it from every opener is quadratic on a
    /// page of unclosed runs of many lengths).
    private var runs: [Int: [Int]]?
    /// Terminators (`-->`, `?>`, `]]>`, `>`, a quote) known to be absent from some index on, so a
    /// page of unclosed `<!--` is not scanned to its end once per `<!--`.
    private var absentFrom: [[UInt8]: Int] = [:]

    init(_ content: [UInt8]) { c = content }

    subscript(_ index: Int) -> UInt8 { index < c.count ? c[index] : 0 }

    static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }
    /// CommonMark's whitespace characters (HTML's and cmark-gfm's table rules differ slightly).
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B }
    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func digitValue(_ byte: UInt8, hex: Bool) -> Int? {
        if isDigit(byte) { return Int(byte - 0x30) }
        let lower = byte | 0x20
        return hex && (0x61...0x66).contains(lower) ? Int(lower - 0x61 + 10) : nil
    }

    // MARK: Code spans and entities

    /// A code span opening at `start` (a backtick run): the end of the run, and the index after
    /// the span's closer (the next run of the same length) if there is one.
    mutating func codeSpanEnd(_ start: Int) -> (runEnd: Int, spanEnd: Int?) {
        var i = start
        while self[i] == UInt8(ascii: "`") { i += 1 }
        let length = i - start
        if runs == nil { runs = Self.backtickRuns(c) }
        guard let starts = runs?[length] else { return (i, nil) }
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < i { low = middle + 1 } else { high = middle }
        }
        return (i, low < starts.count ? starts[low] + length : nil)
    }

    private static func backtickRuns(_ c: [UInt8]) -> [Int: [Int]] {
        var runs: [Int: [Int]] = [:]
        var j = 0
        while j < c.count {
            guard c[j] == UInt8(ascii: "`") else { j += 1; continue }
            let start = j
            while j < c.count, c[j] == UInt8(ascii: "`") { j += 1 }
            runs[j - start, default: []].append(start)
        }
        return runs
    }

    /// An entity at `start` (`&`): its end and, when it stands for one ASCII character, that character.
    func entity(_ start: Int) -> (end: Int, ascii: UInt8?)? {
        var i = start + 1
        if self[i] == UInt8(ascii: "#") {
            i += 1
            let hex = self[i] | 0x20 == UInt8(ascii: "x")
            if hex { i += 1 }
            let digitsStart = i
            var value = 0
            while i - digitsStart < (hex ? 6 : 7), let digit = Self.digitValue(self[i], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                i += 1
            }
            guard i > digitsStart, self[i] == UInt8(ascii: ";") else { return nil }
            return (i + 1, value < 0x80 && value > 0 ? UInt8(value) : nil)
        }
        while Self.isLetter(self[i]) || Self.isDigit(self[i]) { i += 1 }
        guard i > start + 1, self[i] == UInt8(ascii: ";") else { return nil }
        let name = String(decoding: c[(start + 1)..<i], as: UTF8.self)
        return (i + 1, Self.namedBrackets[name])
    }

    static let emailLocal = Set("!#$%&'*+/=?^_`{|}~-.".utf8)
    static let notUnquoted = Set("\"'=<>`".utf8)

    /// The named entities that stand for a character the map follows.
    static let namedBrackets: [String: UInt8] = ["lsqb": UInt8(ascii: "["), "lbrack": UInt8(ascii: "["),
                                                 "lcub": UInt8(ascii: "{"), "lbrace": UInt8(ascii: "{"),
                                                 "rcub": UInt8(ascii: "}"), "rbrace": UInt8(ascii: "}")]

    // MARK: Autolinks and raw HTML

    func autolinkEnd(_ start: Int) -> Int? {
        var i = start + 1
        // URI: scheme of 2–32 characters, then no space, `<` or `>`.
        if Self.isLetter(self[i]) {
            var j = i + 1
            while Self.isLetter(self[j]) || Self.isDigit(self[j]) || self[j] == UInt8(ascii: "+") || self[j] == UInt8(ascii: ".") || self[j] == UInt8(ascii: "-") { j += 1 }
            if (2...32).contains(j - i), self[j] == UInt8(ascii: ":") {
                j += 1
                while j < c.count, c[j] > 0x20, c[j] != UInt8(ascii: "<"), c[j] != UInt8(ascii: ">") { j += 1 }
                if self[j] == UInt8(ascii: ">") { return j + 1 }
            }
        }
        // E-mail address.
        while Self.isLetter(self[i]) || Self.isDigit(self[i]) || Self.emailLocal.contains(self[i]) { i += 1 }
        guard i > start + 1, self[i] == UInt8(ascii: "@") else { return nil }
        i += 1
        while true {
            let labelStart = i
            while Self.isLetter(self[i]) || Self.isDigit(self[i]) || self[i] == UInt8(ascii: "-") { i += 1 }
            guard i > labelStart, i - labelStart <= 63, c[labelStart] != UInt8(ascii: "-"), c[i - 1] != UInt8(ascii: "-") else { return nil }
            if self[i] == UInt8(ascii: ">") { return i + 1 }
            guard self[i] == UInt8(ascii: ".") else { return nil }
            i += 1
        }
    }

    /// Raw HTML at `start` (`<`): a tag, closing tag, comment, processing instruction, declaration or CDATA.
    mutating func htmlEnd(_ start: Int) -> Int? {
        let i = start + 1
        switch self[i] {
        case UInt8(ascii: "!"):
            if self[i + 1] == UInt8(ascii: "-"), self[i + 2] == UInt8(ascii: "-") {
                return find(Array("-->".utf8), from: i + 3)
            }
            if c[i...].starts(with: Array("![CDATA[".utf8)) { return find(Array("]]>".utf8), from: i + 8) }
            return Self.isLetter(self[i + 1]) ? find([UInt8(ascii: ">")], from: i + 2) : nil
        case UInt8(ascii: "?"):
            return find(Array("?>".utf8), from: i + 1)
        case UInt8(ascii: "/"):
            guard var j = tagNameEnd(i + 1) else { return nil }
            j = skipSpaces(j)
            return self[j] == UInt8(ascii: ">") ? j + 1 : nil
        default:
            guard var j = tagNameEnd(i) else { return nil }
            while true {
                let afterSpace = skipSpaces(j)
                if self[afterSpace] == UInt8(ascii: ">") { return afterSpace + 1 }
                if self[afterSpace] == UInt8(ascii: "/") { return self[afterSpace + 1] == UInt8(ascii: ">") ? afterSpace + 2 : nil }
                guard afterSpace > j, let attribute = attributeEnd(afterSpace) else { return nil }
                j = attribute
            }
        }
    }

    private func tagNameEnd(_ start: Int) -> Int? {
        guard Self.isLetter(self[start]) else { return nil }
        var j = start + 1
        while Self.isLetter(self[j]) || Self.isDigit(self[j]) || self[j] == UInt8(ascii: "-") { j += 1 }
        return j
    }

    private mutating func attributeEnd(_ start: Int) -> Int? {
        let nameStart: (UInt8) -> Bool = { Self.isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":") }
        guard nameStart(self[start]) else { return nil }
        var j = start + 1
        while nameStart(self[j]) || Self.isDigit(self[j]) || self[j] == UInt8(ascii: ".") || self[j] == UInt8(ascii: "-") { j += 1 }
        let equals = skipSpaces(j)
        guard self[equals] == UInt8(ascii: "=") else { return j }
        var v = skipSpaces(equals + 1)
        if self[v] == UInt8(ascii: "\"") || self[v] == UInt8(ascii: "'") {
            return find([self[v]], from: v + 1)
        }
        let valueStart = v
        while v < c.count, !Self.isSpace(c[v]), !Self.notUnquoted.contains(c[v]) { v += 1 }
        return v > valueStart ? v : nil
    }

    private func skipSpaces(_ start: Int) -> Int {
        var j = start
        while j < c.count, Self.isSpace(c[j]) { j += 1 }
        return j
    }

    /// The index after the first `needle` at or after `start`.
    private mutating func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first else { return start }
        if let absent = absentFrom[needle], absent <= start { return nil }
        var j = start
        while j + needle.count <= c.count {
            if c[j] == first, c[j..<(j + needle.count)].elementsEqual(needle) { return j + needle.count }
            j += 1
        }
        absentFrom[needle] = start
        return nil
    }

    // MARK: Link tails and definitions

    /// After a link's `]`: the end of `(destination "title")`, as libcmark tries it first.
    func inlineLinkTailEnd(_ start: Int) -> Int? {
        guard self[start] == UInt8(ascii: "(") else { return nil }
        guard let destination = destinationEnd(skipSpaces(start + 1), allowEmpty: true) else { return nil }
        var j = skipSpaces(destination)
        if j > destination, let title = titleEnd(j) { j = skipSpaces(title) }
        return self[j] == UInt8(ascii: ")") ? j + 1 : nil
    }

    /// A link label `[…]` at `start`: no unescaped bracket inside, at most 999 characters.
    func labelEnd(_ start: Int) -> Int? {
        guard self[start] == UInt8(ascii: "[") else { return nil }
        var j = start + 1
        while j < c.count, c[j] != UInt8(ascii: "["), c[j] != UInt8(ascii: "]") {
            j += c[j] == UInt8(ascii: "\\") && Self.isPunctuation(self[j + 1]) ? 2 : 1
            if j - start > 1000 { return nil }
        }
        return self[j] == UInt8(ascii: "]") ? j + 1 : nil
    }

    private func destinationEnd(_ start: Int, allowEmpty: Bool) -> Int? {
        var j = start
        if self[j] == UInt8(ascii: "<") {
            j += 1
            while j < c.count {
                switch c[j] {
                case UInt8(ascii: ">"): return j + 1
                case UInt8(ascii: "\\"): j += 2
                case UInt8(ascii: "\n"), UInt8(ascii: "<"): return nil
                default: j += 1
                }
            }
            return nil
        }
        var depth = 0
        while j < c.count {
            if c[j] == UInt8(ascii: "\\"), Self.isPunctuation(self[j + 1]) {
                j += 2
            } else if c[j] == UInt8(ascii: "(") {
                depth += 1
                if depth > 32 { return nil }
                j += 1
            } else if c[j] == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
                j += 1
            } else if Self.isSpace(c[j]) || c[j] < 0x20 {
                break
            } else {
                j += 1
            }
        }
        guard depth == 0, j > start || allowEmpty, j < c.count || !allowEmpty else { return nil }
        return j
    }

    private func titleEnd(_ start: Int) -> Int? {
        let open = self[start]
        let close: UInt8
        switch open {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): close = open
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        default: return nil
        }
        var j = start + 1
        while j < c.count {
            if c[j] == UInt8(ascii: "\\") { j += 2; continue }
            if c[j] == close { return j + 1 }
            if open == UInt8(ascii: "("), c[j] == open { return nil }
            j += 1
        }
        return nil
    }

    /// A reference definition at `start` (the beginning of a line): the index after its line.
    func definitionEnd(_ start: Int) -> Int? {
        var j = start
        while self[j] == UInt8(ascii: " "), j - start < 3 { j += 1 }
        guard let label = labelEnd(j), label - j > 2, self[label] == UInt8(ascii: ":"),
              c[(j + 1)..<(label - 1)].contains(where: { !Self.isSpace($0) }) else { return nil }
        guard let destination = destinationEnd(skipLineSpace(label + 1), allowEmpty: false) else { return nil }
        let titleStart = skipLineSpace(destination)
        if titleStart > destination, let title = titleEnd(titleStart), let end = lineEnd(title) { return end }
        return lineEnd(destination)
    }

    /// Spaces and tabs, with at most one line ending among them.
    private func skipLineSpace(_ start: Int) -> Int {
        var j = start
        while self[j] == UInt8(ascii: " ") || self[j] == UInt8(ascii: "\t") { j += 1 }
        if self[j] == UInt8(ascii: "\n") { j += 1 }
        while self[j] == UInt8(ascii: " ") || self[j] == UInt8(ascii: "\t") { j += 1 }
        return j
    }

    /// After only spaces to the end of the line: the index after the line ending.
    private func lineEnd(_ start: Int) -> Int? {
        var j = start
        while self[j] == UInt8(ascii: " ") || self[j] == UInt8(ascii: "\t") { j += 1 }
        if j >= c.count { return j }
        return c[j] == UInt8(ascii: "\n") ? j + 1 : nil
    }
}
