/// What checking a token found. Only `valid` may lead to a password change; the other cases are
/// for logs and exit codes. A person is only ever shown one generic message, whichever it is.
public enum TokenOutcome: Equatable, Sendable {
    case valid(accountID: UInt64, expiresAt: UInt64, nonce: [UInt8])
    /// Too long, wrong alphabet, not canonical base64url, wrong length, unknown purpose code.
    case malformed
    case unsupportedVersion
    case unknownKey
    case keyRetired
    /// The MAC does not match: tampered with, truncated, or signed with another secret.
    case badSignature
    /// Authentic, but made for another purpose (e.g. email verification).
    case wrongPurpose
    case expired
    /// Issued further in the future than the allowed clock skew.
    case notYetValid
    /// The account's password hash, email, source or status changed since the token was issued:
    /// it was used, or superseded.
    case accountStateChanged
    /// No such account, or not an active local account.
    case accountNotEligible

    /// The label used in logs, JSON output and docs/token-format.md.
    public var label: String {
        switch self {
        case .valid: "valid"
        case .malformed: "malformed"
        case .unsupportedVersion: "unsupported-version"
        case .unknownKey: "unknown-key"
        case .keyRetired: "key-retired"
        case .badSignature: "bad-signature"
        case .wrongPurpose: "wrong-purpose"
        case .expired: "expired"
        case .notYetValid: "not-yet-valid"
        case .accountStateChanged: "account-state-changed"
        case .accountNotEligible: "account-not-eligible"
        }
    }

    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// Every label, in verification order.
    public static let labels = [
        "valid", "malformed", "unsupported-version", "unknown-key", "key-retired", "bad-signature",
        "wrong-purpose", "expired", "not-yet-valid", "account-not-eligible", "account-state-changed",
    ]
}

/// The result of a check: the outcome, and the token's fields once its MAC has been verified (so
/// logs can name an authentic token by its nonce even when it was refused, e.g. as expired).
public struct TokenCheck: Equatable, Sendable {
    public var outcome: TokenOutcome
    public var authenticatedFields: TokenFields?
}

public enum TokenError: Error, Equatable, Sendable, CustomStringConvertible {
    case noActiveKey
    case unknownSigningKey(UInt32)
    case invalidLifetime

    public var description: String {
        switch self {
        case .noActiveKey: "the keyring has no active key to sign with (run `resetlink keys rotate`)"
        case .unknownSigningKey(let id): "key \(TokenKey.hex(BigEndian.bytes(id))) is not an active key of the keyring"
        case .invalidLifetime: "a token's lifetime must be at least one second"
        }
    }
}
