import AccountStore
import ResetFlow
import Translations

/// How Admin > People words what the store holds, for people who never read the audit log raw,
/// in the administrator's language (`admin.*` strings).
enum AdminText {
    static func title(_ account: Account) -> String {
        account.displayName.isEmpty ? account.username : account.displayName
    }

    static func source(_ account: Account, _ t: LanguageStrings) -> String {
        t.text("admin.source." + account.source.rawValue)
    }

    /// `admin:alice` → `alice (administrator)`.
    static func actor(_ actor: String, _ t: LanguageStrings) -> String {
        if actor.hasPrefix("admin:") { return t.text("admin.actor.admin", ["name": String(actor.dropFirst(6))]) }
        switch actor {
        case "self-service": return t.text("admin.actor.self_service")
        case "cli": return t.text("admin.actor.cli")
        case "import": return t.text("admin.actor.import")
        case "auth:pipe", "auth:checkpassword", "auth:pam": return t.text("admin.actor.auth", ["method": String(actor.dropFirst(5))])
        default: return actor
        }
    }

    /// The event's words: `admin.event.<raw value with _ for ->`; an event without words (a newer
    /// one) is "Other".
    static func event(_ event: AuditEvent, _ t: LanguageStrings) -> String {
        let key = "admin.event." + event.rawValue.replacing("-", with: "_")
        return t.has(key) ? t.text(key) : t.text("admin.event.unknown")
    }

    static func refusal(_ error: ResetFlowError, _ t: LanguageStrings) -> String {
        switch error {
        case .managedExternally(_, let provider, let contact):
            t.text("admin.person.managed", ["provider": provider, "contact": contact])
        case .disabled:
            t.text("admin.person.disabled")
        default:
            "\(error)"
        }
    }
}
