/// Makes heading ids exactly as GitHub does, so links written for GitHub keep working. This is
/// github-slugger 2.0.0 (its fixtures are GitHub's own ids): lower-case the text as JavaScript's
/// `toLowerCase` does (a final Σ becomes ς), drop every character except letters, marks, decimal
/// and letter numbers, connector punctuation (`_`), other alphabetic characters (Ⓐ), `-` and ` `,
/// then turn each space into `-`. Its character classes are those of Unicode 13.0.0, so characters
/// assigned since then are dropped as github-slugger drops them, whatever Unicode version the
/// Swift standard library has (6.3: Unicode 17): ids do not change with the toolchain.
/// Repeats on one page get `-1`, `-2`, … counted per slug, as github-slugger counts them.
struct HeadingSlugger {
    private var used: Set<String>
    /// The last suffix given per slug, so that n headings with one text cost n look-ups, not n².
    private var lastSuffix: [String: Int] = [:]

    /// `reserved`: ids automatic ones must avoid (explicit `{#id}`s, the template's ids).
    init(reserved: Set<String> = []) { used = reserved }

    /// The next unique id for a heading whose text (as GitHub renders it) is `text`. Nil for a
    /// heading of only symbols, whose id on GitHub is empty (then `-1`, `-2`, …): that id is still
    /// counted, as GitHub counts it, and the caller gives the heading a usable one.
    mutating func uniqueID(for text: String) -> String? {
        let stem = Self.slug(text)
        var candidate = stem
        var counter = lastSuffix[stem] ?? 0
        while used.contains(candidate) {
            counter += 1
            candidate = "\(stem)-\(counter)"
        }
        lastSuffix[stem] = counter
        used.insert(candidate)
        return stem.isEmpty ? nil : candidate
    }

    static func slug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        // Final_Sigma's first half: a cased letter came before, then only case-ignorable ones.
        var afterCased = false
        for (index, scalar) in scalars.enumerated() {
            if scalar.isASCII {
                // Most headings are ASCII: no property look-ups for them.
                let isUppercase = scalar >= "A" && scalar <= "Z"
                if isUppercase {
                    result.append(Unicode.Scalar(UInt8(scalar.value + 0x20)))
                } else if keeps(scalar) {
                    result.append(scalar == " " ? "-" : scalar)
                }
                afterCased = isUppercase || (scalar >= "a" && scalar <= "z")
                    || (afterCased && asciiCaseIgnorable.contains(scalar))
                continue
            }
            if scalar == "\u{03A3}" {
                let final = afterCased && !casedLetterFollows(scalars, after: index)
                result.append(final ? "\u{03C2}" : "\u{03C3}")
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars where keeps(lower) {
                    result.append(lower)
                }
            }
            let properties = scalar.properties
            afterCased = properties.isCased || (afterCased && properties.isCaseIgnorable)
        }
        // Published ids are NFC, as file names are (PublishedNames): a heading typed in NFD gets
        // the id a link typed in NFC names, byte for byte, which is what the browser compares. The
        // slug, not the text, is normalised: NFC decomposes a few symbols github-slugger drops
        // (U+2ADC, musical symbols) into a base and a mark it would keep.
        return PublishedNames.nfc(String(result))
    }

    /// `slug` of ASCII text (most headings), on bytes: the same steps as the ASCII branch of the
    /// loop there, and NFC leaves ASCII as it is.
    private static func asciiSlug(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte + 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): out.append(byte)
            case UInt8(ascii: " "): out.append(UInt8(ascii: "-"))
            default: break
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ASCII characters Unicode calls case-ignorable (a test checks them against the stdlib).
    static let asciiCaseIgnorable: Set<Unicode.Scalar> = ["'", ".", ":", "^", "`"]

    /// Whether github-slugger keeps this (lower-cased) character.
    static func keeps(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "0"..."9", "_", "-", " ": return true
            default: return false
            }
        }
        let properties = scalar.properties
        guard let age = properties.age, age.major < 13 || (age.major == 13 && age.minor == 0) else { return false }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .connectorPunctuation, .surrogate:
            return true
        default:
            // github-slugger takes Alphabetic characters out of the classes it drops (Ⓐ is So).
            return properties.isAlphabetic
        }
    }

    /// Final_Sigma's second half: a cased letter follows, after only case-ignorable ones. Each
    /// case-ignorable run is scanned by at most the one Σ before it, so a slug stays linear.
    private static func casedLetterFollows(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        var next = index + 1
        while next < scalars.count {
            let properties = scalars[next].properties
            if properties.isCased { return true }
            if !properties.isCaseIgnorable { return false }
            next += 1
        }
        return false
    }

    /// An id for a heading of only symbols or emoji: `section`, else `section-1`, …, the first
    /// that `taken` (every other id of the page) does not hold.
    static func fallbackID(taken: inout Set<String>, counter: inout Int) -> String {
        var candidate = counter == 0 ? "section" : "section-\(counter)"
        while taken.contains(candidate) {
            counter += 1
            candidate = "section-\(counter)"
        }
        taken.insert(candidate)
        return candidate
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
