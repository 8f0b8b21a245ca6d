import Foundation
import Testing
@testable import Mail

@Suite struct AddressParsingTests {
    @Test(arguments: [
        ("alice@example.com", "alice@example.com", nil),
        ("  alice@example.com\t", "alice@example.com", nil),
        ("<alice@example.com>", "alice@example.com", nil),
        ("Alice Example <alice@example.com>", "alice@example.com", "Alice Example"),
        ("Alice   Example<alice@example.com>", "alice@example.com", "Alice Example"),
        ("\"Doe, Jane\" <jane.doe@example.com>", "jane.doe@example.com", "Doe, Jane"),
        ("\"Say \\\"hi\\\" \\\\ there\" <a@b.example>", "a@b.example", "Say \"hi\" \\ there"),
        ("\"\" <a@b.example>", "a@b.example", nil),
        ("John Q. Public <john@example.com>", "john@example.com", "John Q. Public"),
        ("Jörg Müller <jörg@bücher.example>", "jörg@bücher.example", "Jörg Müller"),
        ("IT Service Desk <noreply+reset@intranet.example.com>", "noreply+reset@intranet.example.com", "IT Service Desk"),
        ("root@localhost", "root@localhost", nil),
    ] as [(String, String, String?)])
    func validAddresses(text: String, address: String, name: String?) throws {
        let parsed = try MailAddress(parsing: text)
        #expect(parsed.address == address)
        #expect(parsed.displayName == name)
        #expect(parsed == MailAddress(address, displayName: name))
    }

    @Test(arguments: [
        ("", "empty"),
        ("   ", "empty"),
        ("alice.example.com", "no '@'"),
        ("Alice <alice.example.com>", "no '@'"),
        ("a@b@example.com", "more than one '@'"),
        ("@example.com", "nothing before"),
        ("alice@", "nothing after"),
        ("alice@example.com\r\nBcc: evil@example.com", "line break"),
        ("Alice\n <alice@example.com>", "line break"),
        ("alice@exa\u{0}mple.com", "control"),
        ("Alice <alice@example.com", "'<' has no closing '>'"),
        ("Alice alice@example.com>", "'>' has no opening '<'"),
        ("Alice <<alice@example.com>>", "more than one"),
        ("Alice <alice@example.com> Bob", "text after '>'"),
        ("<>", "empty"),
        ("Doe, Jane <jane@example.com>", "put it in double quotes"),
        ("\"Doe, Jane <jane@example.com>", "no closing '\"'"),
        ("\"Doe\" Jane <jane@example.com>", "must be followed by <address>"),
        ("\"Alice\"", "must be followed by <address>"),
        ("alice smith@example.com", "space"),
        ("alice,bob@example.com", "',' is not allowed"),
        ("alice@example.com, bob@example.com", "space"),
        ("alice..smith@example.com", "misplaced '.'"),
        (".alice@example.com", "misplaced '.'"),
        ("alice@example..com", "misplaced '.'"),
        ("alice@-example.com", "'-'"),
        ("alice@[192.0.2.1]", "domain literals"),
        ("\"alice smith\"@example.com", "quoted local parts"),
        ("alice@exa_mple.com", "not allowed in the domain"),
        (String(repeating: "a", count: 65) + "@example.com", "64 bytes"),
    ])
    func invalidAddresses(text: String, reasonContains: String) {
        do {
            let parsed = try MailAddress(parsing: text)
            Issue.record("accepted \(text.debugDescription) as \(parsed)")
        } catch {
            guard case .invalidAddress(let given, let reason) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(given == text)
            #expect(reason.contains(reasonContains), "reason: \(reason)")
        }
    }

    @Test func errorDescriptionShowsLineBreaksAsEscapes() {
        let error = MailError.invalidAddress("a@b\r\nBcc: x@evil", reason: "it contains a line break")
        #expect(error.description == "invalid email address 'a@b\\r\\nBcc: x@evil': it contains a line break")
        #expect(!error.description.contains("\n"))
    }
}

@Suite struct AddressRenderingTests {
    func toField(_ address: MailAddress) -> String {
        let rendered = sampleMessage(to: address).rendered()
        return headerLines(rendered, "To").joined(separator: "\n")
    }

    @Test func bareAddress() {
        #expect(toField(MailAddress("bob@example.com")) == "To: bob@example.com")
        #expect(toField(MailAddress("bob@example.com", displayName: "  ")) == "To: bob@example.com")
    }

    @Test func asciiNameAsAtoms() {
        #expect(toField(MailAddress("alice@example.com", displayName: "Alice Example")) == "To: Alice Example <alice@example.com>")
        #expect(toField(MailAddress("o@example.com", displayName: "O'Brien-Smith")) == "To: O'Brien-Smith <o@example.com>")
    }

    @Test(arguments: [
        ("Doe, Jane", "\"Doe, Jane\""),
        ("John Q. Public", "\"John Q. Public\""),
        ("Alice (IT)", "\"Alice (IT)\""),
        ("Say \"hi\"", "\"Say \\\"hi\\\"\""),
        ("back\\slash", "\"back\\\\slash\""),
        ("a@b <c>", "\"a@b <c>\""),
    ])
    func specialsAreQuoted(name: String, phrase: String) throws {
        let field = toField(MailAddress("x@example.com", displayName: name))
        #expect(field == "To: \(phrase) <x@example.com>")
        // Reading the value back gives the same mailbox.
        let value = String(field.dropFirst("To: ".count))
        #expect(try MailAddress(parsing: value) == MailAddress("x@example.com", displayName: name))
    }

    @Test(arguments: ["Jörg Müller", "山田 太郎", "Zoë 🦊", "=?UTF-8?B?ZXZpbA==?= lookalike"])
    func nonASCIINamesBecomeEncodedWords(name: String) throws {
        let field = toField(MailAddress("x@example.com", displayName: name))
        #expect(field.utf8.allSatisfy { $0 < 0x80 })
        #expect(field.hasSuffix(" <x@example.com>"))
        let value = headerValue(sampleMessage(to: MailAddress("x@example.com", displayName: name)).rendered(), "To") ?? ""
        let phrase = String(value.dropLast(" <x@example.com>".count))
        let decoded = try #require(decodeHeaderValue(phrase))
        #expect(!decoded.words.isEmpty)
        #expect(decoded.text == name)
    }

    @Test func utf8AddrSpecPassesThroughAsUTF8() {
        let field = toField(MailAddress("jörg@bücher.example", displayName: "Jörg"))
        #expect(field.hasSuffix(" <jörg@bücher.example>"))
    }

    @Test func fromHeaderUsesTheSameRules() {
        let rendered = sampleMessage(from: MailAddress("noreply@intranet.example.com", displayName: "IT, Service Desk")).rendered()
        #expect(rendered.hasPrefix("From: \"IT, Service Desk\" <noreply@intranet.example.com>\n"))
    }
}
