import Diagnostics
import TypedYAML

/// `reset.directory`: an LDAP directory or Active Directory that a completed reset writes the new
/// password into, for the accounts of the providers and sources it serves. Without this section
/// (the default) those accounts keep the rule "contact your directory team".
///
/// ```yaml
/// directory:
///   url: ldaps://ldap.example.org
///   bind_dn: cn=resetkit,ou=services,dc=example,dc=org
///   secret_file: /etc/resetkit/ldap-secret        # the bind password; mode 0600, owned by resetlink's user
///   base_dn: ou=people,dc=example,dc=org
///   filter: (uid={username})
///   kind: rfc3062                                  # or activedirectory
///   providers: [Corporate LDAP]                    # and/or sources: [ldap]
/// ```
public struct DirectorySettings: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// RFC 3062 Password Modify (OpenLDAP and most LDAP servers).
        case rfc3062
        /// Active Directory: `unicodePwd` replaced over an encrypted connection.
        case activedirectory
    }

    /// `ldaps://…`, or `ldap://…` with `starttls: true`; plain `ldap://` only with `insecure_for_tests`.
    public var url: String
    /// The least-privilege service account that binds (never the rootdn; `write` on `userPassword`).
    public var bindDN: String
    /// The file holding the bind password (mode 0600, owned by the user resetlink runs as).
    public var secretFile: String
    /// Where the person's entry is looked for.
    public var baseDN: String
    /// The search filter; `{username}` becomes the ResetKit username, escaped per RFC 4515.
    public var filter: String
    public var kind: Kind
    /// The CA certificate(s) to verify the server with; nil: the system's.
    public var caFile: String?
    public var startTLS = false
    /// Allows plain `ldap://` without StartTLS: for test servers only.
    public var insecureForTests = false
    /// How long the whole write (connect, bind, search, change) may take.
    public var timeoutSeconds = 10
    /// Provider names served, compared ignoring case (e.g. "Corporate LDAP").
    public var providers: [String] = []
    /// Sources served: `sso`, `ldap` or `usersync`.
    public var sources: [String] = []
    /// The `resetlink-directory` program; nil: the one next to resetlink's own executable.
    public var program: String?

    public init(url: String, bindDN: String, secretFile: String, baseDN: String, filter: String, kind: Kind = .rfc3062,
                providers: [String] = [], sources: [String] = []) {
        self.url = url
        self.bindDN = bindDN
        self.secretFile = secretFile
        self.baseDN = baseDN
        self.filter = filter
        self.kind = kind
        self.providers = providers
        self.sources = sources
    }

    /// The name of the helper program, looked for next to resetlink unless `program` is set.
    public static let programName = "resetlink-directory"

    /// Whether the password of an account of `source` managed by `provider` lives in this
    /// directory. A local account never does: its password is kept here.
    public func serves(source: String, provider: String) -> Bool {
        guard source != "local" else { return false }
        let provider = provider.lowercased()
        return sources.contains(source) || (!provider.isEmpty && providers.contains { $0.lowercased() == provider })
    }

    /// The served providers and sources in words, for the guide: "Corporate LDAP and the LDAP directory".
    public var servedNames: [String] {
        providers + sources.map(Self.sourceName)
    }

    /// How a source is called where no provider name is given (the same words the pages use).
    public static func sourceName(_ source: String) -> String {
        switch source {
        case "sso": "single sign-on"
        case "ldap": "the LDAP directory"
        case "usersync": "the user-sync directory"
        default: source
        }
    }

    static let keys = [
        "url", "bind_dn", "secret_file", "base_dn", "filter", "kind", "ca_file", "starttls", "insecure_for_tests",
        "timeout_seconds", "providers", "sources", "program",
    ]
    static let servableSources = ["sso", "ldap", "usersync"]

    init(_ value: YAMLValue) throws(DiagnosticsError) {
        let section = try value.mapping("reset.directory", knownKeys: Self.keys)
        var reader = FieldReader(problems: section.problems)
        func required(_ key: String) -> String? {
            guard let field = section[key] else {
                reader.problems.append(section.value.error("reset.directory needs \(key)"))
                return nil
            }
            return reader.read(field) { v throws(Diagnostic) in
                let text = try v.string("reset.directory.\(key)")
                guard !text.isEmpty else { throw v.error("reset.directory.\(key) is empty") }
                return text
            }
        }
        let url = required("url"), bindDN = required("bind_dn"), secretFile = required("secret_file"), baseDN = required("base_dn")
        let kind = reader.read(section["kind"]) { v throws(Diagnostic) in
            let text = try v.string("reset.directory.kind")
            guard let kind = Kind(rawValue: text) else { throw v.error("reset.directory.kind must be rfc3062 or activedirectory, not '\(text)'") }
            return kind
        } ?? .rfc3062
        let filter = reader.read(section["filter"]) { v throws(Diagnostic) in
            let text = try v.string("reset.directory.filter")
            guard text.hasPrefix("("), text.hasSuffix(")"), text.contains("{username}") else {
                throw v.error("reset.directory.filter must be an LDAP filter in parentheses containing {username}, e.g. (uid={username}), not '\(text)'")
            }
            return text
        } ?? (kind == .activedirectory ? "(sAMAccountName={username})" : "(uid={username})")
        self.init(url: url ?? "", bindDN: bindDN ?? "", secretFile: secretFile ?? "", baseDN: baseDN ?? "", filter: filter, kind: kind)
        caFile = reader.read(section["ca_file"]) { v throws(Diagnostic) in try v.string("reset.directory.ca_file") }
        startTLS = reader.read(section["starttls"]) { v throws(Diagnostic) in try v.bool("reset.directory.starttls") } ?? false
        insecureForTests = reader.read(section["insecure_for_tests"]) { v throws(Diagnostic) in try v.bool("reset.directory.insecure_for_tests") } ?? false
        timeoutSeconds = reader.int(section["timeout_seconds"], "reset.directory.timeout_seconds", 1...120) ?? timeoutSeconds
        let problemsBeforeAccounts = reader.problems.count
        providers = reader.read(section["providers"]) { v throws(Diagnostic) in
            let names = try v.stringList("reset.directory.providers")
            if let blank = names.first(where: { $0.allSatisfy(\.isWhitespace) }) {
                throw v.error("each entry of reset.directory.providers must be a provider's name, not '\(blank)'")
            }
            return names
        } ?? []
        sources = reader.read(section["sources"]) { v throws(Diagnostic) in
            let names = try v.stringList("reset.directory.sources")
            if let other = names.first(where: { !Self.servableSources.contains($0) }) {
                throw v.error("each entry of reset.directory.sources must be sso, ldap or usersync, not '\(other)'"
                              + (other == "local" ? " (local accounts keep their password here)" : ""))
            }
            return names
        } ?? []
        if providers.isEmpty && sources.isEmpty && reader.problems.count == problemsBeforeAccounts {
            reader.problems.append(section.value.error("reset.directory needs providers or sources: the accounts whose password it holds"))
        }
        program = reader.read(section["program"]) { v throws(Diagnostic) in
            let path = try v.string("reset.directory.program")
            guard path.hasPrefix("/") else { throw v.error("reset.directory.program must be an absolute path, not '\(path)'") }
            return path
        }
        if let field = section["url"], let url {
            if let problem = Self.urlProblem(url, startTLS: startTLS, insecureForTests: insecureForTests && kind != .activedirectory) {
                reader.problems.append(field.error(problem))
            }
        }
        if !reader.problems.isEmpty { throw DiagnosticsError(reader.problems) }
    }

    /// Why the URL is not acceptable, or nil: the bind password and the new password must never
    /// cross the network in clear text.
    static func urlProblem(_ url: String, startTLS: Bool, insecureForTests: Bool) -> String? {
        let lowered = url.lowercased()
        if lowered.hasPrefix("ldaps://") {
            return startTLS ? "reset.directory.starttls is for ldap:// URLs; an ldaps:// connection is encrypted from the start" : nil
        }
        guard lowered.hasPrefix("ldap://") else {
            return "reset.directory.url must be an ldaps:// URL (or ldap:// with starttls: true), not '\(url)'"
        }
        if startTLS || insecureForTests { return nil }
        return "reset.directory.url '\(url)' would send passwords unencrypted: use ldaps://, or set starttls: true "
            + "(insecure_for_tests: true allows it for a test server only, and never for Active Directory, which refuses unicodePwd without encryption)"
    }
}
