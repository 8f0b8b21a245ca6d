import AccountStore
import ResetTokens
import Settings

/// The one rule for whose password a reset here can change; the request form, completion, admin
/// resets, Admin > People and `resetlink verify` all ask it, and the guide states it
/// (`Facts`, from the same settings).
extension ResetSettings {
    /// Where a reset of this account writes the new password.
    public enum PasswordHome: Equatable {
        /// A local account: the hash in the account store.
        case here
        /// An account of a provider or source `reset.directory` serves.
        case directory(DirectorySettings)
        /// SSO or a directory nobody connected for writing: "contact your directory team".
        case elsewhere
    }

    public func passwordHome(_ account: Account) -> PasswordHome {
        if account.isLocal { return .here }
        if let directory, directory.serves(source: account.source.rawValue, provider: account.provider) { return .directory(directory) }
        return .elsewhere
    }

    /// Whether a reset here can change this account's password, whatever its status.
    public func reachesPassword(_ account: Account) -> Bool {
        passwordHome(account) != .elsewhere
    }

    /// Whether this account may be sent a reset link and complete one: its password is reachable
    /// and the account is active.
    public func resettable(_ account: Account) -> Bool {
        account.status == .active && reachesPassword(account)
    }
}

extension ResetService {
    /// Checks a token against the account as it is now, with this configuration's rule for who may
    /// reset; also returns the account read for the check.
    func checkToken(_ token: String) throws -> (TokenCheck, Account?) {
        var found: Account?
        let check = try generator.checkToken(token, purpose: .passwordReset, account: { id throws in
            found = try store.account(id: Int64(clamping: id))
            return found?.state
        }, eligible: { _ in found.map(settings.resettable) ?? false })
        return (check, found)
    }
}
