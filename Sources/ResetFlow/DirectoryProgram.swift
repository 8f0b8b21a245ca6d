#if canImport(Glibc)
import Glibc
#endif
import Settings

/// `resetlink-directory`, the separate program that writes a password into the directory. It is the
/// only program linked to libldap and the only one that reads the bind secret; resetlink stays a
/// static executable and speaks to it through its command line (no secrets in it), standard input
/// (the new password) and one line of standard output.
public struct DirectoryProgram {
    /// The program's path.
    let path: String
    /// Everything after the path; the username last, after `--username`.
    let arguments: [String]
    /// How long resetlink waits before it kills the program: its own deadline (`--timeout`, the
    /// whole run) and two seconds, so that it normally reports the timeout itself, with the step.
    let deadlineSeconds: Int

    /// The program and arguments for one write; relative paths are resolved like every path of the
    /// configuration.
    init(_ settings: DirectorySettings, username: String, resolve: (String) -> String) {
        path = Self.path(settings)
        var arguments = [
            "--url", settings.url, "--bind-dn", settings.bindDN, "--secret-file", resolve(settings.secretFile),
            "--base-dn", settings.baseDN, "--filter", settings.filter, "--kind", settings.kind.rawValue,
            "--timeout", String(settings.timeoutSeconds),
        ]
        if let caFile = settings.caFile { arguments += ["--ca-file", resolve(caFile)] }
        if settings.startTLS { arguments.append("--starttls") }
        if settings.insecureForTests { arguments.append("--insecure-for-tests") }
        // The program parses --username's value unconditionally: a username starting with "-" stays a value.
        arguments += ["--username", username]
        self.arguments = arguments
        deadlineSeconds = Self.deadlineSeconds(settings)
    }

    static func deadlineSeconds(_ settings: DirectorySettings) -> Int {
        settings.timeoutSeconds + 2
    }

    /// The program a write runs: reset.directory.program, or the one beside this executable.
    public static func path(_ settings: DirectorySettings) -> String {
        settings.program ?? besideThisExecutable()
    }

    /// `resetlink-directory` in the folder of the running executable (resetlink, installed side by side).
    static func besideThisExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return DirectorySettings.programName }
        let executable = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = executable.lastIndex(of: "/") else { return DirectorySettings.programName }
        return String(executable[...slash]) + DirectorySettings.programName
    }

    /// What the program answered.
    enum Answer: Equatable {
        /// The directory holds the new password; `marker` is what it says about the change.
        case changed(marker: String)
        /// The directory's policy refused the password: `words` are for the person.
        case refused(code: String, words: String)
        /// Nothing was written as it should be, or the program could not say: for the audit log.
        case failed(code: String, detail: String)
    }

    /// The longest text from the program that is shown or logged.
    static let textLimit = 300

    /// Reads the line the program printed, checked against its exit status: 0 `changed MARKER`,
    /// 3 `refused CODE WORDS`, 4 `failed CODE DETAIL`. Anything else (a usage error, a crash, a
    /// line that does not match its status) is a failure: never read as a change. `output` may
    /// hold standard error's lines too; the answer is the last line that starts with the word the
    /// status calls for.
    static func answer(status: Int32, output: String) -> Answer {
        let lines = output.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        func fields(_ verb: String) -> [String]? {
            guard let line = lines.last(where: { $0.hasPrefix(verb + " ") }) else { return nil }
            return line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).dropFirst().map(String.init)
        }
        switch status {
        case 0:
            if let marker = fields("changed"), !marker.isEmpty { return .changed(marker: clipped(marker.joined(separator: " "))) }
        case 3:
            if let refusal = fields("refused"), refusal.count == 2 { return .refused(code: clipped(refusal[0]), words: clipped(refusal[1])) }
        case 4:
            if let failure = fields("failed"), let code = failure.first {
                return .failed(code: clipped(code), detail: clipped(failure.dropFirst().first ?? ""))
            }
        default:
            break
        }
        let said = lines.last.map { "'" + clipped($0) + "'" } ?? "nothing"
        let code = status < 0 ? "signal:\(-status)" : status == 2 ? "usage" : "status:\(status)"
        return .failed(code: code, detail: "resetlink-directory said \(said)")
    }

    /// At most `textLimit` characters of printable text on one line.
    static func clipped(_ text: String) -> String {
        let printable = String(text.unicodeScalars.filter { $0.properties.generalCategory != .control })
        return printable.count > textLimit ? String(printable.prefix(textLimit)) + "…" : printable
    }
}
