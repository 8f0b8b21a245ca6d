import Foundation
import ResetTokens
import SQLite
import Testing
@testable import AccountStore

/// Searching accounts by the start of a username, an email address or a word of the name
/// (issue 15's Admin > People), folded like the forgot-password flow compares.
@Suite struct AccountSearchTests {
    func store() throws -> AccountStore {
        try AccountStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("search-\(UUID().uuidString)/a.sqlite").path)
    }

    func names(_ store: AccountStore, _ text: String) throws -> [String] {
        try store.search(text, limit: 50).accounts.map(\.username)
    }

    @Test func prefixesOfUsernamesEmailsAndNameWordsIgnoringCaseAndForms() throws {
        let store = try store()
        try store.add(AccountDetails(username: "ana.lima", email: "ana@example.org", displayName: "Ana Lima"), now: 1)
        try store.add(AccountDetails(username: "bcosta", email: "Bruno.Costa@Example.org", displayName: "Bruno Costa-Pereira"), now: 1)
        try store.add(AccountDetails(username: "E1042", email: "shared@example.org", displayName: "Zoë O’Brien"), now: 1)
        #expect(try names(store, "ana") == ["ana.lima"])
        #expect(try names(store, "LIM") == ["ana.lima"])                  // a word of the name and of the username
        #expect(try names(store, "pereira") == ["bcosta"])                // after a hyphen
        #expect(try names(store, "bruno.costa@") == ["bcosta"])           // an email's start, any case
        #expect(try names(store, "e10") == ["E1042"])                     // an employee number
        #expect(try names(store, "ｚｏë") == ["E1042"])                    // full-width (NFKC)
        #expect(try names(store, "brien") == ["E1042"])                   // after a typographic apostrophe
        #expect(try names(store, "costa bru") == ["bcosta"])              // every word must match
        #expect(try names(store, "costa ana").isEmpty)
        #expect(try names(store, "x").isEmpty)
        #expect(try names(store, "%").isEmpty && names(store, "an%").isEmpty) // no LIKE wildcards
        #expect(try store.search("", limit: 2).total == 3)
        // A query that spans a separator matches word by word.
        try store.add(AccountDetails(username: "joao.silva", email: "js@example.org", displayName: "joao.silva"), now: 1)
        #expect(try names(store, "joao.sil") == ["joao.silva"])
        // An account with several words that start alike counts once.
        // ("e" starts E1042's "e1042" and every account's "example").
        #expect(try store.search("e", limit: 10).total == 4)
    }

    @Test func aQueryWithAnAtIsTheStartOfAWholeAddress() throws {
        let store = try store()
        try store.add(AccountDetails(username: "one", email: "ana.lima@example.org"), now: 1)
        try store.add(AccountDetails(username: "two", email: "lima.ana@example.org"), now: 1)
        try store.add(AccountDetails(username: "three", email: "Ana.Lima@Example.ORG"), now: 1)
        #expect(try names(store, "ana.lima@exa") == ["one", "three"])
        #expect(try names(store, " ANA.LIMA@example.org ") == ["one", "three"])
        #expect(try names(store, "@example.org").isEmpty)
        #expect(try store.search("lima.ana@", limit: 10).total == 1)
    }

    @Test func pagesAndTotals() throws {
        let store = try store()
        for index in 0..<25 {
            try store.add(AccountDetails(username: String(format: "user%02d", index), email: "u\(index)@example.org", displayName: "Same Name"), now: 1)
        }
        let first = try store.search("same", limit: 10)
        let last = try store.search("same", limit: 10, offset: 20)
        #expect(first.total == 25 && first.accounts.count == 10 && first.accounts.first?.username == "user00")
        #expect(last.total == 25 && last.accounts.map(\.username) == ["user20", "user21", "user22", "user23", "user24"])
    }

    @Test func anUpdatedAccountIsFoundByItsNewWordsOnly() throws {
        let store = try store()
        let header = "username,email,name,source,provider,status\n"
        _ = try AccountImport.apply(AccountImport.parse(header + "ana,ana@example.org,Ana Lima,local,,active\n", file: "a.csv"),
                                    to: store, file: "a.csv", now: 1)
        #expect(try names(store, "lima") == ["ana"])
        _ = try AccountImport.apply(AccountImport.parse(header + "ana,ana@example.org,Ana Souza,local,,active\n", file: "b.csv"),
                                    to: store, file: "b.csv", now: 2)
        #expect(try names(store, "lima").isEmpty)
        #expect(try names(store, "souza") == ["ana"])
    }

    /// A database made by the previous version (schema 1) gets its words when it is opened.
    @Test func migrationTwoIndexesExistingAccounts() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("search-v1-\(UUID().uuidString).sqlite").path
        let old = try Database(path: file)
        try old.migrate(Array(Schema.migrations.prefix(1)))
        try old.run("""
            INSERT INTO accounts (username, username_key, email, email_key, display_name, source, status, created_at, updated_at)
            VALUES ('ana.lima', 'ana.lima', 'ana@example.org', 'ana@example.org', 'Ana Lima', 'local', 'active', 1, 1)
            """)
        let store = try AccountStore(path: file)
        #expect(try store.database.schemaVersion == 4)
        #expect(try names(store, "lima") == ["ana.lima"])
    }
}
