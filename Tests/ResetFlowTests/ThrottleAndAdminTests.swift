import AccountStore
import Foundation
import Mail
import ResetFlow
import ResetTokens
import Testing

@Suite struct ThrottleTests {
    @Test func atMostThreeEmailsPerAccountPerHourAndThrottledLooksNormal() throws {
        let harness = try Harness()
        let ana = try harness.add("ana", "ana@example.org")
        var answers: Set<String> = []
        for _ in 0..<5 {
            answers.insert(try harness.request("ana@example.org").text)
            harness.clock += 60
        }
        #expect(try harness.received().count == 3)
        #expect(answers.count == 1)
        #expect(try harness.store.auditEntries(accountID: ana.id).filter { $0.event == .throttled }.count == 2)
        // The window rolls: an hour after the first email, one more may go.
        harness.clock = 1_795_000_000 + 3600
        try harness.request("ana@example.org")
        #expect(try harness.received().count == 4)
    }

    @Test func throttleCountsEveryKindOfResetEmail() throws {
        let harness = try Harness(extra: "  throttle_per_hour: 1")
        try harness.add("okta.user", "sso@example.org", source: .sso, provider: "Okta")
        try harness.request("sso@example.org")
        try harness.request("sso@example.org")
        #expect(try harness.received().count == 1)
    }

    @Test func failedDeliveryIsLoggedAndGivesTheSlotBack() throws {
        let harness = try Harness(delivery: "delivery: sendmail\n    sendmail: [/bin/false]")
        let ana = try harness.add("ana", "ana@example.org")
        let result = try harness.service.request(email: "ana@example.org", username: nil)
        let failures = harness.service.send(try harness.service.followUp(result))
        #expect(failures.count == 1)
        #expect(failures.first?.recipient == "ana@example.org")
        let events = try harness.store.auditEntries(accountID: ana.id).map(\.event).filter { $0 != .accountAdded }
        #expect(events == [.mailFailed])
        #expect(try harness.store.resetEmailCount(accountID: ana.id, since: 0) == 0)
    }
}

@Suite struct AdminTests {
    @Test func adminResetMailsALongerLink() throws {
        let harness = try Harness()
        let ana = try harness.add("ana", "Ana@Example.org")
        guard case .mail(_, let mail) = try harness.service.adminReset(username: "ANA", by: "pat", mail: true) else {
            Issue.record("not mailed")
            return
        }
        #expect(harness.service.send([mail]).isEmpty)
        let message = try #require(try harness.received().first)
        #expect(message.to == "Ana@Example.org")
        #expect(message.subject == "An administrator started a password reset for you")
        #expect(message.text?.contains("The link works once and for 24 hours.") == true)
        let token = try #require(message.token)
        harness.clock += 24 * 3600
        #expect(try harness.service.checkLink(token).outcome.isValid)
        harness.clock += 1
        #expect(try harness.service.checkLink(token).outcome == .expired)
        let entry = try #require(try harness.store.auditEntries(accountID: ana.id).last)
        #expect(entry.actor == "admin:pat" && entry.event == .adminReset && entry.detail.hasSuffix(" mailed"))
    }

    @Test func adminResetCanHandTheLinkOver() throws {
        let harness = try Harness()
        try harness.add("ana", "ana@example.org")
        guard case .link(_, let link) = try harness.service.adminReset(username: "ana", by: "pat", mail: false) else {
            Issue.record("no link")
            return
        }
        #expect(link.hasPrefix("https://intranet.example.org/cgi-bin/resetlink/link?token="))
        #expect(try harness.service.checkLink(String(link.split(separator: "=").last ?? "")).outcome.isValid)
        #expect(try harness.received().isEmpty)
    }

    @Test func ssoAndDisabledAccountsAreRefused() throws {
        let harness = try Harness()
        try harness.add("okta.user", "sso@example.org", source: .sso, provider: "Okta")
        try harness.add("gone", "off@example.org", status: .disabled)
        #expect(throws: ResetFlowError.self) { try harness.service.adminReset(username: "okta.user", by: "pat", mail: true) }
        do {
            _ = try harness.service.adminReset(username: "okta.user", by: "pat", mail: true)
        } catch {
            #expect("\(error)" == "the account 'okta.user' is managed by Okta: its password cannot be set, changed or reset here; the user should contact the Identity team (identity@example.org)")
        }
        #expect(throws: ResetFlowError.self) { try harness.service.adminReset(username: "gone", by: "pat", mail: true) }
        #expect(throws: ResetFlowError.self) { try harness.service.adminReset(username: "nobody", by: "pat", mail: true) }
        #expect(try harness.received().isEmpty)
    }

    @Test func findListsTheUsernamesOnAnAddress() throws {
        let harness = try Harness()
        try harness.add("shared.one", "shared@example.org")
        try harness.add("shared.two", "SHARED@example.org")
        try harness.add("other", "other@example.org")
        #expect(try harness.service.accounts(onAddress: "Shared@Example.org").map(\.username) == ["shared.one", "shared.two"])
    }
}
