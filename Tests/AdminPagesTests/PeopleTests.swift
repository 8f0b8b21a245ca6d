import AccountStore
import Foundation
import ResetTokens
import Testing

/// The search page, the usernames on an address, and the person page.
@Suite struct PeopleTests {
    @Test func searchFindsByANameFragmentAndShowsEveryColumn() throws {
        let site = try AdminSite()
        let page = try site.request("/admin/people", query: "q=lim")
        #expect(page.status == 200 && page.title == "People")
        #expect(page.body.contains("1 person found"))
        for column in ["Username", "Name", "Email", "Source", "Provider", "Status", "Password changed", "Reset link", "Action"] {
            #expect(page.body.contains("<th scope=\"col\">\(column)</th>"), "\(column)")
        }
        #expect(page.body.contains(">ana</a></th>") && page.body.contains("<td>Ana Lima</td>") && page.body.contains("<td>Never</td>"))
        #expect(page.body.contains("href=\"https://intranet.example.org/cgi-bin/resetlink/admin/people/1#reset\""))
        #expect(!page.body.contains("okta.user"))
        #expect(page.body.contains("Signed in as <strong>alice</strong>"))
    }

    @Test func rowsSayWhyAPasswordCannotBeResetHere() throws {
        let site = try AdminSite()
        let page = try site.request("/admin/people")
        #expect(page.body.contains("5 people found"))
        #expect(page.body.contains("<td>Managed by Okta</td>"))
        #expect(page.body.contains("<td>Disabled</td>\n</tr>"))    // the Action cell, last in its row
        #expect(!page.body.contains("people/2#reset") && !page.body.contains("people/5#reset"))
        // Names are escaped like every value from the store.
        #expect(page.body.contains("Old &lt;b&gt;Timer&lt;/b&gt;") && !page.body.contains("<b>Timer</b>"))
    }

    @Test func anAddressListsEveryUsernameOnItAndTheLookupIsAudited() throws {
        let site = try AdminSite()
        let page = try site.request("/admin/people", query: "q=SHARED%40example.org")
        #expect(page.body.contains("<h2 id=\"lookup-heading\">Usernames on this address</h2>"))
        #expect(page.body.contains("2 accounts use this address."))
        #expect(page.body.contains("<strong>shared.one</strong>") && page.body.contains("<strong>shared.two</strong>"))
        let lookups = try site.audit().filter { $0.event == .adminLookup }
        #expect(lookups.map(\.accountID) == [try site.id("shared.one"), try site.id("shared.two")])
        #expect(lookups.allSatisfy { $0.actor == "admin:alice" && $0.detail == "usernames on SHARED@example.org" })

        let nobody = try site.request("/admin/people", query: "q=nobody%40example.org")
        #expect(nobody.body.contains("No account uses this address."))
        #expect(nobody.body.contains("No one matches “nobody@example.org”."))
    }

    @Test func resultsComeAPageAtATime() throws {
        let site = try AdminSite()
        let store = try site.store()
        for number in 1...30 {
            try store.add(AccountDetails(username: "temp\(number < 10 ? "0" : "")\(number)", email: "temp\(number)@example.org",
                                         displayName: "Temporary Worker"), now: site.clock)
        }
        let first = try site.request("/admin/people", query: "q=temporary")
        #expect(first.body.contains("30 people found") && first.body.contains("Showing 1–25 of 30"))
        #expect(first.body.contains(">temp25</a>") && !first.body.contains(">temp26</a>"))
        #expect(first.body.contains("href=\"https://intranet.example.org/cgi-bin/resetlink/admin/people?q=temporary&amp;page=2\" rel=\"next\">Next</a>"))
        #expect(!first.body.contains("Previous"))
        let second = try site.request("/admin/people", query: "q=temporary&page=2")
        #expect(second.body.contains("Showing 26–30 of 30") && second.body.contains(">temp26</a>") && !second.body.contains(">temp25</a>"))
        #expect(second.body.contains("rel=\"prev\">Previous</a>") && !second.body.contains(">Next<"))
    }

    @Test func thePersonPageOffersResetOnlyWhereItCanWork() throws {
        let site = try AdminSite()
        let ana = try site.request("/admin/people/\(try site.id("ana"))")
        #expect(ana.title == "Ana Lima")
        #expect(ana.body.contains("<legend>How should the link reach the person?</legend>"))
        #expect(ana.body.contains(">Email the link to the user</label>") && ana.body.contains(">Show me the link to hand over in person</label>"))
        #expect(ana.body.contains("<button type=\"submit\">Reset password</button>"))
        #expect(ana.body.contains("valid for <strong>24 hours</strong>"))
        #expect(ana.csrf != nil)

        let okta = try site.request("/admin/people/\(try site.id("okta.user"))")
        #expect(okta.body.contains("managed by <strong>Okta</strong>") && okta.body.contains("the Identity team (identity@example.org)"))
        #expect(okta.csrf == nil && !okta.body.contains("<button"))

        let disabled = try site.request("/admin/people/\(try site.id("old.timer"))")
        #expect(disabled.body.contains("This account is disabled") && disabled.csrf == nil)

        let shared = try site.request("/admin/people/\(try site.id("shared.one"))")
        #expect(shared.body.contains("Other accounts on this address:") && shared.body.contains(">shared.two</a>"))
    }

    @Test func activityShowsTheAccountsAuditLogNewestFirstWithWhoDidIt() throws {
        let site = try AdminSite()
        site.clock = site.clock + 60
        _ = try site.reset("ana", delivery: "link")
        let page = try site.request("/admin/people/\(try site.id("ana"))")
        let activity = try #require(page.body.range(of: "<h2 id=\"activity-heading\">Activity</h2>"))
        let rows = page.body[activity.upperBound...]
        let started = try #require(rows.range(of: "<td>alice (administrator)</td><td>Reset started by an administrator</td>"))
        let added = try #require(rows.range(of: "<td>Account added</td>"))
        #expect(started.lowerBound < added.lowerBound)
        #expect(rows.contains("handed over"))
    }
}
