import SQLite

/// Finding accounts by what an administrator remembers: the start of a username, an email
/// address or any word of the name, ignoring case and Unicode compatibility forms (IdentityKey,
/// as the forgot-password flow compares). Every word is a row of `account_words`, so a search is a
/// range scan of one index, whatever the number of accounts.
enum AccountSearch {
    /// The words an account is found by: the parts of its username and email split at `.`, `_`,
    /// `-`, `+` and `@` (`ana.lima` is found by `lima`), and each word of the name. A query is
    /// split the same way, so no query word spans a separator and whole keys need no row.
    static func words(username: String, email: String, displayName: String) -> Set<String> {
        Set([username, email, displayName].flatMap(parts))
    }

    /// The folded words of `text`, split at spaces and the separators above.
    static func parts(of text: String) -> [String] {
        IdentityKey.make(text).split(whereSeparator: { " \t.-_+@'’".contains($0) }).map(String.init)
    }

    static func index(_ database: Database, id: Int64, username: String, email: String, displayName: String) throws(SQLiteError) {
        try database.run("DELETE FROM account_words WHERE account_id = ?", [.integer(id)])
        for word in words(username: username, email: email, displayName: displayName) {
            try database.run("INSERT INTO account_words (word, account_id) VALUES (?, ?)", [.text(word), .integer(id)])
        }
    }

    /// Fills `account_words` from the accounts as they are (migration 2).
    static func rebuild(_ database: Database) throws(SQLiteError) {
        try database.execute("DELETE FROM account_words")
        let rows = try database.query("SELECT id, username, email, display_name FROM accounts") { row in
            (row.int(0), row.text(1), row.text(2), row.text(3))
        }
        for (id, username, email, name) in rows {
            try index(database, id: id, username: username, email: email, displayName: name)
        }
    }

    /// The range of folded words that start with `prefix`: [prefix, prefix + U+10FFFF), the
    /// largest code point, whose UTF-8 (F4 8F BF BF) sorts after any continuation of the prefix.
    static func range(_ prefix: String) -> [SQLValue] {
        [.text(prefix), .text(prefix + "\u{10FFFF}")]
    }
}

extension AccountStore {
    /// One page of the accounts whose username, email or a word of whose name starts with `text`
    /// (each word of `text` must match), ordered by username; and how many match in all.
    /// A query with an `@` is the start of an email address, compared whole (`ana.lima@exa` finds
    /// `ana.lima@example.org`, not `lima.ana@example.org`), on the address index.
    public func search(_ text: String, limit: Int, offset: Int = 0) throws(SQLiteError) -> (accounts: [Account], total: Int) {
        if text.contains("@") {
            let range = AccountSearch.range(IdentityKey.make(text.trimmingWhitespace()))
            let total = Int(try database.query("SELECT count(*) FROM accounts WHERE email_key >= ? AND email_key < ?", range) { $0.int(0) }.first ?? 0)
            let page = try database.query("""
                SELECT \(Self.columns) FROM accounts WHERE email_key >= ? AND email_key < ? ORDER BY username_key LIMIT ? OFFSET ?
                """, range + [.integer(Int64(limit)), .integer(Int64(offset))], map: Self.account)
            return (page, total)
        }
        let words = Set(AccountSearch.parts(of: text)).sorted()
        guard !words.isEmpty else {
            let total = Int(try database.query("SELECT count(*) FROM accounts") { $0.int(0) }.first ?? 0)
            let page = try database.query("SELECT \(Self.columns) FROM accounts ORDER BY username_key LIMIT ? OFFSET ?",
                                          [.integer(Int64(limit)), .integer(Int64(offset))], map: Self.account)
            return (page, total)
        }
        // Each word of the query narrows the set: accounts that have a word starting with it.
        let matches = Array(repeating: "SELECT DISTINCT account_id FROM account_words WHERE word >= ? AND word < ?", count: words.count)
            .joined(separator: " INTERSECT ")
        let values = words.flatMap(AccountSearch.range)
        let total = Int(try database.query("SELECT count(*) FROM (\(matches))", values) { $0.int(0) }.first ?? 0)
        let page = try database.query("""
            SELECT \(Self.columns) FROM accounts WHERE id IN (\(matches)) ORDER BY username_key LIMIT ? OFFSET ?
            """, values + [.integer(Int64(limit)), .integer(Int64(offset))], map: Self.account)
        return (page, total)
    }
}
