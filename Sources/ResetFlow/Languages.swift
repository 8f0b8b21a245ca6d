import AccountStore
import GuideLinks
import Settings

extension Configuration {
    /// The languages resetlink answers in (`site.languages`; the default, `site.language`, among them).
    public var endpointLanguages: [String] { site.languages }

    /// Whether the endpoint's URLs and forms carry `lang`: only when there is a choice, so a
    /// one-language site's links and pages stay exactly as they were.
    public var carriesLanguage: Bool { endpointLanguages.count > 1 }

    /// `language` when it is configured (the stored one may predate a change of `site.languages`),
    /// else the default.
    public func servedLanguage(_ language: String?) -> String {
        guard let language, !language.isEmpty, endpointLanguages.contains(language) else { return site.language }
        return language
    }

    /// What mail to an account is written in when the person did not just ask in a language: the
    /// password-changed notice after a completion from the command line, an administrator's reset.
    public func mailLanguage(for account: Account) -> String { servedLanguage(account.language) }

    /// A guide page in `language`: a translation's under `<language>/`, the default's at the root.
    public func guideURL(_ page: GuideLinks, language: String) -> String {
        page.url(base: site.baseURL, language: language == site.language ? nil : language)
    }

    /// `url` with `lang=<language>` added to its query when the site has several languages.
    public func url(_ url: String, inLanguage language: String) -> String {
        guard carriesLanguage else { return url }
        return url + (url.contains("?") ? "&" : "?") + "lang=" + language
    }
}
