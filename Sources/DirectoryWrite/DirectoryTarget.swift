/// How the directory is written: the RFC 3062 Password Modify operation (OpenLDAP, 389 DS and other
/// directories with a password policy) or Active Directory's `unicodePwd` attribute.
public enum DirectoryKind: String, Sendable, CaseIterable {
    case rfc3062
    case activedirectory
}

/// Where and how to write a password: one directory, one service account, one way to find an entry.
/// Built only through `init`, which refuses a connection that would send a password in clear.
public struct DirectoryTarget: Sendable, Equatable {
    /// `ldaps://host[:port]` or `ldap://host[:port]` (then StartTLS, unless `insecureForTests`).
    public let url: String
    /// The service account's DN: `write` access to the password attribute, not `manage`.
    public let bindDN: String
    /// Where the entries are searched (whole subtree).
    public let baseDN: String
    /// A search filter in which `{username}` stands for the escaped username, e.g. `(uid={username})`.
    public let filter: String
    public let kind: DirectoryKind
    /// PEM file of the certificate authorities trusted for the server's certificate (else the system's).
    public let caFile: String?
    /// StartTLS on an `ldap://` URL: mandatory once asked for (a refusal fails the write).
    public let startTLS: Bool
    /// Plain `ldap://` without TLS, for test servers only.
    public let insecureForTests: Bool
    /// For the connection and for each operation (resetlink-directory also bounds the whole run by it).
    public let timeoutSeconds: Int

    public static let usernamePlaceholder = "{username}"

    public init(url: String, bindDN: String, baseDN: String, filter: String, kind: DirectoryKind, caFile: String? = nil,
                startTLS: Bool = false, insecureForTests: Bool = false, timeoutSeconds: Int = 10) throws(DirectoryTargetError) {
        let lowered = url.lowercased()
        let isLDAPS = lowered.hasPrefix("ldaps://")
        guard isLDAPS || lowered.hasPrefix("ldap://") else { throw .urlScheme(url) }
        if isLDAPS && startTLS { throw .startTLSOnLDAPS(url) }
        if !isLDAPS && !startTLS {
            // Active Directory refuses unicodePwd without TLS anyway; say so before connecting.
            if kind == .activedirectory || !insecureForTests { throw .plainLDAP(url, kind: kind) }
        }
        guard !bindDN.isEmpty else { throw .missing("bind DN") }
        guard !baseDN.isEmpty else { throw .missing("base DN") }
        guard filter.contains(Self.usernamePlaceholder) else { throw .filterWithoutUsername(filter) }
        guard filter.hasPrefix("("), filter.hasSuffix(")") else { throw .filterNotParenthesised(filter) }
        guard (1...300).contains(timeoutSeconds) else { throw .timeout(timeoutSeconds) }
        self.url = url
        self.bindDN = bindDN
        self.baseDN = baseDN
        self.filter = filter
        self.kind = kind
        self.caFile = caFile
        self.startTLS = startTLS
        self.insecureForTests = insecureForTests
        self.timeoutSeconds = timeoutSeconds
    }

    /// Whether the connection is encrypted (ldaps:// or StartTLS).
    public var usesTLS: Bool { url.lowercased().hasPrefix("ldaps://") || startTLS }
}

/// A target that would be unsafe or cannot work, in one sentence for the operator.
public enum DirectoryTargetError: Error, Equatable, CustomStringConvertible {
    case urlScheme(String)
    case startTLSOnLDAPS(String)
    case plainLDAP(String, kind: DirectoryKind)
    case missing(String)
    case filterWithoutUsername(String)
    case filterNotParenthesised(String)
    case timeout(Int)
    case unknownKind(String)

    public var description: String {
        switch self {
        case .urlScheme(let url): "the directory URL '\(url)' must start with ldaps:// or ldap://"
        case .startTLSOnLDAPS(let url): "StartTLS is for ldap:// URLs; '\(url)' is already TLS"
        case .plainLDAP(let url, .activedirectory):
            "'\(url)' is plain LDAP: Active Directory accepts a password only over TLS, use ldaps:// or StartTLS"
        case .plainLDAP(let url, _):
            "'\(url)' would send passwords in clear: use ldaps://, or ldap:// with StartTLS (plain LDAP only with the insecure-for-tests flag)"
        case .missing(let what): "the \(what) is missing"
        case .filterWithoutUsername(let filter): "the filter '\(filter)' does not contain {username}"
        case .filterNotParenthesised(let filter): "the filter '\(filter)' must be in parentheses, e.g. (uid={username})"
        case .timeout(let seconds): "the timeout must be 1 to 300 seconds, not \(seconds)"
        case .unknownKind(let kind): "the kind must be rfc3062 or activedirectory, not '\(kind)'"
        }
    }
}
