import AccountStore

extension ResetService {
    /// Writes the new password where the account's directory keeps it, under the completion's
    /// claim, before anything is stored here. Until a directory is connected for writing, there is
    /// nothing to write. (Issue 18 §1 fills this in: a directory's policy refusal is `declined`,
    /// a transport or rights error `unavailable`.)
    func writeBackToDirectory(_ account: Account, password: String) throws -> ExternalStepOutcome {
        .done
    }
}
