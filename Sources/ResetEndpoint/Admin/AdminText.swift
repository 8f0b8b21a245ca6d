import AccountStore
import ResetFlow

/// How Admin > People words what the store holds, for people who never read the audit log raw.
enum AdminText {
    static func title(_ account: Account) -> String {
        account.displayName.isEmpty ? account.username : account.displayName
    }

    static func source(_ account: Account) -> String {
        switch account.source {
        case .local: "Local"
        case .sso: "SSO"
        case .ldap: "LDAP directory"
        case .usersync: "User sync"
        }
    }

    /// `admin:alice` → `alice (administrator)`.
    static func actor(_ actor: String) -> String {
        if actor.hasPrefix("admin:") { return String(actor.dropFirst(6)) + " (administrator)" }
        switch actor {
        case "self-service": return "The user (self-service)"
        case "cli": return "Command line"
        case "import": return "Account import"
        case "auth:pipe", "auth:checkpassword", "auth:pam": return "Login system (\(actor.dropFirst(5)))"
        default: return actor
        }
    }

    static func event(_ event: AuditEvent) -> String {
        switch event {
        case .request: "Asked for a reset"
        case .linkSent: "Reset link emailed"
        case .usernameNeededSent: "“Give your username” email sent"
        case .managedExternallySent: "“Managed elsewhere” email sent"
        case .refused: "Refused"
        case .throttled: "Email held back (hourly limit)"
        case .verifyFailed: "Reset link refused"
        case .pageRefused: "Page refused"
        case .passwordChanged: "Password changed"
        case .changeDeclined: "New password declined"
        case .changeFailed: "Password change failed, nothing changed"
        case .hookFailed: "After-change hook failed"
        case .noticeSent: "“Password changed” email sent"
        case .mailFailed: "Email could not be sent"
        case .adminReset: "Reset started by an administrator"
        case .adminLookup: "Usernames looked up"
        case .accountAdded: "Account added"
        case .accountUpdated: "Account updated"
        case .authAccepted: "Signed in (resetlink auth)"
        case .authRefused: "Sign-in refused (resetlink auth)"
        case .authThrottled: "Sign-in refused unchecked (too many failures)"
        case .unknown: "Other"
        }
    }

    static func refusal(_ error: ResetFlowError) -> String {
        switch error {
        case .managedExternally(_, let provider, let contact):
            "This account is managed by \(provider): its password cannot be set, changed or reset here. Ask the person to contact \(contact)."
        case .disabled:
            "This account is disabled, so its password cannot be reset. It has to be enabled first, where accounts are imported from."
        default:
            "\(error)"
        }
    }
}
