import AccountStore
import PasswordHashing
import PasswordPolicy
import ResetTokens
import SiteTemplates
import Translations

extension ResetService {
    public enum Completion {
        /// The password was changed; send `notice` ("your password was changed").
        case changed(Account, notice: OutgoingMail)
        /// The link is not usable; the outcome is for logs and exit codes only.
        case refused(TokenOutcome)
        /// The new password breaks these rules; nothing was changed.
        case weakPassword([PasswordProblem])
        /// The new password was refused, with this sentence for the person (a before_change hook's
        /// veto, a directory's password policy). Nothing was changed; the link still works.
        case declined(String)
        /// A step outside this database failed (a hook, the directory); it is in the audit log.
        /// The link still works.
        case unavailable
        /// Another completion of the same account holds the claim (a double click, two tabs) and
        /// has not finished: it may still be vetoed or fail, so the link is not called used.
        case inProgress
    }

    /// Checks a link without changing anything (the web's GET, which mail scanners also fetch).
    public func checkLink(_ token: String) throws -> TokenCheck {
        try checkToken(token).0
    }

    /// Completes a reset, in this order: the link against the account as it is now; the password
    /// rules; the new hash (local accounts); a claim on the completion, so that of two completions
    /// with one link exactly one goes on; the before_change hook; the directory write-back; the
    /// stored change (which uses the link up); the after_change hook; the change notice. A veto or
    /// failure before the stored change releases the claim: nothing is consumed.
    /// `language` is the page's: the notice is written in it and it becomes the account's language.
    /// Nil (the command line): the account's stored language.
    public func complete(token: String, password: String, language: String? = nil) throws -> Completion {
        let now = now()
        let link: CheckedLink
        switch try checkCompletionLink(token, now: now) {
        case .refused(let outcome): return .refused(outcome)
        case .valid(let checked): link = checked
        }
        let account = link.account
        // The person's language (the page's, else the account's): loaded before the claim, which
        // should be held no longer than the external steps need.
        let noticeLanguage = language.map(configuration.servedLanguage) ?? configuration.mailLanguage(for: account)
        let words = try strings(noticeLanguage)
        let problems = policy.problems(password: password, username: account.username, email: account.email)
        guard problems.isEmpty else {
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .refused, accountID: account.id,
                                       detail: "new password breaks the rules (\(problems.count))" + link.nonce))
            return .weakPassword(problems)
        }
        // Hashing is slow on purpose; it runs before the claim, outside any transaction. An account
        // whose password lives elsewhere (a directory) keeps no hash here.
        let newHash = settings.passwordHome(account) == .here ? try PasswordHasher(logN: settings.password.scryptLogN).hash(password) : nil
        guard let claim = try store.claimCompletion(accountID: account.id, expected: link.state, now: now,
                                                    abandonedAfter: completionClaimLifetime) else {
            // Unchanged account: another completion holds the claim and may yet fail. Changed: used.
            if try store.account(id: account.id)?.state == link.state {
                try store.audit(AuditEntry(at: now, actor: "self-service", event: .verifyFailed, accountID: account.id,
                                           detail: "completion-in-progress (another request holds the claim)" + link.nonce))
                return .inProgress
            }
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .verifyFailed, accountID: account.id,
                                       detail: "account-state-changed (completed at the same time by another request)" + link.nonce))
            return .refused(.accountStateChanged)
        }
        let result: Completion
        do {
            result = try completeClaimed(claim, account: account, password: password, newHash: newHash, link: link,
                                         words: words, remember: language != nil)
        } catch {
            try? store.releaseCompletion(claim)
            throw error
        }
        return result
    }

    /// The steps under the claim: each external step may stop the change (releasing the claim);
    /// then the stored change, and what follows it.
    private func completeClaimed(_ claim: CompletionClaim, account: Account, password: String, newHash: String?,
                                 link: CheckedLink, words: LanguageStrings, remember: Bool) throws -> Completion {
        let noticeLanguage = words.language
        if let stop = try stopped(runBeforeChangeHook(account, password: password, words: words), at: .beforeChangeHook,
                                  claim: claim, link: link) { return stop }
        // External write-back (directory): the directory helper's step, in DirectoryWriteBack.swift.
        if let stop = try stopped(try writeBackToDirectory(account, password: password, strings: words), at: .directoryWriteBack,
                                  claim: claim, link: link) { return stop }
        let at = now()
        // No hash here means the password lives in a directory, which has just taken it (the
        // step above is done): if it cannot be recorded now, the person must not read "link used".
        let writtenElsewhere = newHash == nil
        let finished: Bool
        do {
            finished = try store.finishCompletion(
                claim, newHash: newHash, now: newHash == nil ? Self.changeTime(at, after: account) : at,
                audit: AuditEntry(at: at, actor: "self-service", event: .passwordChanged, accountID: account.id, detail: "reset link" + link.nonce))
        } catch {
            guard writtenElsewhere else { throw error }
            return notRecorded(claim, account: account, at: at, reason: "\(error)", link: link)
        }
        guard finished else {
            if writtenElsewhere {
                return notRecorded(claim, account: account, at: at, reason: "the account changed while the directory was written", link: link)
            }
            try store.audit(AuditEntry(at: at, actor: "self-service", event: .verifyFailed, accountID: account.id,
                                       detail: "account-state-changed (changed while the completion ran)" + link.nonce))
            return .refused(.accountStateChanged)
        }
        runAfterChangeHook(account, password: password, language: noticeLanguage)
        if remember { try? store.setLanguage(accountIDs: [account.id], language: noticeLanguage) }
        let content = MailPasswordChanged(siteTitle: configuration.site.title,
                                          name: account.displayName.isEmpty ? account.username : account.displayName,
                                          username: account.username, when: UTCTime.text(at, words), loginURL: settings.loginURL)
        let notice = OutgoingMail(content: content, recipient: Self.recipient(account), event: .noticeSent, accountIDs: [account.id], detail: "password changed", actor: "self-service", reservations: [], language: noticeLanguage)
        return .changed(account, notice: notice)
    }

    /// The directory took the password but this database could not record the change: audited
    /// for the operator (the directory and this record disagree until the person completes again
    /// or an administrator looks), and the generic page, which does not say "nothing was changed".
    private func notRecorded(_ claim: CompletionClaim, account: Account, at: UnixTime, reason: String,
                             link: CheckedLink) -> Completion {
        try? store.releaseCompletion(claim)
        try? store.audit(AuditEntry(at: at, actor: "self-service", event: .changeFailed, accountID: account.id,
                                    detail: "directory-written-not-recorded: \(reason)" + link.nonce))
        return .unavailable
    }

    /// Nil when the step is done; otherwise the claim released, the veto or failure audited, and
    /// what the person is told.
    private func stopped(_ outcome: ExternalStepOutcome, at step: ExternalStep, claim: CompletionClaim,
                         link: CheckedLink) throws -> Completion? {
        let event: AuditEvent, detail: String, completion: Completion
        switch outcome {
        case .done: return nil
        case .declined(let reason, let audited): (event, detail, completion) = (.changeDeclined, audited, .declined(reason))
        case .unavailable(let audited): (event, detail, completion) = (.changeFailed, audited, .unavailable)
        }
        try store.releaseCompletion(claim)
        try store.audit(AuditEntry(at: now(), actor: "self-service", event: event, accountID: claim.accountID,
                                   detail: "\(step.rawValue): \(detail)" + link.nonce))
        return completion
    }

    /// A link that passed its check, with the account it names.
    struct CheckedLink {
        var account: Account
        /// The account's state the token was checked against.
        var state: AccountState
        /// " nonce=…" for audit details.
        var nonce: String
    }

    enum LinkCheck {
        case valid(CheckedLink)
        case refused(TokenOutcome)
    }

    /// The link against the account as it is now; a refusal is audited.
    private func checkCompletionLink(_ token: String, now: UnixTime) throws -> LinkCheck {
        let (check, found) = try checkToken(token)
        let checked = found?.state
        let nonce = check.authenticatedFields.map { " nonce=\($0.nonceHex)" } ?? ""
        guard case .valid(let id, _, _) = check.outcome, let state = checked,
              let account = try store.account(id: Int64(clamping: id)) else {
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .verifyFailed,
                                       accountID: check.authenticatedFields.map { Int64(clamping: $0.accountID) },
                                       detail: check.outcome.label + nonce))
            return .refused(check.outcome)
        }
        return .valid(CheckedLink(account: account, state: state, nonce: nonce))
    }

    /// How long a claim may be held before another completion takes it over as abandoned (its
    /// process died): both hooks at their longest, and time to spare for the rest.
    /// (The directory write's deadline is added: a completion may wait that long for it.)
    var completionClaimLifetime: UInt64 {
        UInt64(2 * settings.hooks.timeoutSeconds + 30 + (settings.directory.map(DirectoryProgram.deadlineSeconds) ?? 0))
    }
}
