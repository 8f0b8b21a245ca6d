/// Versioned schema migrations: `PRAGMA user_version` records how many have run; each one runs
/// in its own transaction, so a database is always at a whole version.
public struct Migration: Sendable {
    public var version: Int
    public var sql: String
    /// Work SQL alone cannot do (filling a new column or table from Swift), in the same transaction.
    public var after: (@Sendable (Database) throws(SQLiteError) -> Void)?

    public init(version: Int, sql: String, after: (@Sendable (Database) throws(SQLiteError) -> Void)? = nil) {
        self.version = version
        self.sql = sql
        self.after = after
    }
}

extension Database {
    public var schemaVersion: Int {
        get throws(SQLiteError) { Int(try query("PRAGMA user_version") { $0.int(0) }.first ?? 0) }
    }

    /// Applies the migrations newer than the database's version, in order. A database newer than
    /// this program knows is refused rather than guessed at.
    public func migrate(_ migrations: [Migration]) throws {
        let current = try schemaVersion
        let latest = migrations.map(\.version).max() ?? 0
        guard current <= latest else {
            throw SQLiteError(code: 1, message: "schema version \(current) is newer than this program knows (\(latest)); upgrade resetlink", sql: nil, path: path)
        }
        for migration in migrations.sorted(by: { $0.version < $1.version }) where migration.version > current {
            try transaction { () throws(SQLiteError) in
                // Re-check under the write lock: another process may have migrated meanwhile.
                guard try schemaVersion < migration.version else { return }
                try execute(migration.sql)
                try migration.after?(self)
                try execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }
}
