import ResetTokens
import SQLite

extension AccountStore {
    /// How many sign-ins `resetlink auth` refused for this account after `since` and after the
    /// account's last accepted sign-in or password change: the throttle's count, read from the audit
    /// log (its `(account_id, at)` index) rather than a table of its own. By row id, not time, so an
    /// acceptance in the same second as a refusal still orders correctly.
    public func signInFailures(accountID: Int64, since: UnixTime) throws(SQLiteError) -> Int {
        let id = SQLValue.integer(accountID), from = SQLValue.integer(since.int64)
        return Int(try database.query("""
            SELECT count(*) FROM audit
            WHERE account_id = ? AND at > ? AND event = ?
              AND id > coalesce((SELECT max(id) FROM audit WHERE account_id = ? AND at > ? AND event IN (?, ?)), 0)
            """, [id, from, .text(AuditEvent.authRefused.rawValue), id, from,
                  .text(AuditEvent.authAccepted.rawValue), .text(AuditEvent.passwordChanged.rawValue)]) { $0.int(0) }.first ?? 0)
    }
}
