import AccountStore
import Mail
import SiteTemplates

/// An email the flow decided to send, with what to record once it is (or is not) delivered. It is
/// rendered only when sent: the CGI endpoint finishes its response first, so neither rendering nor
/// delivery shows in how long the answer took.
public struct OutgoingMail {
    /// The kind of email and its values (`MailResetLink`, …), rendered by that kind's templates.
    var content: any ResetlinkMail
    public var recipient: MailAddress
    /// Recorded when delivery succeeds.
    public var event: AuditEvent
    public var accountIDs: [Int64]
    public var detail: String
    public var actor: String
    /// Throttle slots taken for this email, given back if it cannot be sent.
    var reservations: [Int64]
    /// The language it is written in (a configured one).
    public var language: String
}

/// An email that could not be delivered (already logged).
public struct MailFailure: Error, Sendable, CustomStringConvertible {
    public var recipient: String
    public var reason: String

    public var description: String { "could not send mail to \(recipient): \(reason)" }
}

public enum ResetFlowError: Error, CustomStringConvertible {
    case templates([Diagnostics.Diagnostic])
    case configuration(String)
    case unknownUsername(String)
    /// An administrator asked to reset an account whose password lives elsewhere.
    case managedExternally(username: String, provider: String, contact: String)
    case disabled(username: String)

    public var description: String {
        switch self {
        case .templates(let problems): problems.map(\.formatted).joined(separator: "\n")
        case .configuration(let reason): reason
        case .unknownUsername(let name): "no account has the username '\(name)'"
        case .managedExternally(let name, let provider, let contact):
            "the account '\(name)' is managed by \(provider): its password cannot be set, changed or reset here; the user should contact \(contact)"
        case .disabled(let name): "the account '\(name)' is disabled"
        }
    }
}

import Diagnostics
