import AccountStore
import Foundation
import ResetTokens
import ResetFlow
import Testing

/// Reset password from Admin > People: by email or by a link handed over, never by a password the
/// administrator sees; refused without the form's proof or from another site.
@Suite struct ResetActionTests {
    @Test func byEmailTheLinkArrivesAndWorksAndTheListShowsItOutstanding() throws {
        let site = try AdminSite()
        let page = try site.reset("ana", delivery: "email")
        #expect(page.status == 200 && page.title == "Reset link sent")
        #expect(page.body.contains("<strong>ana@example.org</strong>") && page.body.contains("valid for 24 hours"))
        #expect(AdminSite.link(in: page.body) == nil)
        let mail = try #require(site.mails().first)
        let link = try #require(AdminSite.link(in: mail))
        #expect(mail.contains("To: Ana Lima <ana@example.org>"))
        let entry = try #require(try site.audit().last { $0.event == .adminReset })
        #expect(entry.actor == "admin:alice" && entry.detail.hasSuffix(" mailed"))

        let list = try site.request("/admin/people", query: "q=ana")
        #expect(list.body.contains("<td>Outstanding until 2026-11-19 11:06 UTC</td>"))

        // The user completes it with the mailed link; the link is then no longer outstanding.
        site.clock = site.clock + 600
        let service = try site.service()
        guard case .changed = try service.complete(token: try #require(AdminSite.token(in: link)), password: "a long new passphrase 42") else {
            Issue.record("the mailed link did not complete the reset")
            return
        }
        let after = try site.request("/admin/people", query: "q=ana")
        #expect(after.body.contains("<td>None</td>") && after.body.contains("<td>2026-11-18 11:16 UTC</td>"))
    }

    @Test func aLinkIsOutstandingUntilItsLastSecond() throws {
        let site = try AdminSite()
        _ = try site.reset("ana", delivery: "link")
        site.clock = site.clock + 24 * 3600
        #expect(try site.request("/admin/people", query: "q=ana").body.contains("Outstanding until"))
        site.clock = site.clock + 1
        #expect(!(try site.request("/admin/people", query: "q=ana").body.contains("Outstanding until")))
    }

    @Test func handedOverTheLinkIsShownOnceAndNotMailed() throws {
        let site = try AdminSite()
        let page = try site.reset("ana", delivery: "link")
        #expect(page.status == 200 && page.title == "Reset link to hand over")
        // Never kept by a browser or a proxy: every response says no-store, this one included.
        #expect(String(decoding: page.response.serialized(contentSecurityPolicy: "x"), as: UTF8.self).contains("\r\nCache-Control: no-store\r\n"))
        let link = try #require(AdminSite.link(in: page.body))
        #expect(page.body.contains("id=\"handover-link\""))
        #expect(page.body.contains("valid for 24 hours, until 19 November 2026 at 11:06 UTC"))
        #expect(site.mails().isEmpty)
        let entry = try #require(try site.audit().last)
        #expect(entry.event == .adminReset && entry.actor == "admin:alice")
        #expect(entry.detail.hasPrefix("nonce=") && entry.detail.hasSuffix(" handed over") && !entry.detail.contains("mailed"))
        let check = try site.service().checkLink(try #require(AdminSite.token(in: link)))
        guard case .valid(let id, let expires, _) = check.outcome else {
            Issue.record("the handed-over link does not work: \(check.outcome.label)")
            return
        }
        #expect(Int64(id) == (try site.id("ana")) && expires == (site.clock + 24 * 3600).seconds)
    }

    @Test func ssoAndDisabledAccountsAreRefusedWithWhomToContact() throws {
        let site = try AdminSite()
        let id = try site.id("okta.user")
        // Their pages have no form; a post made up for them is still refused by the flow.
        let page = try site.request("/admin/people/1")
        let refused = try site.request("/admin/people/\(id)/reset", method: "POST", cookies: ["resetlink_admin": try #require(page.formCookie)],
                                       form: [("delivery", "email"), ("csrf", try #require(page.csrf))])
        #expect(refused.status == 409 && refused.title == "This password cannot be reset here")
        #expect(refused.body.contains("managed by Okta") && refused.body.contains("the Identity team (identity@example.org)"))
        #expect(site.mails().isEmpty)
        #expect(try site.audit().last?.detail == "admin reset refused: managed by Okta")
    }

    @Test func aPostWithoutTheProofOrWithAnotherAdministratorsChangesNothing() throws {
        let site = try AdminSite(admins: "admins: [alice, carol]")
        let id = try site.id("ana")
        let page = try site.request("/admin/people/\(id)")
        let cookie = try #require(page.formCookie), csrf = try #require(page.csrf)
        let attempts: [(user: String, cookies: [String: String], form: [(String, String)])] = [
            ("alice", [:], [("delivery", "email"), ("csrf", csrf)]),
            ("alice", ["resetlink_admin": cookie], [("delivery", "email")]),
            ("alice", ["resetlink_admin": cookie], [("delivery", "email"), ("csrf", csrf + "x")]),
            ("alice", ["resetlink_admin": "AAAAAAAAAAAAAAAAAAAAAA"], [("delivery", "email"), ("csrf", csrf)]),
            // carol's browser cannot use a pair made for alice.
            ("carol", ["resetlink_admin": cookie], [("delivery", "email"), ("csrf", csrf)]),
        ]
        for attempt in attempts {
            let refused = try site.request("/admin/people/\(id)/reset", method: "POST", user: attempt.user, cookies: attempt.cookies, form: attempt.form)
            #expect(refused.status == 403 && refused.title == "This form has expired", "\(attempt)")
        }
        #expect(site.mails().isEmpty)
        let audit = try site.audit()
        #expect(!audit.contains { $0.event == .adminReset })
        #expect(audit.filter { $0.event == .pageRefused }.map(\.actor) == ["admin:alice", "admin:alice", "admin:alice", "admin:alice", "admin:carol"])
    }

    @Test func aPostFromAnotherSiteIsRefusedBeforeItsProofIsLookedAt() throws {
        let site = try AdminSite()
        for headers in [["HTTP_SEC_FETCH_SITE": "cross-site"], ["HTTP_SEC_FETCH_SITE": "same-site"], ["HTTP_ORIGIN": "https://webmail.example.net"]] {
            let refused = try site.reset("ana", delivery: "email", headers: headers)
            #expect(refused.status == 403 && refused.title == "Request not accepted", "\(headers)")
            #expect(refused.body.contains("Open Admin &gt; People on this site"))
        }
        #expect(site.mails().isEmpty)
        #expect(!(try site.audit().contains { $0.event == .adminReset }))
        // The browser's own same-origin post passes.
        #expect(try site.reset("ana", delivery: "email", headers: ["HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://intranet.example.org"]).status == 200)
    }

    @Test func aMailThatCannotBeSentIsSaidOnThePage() throws {
        let site = try AdminSite()
        // The Maildir's folder is a file: delivery fails.
        try "".write(toFile: site.maildir, atomically: true, encoding: .utf8)
        let page = try site.reset("ana", delivery: "email")
        #expect(page.status == 502 && page.title == "The email could not be sent")
        #expect(page.body.contains("hand the link over in person"))
        #expect(try site.audit().last?.event == .mailFailed)
        #expect(site.log.contains { $0.hasPrefix("resetlink: error: admin reset by alice: could not send mail to ana@example.org") })
    }
}
