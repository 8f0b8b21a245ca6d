import Foundation
import Testing
@testable import Mail

/// Whole messages, read back by Python's `email` package (Support/parse-message.py).
@Suite struct RenderingTests {
    static let resetText = """
        Hello Jörg,

        someone asked to reset the password of your intranet account "jmueller".
        To choose a new password, open this link within 60 minutes:

        \(longResetURL())

        If it was not you, ignore this email: nothing changes.\u{20}\u{20}
        = signs, tabs\tand dots:
        .
        From the IT service desk — ✉️

        """

    static let resetHTML = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Reset</title></head>
        <body><p>Hello Jörg,</p><p><a href="\(longResetURL())">Choose a new password</a></p>
        <p style="color: #333; font-family: 'Segoe UI', sans-serif">Valid for 60 minutes — 有効期限は60分です。</p></body></html>

        """

    @Test func singlePartMessageLayout() {
        let rendered = sampleMessage(subject: "Reset your password", text: "Hi\n").rendered()
        #expect(rendered == """
            From: Intranet <noreply@intranet.example.com>
            To: Alice Example <alice@example.com>
            Subject: Reset your password
            Date: Sun, 29 Nov 2026 05:30:00 +0000
            Message-ID: <0123456789abcdef0123456789abcdef@intranet.example.com>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable
            Auto-Submitted: auto-generated

            Hi

            """)
        #expect(!rendered.contains("\r"))
    }

    @Test func multipartLayoutWithAGivenBoundary() {
        let rendered = sampleMessage(text: "Text\n", html: "<p>HTML</p>\n").rendered(boundary: "=_test-boundary")
        #expect(rendered.contains("""
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="=_test-boundary"
            Auto-Submitted: auto-generated

            --=_test-boundary
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Text

            --=_test-boundary
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            <p>HTML</p>

            --=_test-boundary--

            """))
    }

    @Test func pythonReadsAPlainTextMessage() throws {
        let subject = "Réinitialisation de votre mot de passe — パスワードの再設定 🔐"
        let message = sampleMessage(subject: subject, text: Self.resetText,
                                    to: MailAddress("jörg@bücher.example", displayName: "Jörg Müller"))
        let parsed = try parseWithPython(message.rendered())
        // Python's header parser flags any UTF-8 local part: it allows them (RFC 6532) but marks
        // them as needing an SMTPUTF8 transport. That is the only defect, and the address is intact.
        #expect(parsed.defects == ["To: NonASCIILocalPartDefect"])
        #expect(parsed.subject == subject)
        #expect(parsed.from == [.init(name: "Intranet", address: "noreply@intranet.example.com")])
        #expect(parsed.to == [.init(name: "Jörg Müller", address: "jörg@bücher.example")])
        #expect(parsed.content_type == "text/plain")
        #expect(parsed.parts.count == 1)
        #expect(parsed.parts.first?.charset == "utf-8")
        #expect(parsed.parts.first?.transfer_encoding == "quoted-printable")
        #expect(parsed.text == Self.resetText)
        #expect(parsed.text?.contains(longResetURL()) == true)
        #expect(parsed.date == "2026-11-29T05:30:00+00:00")
        #expect(parsed.message_id == "<0123456789abcdef0123456789abcdef@intranet.example.com>")
        #expect(parsed.extra == ["Auto-Submitted": "auto-generated"])
    }

    @Test func pythonReadsAMultipartAlternativeMessage() throws {
        let subject = "パスワードの再設定のご案内：このリンクは60分間有効です。心当たりがない場合はこのメールを無視してください。"
        let message = sampleMessage(subject: subject, text: Self.resetText, html: Self.resetHTML,
                                    from: MailAddress("noreply@intranet.example.com", displayName: "IT, Service Desk"))
        let rendered = message.rendered()
        let parsed = try parseWithPython(rendered)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.subject == subject)
        #expect(parsed.from == [.init(name: "IT, Service Desk", address: "noreply@intranet.example.com")])
        #expect(parsed.content_type == "multipart/alternative")
        #expect(parsed.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(parsed.parts.allSatisfy { $0.charset == "utf-8" && $0.transfer_encoding == "quoted-printable" && $0.defects.isEmpty })
        #expect(parsed.text == Self.resetText)
        #expect(parsed.html == Self.resetHTML)
        let boundary = try #require(parsed.boundary)
        #expect(boundary.hasPrefix("=_") && boundary.count == 34)
        #expect(rendered.components(separatedBy: boundary).count == 5)  // header, 2 openers, closer
    }

    @Test func boundariesAreRandomAndAbsentFromTheBodies() throws {
        var seen = Set<String>()
        for _ in 0..<20 {
            let parsed = try parseWithPython(sampleMessage(text: "a\n", html: "b\n").rendered())
            seen.insert(parsed.boundary ?? "")
        }
        #expect(seen.count == 20)
        let boundary = MailMessage.makeBoundary(avoiding: [])
        #expect(boundary.wholeMatch(of: try Regex("=_[0-9a-f]{32}")) != nil)
        // Boundaries start with `=_`, which quoted-printable never produces, even from text that
        // contains it (or a whole boundary).
        let hostile = "--\(boundary)\n=_\(boundary)\n" + String(repeating: "=_", count: 60)
        let message = sampleMessage(text: hostile, html: hostile).rendered()
        let parsed = try parseWithPython(message)
        #expect(parsed.parts.count == 2)
        #expect(parsed.text == hostile + "\n" && parsed.html == hostile + "\n")
        #expect(!QuotedPrintable.encode(hostile).contains("=_"))
    }

    @Test func bodyLineEndingsAreNormalised() throws {
        let parsed = try parseWithPython(sampleMessage(text: "one\r\ntwo\rthree", html: "<p>x</p>\r\n").rendered())
        #expect(parsed.text == "one\ntwo\nthree\n")
        #expect(parsed.html == "<p>x</p>\n")
    }

    @Test func renderedBodyLinesStayWithin76() {
        let rendered = sampleMessage(text: Self.resetText, html: Self.resetHTML).rendered()
        let body = rendered.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        for line in body.split(separator: "\n") {
            #expect(line.utf8.count <= 76)
        }
        #expect(body.utf8.allSatisfy { $0 < 0x80 })
    }
}
