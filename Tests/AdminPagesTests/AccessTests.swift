import AccountStore
import Foundation
import Testing

/// Who reaches Admin > People: only a user the web server authenticated (REMOTE_USER and
/// AUTH_TYPE) and `reset.admins` names; anything else is refused before any account is read.
@Suite struct AccessTests {
    @Test func withoutServerAuthenticationTheMisconfigurationPageAndAnErrorLogLine() throws {
        let site = try AdminSite()
        let before = try site.audit().count
        for (user, authType) in [(nil, nil), (nil, "Basic"), ("alice", nil), ("", "Basic")] as [(String?, String?)] {
            let page = try site.request("/admin/people", query: "q=ana", user: user, authType: authType)
            #expect(page.status == 500)
            #expect(page.title == "The web server does not authenticate this page")
            #expect(!page.body.contains("ana@example.org"))
            #expect(page.header("Set-Cookie").isEmpty)
        }
        #expect(site.log.count == 4)
        #expect(site.log.allSatisfy { $0.hasPrefix("resetlink: error: /admin/people: the web server did not authenticate this request") })
        #expect(site.log[2].contains("REMOTE_USER without AUTH_TYPE"))
        #expect(try site.audit().count == before)
    }

    @Test func anAuthenticatedUserWhoIsNotAnAdministratorGets403AndIsAudited() throws {
        let site = try AdminSite()
        let page = try site.request("/admin/people/1", user: "bob")
        #expect(page.status == 403)
        #expect(page.title == "Not a people administrator")
        #expect(page.body.contains("signed in as bob"))
        #expect(!page.body.contains("Ana Lima"))
        let last = try #require(try site.audit().last)
        #expect(last.actor == "admin:bob" && last.event == .pageRefused)
        #expect(last.detail == "/admin/people/1: 'bob' is not a people administrator (reset.admins)")
        // The next steps do not lead back into the refusal.
        #expect(!page.body.contains("/admin/people\">People"))
    }

    @Test func namesAreComparedExactly() throws {
        let site = try AdminSite()
        #expect(try site.request("/admin/people", user: "Alice").status == 403)
        #expect(try site.request("/admin/people", user: "alice ").status == 403)
        #expect(try site.request("/admin/people", user: "alice").status == 200)
    }

    @Test func groupsComeFromTheGroupFileReadOnEachRequest() throws {
        let site = try AdminSite(admins: "admins: {users: [alice], groups: [people-admins], group_file: groups}")
        let groups = site.folder + "/groups"
        try "# who runs Admin > People\npeople-admins: carol  dave\nfinance: erin\n".write(toFile: groups, atomically: true, encoding: .utf8)
        #expect(try site.request("/admin/people", user: "carol").status == 200)
        #expect(try site.request("/admin/people", user: "dave").status == 200)
        #expect(try site.request("/admin/people", user: "erin").status == 403)
        #expect(try site.request("/admin/people", user: "alice").status == 200)
        // Membership changes take effect on the next request.
        try "people-admins: dave\n".write(toFile: groups, atomically: true, encoding: .utf8)
        #expect(try site.request("/admin/people", user: "carol").status == 403)
    }

    @Test func aBrokenOrMissingGroupFileIsAServerErrorNeverAccess() throws {
        let site = try AdminSite(admins: "admins: {groups: [people-admins], group_file: groups}")
        let missing = try site.request("/admin/people", user: "carol")
        #expect(missing.status == 500 && missing.title == "Something went wrong")
        #expect(site.log.last == "resetlink: error: \(site.folder)/groups: error: cannot read the group file of reset.admins")
        try "people-admins: carol\nthis line has no colon\n".write(toFile: site.folder + "/groups", atomically: true, encoding: .utf8)
        let broken = try site.request("/admin/people", user: "carol")
        #expect(broken.status == 500)
        #expect(site.log.last == "resetlink: error: \(site.folder)/groups:2:1: error: expected 'group: user1 user2', found no ':'")
    }

    @Test func anUnusableRemoteUserIsRefusedWithoutBeingEchoed() throws {
        let site = try AdminSite()
        let page = try site.request("/admin/people", user: "alice\u{1B}[31m")
        #expect(page.status == 403)
        #expect(!page.body.contains("\u{1B}"))
        #expect(try site.audit().last?.actor == "admin:(an unusable name)")
    }

    @Test func theFormCookieIsStrictHttpOnlySecureAndScopedToAdmin() throws {
        let site = try AdminSite()
        let page = try site.request("/admin/people")
        let cookie = try #require(page.header("Set-Cookie").first)
        #expect(cookie.hasPrefix("resetlink_admin="))
        #expect(cookie.hasSuffix("; Max-Age=28800; Path=/cgi-bin/resetlink/admin; HttpOnly; Secure; SameSite=Strict"))
        // A well-formed cookie the browser sends back is kept, so open tabs' forms stay valid.
        let again = try site.request("/admin/people", cookies: ["resetlink_admin": try #require(page.formCookie)])
        #expect(again.formCookie == page.formCookie)
    }

    @Test func aRequestRefusedAsItStandsOffersAdminPeopleNotTheForgotForm() throws {
        let site = try AdminSite()
        let page = try site.request("/admin/people", query: "q=%ZZ")
        #expect(page.status == 400)
        #expect(page.body.contains("/cgi-bin/resetlink/admin/people\">People</a>"))
        #expect(!page.body.contains("/cgi-bin/resetlink/forgot"))
    }

    @Test func routesAndMethods() throws {
        let site = try AdminSite()
        let root = try site.request("/admin")
        #expect(root.status == 303)
        #expect(root.header("Location") == ["https://intranet.example.org/cgi-bin/resetlink/admin/people"])
        #expect(try site.request("/admin/people/999").status == 404)
        #expect(try site.request("/admin/people/0").status == 404)
        #expect(try site.request("/admin/people/1x").status == 404)
        #expect(try site.request("/admin/elsewhere").status == 404)
        let get = try site.request("/admin/people/1/reset")
        #expect(get.status == 405 && get.header("Allow") == ["POST"])
        let post = try site.request("/admin/people", method: "POST", form: [("q", "x")])
        #expect(post.status == 405 && post.header("Allow") == ["GET, HEAD"])
        #expect(try site.request("/admin/people", query: "q=a&sort=name").status == 400)
        #expect(try site.request("/admin/people", query: "page=0").status == 400)
        // Unauthenticated, even a route that does not exist gets the misconfiguration page: nothing
        // about the admin pages is told before the server has signed someone in.
        #expect(try site.request("/admin/elsewhere", user: nil).status == 500)
    }
}
