import CGI
import Foundation
import ResetEndpoint
import ResetFlow
import Settings
import Testing

/// `resetlink verify` given untrusted text the two documented ways (`-- TEXT` and `--stdin`): no
/// text exits 0 unless it is a valid token; and links are read exactly as the web endpoint reads
/// them (checked against `resetlink cgi` on the same links).
@Suite struct VerifyInputTests {
    typealias Workspace = ResetlinkCommandTests.Workspace

    static let now: UInt64 = 1_795_000_060

    /// Texts a script might be handed; each would be an option, or the help, if passed bare.
    static let hostileTexts = [
        "-h", "--help", "-help", "-xh", "--json", "--now=0", "--now=99999999999", "--purpose=email-verification",
        "--stdin", "--", "-", "", "AQAB\nAQAB", "\n", String(repeating: "A", count: 5000), String(repeating: "-h", count: 3000),
    ]

    func verifyAfterDashes(_ work: Workspace, _ text: String, _ extra: [String] = []) throws -> ResetlinkCommandTests.Result {
        try work.run(["verify", "--state-file", work.accounts, "--now", "\(Self.now)"] + extra + ["--", text])
    }

    func verifyStdin(_ work: Workspace, _ input: String, _ extra: [String] = []) throws -> ResetlinkCommandTests.Result {
        try work.run(["verify", "--stdin", "--state-file", work.accounts, "--now", "\(Self.now)"] + extra, input: input)
    }

    @Test func hostileTextsAreMalformedAfterDashes() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        for text in Self.hostileTexts {
            let result = try verifyAfterDashes(work, text)
            #expect(result.status == 10, "verify -- \(text.prefix(20).debugDescription): \(result.err)")
            #expect(result.out == "malformed\n", "verify -- \(text.prefix(20).debugDescription)")
            #expect(result.err == "")
            let json = try verifyAfterDashes(work, text, ["--json"])
            #expect(json.status == 10 && json.out == "{\"outcome\": \"malformed\"}\n")
        }
    }

    /// The undocumented, careless way (no `--`): some texts are read as options, but none exits 0,
    /// the help included (it exits 64), and `complete` never reports a change.
    @Test func hostileTextsNeverExitZeroEvenWithoutDashes() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        for text in Self.hostileTexts + ["--version", "-hx", "--help=1", "--experimental-dump-help", "--generate-completion-script",
                                         "--generate-completion-script=bash", "--generate-completion-script=zsh"] {
            let result = try work.run(["verify", "--state-file", work.accounts, "--now", "\(Self.now)", text])
            #expect(result.status != 0, "verify \(text.prefix(20).debugDescription) exited 0")
            let complete = try work.run(["complete", text], input: "correct horse battery staple\n")
            #expect(complete.status != 0, "complete \(text.prefix(20).debugDescription) exited 0")
        }
        let help = try work.run(["verify", "-h"])
        #expect(help.status == 64 && help.out.contains("USAGE:"))
        #expect(try work.run(["help", "verify"]).status == 0)
    }

    @Test func hostileTextsAreMalformedOnStandardInput() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        for text in Self.hostileTexts {
            for input in [text, text + "\n", text + "\r\n"] {
                let result = try verifyStdin(work, input)
                #expect(result.status == 10, "verify --stdin <<< \(input.prefix(20).debugDescription): \(result.err)")
                #expect(result.out == "malformed\n", "verify --stdin <<< \(input.prefix(20).debugDescription)")
                #expect(result.err == "")
            }
        }
        // More than the limit is malformed, and is not read to its end.
        let huge = try verifyStdin(work, String(repeating: "A", count: 20_000))
        #expect(huge.status == 10 && huge.out == "malformed\n")
    }

    @Test func aValidTokenPassesBothWays() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        let token = try work.issue()
        let link = try work.issue(["--link"])
        for text in [token, link] {
            let dashes = try verifyAfterDashes(work, text)
            #expect(dashes.status == 0 && dashes.out.hasPrefix("valid: account 42, purpose password-reset"))
            for input in [text, text + "\n", text + "\r\n"] {
                let piped = try verifyStdin(work, input)
                #expect(piped.status == 0 && piped.out.hasPrefix("valid: account 42, purpose password-reset"), "\(piped.err)")
            }
            // Options before `--` still apply.
            let json = try verifyAfterDashes(work, text, ["--json"])
            #expect(json.status == 0 && json.out.hasPrefix("{\"outcome\": \"valid\", \"account_id\": 42,"))
            #expect(try verifyAfterDashes(work, text, ["--purpose", "email-verification"]).status == 15)
            #expect(try verifyStdin(work, text, ["--purpose", "email-verification"]).status == 15)
        }
        // One line break is removed, nothing more: no other whitespace, not a lone CR, not two LFs.
        for input in [token + "\n\n", token + "\r", token + "\n\r\n", " " + token, token + " \n", token + "\t", token + "\n" + token] {
            let result = try verifyStdin(work, input)
            #expect(result.status == 10 && result.out == "malformed\n", "\(input.suffix(3).debugDescription)")
        }
        // A bare argument is still read (interactive use), and `-` is a literal there too.
        #expect(try work.verify(token).status == 0)
        #expect(try work.verify("-").status == 10)
    }

    @Test func usageErrors() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        let token = try work.issue()
        let both = try work.run(["verify", "--stdin", "--state-file", work.accounts, "--", token], input: token)
        #expect(both.status == 64 && both.out.isEmpty && both.err.contains("either as an argument or with --stdin"))
        let neither = try work.run(["verify", "--state-file", work.accounts])
        #expect(neither.status == 64 && neither.err.contains("after --, or use --stdin"))
        #expect(try work.run(["verify", "--state-file", work.accounts, "--", token, "extra"]).status == 64)
    }

    // MARK: Links, as the endpoint reads them

    /// The query of every way of writing `token` that the endpoint accepts.
    static func encodings(of token: String) -> [String] {
        func encoded(_ character: Character, lowercase: Bool) -> String {
            let hex = String(format: "%02X", character.asciiValue ?? 0)
            return "%" + (lowercase ? hex.lowercased() : hex)
        }
        return [
            "token=" + token,
            "token=%41" + token.dropFirst(),  // every token starts with A (version 1)
            "token=" + token.replacingOccurrences(of: "-", with: "%2d"),
            "token=" + token.replacingOccurrences(of: "_", with: "%5F"),
            "token=" + token.map { encoded($0, lowercase: true) }.joined(),
            "token=" + token.map { encoded($0, lowercase: false) }.joined(),
            "%74%6f%6b%65%6e=" + token,
            "&token=" + token + "&",
            "token=" + token + "#section",
        ]
    }

    /// Ways of writing a link that the endpoint refuses: a bad query (400) or a token that is not
    /// valid (410).
    static func refusedQueries(for token: String) -> [String] {
        [
            "token=" + token.prefix(40) + "+" + token.dropFirst(40),
            "token=" + token + "+",
            "token=" + token + "&token=" + token,
            "token=" + token + "&utm_source=mail",
            "token=" + token + "&token",
            "token=" + token + "%",
            "token=" + token + "%4",
            "token=%zz" + token,
            "token=" + token + "%00",
            "token=" + token + "%0A",
            "TOKEN=" + token,
            "token=",
            "token",
            "",
        ]
    }

    /// `resetlink cgi` answering `GET /link?…`: the status line's code.
    func endpointStatus(_ work: Workspace, query: String) throws -> Int {
        let result = try work.run(["cgi"], environment: [
            "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "PATH_INFO": "/link", "QUERY_STRING": query,
            "RESETLINK_CONFIG": work.config,
        ])
        let statusLine = result.out.prefix { $0 != "\r" && $0 != "\n" }
        #expect(statusLine.hasPrefix("Status: "), "\(result.out.prefix(200)) \(result.err)")
        return Int(statusLine.dropFirst("Status: ".count).prefix(3)) ?? 0
    }

    /// A real link (the real clock, the account database) whose token has both a `-` and a `_`:
    /// the endpoint's URL and the token.
    static func realLink(_ work: Workspace) throws -> (endpoint: String, token: String) {
        var endpoint = "", token = ""
        for _ in 0..<30 where !token.contains("-") || !token.contains("_") {
            let link = try #require(try work.run(["admin", "reset", "ana", "--by", "test", "--print-link"]).out.split(separator: "\n").first)
            let parts = link.split(separator: "?token=", maxSplits: 1)
            try #require(parts.count == 2)
            (endpoint, token) = (String(parts[0]), String(parts[1]))
        }
        return (endpoint, token)
    }

    @Test func percentEncodedLinksAreValidForVerifyAndTheEndpoint() throws {
        let work = try FlowCommandTests().workspace()
        let (endpoint, token) = try Self.realLink(work)
        #expect(token.hasPrefix("A") && token.count > 100 && token.contains("-") && token.contains("_"))
        for query in Self.encodings(of: token) {
            let encodedLink = endpoint + "?" + query
            let verified = try work.run(["verify", "--", encodedLink])
            #expect(verified.status == 0, "verify -- \(encodedLink): \(verified.out)")
            #expect(verified.out.hasPrefix("valid: account "))
            #expect(try work.run(["verify", "--stdin"], input: encodedLink + "\n").status == 0)
            #expect(try endpointStatus(work, query: query.split(separator: "#").first.map(String.init) ?? "") == 303, "GET /link?\(query)")
        }
        for query in Self.refusedQueries(for: token) {
            let refused = try work.run(["verify", "--", endpoint + "?" + query])
            #expect(refused.status == 10 && refused.out == "malformed\n", "verify -- …?\(query)")
            #expect(try work.run(["verify", "--stdin"], input: endpoint + "?" + query).status == 10)
            #expect([400, 410].contains(try endpointStatus(work, query: query)), "GET /link?\(query)")
        }
    }

    @Test func completeReadsLinksTheSameWay() throws {
        let work = try FlowCommandTests().workspace()
        let link = try #require(try work.run(["admin", "reset", "ana", "--by", "test", "--print-link"]).out.split(separator: "\n").first)
        let duplicated = try work.run(["complete", "--", link + "&token=x"], input: "correct horse battery staple\n")
        #expect(duplicated.status == 10)
        #expect(try work.run(["complete", "--", "-h"], input: "correct horse battery staple\n").status == 10)
        let encoded = link.replacingOccurrences(of: "?token=A", with: "?token=%41")
        let done = try work.run(["complete", "--", encoded], input: "correct horse battery staple\n")
        #expect(done.status == 0, "\(done.err)")
        #expect(try work.run(["accounts", "check-password", "ana"], input: "correct horse battery staple\n").status == 0)
    }
}

/// The same links, in-process: `ResetLinkQuery` and a `ResetEndpoint` built on the workspace's
/// configuration, answering `GET /link?…` through `handle(environment:readBody:)`.
@Suite struct LinkAgreementInProcessTests {
    @Test func endpointAndResetLinkQueryAgreeOnEncodedLinks() throws {
        let work = try FlowCommandTests().workspace()
        let (endpointURL, token) = try VerifyInputTests.realLink(work)
        let configuration = try Configuration.load(path: work.config)
        let endpoint = ResetEndpoint(configuration: configuration, makeService: { try ResetService.open(configuration) }, log: { _ in })
        func status(_ query: String) -> Int {
            let environment = ["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "PATH_INFO": "/link", "QUERY_STRING": query]
            return endpoint.handle(environment: environment) { _ throws(CGIError) in [] }.outcome.response.status
        }

        for query in VerifyInputTests.encodings(of: token) {
            #expect(try ResetLinkQuery.token(inLink: endpointURL + "?" + query) == token, "\(query)")
            let queryString = query.split(separator: "#", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            #expect(status(queryString) == 303, "GET /link?\(queryString)")
        }
        for query in VerifyInputTests.refusedQueries(for: token) {
            let read = Result { () throws(CGIError) in try ResetLinkQuery.token(inLink: endpointURL + "?" + query) }
            // Either the query is refused (400 on the web), or what it yields is not the token (410).
            switch read {
            case .failure: #expect(status(query) == 400, "GET /link?\(query)")
            case .success(let text):
                #expect(text != token)
                #expect(status(query) == 410, "GET /link?\(query)")
            }
        }
    }
}
