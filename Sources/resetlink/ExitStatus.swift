import ArgumentParser
import ResetTokens

/// Every exit status `resetlink` uses, with what it means (the help screens list them from here).
/// Scripts rely on these numbers: never change one.
enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// An error: configuration, keyring, database, mail.
    case failure = 1
    // 10–19: a refused token, one status per outcome (`valid` is `success`).
    case malformed = 10
    case unsupportedVersion = 11
    case unknownKey = 12
    case keyRetired = 13
    case badSignature = 14
    case wrongPurpose = 15
    case expired = 16
    case notYetValid = 17
    case accountNotEligible = 18
    case accountStateChanged = 19
    /// A new password breaks the rules.
    case weakPassword = 20
    /// `accounts check-password`: the password does not match.
    case passwordMismatch = 21
    /// `admin reset` of an SSO, directory or disabled account.
    case adminResetNotAllowed = 22
    /// `complete`: a before_change hook or the directory declined the new password (the link still works).
    case declined = 23
    /// A usage error (EX_USAGE): ArgumentParser's `ExitCode.validationFailure`.
    case usage = 64

    /// The status for a token's outcome: 0 for valid, else 10–19.
    init(_ outcome: TokenOutcome) {
        switch outcome {
        case .valid: self = .success
        case .malformed: self = .malformed
        case .unsupportedVersion: self = .unsupportedVersion
        case .unknownKey: self = .unknownKey
        case .keyRetired: self = .keyRetired
        case .badSignature: self = .badSignature
        case .wrongPurpose: self = .wrongPurpose
        case .expired: self = .expired
        case .notYetValid: self = .notYetValid
        case .accountNotEligible: self = .accountNotEligible
        case .accountStateChanged: self = .accountStateChanged
        }
    }

    /// The refused outcome a status in 10–19 stands for.
    var refusedOutcome: TokenOutcome? {
        switch self {
        case .malformed: .malformed
        case .unsupportedVersion: .unsupportedVersion
        case .unknownKey: .unknownKey
        case .keyRetired: .keyRetired
        case .badSignature: .badSignature
        case .wrongPurpose: .wrongPurpose
        case .expired: .expired
        case .notYetValid: .notYetValid
        case .accountNotEligible: .accountNotEligible
        case .accountStateChanged: .accountStateChanged
        case .success, .failure, .weakPassword, .passwordMismatch, .adminResetNotAllowed, .declined, .usage: nil
        }
    }

    /// "10 malformed, 11 unsupported-version, …, 19 account-state-changed", for help screens.
    static var tokenRefusalList: String {
        allCases.compactMap { status in status.refusedOutcome.map { "\(status.rawValue) \($0.label)" } }.joined(separator: ", ")
    }

    var code: ExitCode { ExitCode(rawValue) }
}
