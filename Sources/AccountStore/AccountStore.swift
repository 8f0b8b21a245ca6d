import ResetTokens
import SQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Accounts, the reset-email throttle and the audit log, in one SQLite database that is created
/// and migrated on first use. Every write runs in a transaction.
public final class AccountStore {
    public let database: Database

    /// Opens the database at `path`, creating its folder (mode 0700) and the file if needed.
    public init(path: String) throws {
        // What NSString's deletingLastPathComponent gave for any path SQLite can open ("" for a
        // bare file name, which needs no folder).
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        database = try Database(path: path)
        try database.migrate(Schema.migrations)
    }

    static let columns = "id, username, email, display_name, source, provider, status, password_hash, created_at, updated_at, password_changed_at, language"

    static func account(_ row: Row) throws(SQLiteError) -> Account {
        guard let source = AccountSource(rawValue: row.text(4)), let status = AccountStatus(rawValue: row.text(6)) else {
            throw SQLiteError(code: 1, message: "account \(row.int(0)) has an unknown source or status", sql: nil, path: "")
        }
        return Account(id: row.int(0), username: row.text(1), email: row.text(2), displayName: row.text(3),
                       source: source, provider: row.text(5), status: status, passwordHash: row.text(7),
                       createdAt: UnixTime(clamping: row.int(8)), updatedAt: UnixTime(clamping: row.int(9)),
                       passwordChangedAt: row.optionalInt(10).map(UnixTime.init(clamping:)), language: row.text(11))
    }

    // MARK: Reading

    public func account(id: Int64) throws(SQLiteError) -> Account? {
        try database.query("SELECT \(Self.columns) FROM accounts WHERE id = ?", [.integer(id)], map: Self.account).first
    }

    /// The account with this username, compared ignoring case and Unicode compatibility forms.
    public func account(username: String) throws(SQLiteError) -> Account? {
        try database.query("SELECT \(Self.columns) FROM accounts WHERE username_key = ?", [.text(IdentityKey.make(username))],
                           map: Self.account).first
    }

    /// Every account whose stored address matches `email` (see `IdentityKey`), oldest first.
    public func accounts(email: String) throws(SQLiteError) -> [Account] {
        try database.query("SELECT \(Self.columns) FROM accounts WHERE email_key = ? ORDER BY id", [.text(IdentityKey.make(email))],
                           map: Self.account)
    }

    public func allAccounts() throws(SQLiteError) -> [Account] {
        try database.query("SELECT \(Self.columns) FROM accounts ORDER BY username_key", map: Self.account)
    }

    // MARK: Writing

    /// Adds an account; a username already in use (ignoring case) is an error.
    @discardableResult
    public func add(_ details: AccountDetails, passwordHash: String = "", now: UnixTime) throws -> Account {
        if let problem = details.problems.first { throw AccountStoreError.invalid(problem) }
        return try database.transaction { () throws in
            if try account(username: details.username) != nil { throw AccountStoreError.usernameTaken(details.username) }
            let id = try insert(details, passwordHash: passwordHash, now: now)
            guard let account = try account(id: id) else { throw AccountStoreError.invalid("the new account vanished") }
            try audit(AuditEntry(at: now, actor: "cli", event: .accountAdded, accountID: account.id, detail: account.username))
            return account
        }
    }

    /// Inserts the account and its search words; returns its id.
    @discardableResult
    func insert(_ details: AccountDetails, passwordHash: String, now: UnixTime) throws(SQLiteError) -> Int64 {
        try database.run("""
            INSERT INTO accounts (username, username_key, email, email_key, display_name, source, provider, status,
                                  password_hash, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(details.username), .text(IdentityKey.make(details.username)), .text(details.email),
                  .text(IdentityKey.make(details.email)), .text(details.displayName), .text(details.source.rawValue),
                  .text(details.provider), .text(details.status.rawValue), .text(passwordHash), .integer(now.int64), .integer(now.int64)])
        let id = database.lastInsertedRowID
        try AccountSearch.index(database, id: id, username: details.username, email: details.email, displayName: details.displayName)
        return id
    }

    func update(_ id: Int64, to details: AccountDetails, now: UnixTime) throws(SQLiteError) {
        try database.run("""
            UPDATE accounts SET username = ?, username_key = ?, email = ?, email_key = ?, display_name = ?, source = ?,
                                provider = ?, status = ?, updated_at = ?
            WHERE id = ?
            """, [.text(details.username), .text(IdentityKey.make(details.username)), .text(details.email),
                  .text(IdentityKey.make(details.email)), .text(details.displayName), .text(details.source.rawValue),
                  .text(details.provider), .text(details.status.rawValue), .integer(now.int64), .integer(id)])
        try AccountSearch.index(database, id: id, username: details.username, email: details.email, displayName: details.displayName)
    }

    /// Sets a password directly (`accounts add --password-stdin`, administrators' tooling).
    public func setPasswordHash(accountID: Int64, hash: String, now: UnixTime, actor: String) throws {
        try database.transaction { () throws(SQLiteError) in
            try database.run("UPDATE accounts SET password_hash = ?, updated_at = ?, password_changed_at = ? WHERE id = ?",
                             [.text(hash), .integer(now.int64), .integer(now.int64), .integer(accountID)])
            try audit(AuditEntry(at: now, actor: actor, event: .passwordChanged, accountID: accountID, detail: "set by \(actor)"))
        }
    }

    /// Records the language the person last used the reset pages in (a request for a link, a
    /// completed reset), for the mails that reach them without a request of theirs: the
    /// password-changed notice, an administrator's reset. Not part of the token's signed state, so
    /// it does not turn an outstanding link into a used one; `updated_at` is left alone (it is a
    /// preference, not a change of the account).
    public func setLanguage(accountIDs: [Int64], language: String) throws(SQLiteError) {
        for id in accountIDs {
            try database.run("UPDATE accounts SET language = ? WHERE id = ? AND language <> ?",
                             [.text(language), .integer(id), .text(language)])
        }
    }

    // MARK: Throttle

    /// How many reset-related emails went to this account after `since` (the window is open at
    /// its start, so an email sent exactly an hour ago no longer counts).
    public func resetEmailCount(accountID: Int64, since: UnixTime) throws(SQLiteError) -> Int {
        Int(try database.query("SELECT count(*) FROM reset_emails WHERE account_id = ? AND sent_at > ?",
                               [.integer(accountID), .integer(since.int64)]) { $0.int(0) }.first ?? 0)
    }

    /// Reserves a throttle slot for each account unless one of them already had `limit` emails
    /// since `since`; atomic, so concurrent requests cannot exceed the limit. Returns the
    /// reservations (to release if the email cannot be sent), or nil when throttled.
    public func reserveResetEmail(accountIDs: [Int64], limit: Int, since: UnixTime, now: UnixTime) throws -> [Int64]? {
        try database.transaction { () throws(SQLiteError) -> [Int64]? in
            for id in accountIDs where try resetEmailCount(accountID: id, since: since) >= limit { return nil }
            var reservations: [Int64] = []
            for id in accountIDs {
                try database.run("INSERT INTO reset_emails (account_id, sent_at) VALUES (?, ?)", [.integer(id), .integer(now.int64)])
                reservations.append(database.lastInsertedRowID)
            }
            return reservations
        }
    }

    /// Gives back reservations for an email that could not be sent.
    public func releaseResetEmails(_ reservations: [Int64]) throws {
        guard !reservations.isEmpty else { return }
        try database.transaction { () throws(SQLiteError) in
            for id in reservations { try database.run("DELETE FROM reset_emails WHERE id = ?", [.integer(id)]) }
        }
    }

    // MARK: Audit

    /// Appends to the audit log (inside the caller's transaction, or on its own).
    public func audit(_ entry: AuditEntry) throws(SQLiteError) {
        try database.run("INSERT INTO audit (at, actor, event, account_id, detail) VALUES (?, ?, ?, ?, ?)",
                         [.integer(entry.at.int64), .text(entry.actor), .text(entry.event.rawValue),
                          entry.accountID.map(SQLValue.integer) ?? .null, .text(entry.detail)])
    }

    /// Audit entries, oldest first, optionally for one account and from a time on.
    public func auditEntries(accountID: Int64? = nil, since: UnixTime? = nil) throws(SQLiteError) -> [AuditEntry] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let accountID { conditions.append("account_id = ?"); values.append(.integer(accountID)) }
        if let since { conditions.append("at >= ?"); values.append(.integer(since.int64)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try database.query("SELECT at, actor, event, account_id, detail FROM audit\(filter) ORDER BY at, id", values) { row in
            AuditEntry(at: UnixTime(clamping: row.int(0)), actor: row.text(1), event: AuditEvent(rawValue: row.text(2)) ?? .unknown,
                       accountID: row.optionalInt(3), detail: row.text(4))
        }
    }
}

public enum AccountStoreError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    case usernameTaken(String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        case .usernameTaken(let name): "the username '\(name)' is already taken"
        }
    }
}
