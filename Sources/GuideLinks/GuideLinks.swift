/// The guide pages (and anchors) that `resetlink`'s pages and emails link to. Both tools use this
/// list: resetlink to build its links, helpsite to check that every one exists in the guide — so a
/// page that is renamed or an anchor that disappears fails `helpsite check`.
public enum GuideLinks: String, CaseIterable, Sendable {
    case home = "index.md"
    case resetPassword = "reset-password.md"
    case passwordRules = "reset-password.md#password-rules"
    case severalAccounts = "several-accounts.md"
    case ssoAccounts = "sso-and-directory-accounts.md"
    case forgottenUsername = "forgotten-username.md"
    case linkProblems = "link-problems.md"
    case linkCookie = "link-problems.md#the-page-asks-you-to-open-your-reset-link-first"
    case adminReset = "admin/reset-a-users-password.md"

    /// The content path of the page.
    public var page: String { String(rawValue.prefix { $0 != "#" }) }

    /// The heading id the link needs, if any.
    public var fragment: String? {
        guard let hash = rawValue.firstIndex(of: "#") else { return nil }
        return String(rawValue[rawValue.index(after: hash)...])
    }

    /// The published URL under the guide's base URL (which ends in `/`). `language` is a
    /// translation's code (nil: the default language): its pages are under `<language>/`.
    public func url(base: String, language: String? = nil) -> String {
        let folder = language.map { $0 + "/" } ?? ""
        return base + folder + String(page.dropLast(3)) + ".html" + (fragment(in: language).map { "#" + $0 } ?? "")
    }

    /// The heading id in a translation: headings are translated, so their ids differ (German
    /// "Passwortregeln" is `#passwortregeln`). A link with no id known for the language leads to
    /// the top of the translated page rather than to an anchor that may not exist.
    public func fragment(in language: String?) -> String? {
        guard let language, fragment != nil else { return fragment }
        return Self.translatedFragments[language]?[self]
    }

    /// The ids of the headings the links above need, per translation; helpsite checks them too.
    public static let translatedFragments: [String: [GuideLinks: String]] = [
        "de": [
            .passwordRules: "passwortregeln",
            .linkCookie: "die-seite-fordert-sie-auf-zuerst-ihren-link-aufzurufen",
        ],
    ]
}
