/// What became of one password write, as resetlink-directory reports it on one line.
public enum DirectoryOutcome: Equatable, Sendable {
    /// The directory holds the new password. `marker` is what the directory says about the change
    /// (`pwdChangedTime=…`, `pwdLastSet=…`, or `none` when it shows neither).
    case changed(marker: String)
    /// The directory refused this password (its policy): `code` for programs, `words` for the person,
    /// who may try another password.
    case refused(code: String, words: String)
    /// Nothing was written, or not as it should be: `code` and `detail` for the audit log, a generic
    /// page for the person.
    case failed(code: String, detail: String)

    /// The line printed on standard output: `changed MARKER`, `refused CODE WORDS`, `failed CODE DETAIL`.
    public var line: String {
        switch self {
        case .changed(let marker): "changed \(Self.oneLine(marker))"
        case .refused(let code, let words): "refused \(code) \(Self.oneLine(words))"
        case .failed(let code, let detail): "failed \(code) \(Self.oneLine(detail))"
        }
    }

    /// resetlink-directory's exit status: 0 changed, 3 refused, 4 failed (2 is a usage error).
    public var exitStatus: Int32 {
        switch self {
        case .changed: 0
        case .refused: 3
        case .failed: 4
        }
    }

    /// Text from a server (diagnostic messages) on one line of printable characters.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}

/// A step that went wrong, before or instead of a write: becomes `.failed`.
struct DirectoryFailure: Error {
    let code: String
    let detail: String

    /// An LDAP result code (negative ones are libldap's: -1 server down, -5 timeout, -11 connect error).
    static func ldap(_ result: Int32, _ step: String, diagnostic: String? = nil) -> DirectoryFailure {
        var detail = "\(step): \(LDAPText.describe(result))"
        // libldap leaves "(unknown error code)" as the diagnostic of a failed TLS handshake: no news.
        if let diagnostic, !diagnostic.isEmpty, diagnostic != "(unknown error code)" { detail += " (\(diagnostic))" }
        return DirectoryFailure(code: "ldap:\(result)", detail: detail)
    }

    var outcome: DirectoryOutcome { .failed(code: code, detail: detail) }
}
