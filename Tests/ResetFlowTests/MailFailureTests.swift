import AccountStore
import Foundation
import PasswordHashing
import ResetFlow
import Testing

/// Mail that cannot be delivered after a completion: the password is changed all the same (the
/// notice is a courtesy, the change is what the user asked for), the failure is in the audit log,
/// and nothing half-written is left behind.
@Suite struct MailFailureTests {
    func link(_ harness: Harness) throws -> String {
        guard case .link(_, let link) = try harness.service.adminReset(username: "ana", by: "pat", mail: false) else {
            throw HarnessError.noLink
        }
        return String(link.split(separator: "=").last ?? "")
    }

    enum HarnessError: Error { case noLink }

    func expectChangedDespiteFailedNotice(_ harness: Harness, token: String) throws {
        guard case .changed(let account, let notice) = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("the reset was not completed")
            return
        }
        let failures = harness.service.send([notice])
        #expect(failures.count == 1)
        let stored = try #require(try harness.store.account(id: account.id))
        #expect(PasswordHasher.verify("correct horse battery staple", against: stored.passwordHash))
        let events = try harness.store.auditEntries(accountID: account.id).map(\.event)
        #expect(events.suffix(2) == [.passwordChanged, .mailFailed], "\(events)")
        // The spent link stays spent.
        guard case .refused = try harness.service.complete(token: token, password: "another good passphrase") else {
            Issue.record("the link worked twice")
            return
        }
    }

    @Test func sendmailExitingNonZero() throws {
        let harness = try Harness(delivery: "delivery: sendmail\n    sendmail: [/bin/false]")
        try harness.add("ana", "ana@example.org", password: "an old password 1")
        try expectChangedDespiteFailedNotice(harness, token: try link(harness))
    }

    @Test func maildirThatCannotBeWritten() throws {
        let harness = try Harness()
        try harness.add("ana", "ana@example.org", password: "an old password 1")
        let token = try link(harness)
        // A file where the Maildir should be (permissions would not stop root, which CI may be).
        try? FileManager.default.removeItem(atPath: harness.maildir)
        try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: harness.maildir))
        try expectChangedDespiteFailedNotice(harness, token: token)
        #expect(try String(contentsOfFile: harness.maildir, encoding: .utf8) == "not a folder\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: harness.folder).filter { $0 != "maildir" && !$0.hasPrefix("accounts.sqlite") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
