/// Why a message could not be built or delivered. Each case carries enough context for a log line
/// that an administrator can act on without re-running anything.
public enum MailError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `text` is the address as given; `reason` says what is wrong with it.
    case invalidAddress(String, reason: String)
    /// The command ran but did not succeed. `status` is its exit status, or minus the signal number
    /// when a signal ended it; `output` is what it printed (stderr and stdout), trimmed and bounded.
    case sendmailFailed(command: String, status: Int32, output: String)
    /// The command could not be started at all (missing, not executable, no resources).
    case sendmailNotRunnable(command: String, reason: String)
    case maildirFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidAddress(let text, let reason):
            "invalid email address '\(Self.printable(text))': \(reason)"
        case .sendmailFailed(let command, let status, let output):
            (status < 0 ? "'\(command)' was killed by signal \(-status)" : "'\(command)' exited with status \(status)")
                + (output.isEmpty ? "" : ": \(output)")
        case .sendmailNotRunnable(let command, let reason):
            "cannot run '\(command)': \(reason)"
        case .maildirFailed(let path, let reason):
            "cannot deliver to the Maildir '\(path)': \(reason)"
        }
    }

    /// Shows control characters as escapes, so a rejected address with a line break in it cannot
    /// forge extra lines in whatever log this description ends up in.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
