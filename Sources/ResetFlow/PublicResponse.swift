import GuideLinks
import Settings
import Translations

/// What the person who asked for a reset is told, on the command line or the web page. In
/// `private` mode it is the same in every case, so the answer reveals nothing about accounts.
public struct PublicResponse: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case generic
        case usernameNeeded
        case managedExternally(provider: String, contact: String)
    }

    public var kind: Kind
    public var text: String
    /// A guide page that explains more, when the answer points to one.
    public var guideURL: String?

    static func generic() -> PublicResponse {
        PublicResponse(kind: .generic, text: ResetSettings.genericAnswer(), guideURL: nil)
    }

    static func usernameNeeded(guide: String) -> PublicResponse {
        PublicResponse(kind: .usernameNeeded, text: "Several accounts use this address. Enter your username as well, "
            + "so that only that account is reset.", guideURL: GuideLinks.severalAccounts.url(base: guide))
    }

    static func managedExternally(provider: String, contact: String, guide: String) -> PublicResponse {
        PublicResponse(kind: .managedExternally(provider: provider, contact: contact),
                       text: "The password of this account is managed by \(provider), so it cannot be reset here. "
                           + "Please contact \(contact).", guideURL: GuideLinks.ssoAccounts.url(base: guide))
    }
}
