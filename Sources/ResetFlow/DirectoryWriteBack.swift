import AccountStore
import ResetTokens

extension ResetService {
    /// Writes the new password where the account's directory keeps it, under the completion's
    /// claim, before anything is stored here. Until a directory is connected for writing, there is
    /// nothing to write. (Issue 18 §1 fills this in: a directory's policy refusal is `declined`,
    /// a transport or rights error `unavailable`.)
    func writeBackToDirectory(_ account: Account, password: String) throws -> ExternalStepOutcome {
        .done
    }
}

extension ResetService {
    /// The change time stored for an account whose links are bound to it (docs/token-format.md):
    /// strictly later than the last one, so that a link issued in the same second as a completed
    /// reset still dies when it is used.
    static func changeTime(_ now: UnixTime, after account: Account) -> UnixTime {
        guard let last = account.passwordChangedAt, last >= now else { return now }
        return last + 1
    }
}
