import ResetTokens
import SQLite

/// What Admin > People shows of the audit log: an account's latest entries, and when reset links
/// were last sent, from which an outstanding link is worked out (tokens are stateless, so the
/// audit log is the only record that a link exists).
extension AccountStore {
    /// The account's newest `limit` audit entries, newest first, and how many it has in all.
    public func recentAuditEntries(accountID: Int64, limit: Int) throws(SQLiteError) -> (entries: [AuditEntry], total: Int) {
        let total = Int(try database.query("SELECT count(*) FROM audit WHERE account_id = ?", [.integer(accountID)]) { $0.int(0) }.first ?? 0)
        let entries = try database.query("""
            SELECT at, actor, event, account_id, detail FROM audit WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?
            """, [.integer(accountID), .integer(Int64(limit))]) { row in
            AuditEntry(at: UnixTime(clamping: row.int(0)), actor: row.text(1), event: AuditEvent(rawValue: row.text(2)) ?? .unknown,
                       accountID: row.optionalInt(3), detail: row.text(4))
        }
        return (entries, total)
    }

    /// When each account was last sent a link the user asked for (`link-sent`) and one an
    /// administrator started (`admin-reset`), for the accounts given.
    public func latestLinks(accountIDs: [Int64]) throws(SQLiteError) -> [Int64: (requested: UnixTime?, byAdmin: UnixTime?)] {
        guard !accountIDs.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: accountIDs.count).joined(separator: ", ")
        let rows = try database.query("""
            SELECT account_id, event, max(at) FROM audit
            WHERE account_id IN (\(marks)) AND event IN ('link-sent', 'admin-reset') GROUP BY account_id, event
            """, accountIDs.map(SQLValue.integer)) { row in (row.int(0), row.text(1), UnixTime(clamping: row.int(2))) }
        var result: [Int64: (requested: UnixTime?, byAdmin: UnixTime?)] = [:]
        for (id, event, at) in rows {
            var entry = result[id] ?? (nil, nil)
            if event == AuditEvent.linkSent.rawValue { entry.requested = at } else { entry.byAdmin = at }
            result[id] = entry
        }
        return result
    }
}
