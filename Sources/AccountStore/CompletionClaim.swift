import ResetTokens
import SQLite

/// A completion in progress: taken after a link and its password have been checked, held while
/// steps outside this database run (password hooks, a directory write), and then either finished
/// (the change is stored and the link is used up) or released (nothing consumed, the link still
/// works). While one is live, no other completion of the same account can start, so of two
/// completions with one link exactly one reaches the outside world.
public struct CompletionClaim: Sendable, Equatable {
    public var accountID: Int64
    /// The account as the link was checked against; finishing requires it unchanged.
    public var expected: AccountState
    public var claimedAt: UnixTime
    /// Random; tells this claim from a later one that took over an abandoned claim.
    public var nonce: String
}

extension AccountStore {
    /// Claims the completion of `accountID`: only if the account is still exactly as `expected`
    /// and no other claim is live. A claim older than `abandonedAfter` seconds is one whose process
    /// died (or was killed) before finishing or releasing it, and is taken over. Returns nil when
    /// another completion holds the account or the account changed.
    public func claimCompletion(accountID: Int64, expected: AccountState, now: UnixTime,
                                abandonedAfter: UInt64) throws -> CompletionClaim? {
        let nonce = Self.claimNonce()
        return try database.transaction { () throws(SQLiteError) -> CompletionClaim? in
            guard try account(id: accountID)?.state == expected else { return nil }
            let live = try database.query("SELECT claimed_at FROM completion_claims WHERE account_id = ?", [.integer(accountID)]) {
                UnixTime(clamping: $0.int(0))
            }.first.map { $0 + abandonedAfter > now } ?? false
            guard !live else { return nil }
            try database.run("INSERT OR REPLACE INTO completion_claims (account_id, claimed_at, nonce) VALUES (?, ?, ?)",
                             [.integer(accountID), .integer(now.int64), .text(nonce)])
            return CompletionClaim(accountID: accountID, expected: expected, claimedAt: now, nonce: nonce)
        }
    }

    /// Stores the change the claim was taken for, in one transaction: the new hash (nil for an
    /// account whose password lives elsewhere, which keeps its stored hash), the time of the
    /// change, the audit entry, and the claim's removal. Returns false, changing nothing, when the
    /// claim was taken over as abandoned or the account changed meanwhile.
    public func finishCompletion(_ claim: CompletionClaim, newHash: String?, now: UnixTime, audit entry: AuditEntry) throws -> Bool {
        try database.transaction { () throws(SQLiteError) -> Bool in
            guard try removeClaim(claim) else { return false }
            let expected = claim.expected
            let changed = try database.run("""
                UPDATE accounts SET password_hash = ?, updated_at = ?, password_changed_at = ?
                WHERE id = ? AND password_hash = ? AND email = ? AND source = ? AND status = ?
                """, [.text(newHash ?? expected.passwordHash), .integer(now.int64), .integer(now.int64), .integer(claim.accountID),
                      .text(expected.passwordHash), .text(expected.email), .text(expected.source.rawValue), .text(expected.status.rawValue)])
            guard changed == 1 else { return false }
            try audit(entry)
            return true
        }
    }

    /// Gives a claim up after a veto or a failure: nothing was consumed, and the link still works.
    /// A claim already taken over is left to its new holder.
    public func releaseCompletion(_ claim: CompletionClaim) throws {
        try database.transaction { () throws(SQLiteError) in _ = try removeClaim(claim) }
    }

    private func removeClaim(_ claim: CompletionClaim) throws(SQLiteError) -> Bool {
        try database.run("DELETE FROM completion_claims WHERE account_id = ? AND nonce = ?",
                         [.integer(claim.accountID), .text(claim.nonce)]) == 1
    }

    private static func claimNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        return String((0..<32).map { _ in hex[Int.random(in: 0..<16, using: &generator)] })
    }
}
