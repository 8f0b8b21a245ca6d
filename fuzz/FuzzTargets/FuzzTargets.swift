import AccountStore
import CGI
import HelpSite
import Mail
import ResetTokens
import TemplateEngine

/// The fuzz targets, shared by the libFuzzer executable (fuzz/Fuzzer) and the regression test that
/// replays the seed corpora and every input that once crashed (Tests/FuzzRegressionTests). Each
/// takes arbitrary bytes; anything but a clean return (a trap, a failed precondition, a sanitizer
/// report, a hang) is a finding. Where a property must hold for every input, it is checked here.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case token
    case cgi
    case frontMatter = "front-matter"
    case markdown
    case csv
    case mailHeader = "mail-header"
    case template

    public func run(_ data: [UInt8]) {
        switch self {
        case .token: TokenTarget.run(data)
        case .cgi: CGITarget.run(data)
        case .frontMatter: _ = HelpSiteFuzzing.frontMatter(String(decoding: data, as: UTF8.self))
        case .markdown:
            let text = String(decoding: data, as: UTF8.self)
            HelpSiteFuzzing.renderPage(text)
            HelpSiteFuzzing.checkInlinePositions(text)
        case .csv: _ = try? AccountImport.parse(String(decoding: data, as: UTF8.self), file: "people.csv")
        case .mailHeader: MailTarget.run(data)
        case .template: TemplateTarget.run(data)
        }
    }

    /// How many of the generated seeds the target accepts as genuine (all of them, or the token
    /// target could not tell a forgery from a real token).
    public var acceptedSeedCount: Int {
        guard self == .token else { return 0 }
        return TokenTarget.validTokens().filter { token in
            TokenPurpose.allCases.contains { purpose in
                TokenTarget.generator.checkToken(token, purpose: purpose) { $0 == 42 ? TokenTarget.state : nil }.outcome.isValid
            }
        }.count
    }

    /// Seeds made at run time, besides fuzz/corpus/: valid tokens need the target's key.
    public var generatedSeeds: [[UInt8]] {
        self == .token ? TokenTarget.validTokens().map { Array($0.utf8) } : []
    }
}

/// The token decoder and verifier with a fixed key: no input may be accepted unless it is one of
/// the tokens issued here (the seeds are mutations of these).
enum TokenTarget {
    static let state = AccountState(passwordHash: "scrypt$ln=16,r=8,p=1$c2FsdA$aGFzaA", email: "ana@example.org", source: .local, status: .active)
    static let generator = ResetTokenGenerator(keys: [TokenKey(id: 1, secret: Array(repeating: 7, count: 32)),
                                                      TokenKey(id: 2, secret: Array(repeating: 9, count: 32), isRetired: true)],
                                               signingKeyID: 1)

    /// One valid token per purpose, valid for ten years.
    static func validTokens() -> [String] {
        TokenPurpose.allCases.compactMap { try? generator.makeToken(accountID: 42, state: state, purpose: $0, lifetime: 10 * 365 * 86_400) }
    }

    static func run(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        for purpose in TokenPurpose.allCases {
            let check = generator.checkToken(text, purpose: purpose) { id in id == 42 ? state : nil }
            if case .valid(let accountID, _, _) = check.outcome {
                // Only a token this generator issued can get here; its fields are authentic.
                precondition(accountID == 42, "accepted a token for account \(accountID)")
                precondition(Base64URL.decode(text).map(Base64URL.encode) == text, "accepted a non-canonical spelling: \(text)")
            }
        }
        _ = generator.isFormTag(text, for: text)
    }
}

/// The CGI request parser. Input: `NAME=value` lines (the environment) up to an empty line, then
/// the body, which is served to the parser in chunks as standard input would be.
enum CGITarget {
    static func run(_ data: [UInt8]) {
        var environment: [String: String] = [:]
        var rest = data[...]
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            let line = rest[..<newline]
            rest = rest[(newline + 1)...]
            if line.isEmpty { break }
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { continue }
            environment[String(decoding: line[..<equals], as: UTF8.self)] = String(decoding: line[(equals + 1)...], as: UTF8.self)
        }
        let body = Array(rest)
        do {
            let request = try CGIRequest.parse(environment: environment) { count in Array(body.prefix(count)) }
            precondition(request.path.utf8.count <= 256)
            precondition(request.cookies.keys.allSatisfy { !$0.isEmpty })
            // No decoded field carries a C0 control character or DEL (they could forge log lines).
            for fields in [request.form, request.query] {
                for name in fields.names {
                    precondition((name + (fields[name] ?? "")).utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F })
                }
            }
            precondition((request.origin?.utf8.count ?? 0) <= 256 && (request.fetchSite?.utf8.count ?? 0) <= 32)
            // The link's token as the endpoint and `resetlink verify` read it: never empty.
            if let token = try? ResetLinkQuery.token(in: request.query) { precondition(!token.isEmpty) }
        } catch {
            _ = error.status
        }
    }
}

/// Mail header encoding: whatever the subject, display name or extra header value, the header is
/// ASCII, every line fits in 998 bytes (78 where it can be folded), continuation lines start with
/// white space, and exactly the fields written are there (no injected field or early blank line).
enum MailTarget {
    static func run(_ data: [UInt8]) {
        let parts = data.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        func part(_ index: Int) -> String { index < parts.count ? parts[index] : "" }
        let message = MailMessage(
            from: MailAddress("no-reply@example.org", displayName: part(1)),
            to: MailAddress("ana@example.org", displayName: part(2)),
            subject: part(0), text: part(3), date: 1_790_000_000, messageID: "fuzz@example.org",
            headers: [("X-Fuzz", part(2))])
        let rendered = message.rendered(boundary: nil)
        guard let end = rendered.range(of: "\n\n") else { preconditionFailure("no end of header") }
        let header = rendered[..<end.lowerBound]
        var names: [Substring] = []
        for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
            precondition(!line.isEmpty, "empty line inside the header")
            precondition(line.utf8.count <= 998, "header line of \(line.utf8.count) bytes: \(line.prefix(100))…")
            precondition(line.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }, "non-ASCII or control byte in \(line)")
            if line.first == " " || line.first == "\t" { continue }
            guard let colon = line.firstIndex(of: ":") else { preconditionFailure("line without a field name: \(line)") }
            names.append(line[..<colon])
        }
        let expected: [Substring] = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "X-Fuzz"]
        precondition(names == expected, "fields \(names)")
        for line in rendered[end.upperBound...].split(separator: "\n") {
            precondition(line.utf8.count <= 76 && line.utf8.allSatisfy { $0 < 0x80 }, "body line not quoted-printable: \(line)")
        }
    }
}

/// The Mustache engine: any bytes either fail to parse with a diagnostic or render, also as the
/// partial and the parent of a fixed template. (A template including itself twice would take
/// exponential time up to the depth bound: issue 17's load-time check is to report such cycles,
/// so the fuzzed template is not given itself.)
enum TemplateTarget {
    /// The shape the check is given: the names of `value`, with a list of its own kind.
    struct FuzzValues: TemplateValues {
        static let templateFields: [TemplateField<FuzzValues>] = [
            .flag("a", "") { _ in true }, .text("b", "") { _ in "" }, .html("h", "") { _ in "" },
            .list("c", "") { _ in [FuzzValues]() }, .optionalObject("d", "") { _ in FuzzValues?.none },
            .textList("e", "") { _ in [] },
        ]
    }

    static let value = TemplateValue.object(TemplateObject([
        ("a", .bool(true)), ("b", .string("<&>")), ("c", .list([.int(1), .object(TemplateObject([("a", .bool(false))]))])),
    ]))
    static let partial = try? Template(source: "  {{#c}}{{b}}\n{{/c}}", file: "a")
    static let child = try? Template(source: "{{<fuzz}}{{$b}}B\n{{/b}}{{$a}}{{/a}}{{/fuzz}}\n  {{>fuzz}}\n", file: "child")

    static func run(_ data: [UInt8]) {
        let template: Template
        do {
            template = try Template(source: String(decoding: data, as: UTF8.self), file: "fuzz")
        } catch {
            precondition(error.description.hasPrefix("fuzz:"), "diagnostic without its place")
            return
        }
        var library = TemplateLibrary()
        library["a"] = partial
        _ = template.renderBytes(value, partials: library)
        // The load-time check ends on any template, including one that uses itself, and places
        // every problem in a template it was given.
        var checked = library
        checked["fuzz"] = template
        checked["child"] = child
        for root in ["fuzz", "child"] {
            for problem in checked.check(root, against: FuzzValues.self) {
                precondition(["fuzz", "a", "child"].contains(problem.position.file) && problem.position.line > 0, "misplaced: \(problem)")
            }
        }
        guard !template.usedNames.contains(where: { ($0.kind == .partial || $0.kind == .parent) && $0.path == ["fuzz"] }) else { return }
        library["fuzz"] = template
        _ = child?.renderBytes(value, partials: library)
    }
}
