import AccountStore
import PasswordHashing
import PasswordPolicy
import ResetTokens
import SiteTemplates

extension ResetService {
    public enum Completion {
        /// The password was changed; send `notice` ("your password was changed").
        case changed(Account, notice: OutgoingMail)
        /// The link is not usable; the outcome is for logs and exit codes only.
        case refused(TokenOutcome)
        /// The new password breaks these rules; nothing was changed.
        case weakPassword([PasswordProblem])
    }

    /// Checks a link without changing anything (the web's GET, which mail scanners also fetch).
    public func checkLink(_ token: String) throws -> TokenCheck {
        try checkToken(token).0
    }

    /// Completes a reset: checks the link against the account as it is now, checks the password
    /// rules, stores the new hash only if the account is still exactly as checked (so of two
    /// completions with one link exactly one wins), and prepares the change notice.
    public func complete(token: String, password: String) throws -> Completion {
        let (check, found) = try checkToken(token)
        let checked = found?.state
        let now = now()
        let nonce = check.authenticatedFields.map { " nonce=\($0.nonceHex)" } ?? ""
        guard case .valid(let id, _, _) = check.outcome, let state = checked,
              let account = try store.account(id: Int64(clamping: id)) else {
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .verifyFailed,
                                       accountID: check.authenticatedFields.map { Int64(clamping: $0.accountID) },
                                       detail: check.outcome.label + nonce))
            return .refused(check.outcome)
        }
        let problems = policy.problems(password: password, username: account.username, email: account.email)
        guard problems.isEmpty else {
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .refused, accountID: account.id,
                                       detail: "new password breaks the rules (\(problems.count))" + nonce))
            return .weakPassword(problems)
        }
        // Hashing is slow on purpose; it runs outside the write transaction.
        let hash = try PasswordHasher(logN: settings.password.scryptLogN).hash(password)
        let won = try store.replacePasswordHash(
            accountID: account.id, expected: state, newHash: hash, now: now,
            audit: AuditEntry(at: now, actor: "self-service", event: .passwordChanged, accountID: account.id, detail: "reset link" + nonce))
        guard won else {
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .verifyFailed, accountID: account.id,
                                       detail: "account-state-changed (completed at the same time by another request)" + nonce))
            return .refused(.accountStateChanged)
        }
        let content = MailPasswordChanged(siteTitle: configuration.site.title,
                                          name: account.displayName.isEmpty ? account.username : account.displayName,
                                          username: account.username, when: UTCTime.text(now), loginURL: settings.loginURL)
        let notice = OutgoingMail(content: content, recipient: Self.recipient(account), event: .noticeSent, accountIDs: [account.id], detail: "password changed", actor: "self-service", reservations: [])
        return .changed(account, notice: notice)
    }
}
