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
    /// translation's code (nil: the default language): its pages are under `<language>/`. The
    /// anchor is the same in every language: a translation keeps the ids resetlink links to
    /// (`## Passwortregeln {#password-rules}`), which helpsite checks.
    public func url(base: String, language: String? = nil) -> String {
        let folder = language.map { $0 + "/" } ?? ""
        return base + folder + String(page.dropLast(3)) + ".html" + (fragment.map { "#" + $0 } ?? "")
    }
}
