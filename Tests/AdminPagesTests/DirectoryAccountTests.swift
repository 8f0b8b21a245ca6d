import AccountStore
import Foundation
import ResetTokens
import Testing

/// Admin > People with a directory connected for writing: its accounts get the reset action like
/// local ones; accounts of other providers keep "Managed by".
@Suite struct DirectoryAccountTests {
    static let directory = """
          directory:
            url: ldaps://ldap.example.org
            bind_dn: cn=resetkit,ou=services,dc=example,dc=org
            secret_file: ldap-secret
            base_dn: ou=people,dc=example,dc=org
            providers: [Corporate LDAP]
        """

    func site() throws -> AdminSite {
        let site = try AdminSite(reset: Self.directory)
        try site.store().add(AccountDetails(username: "dora", email: "dora@example.org", displayName: "Dora Diaz", source: .ldap,
                                            provider: "Corporate LDAP", status: .active), now: site.clock)
        try site.store().add(AccountDetails(username: "gone", email: "gone@example.org", source: .ldap,
                                            provider: "Corporate LDAP", status: .disabled), now: site.clock)
        return site
    }

    @Test func servedAccountsHaveTheResetActionOthersSayWhoManagesThem() throws {
        let site = try site()
        let dora = try site.id("dora"), gone = try site.id("gone")
        let list = try site.request("/admin/people")
        #expect(list.body.contains("people/\(dora)#reset"))
        #expect(list.body.contains("<td>Managed by Okta</td>"))
        #expect(!list.body.contains("people/\(gone)#reset") && !list.body.contains("Managed by Corporate LDAP"))

        let page = try site.request("/admin/people/\(dora)")
        #expect(page.body.contains("<button type=\"submit\">Reset password</button>") && page.csrf != nil)
        let disabled = try site.request("/admin/people/\(gone)")
        #expect(disabled.body.contains("This account is disabled") && disabled.csrf == nil)
    }

    @Test func anAdministratorResetOfAServedAccountMailsAWorkingLink() throws {
        let site = try site()
        let done = try site.reset("dora", delivery: "email")
        #expect(done.status == 200)
        let link = try #require(site.mails().last.flatMap(AdminSite.link(in:)))
        let token = try #require(AdminSite.token(in: link))
        #expect(try site.service().checkLink(token).outcome.isValid)
        #expect(try site.audit().last?.event == .adminReset)
    }

    @Test func withoutTheDirectoryTheSameAccountIsManagedElsewhere() throws {
        let site = try AdminSite()
        try site.store().add(AccountDetails(username: "dora", email: "dora@example.org", source: .ldap, provider: "Corporate LDAP"), now: site.clock)
        let page = try site.request("/admin/people/\(try site.id("dora"))")
        #expect(page.body.contains("managed by <strong>Corporate LDAP</strong>") && page.csrf == nil)
        #expect(throws: (any Error).self) { try site.service().adminReset(username: "dora", by: "alice", mail: true) }
    }
}
