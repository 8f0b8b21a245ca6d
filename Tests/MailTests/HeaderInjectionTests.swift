import Foundation
import Testing
@testable import Mail

@Suite struct HeaderInjectionTests {
    static let payloads = [
        "Hello\r\n Bcc: x@evil.example",
        "Hello\r\nBcc: x@evil.example",
        "Hello\nBcc: x@evil.example",
        "Hello\rBcc: x@evil.example",
        "Hello\r\n\r\nBcc: x@evil.example",
        "Hello\u{85}Bcc: x@evil.example",
        "Hello\u{2028}Bcc: x@evil.example",
        "Héllo\r\nBcc: x@evil.example",
    ]

    static let expectedFields = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                                 "Content-Transfer-Encoding", "Auto-Submitted", "X-Extra"]

    /// Every header line is a continuation or starts one of the fields this message should have.
    func checkNoInjectedField(_ message: MailMessage, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rendered = message.rendered()
        let head = try #require(rendered.components(separatedBy: "\n\n").first)
        for line in head.components(separatedBy: "\n") {
            #expect(!line.contains("\r"), sourceLocation: sourceLocation)
            if line.hasPrefix(" ") { continue }
            let name = String(line.prefix { $0 != ":" })
            #expect(Self.expectedFields.contains(name), "unexpected header line: \(line)", sourceLocation: sourceLocation)
        }
        #expect(!rendered.lowercased().contains("\nbcc"), sourceLocation: sourceLocation)
        let parsed = try parseWithPython(rendered)
        #expect(!parsed.header_names.contains { $0.lowercased() == "bcc" }, sourceLocation: sourceLocation)
        #expect(parsed.to.count == 1, sourceLocation: sourceLocation)
    }

    @Test(arguments: payloads)
    func subject(payload: String) throws {
        try checkNoInjectedField(sampleMessage(subject: payload))
        // The text survives on one line, the line break turned into a space.
        let value = try #require(headerValue(sampleMessage(subject: payload).rendered(), "Subject"))
        let decoded = try #require(decodeHeaderValue(value))
        #expect(decoded.text.hasSuffix(" Bcc: x@evil.example"))
    }

    @Test(arguments: payloads)
    func displayNames(payload: String) throws {
        try checkNoInjectedField(sampleMessage(to: MailAddress("alice@example.com", displayName: payload)))
        try checkNoInjectedField(sampleMessage(from: MailAddress("noreply@example.com", displayName: payload)))
    }

    @Test(arguments: payloads)
    func extraHeaderValuesAndNames(payload: String) throws {
        try checkNoInjectedField(sampleMessage(headers: [("X-Extra", payload)]))
        let rendered = sampleMessage(headers: [("X-Extra\r\nBcc", "x@evil.example"), ("Bcc: y@evil.example\r\nX", "v")]).rendered()
        #expect(!rendered.lowercased().contains("\nbcc"))
    }

    @Test func uncheckedAddressesCannotAddLinesOrRecipients() throws {
        let to = MailAddress("alice@example.com>\r\nBcc: x@evil.example, <y@evil.example", displayName: nil)
        try checkNoInjectedField(sampleMessage(to: to))
        // And delivery refuses such an address outright.
        let directory = try makeTemporaryDirectory()
        #expect(throws: MailError.invalidAddress(to.address, reason: "the address contains a line break")) {
            try Mailer(delivery: .maildir(path: directory)).deliver(sampleMessage(to: to))
        }
        #expect(listing(directory).isEmpty)
    }

    @Test func extraHeadersCannotReplaceTheMessagesOwnFields() throws {
        let rendered = sampleMessage(headers: [
            ("Subject", "second subject"), ("to", "evil@example.com"), ("Content-Type", "text/html"),
            ("Auto-Submitted", "auto-generated"), ("X-Extra", "kept"),
        ]).rendered()
        let names = headerFields(rendered).map { $0.name.lowercased() }
        #expect(names.filter { $0 == "subject" }.count == 1)
        #expect(names.filter { $0 == "to" }.count == 1)
        #expect(names.filter { $0 == "content-type" }.count == 1)
        #expect(headerValue(rendered, "X-Extra") == "kept")
        #expect(headerValue(rendered, "Auto-Submitted") == "auto-generated")
        #expect(!rendered.contains("second subject"))
    }
}
