import Foundation
import SeededRandom
import Testing
@testable import Mail
import MailReading

@Suite struct QuotedPrintableTests {
    @Test(arguments: [
        ("", ""),
        ("plain text", "plain text"),
        ("a=b", "a=3Db"),
        ("café", "caf=C3=A9"),
        ("日本", "=E6=97=A5=E6=9C=AC"),
        ("trailing space \nnext", "trailing space=20\nnext"),
        ("trailing tab\t\nnext", "trailing tab=09\nnext"),
        ("ends with space ", "ends with space=20"),
        ("inner  spaces\tand tabs", "inner  spaces\tand tabs"),
        ("a\n\nb", "a\n\nb"),
        (".\nnot a dot line", "=2E\nnot a dot line"),
        ("From here\nFrom", "=46rom here\n=46rom"),
        ("x\u{7}y\u{7F}", "x=07y=7F"),
    ])
    func knownEncodings(input: String, expected: String) {
        #expect(QuotedPrintable.encode(input) == expected)
    }

    @Test func softBreaksKeepLinesWithin76() {
        #expect(QuotedPrintable.encode(String(repeating: "a", count: 76)) == String(repeating: "a", count: 76))
        #expect(QuotedPrintable.encode(String(repeating: "a", count: 77))
                == String(repeating: "a", count: 75) + "=\n" + "aa")
        // An escape is never cut: 74 letters, then `=3D` does not fit before the soft break.
        #expect(QuotedPrintable.encode(String(repeating: "a", count: 74) + "==")
                == String(repeating: "a", count: 74) + "=\n" + "=3D=3D")
        // A space before a soft break is followed by `=` on its line, so it is not trailing.
        let spaced = QuotedPrintable.encode(String(repeating: "a", count: 74) + " bc")
        #expect(spaced == String(repeating: "a", count: 74) + " =\nbc")
    }

    func checkRoundTrip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let encoded = QuotedPrintable.encode(text)
        for line in encoded.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 76, "line of \(line.utf8.count)", sourceLocation: sourceLocation)
            #expect(line.last != " " && line.last != "\t", "trailing white space", sourceLocation: sourceLocation)
            #expect(line != ".", sourceLocation: sourceLocation)
            #expect(!line.hasPrefix("From "), sourceLocation: sourceLocation)
        }
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 }, sourceLocation: sourceLocation)
        #expect(decodeQuotedPrintable(encoded) == Array(text.utf8), sourceLocation: sourceLocation)
    }

    @Test func resetLinkSurvivesByteForByte() {
        let url = longResetURL()
        #expect(url.count == 184)
        checkRoundTrip(url)
        checkRoundTrip("Hello,\n\nTo choose a new password, open this link:\n\n  \(url)\n\nIt works once.\n")
        let encoded = QuotedPrintable.encode(url)
        #expect(encoded.contains("=\n"))  // long enough to need soft breaks
        #expect(encoded.contains("token=3D"))
    }

    @Test(arguments: 1...25)
    func randomTextRoundTrips(seed: Int) {
        var generator = SeededRandom(seed: UInt64(seed))
        // Pieces chosen to hit the edge cases: escapes, white space at line ends, multi-byte
        // characters across soft breaks, dots and From at line starts, very long lines.
        let pieces = ["a", "Z", " ", "\t", "=", ".", "From ", "\n", "é", "日本語", "🦊", "👩‍👩‍👧‍👦", "?", "_", "~", "\u{0}", "\u{7F}",
                      "token=abc_-", String(repeating: "x", count: 80)]
        var text = ""
        for _ in 0..<Int(generator.next() % 400) {
            text += pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        checkRoundTrip(text)
    }

    @Test func everyLineLengthAroundTheLimitRoundTrips() {
        for length in 70...160 {
            for tail in ["", " ", "=", "é", "\t"] {
                checkRoundTrip(String(repeating: "b", count: length) + tail)
                checkRoundTrip(String(repeating: "=", count: length / 3) + tail + "\nnext")
            }
        }
    }

    @Test func bodiesAreNormalisedToLF() {
        #expect(MailMessage.normalizedBody("a\r\nb\rc\nd") == "a\nb\nc\nd\n")
        #expect(MailMessage.normalizedBody("a\n") == "a\n")
        #expect(MailMessage.normalizedBody("") == "")
        #expect(MailMessage.normalizedBody("\r\n\r\n") == "\n\n")
    }
}

/// The helper other test targets read mailed links with must undo everything the encoder does,
/// including the `F` and `.` it escapes at the start of a line (which once made a test fail about
/// one run in thirty, when a token had an `F` right after a soft break).
@Suite struct MailReadingTests {
    @Test func readableMailUndoesTheEncoderForManyLinks() {
        var escapedLetters = 0
        for seed in UInt64(1)...2_000 {
            let text = "Open this link:\n\n  " + longResetURL(seed: seed) + "\n"
            let encoded = QuotedPrintable.encode(text)
            if encoded.contains("=46") || encoded.contains("=2E") { escapedLetters += 1 }
            #expect(readableMail(encoded) == text)
        }
        #expect(escapedLetters > 0, "no link put an F or a dot at the start of a line; the case is not exercised")
    }
}
