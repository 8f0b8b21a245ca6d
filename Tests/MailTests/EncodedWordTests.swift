import Foundation
import Testing
@testable import Mail

@Suite struct EncodedWordTests {
    static let subjects = [
        "パスワードの再設定のご案内：このリンクは60分間有効です。心当たりがない場合はこのメールを無視してください。",
        "🔐 Reset 🔑 your 👩‍👩‍👧‍👦 password 🇯🇵🇫🇷🇩🇪 now 🏳️‍🌈🧑🏽‍💻✨ before it expires 🕐🕑🕒🕓🕔🕕🕖",
        "Réinitialisation de votre mot de passe — délai d’expiration : soixante minutes, à compter d’aujourd’hui. Ça va ?",
        "ÄÖÜäöüß",
        "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309}\u{30A}\u{30B}\u{30C}\u{30D}\u{30E}\u{30F}\u{310}\u{311}\u{312}\u{313}\u{314}\u{315}\u{316}\u{317}\u{318}\u{319}\u{31A} zalgo",
    ]

    /// Checks one folded, encoded header field and returns its decoded value.
    func checkEncodedField(_ rendered: String, _ name: String) throws -> (text: String, words: [EncodedWord]) {
        let lines = headerLines(rendered, name)
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.utf8.count <= 78, "line of \(line.utf8.count): \(line)")
            #expect(line.utf8.allSatisfy { $0 < 0x80 })
        }
        let value = try #require(headerValue(rendered, name))
        let decoded = try #require(decodeHeaderValue(value), "an encoded-word is malformed or splits a UTF-8 sequence")
        for word in decoded.words {
            #expect(word.text.count <= 75, "encoded-word of \(word.text.count): \(word.text)")
        }
        return decoded
    }

    @Test(arguments: subjects)
    func subjectsRoundTripWithinLimits(subject: String) throws {
        let rendered = sampleMessage(subject: subject).rendered()
        let decoded = try checkEncodedField(rendered, "Subject")
        #expect(decoded.text == subject)
        #expect(decoded.words.count >= (subject.utf8.count + 44) / 45)  // ≤ 45 bytes per word
        if subject.utf8.count > 100 { #expect(headerLines(rendered, "Subject").count > 1) }
    }

    @Test(arguments: subjects)
    func longDisplayNamesRoundTripWithinLimits(name: String) throws {
        let rendered = sampleMessage(to: MailAddress("alice@example.com", displayName: name)).rendered()
        let decoded = try checkEncodedField(rendered, "To")
        #expect(decoded.text == name + " <alice@example.com>")
    }

    @Test func wordsEndBetweenGraphemeClustersWhenTheyFit() throws {
        // 👩‍👩‍👧‍👦 is one 25-byte cluster: no word may end inside it.
        let family = "👩‍👩‍👧‍👦"
        let text = String(repeating: family, count: 6)
        for word in HeaderText.encodedWords(text, firstRoom: 75) {
            let decoded = try #require(decodeEncodedWord(word))
            let string = try #require(String(validating: decoded.bytes, as: UTF8.self))
            #expect(string.count == string.utf8.count / family.utf8.count)
            #expect(string.allSatisfy { $0 == Character(family) })
        }
    }

    @Test func anOversizedClusterIsSplitBetweenScalarsOnly() throws {
        let cluster = "e" + String(repeating: "\u{301}", count: 40)  // one Character, 81 bytes
        let words = HeaderText.encodedWords(cluster, firstRoom: 75)
        #expect(words.count == 2)
        var joined: [UInt8] = []
        for word in words {
            let decoded = try #require(decodeEncodedWord(word))
            #expect(String(validating: decoded.bytes, as: UTF8.self) != nil)
            joined += decoded.bytes
        }
        #expect(joined == Array(cluster.utf8))
    }

    @Test func firstWordLeavesRoomForTheFieldName() {
        let words = HeaderText.encodedWords(String(repeating: "é", count: 100), firstRoom: HeaderText.firstRoom("Subject"))
        #expect(words[0].count <= 78 - "Subject: ".count)
        #expect(words.dropFirst().allSatisfy { $0.count <= 75 })
        #expect(words.dropFirst().contains { $0.count == 72 })  // 45 bytes: the full size is used
    }

    @Test func asciiSubjectIsFoldedAtSpacesAndUnfoldsToTheOriginal() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let rendered = sampleMessage(subject: subject).rendered()
        let lines = headerLines(rendered, "Subject")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") && !$0.hasPrefix("  ") })
        #expect(headerValue(rendered, "Subject") == subject)
        #expect(!rendered.contains("=?"))
    }

    @Test func shortASCIISubjectIsPlain() {
        #expect(sampleMessage(subject: "Reset your password").rendered().contains("\nSubject: Reset your password\n"))
    }

    @Test func asciiLookingLikeAnEncodedWordIsEncoded() throws {
        let subject = "Hello =?UTF-8?B?ZXZpbA==?= world"
        let rendered = sampleMessage(subject: subject).rendered()
        let decoded = try checkEncodedField(rendered, "Subject")
        #expect(decoded.text == subject)
        #expect(!(headerValue(rendered, "Subject") ?? "").contains("ZXZpbA=="))
    }

    @Test func nonASCIIExtraHeaderValueIsEncoded() throws {
        let rendered = sampleMessage(headers: [("X-Team", "Équipe informatique")]).rendered()
        #expect(try checkEncodedField(rendered, "X-Team").text == "Équipe informatique")
    }

    // Found by fuzzing: a long display name needing quotes went out as one 1,306-byte line.
    @Test func longQuotedDisplayNameIsFoldedAtItsSpaces() throws {
        let name = (1...60).map { "Smith, J.\($0)" }.joined(separator: " ")
        let rendered = sampleMessage(to: MailAddress("alice@example.com", displayName: name)).rendered()
        let lines = headerLines(rendered, "To")
        #expect(lines.count > 10)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.map(\.utf8.count))")
        #expect(headerValue(rendered, "To") == "\"" + name + "\" <alice@example.com>")
    }

    @Test func aWordTooLongForAnyLineIsEncodedAndSplit() throws {
        let word = String(repeating: "x", count: 1_500)
        for rendered in [sampleMessage(subject: "Hi " + word).rendered(),
                         sampleMessage(to: MailAddress("alice@example.com", displayName: word)).rendered()] {
            for field in ["Subject", "To"] {
                #expect(headerLines(rendered, field).allSatisfy { $0.utf8.count <= 78 }, "\(field): \(headerLines(rendered, field).map(\.utf8.count))")
            }
        }
        let subject = try checkEncodedField(sampleMessage(subject: "Hi " + word).rendered(), "Subject")
        #expect(subject.text == "Hi " + word)
        let to = try checkEncodedField(sampleMessage(to: MailAddress("alice@example.com", displayName: word)).rendered(), "To")
        #expect(to.text == word + " <alice@example.com>")
    }
}
