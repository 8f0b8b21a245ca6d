import SeededRandom
import Testing
@testable import HelpSite

/// The search index's text handling works on bytes for speed; it must give exactly what the
/// straightforward character-by-character versions (kept here as references) give.
@Suite struct SearchTextTests {
    static let pieces: [String] = [
        "a", "Z", "0", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{1F}", "\u{7F}", "<", "\"", "\\", "’", "é",
        "e\u{301}", " \u{301}", "\u{00A0}", "\u{2003}", "\u{2028}", "\u{2029}", "\u{3000}", "🔑", "👩‍💻", "パス", "\u{0600} ", "\u{200B}",
    ]

    static func randomText(_ random: inout SeededRandom) -> String {
        (0..<random.below(12)).map { _ in pieces[random.below(pieces.count)] }.joined()
    }

    static func referenceCollapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func referenceJSON(_ text: String) -> String {
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

    @Test func collapsingWhitespaceMatchesSplittingByCharacter() {
        var random = SeededRandom(seed: 2026_11_29)
        for _ in 0..<20_000 {
            let text = Self.randomText(&random)
            #expect(SearchIndex.collapsingWhitespace(text) == Self.referenceCollapse(text), "\(Array(text.unicodeScalars))")
        }
        #expect(SearchIndex.collapsingWhitespace("  two\t\twords \n") == "two words")
    }

    @Test func jsonStringsMatchEscapingScalarByScalar() {
        var random = SeededRandom(seed: 11_29)
        for _ in 0..<20_000 {
            let text = Self.randomText(&random)
            #expect(SearchIndex.jsonString(text) == Self.referenceJSON(text), "\(Array(text.unicodeScalars))")
        }
    }
}
