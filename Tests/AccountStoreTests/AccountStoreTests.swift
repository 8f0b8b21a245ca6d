import Foundation
import ResetTokens
import SQLite
import Testing
@testable import AccountStore

@Suite struct AccountStoreTests {
    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/private/accounts.sqlite").path
    }

    @Test func createdAndMigratedOnFirstUseInWALMode() throws {
        let file = path()
        let store = try AccountStore(path: file)
        #expect(try store.database.schemaVersion == 2)
        #expect(try store.database.query("PRAGMA journal_mode") { $0.text(0) } == ["wal"])
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: (file as NSString).deletingLastPathComponent)[.posixPermissions] as? NSNumber
        #expect(folder?.intValue == 0o700)
        // Opening again migrates nothing and keeps the data.
        try store.add(AccountDetails(username: "ana", email: "ana@example.org"), now: 1)
        let again = try AccountStore(path: file)
        #expect(try again.allAccounts().map(\.username) == ["ana"])
    }

    @Test func aNewerSchemaIsRefused() throws {
        let file = path()
        _ = try AccountStore(path: file)
        try Database(path: file).execute("PRAGMA user_version = 99")
        #expect(throws: SQLiteError.self) { try AccountStore(path: file) }
    }

    @Test func usernamesAreUniqueIgnoringCaseAndEmailsMatchByIdentityKey() throws {
        let store = try AccountStore(path: path())
        try store.add(AccountDetails(username: "Ana.Lima", email: "Ana@Example.org"), now: 1)
        #expect(throws: AccountStoreError.usernameTaken("ana.lima")) { try store.add(AccountDetails(username: "ana.lima", email: "x@example.org"), now: 2) }
        #expect(try store.account(username: "ＡＮＡ.LIMA")?.email == "Ana@Example.org")
        #expect(try store.accounts(email: "ana@EXAMPLE.org").count == 1)
        #expect(try store.accounts(email: "Straße@example.org").isEmpty)
        try store.add(AccountDetails(username: "strasse", email: "strasse@example.org"), now: 3)
        // Full case folding: ß folds to ss.
        #expect(try store.accounts(email: "STRAßE@example.org").map(\.username) == ["strasse"])
        #expect(IdentityKey.make("mıke") != IdentityKey.make("mike"))
    }

    @Test func invalidDetailsAreRefused() throws {
        let store = try AccountStore(path: path())
        for details in [
            AccountDetails(username: "", email: "a@example.org"),
            AccountDetails(username: "has space", email: "a@example.org"),
            AccountDetails(username: "ok", email: "no-at-sign"),
            AccountDetails(username: "ok", email: "a@"),
            AccountDetails(username: "ok", email: "a b@example.org"),
            AccountDetails(username: "ok", email: "a@example.org", displayName: "line\nbreak"),
        ] {
            #expect(throws: AccountStoreError.self) { try store.add(details, now: 1) }
        }
        #expect(try store.allAccounts().isEmpty)
    }

    @Test func compareAndSwapOnlyReplacesTheExpectedState() throws {
        let store = try AccountStore(path: path())
        let account = try store.add(AccountDetails(username: "ana", email: "ana@example.org"), passwordHash: "old", now: 1)
        let entry = AuditEntry(at: 2, actor: "test", event: .passwordChanged, accountID: account.id)
        var stale = account.state
        stale.passwordHash = "something else"
        #expect(try !store.replacePasswordHash(accountID: account.id, expected: stale, newHash: "new", now: 2, audit: entry))
        #expect(try store.replacePasswordHash(accountID: account.id, expected: account.state, newHash: "new", now: 2, audit: entry))
        #expect(try !store.replacePasswordHash(accountID: account.id, expected: account.state, newHash: "newer", now: 3, audit: entry))
        #expect(try store.account(id: account.id)?.passwordHash == "new")
        #expect(try store.auditEntries(accountID: account.id).filter { $0.event == .passwordChanged }.count == 1)
    }

    @Test func throttleReservationsAreAtomicAndReleasable() throws {
        let store = try AccountStore(path: path())
        let a = try store.add(AccountDetails(username: "a", email: "a@example.org"), now: 1)
        let b = try store.add(AccountDetails(username: "b", email: "b@example.org"), now: 1)
        #expect(try store.reserveResetEmail(accountIDs: [a.id], limit: 1, since: 0, now: 10) != nil)
        // One account at its limit holds back an email that concerns both.
        #expect(try store.reserveResetEmail(accountIDs: [a.id, b.id], limit: 1, since: 0, now: 11) == nil)
        #expect(try store.resetEmailCount(accountID: b.id, since: 0) == 0)
        let reservation = try #require(try store.reserveResetEmail(accountIDs: [b.id], limit: 1, since: 0, now: 12))
        try store.releaseResetEmails(reservation)
        #expect(try store.resetEmailCount(accountID: b.id, since: 0) == 0)
    }

    @Test func busyWritersWaitInsteadOfFailing() throws {
        let file = path()
        let first = Holder(try AccountStore(path: file))
        let second = try AccountStore(path: file)
        try first.store.database.execute("BEGIN IMMEDIATE")
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            try? first.store.database.execute("COMMIT")
            released.signal()
        }
        // The second writer waits for the lock (busy timeout) and then succeeds.
        try second.add(AccountDetails(username: "later", email: "later@example.org"), now: 5)
        released.wait()
        #expect(try first.store.allAccounts().map(\.username) == ["later"])
    }
}

/// Lets one other thread finish the first connection's transaction; never used by two at once.
final class Holder: @unchecked Sendable {
    let store: AccountStore
    init(_ store: AccountStore) { self.store = store }
}
