import ResetTokens

/// An account as the store holds it.
public struct Account: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var email: String
    public var displayName: String
    public var source: AccountSource
    /// The identity provider or directory for non-local accounts, e.g. "Okta" or "Azure AD".
    public var provider: String
    public var status: AccountStatus
    /// The stored scrypt string; empty for an account that has never had a password here.
    public var passwordHash: String
    public var createdAt: UnixTime
    public var updatedAt: UnixTime
    public var passwordChangedAt: UnixTime?
    /// The language (a `site.languages` code) the person last asked for a link or completed a
    /// reset in; empty when unknown (then mails are in the default language).
    public var language: String = ""

    /// What a reset token's signature covers.
    public var state: AccountState {
        AccountState(passwordHash: passwordHash, email: email, source: source, status: status, passwordChangedAt: passwordChangedAt)
    }

    public var isLocal: Bool { source == .local }
}

/// The fields of an account that an import or `accounts add` sets.
public struct AccountDetails: Sendable, Equatable {
    public var username: String
    public var email: String
    public var displayName: String
    public var source: AccountSource
    public var provider: String
    public var status: AccountStatus

    public init(username: String, email: String, displayName: String = "", source: AccountSource = .local,
                provider: String = "", status: AccountStatus = .active) {
        self.username = username
        self.email = email
        self.displayName = displayName
        self.source = source
        self.provider = provider
        self.status = status
    }

    /// Problems with the values, each one sentence; empty when they are acceptable.
    public var problems: [String] {
        var problems: [String] = []
        if username.isEmpty { problems.append("username is empty") }
        if username.count > 64 { problems.append("username is longer than 64 characters") }
        if username.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            problems.append("username '\(username)' contains spaces or control characters")
        }
        if let reason = Self.emailProblem(email) { problems.append(reason) }
        if displayName.count > 200 { problems.append("name is longer than 200 characters") }
        if displayName.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problems.append("name contains control characters")
        }
        if provider.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problems.append("provider contains control characters")
        }
        return problems
    }

    /// A deliberately modest check: one `@`, something on both sides, no spaces or control
    /// characters, at most 254 characters. Whether an address works is for the mail system to say.
    static func emailProblem(_ email: String) -> String? {
        if email.isEmpty { return "email is empty" }
        if email.utf8.count > 254 { return "email is longer than 254 characters" }
        if email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "email '\(email)' contains spaces or control characters"
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return "email '\(email)' is not an address like name@example.com"
        }
        return nil
    }
}
