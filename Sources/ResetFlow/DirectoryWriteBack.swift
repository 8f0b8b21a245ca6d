import AccountStore
import ChildProcess
import ResetTokens
import Settings
import Translations

extension ResetService {
    /// Writes the new password where the account's directory keeps it, under the completion's
    /// claim, before anything is stored here, by running `resetlink-directory` (DirectoryProgram)
    /// with the password on its standard input and a minimal environment. Only a confirmed change
    /// is `done`: the directory's policy refusal is `declined` with its words (the link stays
    /// usable for another try); anything else — the program missing, failing, too slow, or
    /// answering something unexpected — is `unavailable`, with the code for the audit log. A
    /// refusal keeps the program's (English) words in the default language; in another it is that
    /// language's sentence for the code (`policy.directory.<code>`), else its generic one.
    func writeBackToDirectory(_ account: Account, password: String, strings: LanguageStrings) throws -> ExternalStepOutcome {
        let directory: DirectorySettings
        switch settings.passwordHome(account) {
        case .here: return .done
        case .directory(let served): directory = served
        case .elsewhere: return .unavailable(audited: "not-served: no directory is connected for \(Self.providerName(account))")
        }
        if password.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) {
            // The program reads one line; nobody can type a line break at a sign-in prompt anyway.
            return .declined(reason: strings.text("policy.line_break"), audited: "the password has a line break")
        }
        if let problem = DirectoryFileCheck.secretProblem(configuration.resolve(directory.secretFile)) {
            return .unavailable(audited: "secret-file: " + problem)
        }
        let program = DirectoryProgram(directory, username: account.username, resolve: configuration.resolve)
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run([program.path] + program.arguments, input: Array((password + "\n").utf8),
                                          environment: ChildProcess.environment(passing: ["PATH", "LANG"]),
                                          outputLimit: 4096, timeoutMilliseconds: program.deadlineSeconds * 1000)
        } catch {
            return .unavailable(audited: "missing: cannot run \(program.path): \(error.reason)")
        }
        if result.timedOut {
            return .unavailable(audited: "timeout: no answer within \(program.deadlineSeconds) s; \(program.path) was killed")
        }
        switch DirectoryProgram.answer(status: result.status, output: String(decoding: result.output, as: UTF8.self)) {
        case .changed:
            return .done
        case .refused(let code, let words):
            // Words that hold the password (a program echoing its input) are shown and logged as neither.
            let shown = words.contains(password) ? strings.text("policy.directory_refused")
                : strings.language == configuration.site.language ? words
                : strings.has("policy.directory." + code) ? strings.text("policy.directory." + code) : strings.text("policy.directory_refused")
            return .declined(reason: shown, audited: "refused \(code): \(words.contains(password) ? "(withheld)" : words)")
        case .failed(let code, let detail):
            return .unavailable(audited: "failed \(code): \(detail.contains(password) ? "(withheld)" : detail)")
        }
    }


    /// The change time stored for an account whose links are bound to it (docs/token-format.md):
    /// strictly later than the last one, so that a link issued in the same second as a completed
    /// reset still dies when it is used.
    static func changeTime(_ now: UnixTime, after account: Account) -> UnixTime {
        guard let last = account.passwordChangedAt, last >= now else { return now }
        return last + 1
    }
}
