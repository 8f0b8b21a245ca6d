import AccountStore

extension ResetService {
    /// reset.hooks.before_change: may veto the new password before anything is stored.
    func runBeforeChangeHook(_ account: Account, password: String) throws -> ExternalStepOutcome {
        .done
    }

    /// reset.hooks.after_change: told about a change that is already stored; a failure is audited.
    func runAfterChangeHook(_ account: Account, password: String) throws {}
}
