import GuideLinks
import Settings

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
    /// A guide page that explains more, when the answer points to one (the endpoint links to it in
    /// the page's language).
    public var guidePage: GuideLinks?
    /// That page in the default language, for the command line.
    public var guideURL: String?

    static func generic() -> PublicResponse {
        PublicResponse(kind: .generic, text: ResetSettings.genericAnswer, guidePage: nil, guideURL: nil)
    }

    static func usernameNeeded(guide: String) -> PublicResponse {
        PublicResponse(kind: .usernameNeeded, text: "Several accounts use this address. Enter your username as well, "
            + "so that only that account is reset.", guidePage: .severalAccounts, guideURL: GuideLinks.severalAccounts.url(base: guide))
    }

    static func managedExternally(provider: String, contact: String, guide: String) -> PublicResponse {
        PublicResponse(kind: .managedExternally(provider: provider, contact: contact),
                       text: "The password of this account is managed by \(provider), so it cannot be reset here. "
                           + "Please contact \(contact).", guidePage: .ssoAccounts, guideURL: GuideLinks.ssoAccounts.url(base: guide))
    }
}
