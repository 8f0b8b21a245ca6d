import Foundation
import Testing

/// Admin > People behind each web server, configured as docs/deploy-cgi.md says (issue 15): the
/// server authenticates (Basic, the site's password file), resetlink decides who is an
/// administrator (reset.admins) and refuses a request the server did not authenticate.
struct AdminServerTests {
    static let people = "/cgi-bin/resetlink/admin/people"

    static let alice = WebSite.administrator
    static let bob = WebSite.nonAdministrator

    /// The program's own lines in the server's log (resetlink writes each with this prefix).
    func programLines(_ site: WebSite) -> [String] {
        ((try? String(contentsOfFile: site.programLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            .filter { $0.contains("resetlink:") }
    }

    func audit(_ site: WebSite) throws -> [String] {
        try site.resetlink(["audit"]).out.split(separator: "\n").map(String.init)
    }

    /// The whole audit log, for failure messages.
    func auditText(_ site: WebSite) -> String {
        (try? site.resetlink(["audit"]).out) ?? "(audit failed)"
    }

    /// Audit lines of this event by this actor (`<time>  <actor>  <event>…`).
    func audited(_ site: WebSite, _ actor: String, _ event: String) throws -> [String] {
        try audit(site).filter { $0.contains("  \(actor)  \(event)") }
    }

    func title(_ response: WebSite.Response) -> String? {
        guard let start = response.body.range(of: "<title>"), let end = response.body.range(of: " · ", range: start.upperBound..<response.body.endIndex) else {
            return nil
        }
        return String(response.body[start.upperBound..<end.lowerBound])
    }

    /// The absolute URL a page links to with this text (`<a href="URL">text</a>`).
    func link(_ page: WebSite.Response, to text: String) -> String? {
        guard let end = page.body.range(of: "\">\(text)</a>"), let start = page.body.range(of: "href=\"", options: .backwards, range: page.body.startIndex..<end.lowerBound) else {
            return nil
        }
        return String(page.body[start.upperBound..<end.lowerBound])
    }

    /// Alice's view of ana's page: its URL, the form cookie it set and the form's proof.
    func anasPage(_ site: WebSite) throws -> (url: String, cookie: String, csrf: String) {
        let search = try site.http("GET", Self.people + "?q=ana", credentials: Self.alice)
        let url = try #require(link(search, to: "ana"))
        #expect(url == site.endpoint + "/admin/people/1")
        let page = try site.http("GET", url, credentials: Self.alice)
        #expect(page.status == 200)
        return (url, try #require(page.cookies["resetlink_admin"]), try #require(page.hiddenField("csrf")))
    }

    /// Without credentials, or with a wrong password, the server answers 401 itself: resetlink
    /// never runs (no line from it in the log, no audit entry, no mail for a POST).
    @Test(arguments: WebSite.servers)
    func theServerAsksForCredentials(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let audited = try site.auditCount()
        let wrongPassword = WebSite.Credentials(user: WebSite.administrator.user, password: "not alice's password")
        let unknownUser = WebSite.Credentials(user: "mallory", password: WebSite.administrator.password)
        let refused = [
            try site.http("GET", Self.people),
            try site.http("GET", Self.people, credentials: wrongPassword),
            try site.http("GET", Self.people, credentials: unknownUser),
            try site.http("GET", "/cgi-bin/resetlink/admin"),
            try site.http("GET", Self.people + "/1?q=ana"),
            try site.http("POST", Self.people + "/1/reset", credentials: wrongPassword, form: [("delivery", "email"), ("csrf", "x")]),
        ]
        for response in refused {
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Basic realm=\"ResetKit administrators\"") == true, "\(response.headers)")
            // Not resetlink's page: it would carry the endpoint's security headers.
            #expect(response.header("Content-Security-Policy") == nil)
        }
        #expect(try site.auditCount() == audited)
        #expect(programLines(site).isEmpty, "\(site.logText())")
        #expect(try site.mails(atLeast: 0).isEmpty)
    }

    /// With a password from the file the request reaches resetlink (its page and security
    /// headers), for an administrator and for bob alike: the server does not decide who is one.
    @Test(arguments: WebSite.servers)
    func theServerLetsAuthenticatedUsersThrough(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        for credentials in [WebSite.administrator, WebSite.nonAdministrator] {
            let response = try site.http("GET", Self.people, credentials: credentials)
            #expect(response.status != 401, "\(credentials.user)")
            #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(credentials.user)")
            #expect(response.body.contains("<link rel=\"stylesheet\" href=\"\(site.origin)/help/assets/style.css\">"), "\(credentials.user)")
        }
    }

    /// The document lists mod_auth before mod_cgi, as lighttpd asks: its configuration test
    /// (`lighttpd -tt`, which loads the modules) gives no warning, and does with mod_auth moved
    /// after mod_cgi (the control). The warning goes to standard error, before any log is open.
    @Test(.enabled(if: WebSite.lighttpd != nil, "lighttpd is not installed (scripts/test installs it)"))
    func lighttpdLoadsModAuthBeforeModCGI() throws {
        let site = try WebSite(server: .lighttpd)
        defer { site.stop() }
        let lighttpd = try #require(WebSite.lighttpd)
        let warning = "mod_auth should be listed in server.modules before dynamic backends such as mod_cgi"
        let documented = try WebSite.run(lighttpd, ["-tt", "-f", site.folder + "/server.conf"])
        #expect(documented.status == 0, "\(documented.err)")
        #expect(!documented.err.contains(warning), "\(documented.err)")

        let text = try String(contentsOfFile: site.folder + "/server.conf", encoding: .utf8)
        let modules = "\"mod_auth\", \"mod_authn_file\", "
        #expect(text.contains(modules + "\"mod_cgi\""))
        try (text.replacingOccurrences(of: modules, with: "") + "\nserver.modules += ( \"mod_auth\", \"mod_authn_file\" )\n")
            .write(toFile: site.folder + "/reordered.conf", atomically: true, encoding: .utf8)
        let reordered = try WebSite.run(lighttpd, ["-tt", "-f", site.folder + "/reordered.conf"])
        #expect(reordered.status == 0 && reordered.err.contains(warning), "\(reordered.err)")
    }

    /// Other spellings of the admin path either meet the server's password prompt or reach
    /// resetlink as something other than an admin page: never an admin page without a password,
    /// even with a forged Authorization header (nginx would pass its user on as REMOTE_USER).
    @Test(arguments: WebSite.servers)
    func noOtherSpellingSkipsTheServersCheck(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let forged = WebSite.Credentials(user: WebSite.administrator.user, password: "a guess")
        for path in ["/cgi-bin/resetlink//admin/people", "/cgi-bin/resetlink/./admin/people", "/cgi-bin/resetlink/%61dmin/people",
                     "/cgi-bin/resetlink/x/../admin/people", "/cgi-bin/resetlink/admin%2Fpeople", "/cgi-bin/resetlink/Admin/people",
                     "/cgi-bin//resetlink/admin/people", "/cgi-bin/resetlink/admin/people/"] {
            for credentials in [nil, forged] {
                let response = try site.http("GET", path, credentials: credentials)
                #expect(response.status != 200, "\(path)")
                #expect(!response.body.contains("Signed in as"), "\(path)")
            }
        }
    }

    /// bob got past the server's password check but is not in reset.admins: 403, in the audit log
    /// and the error log, and nothing shown or done.
    @Test(arguments: WebSite.servers)
    func aNonAdministratorIsRefused(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let page = try site.http("GET", Self.people + "?q=ana", credentials: Self.bob)
        #expect(page.status == 403)
        #expect(title(page) == "Not a people administrator")
        #expect(!page.body.contains("ana@example.org") && !page.body.contains("<table"))
        #expect(page.header("Cache-Control") == "no-store")
        let reset = try site.http("POST", Self.people + "/1/reset", credentials: Self.bob, form: [("delivery", "email"), ("csrf", "x")])
        #expect(reset.status == 403 && title(reset) == "Not a people administrator")

        #expect(try audited(site, "admin:bob", "page-refused").count == 2, "\(auditText(site))")
        #expect(try audited(site, "admin:bob", "admin-reset").isEmpty)
        let line = "resetlink: refused /admin/people: 'bob' is not a people administrator (reset.admins)"
        #expect(site.logLines(site.programLog, waitingFor: line).contains { $0.contains(line) }, "\(site.logText())")
        #expect(try site.mails(atLeast: 0).isEmpty)
    }

    /// alice searches by a word of a name and by an address (the usernames on it, audited).
    @Test(arguments: WebSite.servers)
    func anAdministratorSearches(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let everyone = try site.http("GET", "/cgi-bin/resetlink/admin", credentials: Self.alice)
        #expect(everyone.status == 303 && everyone.header("Location") == site.endpoint + "/admin/people")

        let byName = try site.http("GET", Self.people + "?q=lim", credentials: Self.alice)
        #expect(byName.status == 200)
        #expect(title(byName) == "People" && byName.body.contains("<h1>People</h1>"))
        #expect(byName.body.contains("Signed in as <strong>alice</strong>"))
        #expect(byName.header("Cache-Control") == "no-store")
        #expect(byName.body.contains("<table class=\"people\">"))
        #expect(link(byName, to: "ana") == site.endpoint + "/admin/people/1")
        #expect(byName.body.contains("<td>Ana Lima</td>"))
        #expect(byName.body.contains(">1 person found</p>"))
        #expect(!byName.body.contains("okta.user") && !byName.body.contains("Usernames on this address"))
        #expect(try WebSite.checkHTML(byName.body) == [])

        let byAddress = try site.http("GET", Self.people + "?q=" + WebSite.encode("shared@example.org"), credentials: Self.alice)
        #expect(byAddress.status == 200)
        let body = byAddress.body
        let section = try #require(body.range(of: "<section class=\"lookup\"").flatMap { start in
            body.range(of: "</section>", range: start.upperBound..<body.endIndex).map { body[start.lowerBound..<$0.upperBound] }
        })
        #expect(section.contains(">Usernames on this address</h2>"))
        #expect(section.contains("<strong>shared.one</strong>") && section.contains("<strong>shared.two</strong>"), "\(section)")
        #expect(!section.contains("ana"))
        // One admin-lookup entry per account found.
        #expect(try audited(site, "admin:alice", "admin-lookup").count == 2, "\(auditText(site))")

        let nobody = try site.http("GET", Self.people + "?q=" + WebSite.encode("nobody@example.org"), credentials: Self.alice)
        #expect(nobody.status == 200 && nobody.body.contains("No account uses this address."))
    }

    /// alice starts a reset for ana both ways: the mailed link works, the handed-over one too, and
    /// both are in the audit log as hers.
    @Test(arguments: WebSite.servers)
    func anAdministratorStartsResets(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let (url, cookie, csrf) = try anasPage(site)
        let person = try site.http("GET", url, credentials: Self.alice)
        #expect(title(person) == "Ana Lima" && person.body.contains("<h1>Ana Lima</h1>"))
        #expect(person.body.contains("<legend>How should the link reach the person?</legend>"))
        let setCookie = try #require(person.headers("Set-Cookie").first { $0.hasPrefix("resetlink_admin=") })
        for attribute in ["; Path=/cgi-bin/resetlink/admin", "; HttpOnly", "; Secure", "; SameSite=Strict"] {
            #expect(setCookie.contains(attribute), "\(setCookie)")
        }
        // The field is the server's proof for the cookie, not a copy of it.
        #expect(csrf != cookie)
        #expect(try WebSite.checkHTML(person.body) == [])

        // As a browser sends its own form: same origin.
        let sent = try site.http("POST", url + "/reset", headers: ["Origin": site.origin, "Sec-Fetch-Site": "same-origin"],
                                 cookies: ["resetlink_admin": cookie], credentials: Self.alice, form: [("csrf", csrf), ("delivery", "email")])
        #expect(sent.status == 200)
        #expect(title(sent) == "Reset link sent")
        #expect(sent.body.contains("<strong>ana@example.org</strong>"))
        #expect(!sent.body.contains("token="))
        // Mailed before the page was answered.
        let mails = try site.mails(atLeast: 0)
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.to.hasSuffix("<ana@example.org>"))
        let mailed = try #require(mail.link)
        let landing = try site.http("GET", mailed)
        #expect(landing.status == 303 && landing.header("Location") == site.endpoint + "/new-password")

        let handover = try site.http("POST", url + "/reset", cookies: ["resetlink_admin": cookie], credentials: Self.alice,
                                     form: [("csrf", csrf), ("delivery", "link")])
        #expect(handover.status == 200)
        #expect(title(handover) == "Reset link to hand over")
        #expect(handover.header("Cache-Control") == "no-store")
        let field = try #require(handover.body.range(of: "id=\"handover-link\"").flatMap { start in
            handover.body.range(of: ">", range: start.upperBound..<handover.body.endIndex)
        })
        let handed = String(handover.body[field.upperBound...].prefix { $0 != "<" })
        #expect(handed.hasPrefix(site.endpoint + "/link?token="))
        #expect(try site.mails(atLeast: 0).count == 1)
        let opened = try site.http("GET", handed)
        #expect(opened.status == 303 && opened.header("Location") == site.endpoint + "/new-password")

        #expect(try audited(site, "admin:alice", "admin-reset").count == 2, "\(auditText(site))")
    }

    /// An admin POST without the page's proof, with another one, or from another site changes
    /// nothing (no mail, no link) and is audited as alice's refused page.
    @Test(arguments: WebSite.servers)
    func adminFormsNeedTheProofAndTheSameSite(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let (url, cookie, csrf) = try anasPage(site)
        let otherPage = try site.http("GET", Self.people, credentials: Self.alice)
        let otherCookie = try #require(otherPage.cookies["resetlink_admin"])
        #expect(otherCookie != cookie)

        let expired: [WebSite.Response] = [
            try site.http("POST", url + "/reset", cookies: ["resetlink_admin": cookie], credentials: Self.alice, form: [("delivery", "email")]),
            try site.http("POST", url + "/reset", cookies: ["resetlink_admin": cookie], credentials: Self.alice,
                          form: [("csrf", "AAAA.BBBB"), ("delivery", "email")]),
            try site.http("POST", url + "/reset", credentials: Self.alice, form: [("csrf", csrf), ("delivery", "email")]),
            // A real proof, for another cookie.
            try site.http("POST", url + "/reset", cookies: ["resetlink_admin": otherCookie], credentials: Self.alice,
                          form: [("csrf", csrf), ("delivery", "link")]),
        ]
        for response in expired {
            #expect(response.status == 403)
            #expect(title(response) == "This form has expired")
            #expect(!response.body.contains("token="))
        }
        let crossSite: [WebSite.Response] = [
            try site.http("POST", url + "/reset", headers: ["Origin": "https://evil.example"], cookies: ["resetlink_admin": cookie],
                          credentials: Self.alice, form: [("csrf", csrf), ("delivery", "email")]),
            try site.http("POST", url + "/reset", headers: ["Sec-Fetch-Site": "cross-site"], cookies: ["resetlink_admin": cookie],
                          credentials: Self.alice, form: [("csrf", csrf), ("delivery", "link")]),
        ]
        for response in crossSite {
            #expect(response.status == 403)
            #expect(title(response) == "Request not accepted")
            #expect(!response.body.contains("token="))
        }
        #expect(try site.mails(atLeast: 0).isEmpty)
        #expect(try audited(site, "admin:alice", "admin-reset").isEmpty)
        #expect(try audited(site, "admin:alice", "page-refused").count == expired.count + crossSite.count, "\(auditText(site))")
        // The control: the same cookie and proof are accepted from the same site.
        let control = try site.http("POST", url + "/reset", cookies: ["resetlink_admin": cookie], credentials: Self.alice,
                                    form: [("csrf", csrf), ("delivery", "email")])
        #expect(control.status == 200 && title(control) == "Reset link sent")
        #expect(try site.mails(atLeast: 1).count == 1)
    }

    /// A deployment that left the protected location out: resetlink refuses Admin > People as a
    /// misconfiguration (500 and an error-log line), also when the client sends alice's name in an
    /// Authorization header itself (nginx then passes REMOTE_USER, but no AUTH_TYPE).
    @Test(arguments: WebSite.servers)
    func withoutTheProtectedLocationAdminPagesAreAMisconfiguration(server: WebSite.Server) throws {
        let site = try WebSite(server: server, protectAdmin: false)
        defer { site.stop() }
        let audited = try site.auditCount()
        let forged = WebSite.Credentials(user: Self.alice.user, password: "any password at all")
        for credentials in [nil, forged] {
            let page = try site.http("GET", Self.people, credentials: credentials)
            #expect(page.status == 500)
            #expect(title(page) == "The web server does not authenticate this page")
            #expect(page.header("WWW-Authenticate") == nil)
            #expect(!page.body.contains("Signed in as") && !page.body.contains("ana@example.org"))
            let reset = try site.http("POST", Self.people + "/1/reset", credentials: credentials, form: [("delivery", "email"), ("csrf", "x")])
            #expect(reset.status == 500 && title(reset) == "The web server does not authenticate this page")
        }
        let line = "resetlink: error: /admin/people: the web server did not authenticate this request"
        let lines = site.logLines(site.programLog, waitingFor: line).filter { $0.contains(line) }
        #expect(lines.count == 2, "\(site.logText())")
        if server == .nginx {
            // The forged header did reach resetlink as REMOTE_USER; AUTH_TYPE is what was missing.
            #expect(lines.contains { $0.contains("AUTH_TYPE") }, "\(lines)")
        }
        #expect(try site.auditCount() == audited)
        #expect(try site.mails(atLeast: 0).isEmpty)
    }
}
