import AccountStore
import CGI
import Foundation
import Keyring
import Mail
import MailReading
import ResetEndpoint
import ResetFlow
import ResetTokens
import Settings

/// Admin > People in-process: a configuration, keyring, account store and Maildir in a temporary
/// folder, a settable clock, and requests answered by a fresh `ResetEndpoint` each (one CGI
/// process per request), with the CGI meta-variables a web server sets.
final class AdminSite {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: String
    let configuration: Configuration
    let keyring: Keyring
    var clock: UnixTime = 1_795_000_000
    /// What the endpoints wrote to the error log.
    private(set) var log: [String] = []

    var maildir: String { folder + "/maildir" }

    /// `reset`: more lines of the reset section, indented by two spaces.
    init(admins: String = "admins: [alice]", reset: String = "") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        configuration = try Configuration.parse("""
            site:
              title: Password help
              base_url: https://intranet.example.org/help/
              templates: \(Self.packageRoot.path)/Templates
            reset:
              endpoint_url: https://intranet.example.org/cgi-bin/resetlink
              database: \(folder)/accounts.sqlite
              password: {scrypt_log_n: 10}
              mail: {from: "Password help <no-reply@example.org>", delivery: maildir, maildir: \(folder)/maildir}
              contacts: {Okta: the Identity team (identity@example.org)}
              \(admins)
            \(reset)
            """, file: folder + "/resetkit.yaml")
        var keys = Keyring()
        keys.addKey()
        keyring = keys
        for (username, email, name, source, provider, status) in [
            ("ana", "ana@example.org", "Ana Lima", AccountSource.local, "", AccountStatus.active),
            ("okta.user", "sso@example.org", "Okta User", .sso, "Okta", .active),
            ("shared.one", "shared@example.org", "", .local, "", .active),
            ("shared.two", "Shared@Example.org", "", .local, "", .active),
            ("old.timer", "old@example.org", "Old <b>Timer</b>", .local, "", .disabled),
        ] {
            try store().add(AccountDetails(username: username, email: email, displayName: name, source: source, provider: provider, status: status),
                            now: clock)
        }
    }

    func service() throws -> ResetService {
        let service = ResetService(configuration: configuration, store: try store(), keyring: keyring,
                                   mailer: Mailer(delivery: .maildir(path: maildir)))
        service.now = { [unowned self] in self.clock }
        return service
    }

    func store() throws -> AccountStore { try AccountStore(path: folder + "/accounts.sqlite") }

    func id(_ username: String) throws -> Int64 {
        guard let account = try store().account(username: username) else { throw SiteError("no account \(username)") }
        return account.id
    }

    struct SiteError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct Page {
        let response: CGIResponse
        var status: Int { response.status }
        var body: String { String(decoding: response.body, as: UTF8.self) }
        func header(_ name: String) -> [String] { response.headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
        var title: String? {
            guard let start = body.range(of: "<h1>"), let end = body.range(of: "</h1>", range: start.upperBound..<body.endIndex) else { return nil }
            return String(body[start.upperBound..<end.lowerBound])
        }
        /// The admin form cookie this page sets.
        var formCookie: String? {
            header("Set-Cookie").first { $0.hasPrefix("resetlink_admin=") }.map { String($0.dropFirst(16).prefix { $0 != ";" }) }
        }
        var csrf: String? {
            guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// One request as a web server hands it to the CGI program. `user` nil: not authenticated.
    func request(_ path: String, method: String = "GET", query: String = "", user: String? = "alice", authType: String? = "Basic",
                 cookies: [String: String] = [:], form: [(String, String)] = [], headers: [String: String] = [:]) throws -> Page {
        let body = Array(form.map { FormData.encode($0.0) + "=" + FormData.encode($0.1) }.joined(separator: "&").utf8)
        var environment = ["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query]
        if let user { environment["REMOTE_USER"] = user }
        if let authType { environment["AUTH_TYPE"] = authType }
        if !cookies.isEmpty { environment["HTTP_COOKIE"] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if method == "POST" {
            environment["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environment["CONTENT_LENGTH"] = "\(body.count)"
        }
        environment.merge(headers) { _, new in new }
        let endpoint = ResetEndpoint(configuration: configuration, makeService: { [unowned self] in try self.service() },
                                     log: { [unowned self] line in self.log.append(line) })
        let outcome = endpoint.handle(environment: environment) { count throws(CGIError) in Array(body.prefix(count)) }.outcome
        log += outcome.finish()
        return Page(response: outcome.response)
    }

    /// Opens the person's page and posts its Reset password form, as the browser does.
    func reset(_ username: String, delivery: String, user: String = "alice", headers: [String: String] = [:]) throws -> Page {
        let id = try id(username)
        let page = try request("/admin/people/\(id)", user: user)
        guard let cookie = page.formCookie, let csrf = page.csrf else { throw SiteError("no form on the page of \(username): \(page.body)") }
        return try request("/admin/people/\(id)/reset", method: "POST", user: user, cookies: ["resetlink_admin": cookie],
                           form: [("delivery", delivery), ("csrf", csrf)], headers: headers)
    }

    func mails() -> [String] {
        let folder = maildir + "/new"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }.map(readableMail)
    }

    func audit() throws -> [AuditEntry] { try store().auditEntries() }

    /// The reset link in a mail or page.
    static func link(in text: String) -> String? {
        guard let start = text.range(of: "https://intranet.example.org/cgi-bin/resetlink/link?token=") else { return nil }
        return String(text[start.lowerBound...].prefix { !$0.isWhitespace && $0 != "<" && $0 != "\"" })
    }

    static func token(in link: String) -> String? {
        link.range(of: "?token=").map { String(link[$0.upperBound...]) }
    }
}
