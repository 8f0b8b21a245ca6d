import AccountStore
import Foundation
import Testing

/// `trimmingWhitespace()` replaced Foundation's `trimmingCharacters(in: .whitespaces)` for typed
/// identities and admin lists (issue 17): the same result, compared with Foundation's own.
@Suite struct WhitespaceTests {
    static let samples = [
        "", " ", "\t", "ana@example.org", "  ana@example.org\t", "\u{00A0}ana\u{3000}", "\u{2003}a b\u{202F}",
        "\nana\n", "\r\nana ", "a\u{0301} ", " \u{0301}a", "\u{200B}ana\u{200B}", "\u{1680}x\u{205F}", "ｍｉｋｅ\u{3000}",
    ]

    @Test(arguments: samples)
    func sameAsFoundation(_ text: String) {
        #expect(Array(text.trimmingWhitespace().utf8) == Array(text.trimmingCharacters(in: .whitespaces).utf8))
    }

    @Test func everyBMPScalarAroundAWord() {
        for value in 0...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "a" + String(scalar)
            #expect(Array(text.trimmingWhitespace().utf8) == Array(text.trimmingCharacters(in: .whitespaces).utf8),
                    "U+\(String(value, radix: 16, uppercase: true))")
        }
    }
}
