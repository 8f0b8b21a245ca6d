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
        #expect(try store.database.schemaVersion == 4)
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

    /// Migration 4: the language the person last used; a database of version 3 keeps its accounts
    /// and gets an empty (unknown) language for each.
    @Test func theLastLanguageIsStoredAndOlderDatabasesGainIt() throws {
        let file = path()
        let store = try AccountStore(path: file)
        let ana = try store.add(AccountDetails(username: "ana", email: "ana@example.org"), now: 1)
        let bo = try store.add(AccountDetails(username: "bo", email: "bo@example.org"), now: 1)
        #expect(ana.language == "")
        try store.setLanguage(accountIDs: [ana.id], language: "de")
        #expect(try store.account(id: ana.id)?.language == "de")
        #expect(try store.account(id: bo.id)?.language == "")
        // Not part of what a token signs, and not an update of the account's details.
        #expect(try store.account(id: ana.id)?.state == ana.state)
        #expect(try store.account(id: ana.id)?.updatedAt == ana.updatedAt)
        try store.setLanguage(accountIDs: [ana.id, bo.id], language: "en")
        #expect(try store.allAccounts().map(\.language) == ["en", "en"])

        // A version-3 database (as released before languages): the column is added, rows kept.
        let old = FileManager.default.temporaryDirectory.appendingPathComponent("store-v3-\(UUID().uuidString).sqlite").path
        let database = try Database(path: old)
        try database.migrate(Array(Schema.migrations.prefix(3)))
        try database.execute("""
            INSERT INTO accounts (username, username_key, email, email_key, source, status, created_at, updated_at)
            VALUES ('cy', 'cy', 'cy@example.org', 'cy@example.org', 'local', 'active', 1, 1)
            """)
        let migrated = try AccountStore(path: old)
        #expect(try migrated.database.schemaVersion == 4)
        #expect(try migrated.allAccounts().map(\.language) == [""])
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

    @Test func aCompletionClaimFinishesOnlyTheExpectedStateOnce() throws {
        let store = try AccountStore(path: path())
        let account = try store.add(AccountDetails(username: "ana", email: "ana@example.org"), passwordHash: "old", now: 1)
        let entry = AuditEntry(at: 2, actor: "test", event: .passwordChanged, accountID: account.id)
        var stale = account.state
        stale.passwordHash = "something else"
        #expect(try store.claimCompletion(accountID: account.id, expected: stale, now: 2, abandonedAfter: 60) == nil)
        let claim = try #require(try store.claimCompletion(accountID: account.id, expected: account.state, now: 2, abandonedAfter: 60))
        // While it is live, nobody else can claim the same account.
        #expect(try store.claimCompletion(accountID: account.id, expected: account.state, now: 3, abandonedAfter: 60) == nil)
        #expect(try store.finishCompletion(claim, newHash: "new", now: 4, audit: entry))
        #expect(try !store.finishCompletion(claim, newHash: "newer", now: 5, audit: entry))
        // The state changed: the old link's state can no longer be claimed.
        #expect(try store.claimCompletion(accountID: account.id, expected: account.state, now: 6, abandonedAfter: 60) == nil)
        let stored = try #require(try store.account(id: account.id))
        #expect(stored.passwordHash == "new" && stored.passwordChangedAt == 4)
        #expect(try store.auditEntries(accountID: account.id).filter { $0.event == .passwordChanged }.count == 1)
    }

    @Test func aReleasedClaimConsumesNothingAndAnAbandonedOneIsTakenOver() throws {
        let store = try AccountStore(path: path())
        let account = try store.add(AccountDetails(username: "ana", email: "ana@example.org"), passwordHash: "old", now: 1)
        let entry = AuditEntry(at: 2, actor: "test", event: .passwordChanged, accountID: account.id)
        let vetoed = try #require(try store.claimCompletion(accountID: account.id, expected: account.state, now: 2, abandonedAfter: 60))
        try store.releaseCompletion(vetoed)
        #expect(try store.account(id: account.id)?.state == account.state)
        let died = try #require(try store.claimCompletion(accountID: account.id, expected: account.state, now: 3, abandonedAfter: 60))
        #expect(try store.claimCompletion(accountID: account.id, expected: account.state, now: 62, abandonedAfter: 60) == nil)
        let next = try #require(try store.claimCompletion(accountID: account.id, expected: account.state, now: 63, abandonedAfter: 60))
        // The process that came back late finds its claim gone and changes nothing; its release
        // leaves the new holder's claim alone.
        #expect(try !store.finishCompletion(died, newHash: "late", now: 64, audit: entry))
        try store.releaseCompletion(died)
        #expect(try store.finishCompletion(next, newHash: nil, now: 65, audit: entry))
        let stored = try #require(try store.account(id: account.id))
        #expect(stored.passwordHash == "old" && stored.passwordChangedAt == 65)
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
