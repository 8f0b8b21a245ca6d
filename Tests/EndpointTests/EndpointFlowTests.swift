import Foundation
import ResetTokens
import Testing

/// The reset endpoint through a real web server (lighttpd by default; the whole flow under Apache
/// and nginx too) and a real HTTP client (curl).
@Suite(.enabled(if: WebSite.lighttpd != nil, "lighttpd is not installed (scripts/test installs it)"))
struct EndpointFlowTests {
    static let securityHeaders = [
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
    ]

    func expectSecurityHeaders(_ response: WebSite.Response, _ site: WebSite, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, value) in Self.securityHeaders {
            #expect(response.header(name) == value, "\(name)", sourceLocation: sourceLocation)
        }
        #expect(response.header("Content-Security-Policy")
                == "default-src 'none'; style-src 'self' \(site.origin); img-src 'self' \(site.origin); form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                sourceLocation: sourceLocation)
        #expect(response.header("Content-Type")?.contains("charset=utf-8") == true, sourceLocation: sourceLocation)
    }

    /// GET the form, POST it, and return the response.
    func requestReset(_ site: WebSite, email: String, username: String = "", headers: [String: String] = [:]) throws -> WebSite.Response {
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        let csrf = try #require(form.hiddenField("csrf"))
        let cookie = try #require(form.cookies["resetlink_form"])
        // The field is the server's HMAC of the cookie, not a copy of it.
        #expect(cookie != csrf)
        return try site.http("POST", "/cgi-bin/resetlink/forgot", headers: headers, cookies: ["resetlink_form": cookie],
                             form: [("csrf", csrf), ("email", email), ("username", username)])
    }

    /// The whole flow under each server, configured as docs/deploy-cgi.md says: lighttpd and Apache
    /// httpd with mod_cgi, nginx with fcgiwrap.
    @Test(arguments: WebSite.servers)
    func wholeFlowFromFormToNewPassword(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }

        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        #expect(form.status == 200)
        expectSecurityHeaders(form, site)
        #expect(form.body.contains("<label for=\"email\">Email address</label>"))
        let sent = try requestReset(site, email: "ana@example.org")
        #expect(sent.status == 200)
        expectSecurityHeaders(sent, site)
        #expect(sent.body.contains("If an account uses this address, we have sent an email with the next steps."))

        let mail = try #require(try site.mails().first)
        #expect(mail.to.hasSuffix("<ana@example.org>"))
        let link = try #require(mail.link)
        #expect(link.hasPrefix(site.endpoint + "/link?token="))

        let landing = try site.http("GET", link)
        #expect(landing.status == 303)
        expectSecurityHeaders(landing, site)
        #expect(landing.header("Location") == site.endpoint + "/new-password")
        let cookie = try #require(landing.headers("Set-Cookie").first { $0.hasPrefix("resetlink_token=") })
        #expect(cookie.hasSuffix("; Path=/cgi-bin/resetlink/new-password; HttpOnly; Secure; SameSite=Lax"))
        let token = try #require(landing.cookies["resetlink_token"])
        #expect(link.hasSuffix("token=" + token))

        let page = try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token])
        #expect(page.status == 200)
        #expect(page.body.contains("Choose a new password for the account <strong>ana</strong>."))
        let csrf = try #require(page.hiddenField("csrf"))

        let mismatch = try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                                     form: [("csrf", csrf), ("password", "one long password"), ("confirm", "another long one")])
        #expect(mismatch.status == 422 && mismatch.body.contains("The two passwords are not the same."))
        let weak = try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                                 form: [("csrf", csrf), ("password", "short"), ("confirm", "short")])
        #expect(weak.status == 422 && weak.body.contains("Use at least 12 characters."))

        let done = try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                                 form: [("csrf", csrf), ("password", "correct horse battery staple"), ("confirm", "correct horse battery staple")])
        #expect(done.status == 200)
        expectSecurityHeaders(done, site)
        #expect(done.body.contains("The password of <strong>ana</strong> was changed."))
        #expect(done.body.contains("href=\"\(site.origin)/login\""))
        #expect(done.headers("Set-Cookie").contains { $0.hasPrefix("resetlink_token=; Max-Age=0;") })

        // The same link now fails; the new password works; the notice arrived.
        let again = try site.http("GET", link)
        #expect(again.status == 410 && again.body.contains("This reset link is invalid or has expired."))
        #expect(try site.resetlink(["accounts", "check-password", "ana"], input: "correct horse battery staple\n").status == 0)
        // Maildir names sort by second, then by process id as text: not by arrival within a second.
        let mails = try site.mails(atLeast: 2)
        #expect(mails.map(\.subject).sorted() == ["Reset your password", "Your password was changed"])
        #expect(mails.first { $0.subject == "Your password was changed" }?.to.contains("ana@example.org") == true)
    }

    @Test func pagesLookLikeTheGuideAndPassTheHTMLCheck() throws {
        let site = try WebSite()
        defer { site.stop() }
        var pages = [try site.http("GET", "/cgi-bin/resetlink/forgot"), try requestReset(site, email: "nobody@example.org"),
                     try site.http("GET", "/cgi-bin/resetlink/link?token=AAAA")]
        try site.resetlink(["request", "--email", "ana@example.org"])
        let link = try #require(try site.mails().first?.link)
        let token = try #require(try site.http("GET", link).cookies["resetlink_token"])
        pages.append(try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token]))
        for page in pages {
            #expect(try WebSite.checkHTML(page.body) == [], "\(page.body.prefix(300))")
            #expect(page.body.contains("<link rel=\"stylesheet\" href=\"\(site.origin)/help/assets/style.css\">"))
            #expect(page.body.contains("<header class=\"site-header\">") && page.body.contains("<nav class=\"sidebar\" aria-label=\"Guide\">"))
            #expect(!page.body.contains("https://") || !page.body.contains("cdn"))
        }
        // The stylesheet those pages use is served by the same site.
        #expect(try site.http("GET", "/help/assets/style.css").status == 200)
    }

    @Test func ssoSharedAndUnknownAddressesInPrivateMode() throws {
        let site = try WebSite(disclosure: "private")
        defer { site.stop() }
        let known = try requestReset(site, email: "ana@example.org")
        let unknown = try requestReset(site, email: "nobody@example.org")
        let sso = try requestReset(site, email: "sso@example.org")
        let shared = try requestReset(site, email: "shared@example.org")
        let sharedNamed = try requestReset(site, email: "shared@example.org", username: "shared.two")
        for response in [unknown, sso, shared, sharedNamed] {
            #expect(response.status == known.status)
            #expect(response.body == known.body)
            #expect(response.headers.filter { $0.0 != "Date" }.map { "\($0.0): \($0.1)" }
                    == known.headers.filter { $0.0 != "Date" }.map { "\($0.0): \($0.1)" })
        }
        let mails = try site.mails(atLeast: 4)
        // Each CGI process mails after answering, so arrival order is not guaranteed.
        #expect(mails.map(\.subject).sorted() == ["Reset your password", "Reset your password", "Your password is managed by Okta",
                                                  "Your password reset: please give your username too"])
        #expect(mails.contains { $0.text?.contains("account \"shared.two\"") == true })
        #expect(mails.contains { $0.text?.contains("account \"ana\"") == true })
    }

    @Test func helpfulModeLinksToTheGuide() throws {
        let site = try WebSite(disclosure: "helpful")
        defer { site.stop() }
        let sso = try requestReset(site, email: "sso@example.org")
        #expect(sso.body.contains("managed by Okta, so it cannot be reset here. Please contact the Identity team (identity@example.org)."))
        #expect(sso.body.contains("href=\"\(site.origin)/help/sso-and-directory-accounts.html\""))
        let shared = try requestReset(site, email: "shared@example.org")
        #expect(shared.body.contains("Several accounts use this address."))
        #expect(shared.body.contains("href=\"\(site.origin)/help/several-accounts.html\""))
        #expect(shared.body.contains("Ask again with your username"))
    }

    @Test func expiredAndTamperedLinks() throws {
        let site = try WebSite()
        defer { site.stop() }
        let past = Int(Date().timeIntervalSince1970) - 7200
        let expired = try site.resetlink(["issue", "--account", "1", "--now", "\(past)", "--link"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let page = try site.http("GET", expired)
        #expect(page.status == 410 && page.body.contains("invalid or has expired"))
        #expect(page.body.contains("href=\"\(site.endpoint)/forgot\"") && page.body.contains("href=\"\(site.origin)/help/link-problems.html\""))
        #expect(page.cookies["resetlink_token"] == nil)

        let fresh = try site.resetlink(["issue", "--account", "1", "--link"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes = try #require(Base64URL.decode(String(fresh.split(separator: "=").last ?? "")))
        bytes[80] ^= 0x10
        let tampered = try site.http("GET", "/cgi-bin/resetlink/link?token=" + Base64URL.encode(bytes))
        #expect(tampered.status == 410 && tampered.cookies.isEmpty)
        #expect(try site.http("GET", fresh).status == 303)
    }

    /// Under each server: nginx passes Host and the other headers to FastCGI its own way.
    @Test(arguments: WebSite.servers)
    func linksIgnoreHostAndForwardedHostAndTheProxyHeader(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let response = try requestReset(site, email: "ana@example.org", headers: [
            "Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https",
            "Proxy": "http://evil.example:3128",
        ])
        #expect(response.status == 200)
        let mail = try #require(try site.mails().first)
        #expect(mail.link?.hasPrefix(site.endpoint + "/link?token=") == true)
        #expect(mail.text?.contains("evil.example") == false)
        #expect(!response.body.contains("evil.example"))
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot", headers: ["Host": "evil.example"])
        #expect(!form.body.contains("evil.example"))
        let root = try site.http("GET", "/cgi-bin/resetlink/", headers: ["Host": "evil.example", "X-Forwarded-Host": "evil.example"])
        #expect(root.status == 303 && root.header("Location") == site.endpoint + "/forgot")
    }

    /// Under each server: the bodies, methods and statuses pass through each one (nginx buffers the
    /// body and fcgiwrap hands it over).
    @Test(arguments: WebSite.servers)
    func badInputIsRefusedBeforeAnyDatabaseAccess(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let before = try site.auditCount()
        let cookie = ["resetlink_form": String(repeating: "a", count: 22)]
        func post(_ body: String) throws -> WebSite.Response {
            try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: cookie, body: Data(body.utf8))
        }
        let huge = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: cookie,
                                 body: Data(("csrf=\(String(repeating: "a", count: 22))&email=" + String(repeating: "x", count: 20_000)).utf8))
        #expect(huge.status == 413)
        expectSecurityHeaders(huge, site)
        // Larger than a pipe holds: still 413 (nginx's own, docs/deploy-cgi.md), not a 502 from fcgiwrap.
        let larger = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: cookie,
                                   body: Data(("csrf=\(String(repeating: "a", count: 22))&email=" + String(repeating: "x", count: 100_000)).utf8))
        #expect(larger.status == 413)
        let put = try site.http("PUT", "/cgi-bin/resetlink/forgot")
        #expect(put.status == 405 && put.header("Allow") == "GET, HEAD, POST")
        let postLink = try site.http("POST", "/cgi-bin/resetlink/link", body: Data("token=x".utf8))
        #expect(postLink.status == 405 && postLink.header("Allow") == "GET, HEAD")
        for body in ["email=%zz&csrf=aaaaaaaaaaaaaaaaaaaaaa", "email=%FF%FE&csrf=aaaaaaaaaaaaaaaaaaaaaa",
                     "email=a@example.org&email=b@example.org&csrf=aaaaaaaaaaaaaaaaaaaaaa",
                     "email[]=a@example.org&csrf=aaaaaaaaaaaaaaaaaaaaaa", "email=a%00b&csrf=aaaaaaaaaaaaaaaaaaaaaa",
                     "surprise=1&csrf=aaaaaaaaaaaaaaaaaaaaaa"] {
            let response = try post(body)
            #expect(response.status == 400, "\(body)")
            #expect(response.body.contains("<h1>Request not accepted</h1>"))
            expectSecurityHeaders(response, site)
        }
        #expect(try site.http("GET", "/cgi-bin/resetlink/link?token=").status == 400)
        #expect(try site.http("GET", "/cgi-bin/resetlink/link").status == 400)
        #expect(try site.http("GET", "/cgi-bin/resetlink/link?token=x&token=y").status == 400)
        #expect(try site.http("GET", "/cgi-bin/resetlink/nowhere").status == 404)
        #expect(try site.auditCount() == before)
    }

    @Test func getAndHeadChangeNothing() throws {
        let site = try WebSite()
        defer { site.stop() }
        try site.resetlink(["request", "--email", "ana@example.org"])
        let link = try #require(try site.mails().first?.link)
        let before = try site.auditCount()
        for _ in 0..<3 {
            #expect(try site.http("GET", link).status == 303)
            let head = try site.http("HEAD", link)
            #expect(head.status == 303 && head.body.isEmpty)
        }
        let token = String(link.split(separator: "=").last ?? "")
        #expect(try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token]).status == 200)
        #expect(try site.http("HEAD", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token]).status == 200)
        #expect(try site.auditCount() == before)
        #expect(try site.resetlink(["verify", link]).status == 0)
    }

    @Test func postsWithoutProofAreRefused() throws {
        let site = try WebSite()
        defer { site.stop() }
        try site.resetlink(["request", "--email", "ana@example.org"])
        let link = try #require(try site.mails().first?.link)
        let token = try #require(try site.http("GET", link).cookies["resetlink_token"])
        let form = [("password", "correct horse battery staple"), ("confirm", "correct horse battery staple")]
        let page = try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token])
        let csrf = try #require(page.hiddenField("csrf"))
        // No cookie (a cross-site post: SameSite=Lax keeps it home), no field, a wrong field.
        #expect(try site.http("POST", "/cgi-bin/resetlink/new-password", form: [("csrf", csrf)] + form).status == 403)
        #expect(try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token], form: form).status == 403)
        #expect(try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                              form: [("csrf", String(csrf.reversed()))] + form).status == 403)
        // The forgot form needs its cookie too.
        #expect(try site.http("POST", "/cgi-bin/resetlink/forgot", form: [("csrf", "a"), ("email", "ana@example.org")]).status == 403)
        #expect(try site.resetlink(["accounts", "check-password", "ana"], input: "correct horse battery staple\n").status == 21)
        #expect(try site.resetlink(["verify", link]).status == 0)
    }
}
