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
    /// A guide page that explains more, when the answer points to one (the endpoint links to it in
    /// the page's language).
    public var guidePage: GuideLinks?
    /// That page in the default language, for the command line.
    public var guideURL: String?

    /// The guide's one-truth answer (`reset.answer`), in the strings' language.
    static func generic(_ strings: LanguageStrings) -> PublicResponse {
        PublicResponse(kind: .generic, text: ResetSettings.genericAnswer(strings), guidePage: nil, guideURL: nil)
    }

    static func usernameNeeded(guide: String, _ strings: LanguageStrings) -> PublicResponse {
        PublicResponse(kind: .usernameNeeded, text: strings.text("endpoint.sent.several_accounts"),
                       guidePage: .severalAccounts, guideURL: GuideLinks.severalAccounts.url(base: guide))
    }

    static func managedExternally(provider: String, contact: String, guide: String, _ strings: LanguageStrings) -> PublicResponse {
        PublicResponse(kind: .managedExternally(provider: provider, contact: contact),
                       text: strings.text("endpoint.sent.managed_externally", ["provider": provider, "contact": contact]),
                       guidePage: .ssoAccounts, guideURL: GuideLinks.ssoAccounts.url(base: guide))
    }
}
