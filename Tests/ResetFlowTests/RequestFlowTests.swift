import AccountStore
import Foundation
import ResetFlow
import ResetTokens
import Testing

/// Every forgot-password case, in both disclosure modes: what is mailed, to which address, and what
/// the person is told.
@Suite struct RequestFlowTests {
    /// The accounts every case starts from.
    static func populate(_ harness: Harness) throws {
        try harness.add("ana", "ana@example.org", name: "Ana Lima")
        try harness.add("shared.one", "shared@example.org")
        try harness.add("shared.two", "shared@example.org")
        try harness.add("okta.user", "sso@example.org", source: .sso, provider: "Okta")
        try harness.add("dir.user", "dir@example.org", source: .ldap, provider: "Corporate LDAP")
        try harness.add("gone", "off@example.org", status: .disabled)
        try harness.add("mike", "mike@example.org")
        try harness.add("mixed.local", "mixed@example.org")
        try harness.add("mixed.sso", "mixed@example.org", source: .sso, provider: "Okta")
        try harness.add("sync.user", "sync@example.org", source: .usersync)
    }

    enum Mailed: Equatable {
        case link(to: String, username: String)
        case usernameNeeded(to: String)
        case managedExternally(to: String, provider: String)
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var email: String
        var username: String?
        var mailed: [String]
        var helpful: String

        var description: String { name }
    }

    static let generic = "If an account uses this address, we have sent an email with the next steps."
    static let cases: [Case] = [
        Case(name: "one local account", email: "ana@example.org", mailed: ["link ana@example.org ana"], helpful: generic),
        Case(name: "typed in other case and compatibility forms", email: "ＡＮＡ@Example.ORG", mailed: ["link ana@example.org ana"], helpful: generic),
        Case(name: "several local accounts, no username", email: "shared@example.org",
             mailed: ["username-needed shared@example.org"], helpful: "Several accounts use this address."),
        Case(name: "several local accounts, with username", email: "shared@example.org", username: "SHARED.TWO",
             mailed: ["link shared@example.org shared.two"], helpful: generic),
        Case(name: "SSO account", email: "sso@example.org", mailed: ["managed sso@example.org Okta"],
             helpful: "The password of this account is managed by Okta, so it cannot be reset here. Please contact the Identity team (identity@example.org)."),
        Case(name: "directory-synced account", email: "dir@example.org", mailed: ["managed dir@example.org Corporate LDAP"],
             helpful: "The password of this account is managed by Corporate LDAP, so it cannot be reset here. Please contact the directory team."),
        Case(name: "user-sync account without a provider", email: "sync@example.org", mailed: ["managed sync@example.org the user-sync directory"],
             helpful: "The password of this account is managed by the user-sync directory, so it cannot be reset here. Please contact the IT service desk."),
        Case(name: "SSO account named by username", email: "mixed@example.org", username: "mixed.sso",
             mailed: ["managed mixed@example.org Okta"], helpful: "The password of this account is managed by Okta"),
        Case(name: "one local and one SSO account on the address", email: "mixed@example.org", mailed: ["link mixed@example.org mixed.local"], helpful: generic),
        Case(name: "unknown address", email: "nobody@example.org", mailed: [], helpful: generic),
        Case(name: "disabled account", email: "off@example.org", mailed: [], helpful: generic),
        Case(name: "username not on that address", email: "shared@example.org", username: "ana", mailed: [], helpful: generic),
        Case(name: "unknown username", email: "ana@example.org", username: "nobody", mailed: [], helpful: generic),
        Case(name: "CVE-2019-19844 look-alike (dotless ı)", email: "mıke@example.org", mailed: [], helpful: generic),
        Case(name: "look-alike in the other direction (capital İ)", email: "MİKE@example.org", mailed: [], helpful: generic),
    ]

    func describe(_ message: Harness.Received) -> String {
        let to = message.address
        if message.link != nil {
            let username = message.text?.split(separator: "\"").dropFirst().first.map(String.init) ?? "?"
            return "link \(to) \(username)"
        }
        if message.subject.hasPrefix("Your password reset: please give your username") { return "username-needed \(to)" }
        if message.subject.hasPrefix("Your password is managed by ") {
            return "managed \(to) \(message.subject.dropFirst("Your password is managed by ".count))"
        }
        return "other \(message.subject)"
    }

    @Test(arguments: cases)
    func privateMode(_ item: Case) throws {
        let harness = try Harness(disclosure: "private")
        try Self.populate(harness)
        let response = try harness.request(item.email, username: item.username)
        #expect(response.kind == .generic)
        #expect(response.text.hasPrefix(Self.generic))
        let received = try harness.received()
        #expect(received.map(describe) == item.mailed)
        // Mail only ever goes to an address stored on an account.
        let stored = Set(try harness.store.allAccounts().map(\.email))
        #expect(received.allSatisfy { stored.contains($0.address) })
    }

    @Test(arguments: cases)
    func helpfulMode(_ item: Case) throws {
        let harness = try Harness(disclosure: "helpful")
        try Self.populate(harness)
        let response = try harness.request(item.email, username: item.username)
        #expect(response.text.hasPrefix(item.helpful))
        #expect(try harness.received().map(describe) == item.mailed)
        if case .managedExternally = response.kind {
            #expect(response.guideURL == "https://help.example.org/guide/sso-and-directory-accounts.html")
        }
        if response.kind == .usernameNeeded {
            #expect(response.guideURL == "https://help.example.org/guide/several-accounts.html")
        }
    }

    @Test func privateModeAnswersAreByteIdentical() throws {
        let harness = try Harness(disclosure: "private")
        try Self.populate(harness)
        var answers: Set<String> = []
        for item in Self.cases {
            let response = try harness.request(item.email, username: item.username)
            answers.insert(response.text + "|" + (response.guideURL ?? ""))
        }
        #expect(answers.count == 1)
    }

    @Test func mailContentsNameTheAccountAndTheContact() throws {
        let harness = try Harness()
        try Self.populate(harness)
        try harness.request("ana@example.org")
        let link = try #require(try harness.received().first)
        #expect(link.from == "Password help <no-reply@example.org>")
        #expect(link.to == "Ana Lima <ana@example.org>" || link.to == "ana@example.org")
        #expect(link.subject == "Reset your password")
        #expect(link.content_type == "multipart/alternative" && link.parts == ["text/plain", "text/html"])
        #expect(link.text?.contains("Hello Ana Lima,") == true)
        #expect(link.text?.contains("The link works once and for 60 minutes.") == true)
        #expect(link.html?.contains(#"<a href="https://intranet.example.org/cgi-bin/resetlink/link?token="#) == true)
        #expect(link.defects.isEmpty)
        try harness.clearMail()

        try harness.request("sso@example.org")
        let sso = try #require(try harness.received().first)
        #expect(sso.text?.contains("Please contact the Identity team (identity@example.org).") == true)
        #expect(sso.text?.contains("https://help.example.org/guide/sso-and-directory-accounts.html") == true)
        #expect(sso.link == nil)
        try harness.clearMail()

        try harness.request("shared@example.org")
        let shared = try #require(try harness.received().first)
        #expect(shared.text?.contains("https://intranet.example.org/cgi-bin/resetlink/forgot") == true)
        #expect(shared.text?.contains("https://help.example.org/guide/forgotten-username.html") == true)
        #expect(shared.link == nil)
    }

    @Test func theMailedLinkVerifies() throws {
        let harness = try Harness()
        try Self.populate(harness)
        try harness.request("ana@example.org")
        let token = try #require(try harness.received().first?.token)
        let check = try harness.service.checkLink(token)
        #expect(check.outcome.isValid)
        #expect(check.authenticatedFields?.expiresAt == (harness.clock + 3600).seconds)
    }

    @Test func everyStepIsAudited() throws {
        let harness = try Harness()
        try Self.populate(harness)
        try harness.request("ana@example.org")
        try harness.request("nobody@example.org")
        let entries = try harness.store.auditEntries(since: harness.clock)
        let ana = try #require(try harness.store.account(username: "ana"))
        let events = entries.filter { $0.actor == "self-service" }.map { "\($0.event.rawValue) \($0.accountID.map(String.init) ?? "-")" }
        #expect(events == ["request -", "link-sent \(ana.id)", "request -", "refused -"])
        let sent = try #require(entries.first { $0.event == .linkSent })
        #expect(sent.detail.hasPrefix("nonce=") && sent.detail.count == "nonce=".count + 32)
        // The token itself is never written down.
        let token = try #require(try harness.received().first?.token)
        #expect(!entries.contains { $0.detail.contains(token) || $0.detail.contains(String(token.prefix(40))) })
    }
}
