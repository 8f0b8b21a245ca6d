import AccountStore
import ChildProcess
import Settings
import Translations

/// `reset.hooks`: the programs a completion runs to carry the new password where people sign in.
/// Each gets the new password and a newline on standard input (never in its arguments or
/// environment, which other users can read in /proc), and an environment of PATH, LANG and
/// RESETKIT_EVENT (`before_change` or `after_change`), RESETKIT_USERNAME, RESETKIT_ACCOUNT_ID and
/// RESETKIT_SOURCE (`local`, `ldap`, …). Both run before the person gets an answer, each for at
/// most `reset.hooks.timeout_seconds`; then its process group is killed.
extension ResetService {
    /// reset.hooks.before_change: may veto the new password before anything is stored. Its first
    /// line of output is the sentence the person sees (it is told the person's language in
    /// RESETKIT_LANGUAGE); our own sentences are in `words`' language.
    func runBeforeChangeHook(_ account: Account, password: String, words: LanguageStrings) -> ExternalStepOutcome {
        let hooks = settings.hooks
        guard hooks.beforeChange != nil || hooks.afterChange != nil else { return .done }
        guard !password.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) else {
            // A line-based hook (htpasswd -i) would store only the first line; refused here even
            // when only after_change is set, which cannot refuse anything.
            return .declined(reason: words.text("policy.line_break"), audited: "the password has a line break")
        }
        guard let command = hooks.beforeChange else { return .done }
        switch runHook(command, event: "before_change", account: account, password: password, language: words.language) {
        case .succeeded:
            return .done
        case .notRunnable(let reason):
            return .unavailable(audited: "cannot run '\(command.joined(separator: " "))': \(reason)")
        case .timedOut:
            return .declined(reason: words.text("policy.hook_timeout"), audited: "timed out after \(settings.hooks.timeoutSeconds) s; its process group was killed")
        case .failed(let status, let line):
            return .declined(reason: line ?? words.text("policy.hook_refused"), audited: Self.failure(status, line))
        }
    }

    /// reset.hooks.after_change: told about a change that is already stored. A failure cannot undo
    /// it, so it goes to the audit log and the person still sees success (even if the audit log
    /// cannot be written: the password was changed, and saying otherwise would be the worse error).
    func runAfterChangeHook(_ account: Account, password: String, language: String) {
        guard let command = settings.hooks.afterChange else { return }
        let detail: String
        switch runHook(command, event: "after_change", account: account, password: password, language: language) {
        case .succeeded: return
        case .notRunnable(let reason): detail = "cannot run '\(command.joined(separator: " "))': \(reason)"
        case .timedOut: detail = "timed out after \(settings.hooks.timeoutSeconds) s; its process group was killed"
        case .failed(let status, let line): detail = Self.failure(status, line)
        }
        try? store.audit(AuditEntry(at: now(), actor: "self-service", event: .hookFailed, accountID: account.id,
                                    detail: "after_change hook: " + detail))
    }

    enum HookRun {
        case succeeded
        case notRunnable(String)
        case timedOut
        /// `line`: the first line of its output, cleaned for a page and a log; nil when empty.
        case failed(status: Int32, line: String?)
    }

    func runHook(_ command: [String], event: String, account: Account, password: String, language: String) -> HookRun {
        let environment = ChildProcess.environment(passing: ["PATH", "LANG"], extra: [
            ("RESETKIT_EVENT", event), ("RESETKIT_USERNAME", account.username),
            ("RESETKIT_ACCOUNT_ID", String(account.id)), ("RESETKIT_SOURCE", account.source.rawValue),
            ("RESETKIT_LANGUAGE", language),
        ])
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(command, input: Array((password + "\n").utf8), environment: environment,
                                          outputLimit: 4096, timeoutMilliseconds: settings.hooks.timeoutSeconds * 1000)
        } catch {
            return .notRunnable(error.reason)
        }
        if result.timedOut { return .timedOut }
        guard result.status == 0 else {
            return .failed(status: result.status, line: Self.firstLine(result.output, withheld: password))
        }
        return .succeeded
    }

    /// The first non-empty line of a hook's output: control characters dropped, at most 200
    /// characters; nil if there is none, or if it holds the password (a hook that echoes its input
    /// must not put the password on a page or in the audit log).
    static func firstLine(_ output: [UInt8], withheld password: String) -> String? {
        for raw in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline) {
            var line = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
            while line.first?.isWhitespace == true { line.removeFirst() }
            while line.last?.isWhitespace == true { line.removeLast() }
            guard !line.isEmpty else { continue }
            guard !password.isEmpty, !line.contains(password) else { return nil }
            return line.count > 200 ? String(line.prefix(200)) + "…" : line
        }
        return nil
    }

    static func failure(_ status: Int32, _ line: String?) -> String {
        (status < 0 ? "killed by signal \(-status)" : "exit status \(status)") + (line.map { ": " + $0 } ?? "")
    }
}
