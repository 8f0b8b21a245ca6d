/// An email: RFC 5322 header fields and a MIME body (RFC 2045–2047) of plain text, or plain text
/// and HTML as multipart/alternative.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    /// The plain-text body. Line endings are normalised to LF and a final one is added if missing.
    public var text: String
    /// When set, the message is multipart/alternative: `text` first, this second (readers show the
    /// last alternative they understand).
    public var html: String?
    /// Unix seconds, written as a UTC date.
    public var date: UInt64
    /// Without the angle brackets, e.g. `a1b2…@intranet.example.com`.
    public var messageID: String
    /// Extra fields, written after the standard ones. Values are unstructured text (encoded-words
    /// when non-ASCII). Skipped: fields this type writes itself (From, To, Subject, Date,
    /// Message-ID, MIME-Version, Content-Type, Content-Transfer-Encoding), so a caller cannot make
    /// the message ambiguous, and names that are not printable ASCII without `:`.
    public var headers: [(String, String)]

    public init(from: MailAddress, to: MailAddress, subject: String, text: String, html: String? = nil,
                date: UInt64, messageID: String, headers: [(String, String)] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.messageID = messageID
        self.headers = headers
    }

    /// A fresh Message-ID: 16 random bytes in hex @ `domain` (normally the From address's). A domain
    /// that is not a plain ASCII host name becomes `localhost`: the random part alone makes the id
    /// unique, and a msg-id must stay within ASCII `dot-atom-text`.
    public static func makeMessageID(domain: String) -> String {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let isHostName = !labels.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.unicodeScalars.allSatisfy { MailAddress.isLetterOrDigit($0) || $0 == "-" }
        }
        return randomHex(byteCount: 16) + "@" + (isHostName ? domain : "localhost")
    }

    static let ownFields: Set<String> = ["from", "to", "subject", "date", "message-id", "mime-version",
                                         "content-type", "content-transfer-encoding"]

    /// The message as it goes to sendmail or into a Maildir file: header fields, a blank line, the
    /// body. Lines end with LF, not the CRLF of RFC 5322: that is the local convention for both
    /// (sendmail reads local newlines and the MTA writes CRLF on the wire; Maildir files use LF).
    ///
    /// `boundary` is for tests; by default a random one is made. A given one is used as is: it must
    /// be a valid MIME boundary that does not occur in the encoded bodies.
    public func rendered(boundary: String? = nil) -> String {
        var fields: [String] = []
        fields.append(HeaderText.field("From", tokens: from.headerTokens(firstRoom: HeaderText.firstRoom("From"))))
        fields.append(HeaderText.field("To", tokens: to.headerTokens(firstRoom: HeaderText.firstRoom("To"))))
        fields.append(HeaderText.unstructured("Subject", subject))
        fields.append("Date: " + MailDate.format(date))
        let id = String(String.UnicodeScalarView(messageID.unicodeScalars.filter {
            !MailAddress.isControl($0) && !$0.properties.isWhitespace && $0 != "<" && $0 != ">"
        }))
        if !id.isEmpty { fields.append("Message-ID: <\(id)>") }
        fields.append("MIME-Version: 1.0")

        let encodedText = QuotedPrintable.encode(Self.normalizedBody(text))
        var body: String
        if let html {
            let encodedHTML = QuotedPrintable.encode(Self.normalizedBody(html))
            let separator = boundary ?? Self.makeBoundary(avoiding: [encodedText, encodedHTML])
            fields.append(HeaderText.field("Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(separator)\""]))
            // Each part's CRLF before `--boundary` belongs to the delimiter (RFC 2046 §5.1.1), so a
            // body's own final line break survives: "text\n" + "\n--b".
            body = "--\(separator)\n" + Self.partHeaders("text/plain") + encodedText
                + "\n--\(separator)\n" + Self.partHeaders("text/html") + encodedHTML
                + "\n--\(separator)--\n"
        } else {
            fields.append("Content-Type: text/plain; charset=utf-8")
            fields.append("Content-Transfer-Encoding: quoted-printable")
            body = encodedText
        }

        for (name, value) in headers {
            if !HeaderText.isValidFieldName(name) || Self.ownFields.contains(name.lowercased()) { continue }
            fields.append(HeaderText.unstructured(name, value))
        }
        if !body.isEmpty && !body.hasSuffix("\n") { body += "\n" }
        return fields.joined(separator: "\n") + "\n\n" + body
    }

    private static func partHeaders(_ type: String) -> String {
        "Content-Type: \(type); charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    }

    /// CRLF and lone CR become LF (templates written on any system give the same bytes), and the
    /// text ends with a line break, as text files and mail bodies conventionally do.
    static func normalizedBody(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 1)
        var afterCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\r") {
                bytes.append(UInt8(ascii: "\n"))
            } else if !(byte == UInt8(ascii: "\n") && afterCR) {
                bytes.append(byte)
            }
            afterCR = byte == UInt8(ascii: "\r")
        }
        if let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `=_` followed by random hex. `=_` can never appear in quoted-printable text (an `=` there is
    /// always followed by a hex digit or a line break), so the check below is belt and braces.
    static func makeBoundary(avoiding bodies: [String]) -> String {
        while true {
            let candidate = "=_" + randomHex(byteCount: 16)
            if !bodies.contains(where: { $0.contains(candidate) }) { return candidate }
        }
    }
}

/// `byteCount` bytes from the system's CSPRNG (getrandom on Linux), as lower-case hex.
func randomHex(byteCount: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef".unicodeScalars)
    var result = String.UnicodeScalarView()
    for _ in 0..<byteCount {
        let byte = UInt8.random(in: .min ... .max, using: &generator)
        result.append(digits[Int(byte >> 4)])
        result.append(digits[Int(byte & 0x0F)])
    }
    return String(result)
}
