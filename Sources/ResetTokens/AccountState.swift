/// Where an account comes from. Only local accounts have a password here.
public enum AccountSource: String, Sendable, CaseIterable, Codable {
    case local, sso, ldap, usersync
}

public enum AccountStatus: String, Sendable, CaseIterable, Codable {
    case active, disabled
}

/// The parts of an account a token's signature covers, read from the account store when a token
/// is issued and again when it is checked. Any change between the two invalidates the token.
public struct AccountState: Sendable, Equatable {
    /// The stored password hash string (changes, with a new salt, on every reset).
    public var passwordHash: String
    /// The stored email address, byte for byte.
    public var email: String
    public var source: AccountSource
    public var status: AccountStatus
    /// When a reset here last changed the password. Covered for accounts that are not local only:
    /// their password lives in a directory, so no hash here changes when a reset completes, and
    /// this is what makes their links single-use. (A local account's hash already changes, and
    /// leaving it out keeps every local token and docs/token-format.md's vectors as they were.)
    public var passwordChangedAt: UnixTime?

    public init(passwordHash: String, email: String, source: AccountSource, status: AccountStatus, passwordChangedAt: UnixTime? = nil) {
        self.passwordHash = passwordHash
        self.email = email
        self.source = source
        self.status = status
        self.passwordChangedAt = passwordChangedAt
    }

    /// The time the state tag covers: nil for a local account, or one never changed here.
    var coveredChangeTime: UnixTime? { source == .local ? nil : passwordChangedAt }

    /// The default rule for whether a reset applies: only to active local accounts. A service that
    /// writes passwords into a directory widens it (`checkToken`'s `eligible`).
    public var isEligibleForReset: Bool { source == .local && status == .active }
}

/// What a token is for. Each purpose has its own derived keys, so a token made for one purpose
/// never verifies for another.
public enum TokenPurpose: UInt8, Sendable, CaseIterable {
    case passwordReset = 1
    case emailVerification = 2

    public var label: String {
        switch self {
        case .passwordReset: "password-reset"
        case .emailVerification: "email-verification"
        }
    }

    public init?(label: String) {
        guard let purpose = Self.allCases.first(where: { $0.label == label }) else { return nil }
        self = purpose
    }
}
