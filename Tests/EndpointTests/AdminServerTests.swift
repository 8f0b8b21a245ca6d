import Foundation
import Testing

/// Admin > People behind each web server, configured as docs/deploy-cgi.md says (issue 15): the
/// server authenticates (Basic, the site's password file), resetlink decides who is an
/// administrator (reset.admins) and refuses a request the server did not authenticate.
struct AdminServerTests {
    static let people = "/cgi-bin/resetlink/admin/people"

    /// The programme's own lines in the server's log (resetlink writes each with this prefix).
    func programLines(_ site: WebSite) -> [String] {
        ((try? String(contentsOfFile: site.programLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            .filter { $0.contains("resetlink:") }
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
        if server == .lighttpd {
            // The document lists mod_auth before mod_cgi, as lighttpd asks (it warns otherwise).
            let log = try String(contentsOfFile: site.logs + "/server.log", encoding: .utf8)
            #expect(!log.contains("should be listed in server.modules"), "\(log)")
        }
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
}
