import TemplateEngine

/// What `Templates/layout.mustache` shows around every page of both tools: the guide's pages and
/// the reset endpoint's. Both build it with this one initialiser, so the layout cannot be given
/// different values by different callers.
public struct Layout: TemplateValues {
    public var siteTitle: String
    public var language: String
    public var title: String
    public var description: String?
    /// Asks search engines not to index the page (the 404 page, the endpoint's pages).
    public var noindex: Bool
    public var canonical: String?
    public var stylesheet: String
    public var homeURL: String
    /// The prefix that leads back to the site's root: relative on guide pages, absolute elsewhere.
    public var root: String
    /// The search box's index and script; absent where there is no search (the endpoint's pages).
    public var searchIndex: String?
    public var searchScript: String?
    public var sidebarHTML: String
    public var breadcrumbs: [Link]
    public var tagsURL: String?
    /// The content takes the window's width (Admin > People's nine-column table).
    public var wideContent: Bool
    /// The page in each language that has it, for `<link rel="alternate" hreflang>`: empty on a
    /// site in one language.
    public var alternates: [Alternate]
    /// The language switcher: every language, each leading to this page in it (or to its home).
    public var languageLinks: [LanguageLink]

    public init(siteTitle: String, language: String, title: String, description: String? = nil, noindex: Bool = false,
                canonical: String? = nil, stylesheet: String, homeURL: String, root: String,
                searchIndex: String? = nil, searchScript: String? = nil, sidebarHTML: String,
                breadcrumbs: [Link] = [], tagsURL: String? = nil, wideContent: Bool = false,
                alternates: [Alternate] = [], languageLinks: [LanguageLink] = []) {
        self.siteTitle = siteTitle
        self.language = language
        self.title = title
        self.description = description.flatMap { $0.isEmpty ? nil : $0 }
        self.noindex = noindex
        self.canonical = canonical
        self.stylesheet = stylesheet
        self.homeURL = homeURL
        self.root = root
        self.searchIndex = searchIndex
        self.searchScript = searchScript
        self.sidebarHTML = sidebarHTML
        self.breadcrumbs = breadcrumbs
        self.tagsURL = tagsURL
        self.wideContent = wideContent
        self.alternates = alternates
        self.languageLinks = languageLinks
    }

    public static let templateSummary = "What the layout shows around every page; every page type has these values too."

    public static let templateFields: [TemplateField<Layout>] = [
        .text("siteTitle", "The site's title (`site.title`).") { $0.siteTitle },
        .text("language", "The language code of `<html lang>`: the page's language (`site.language` for the default language's pages).") { $0.language },
        .text("title", "The page's title.") { $0.title },
        .optionalText("description", "The page's description, when it has one.") { $0.description },
        .flag("noindex", "Whether search engines are asked not to index the page.") { $0.noindex },
        .optionalText("canonical", "The page's absolute URL, when it has one.") { $0.canonical },
        .text("stylesheet", "The stylesheet's URL.") { $0.stylesheet },
        .text("homeURL", "The guide's home page.") { $0.homeURL },
        .text("root", "The prefix that leads to the site's root from this page.") { $0.root },
        .optionalText("searchIndex", "The search index's URL; absent where there is no search box.") { $0.searchIndex },
        .optionalText("searchScript", "The search script's URL; absent where there is no search box.") { $0.searchScript },
        .html("sidebarHTML", "The sidebar, already rendered through `partials/sidebar`.") { $0.sidebarHTML },
        .flag("hasBreadcrumbs", "Whether there are breadcrumbs.") { !$0.breadcrumbs.isEmpty },
        .list("breadcrumbs", "The pages above this one, from the top.") { $0.breadcrumbs },
        .optionalText("tagsURL", "The tag index's URL, when the site has tags.") { $0.tagsURL },
        .flag("wideContent", "Whether the content takes the window's width.") { $0.wideContent },
        .list("alternates", "The page in each language that has it (absolute URLs, for `hreflang`); empty on a site in one language.") { $0.alternates },
        .flag("hasLanguages", "Whether the site is in more than one language (show the language switcher).") { $0.languageLinks.count > 1 },
        .list("languageLinks", "The language switcher's entries, in `site.languages` order.") { $0.languageLinks },
    ]
}

/// One language version of a page, for `<link rel="alternate" hreflang="…" href="…">`.
public struct Alternate: TemplateValues, Equatable {
    /// A language code, or `x-default` for the version shown to readers of any other language.
    public var hreflang: String
    public var url: String

    public init(hreflang: String, url: String) {
        self.hreflang = hreflang
        self.url = url
    }

    public static let templateSummary = "A language version of the page."

    public static let templateFields: [TemplateField<Alternate>] = [
        .text("hreflang", "The language code (`de`), or `x-default`.") { $0.hreflang },
        .text("url", "The version's absolute URL.") { $0.url },
    ]
}

/// An entry of the language switcher.
public struct LanguageLink: TemplateValues, Equatable {
    public var code: String
    /// The language's name in itself (`Deutsch`).
    public var name: String
    /// The page in that language, or that language's home when the page has no translation.
    public var url: String
    /// Whether it is the page's own language.
    public var current: Bool
    /// Whether `url` is this page's translation (false: the language's home).
    public var translated: Bool

    public init(code: String, name: String, url: String, current: Bool, translated: Bool) {
        self.code = code
        self.name = name
        self.url = url
        self.current = current
        self.translated = translated
    }

    public static let templateSummary = "A language in the language switcher."

    public static let templateFields: [TemplateField<LanguageLink>] = [
        .text("code", "The language code (`de`).") { $0.code },
        .text("name", "The language's name in itself (`Deutsch`).") { $0.name },
        .text("url", "This page in that language, or that language's home when there is no translation.") { $0.url },
        .flag("current", "Whether it is the page's own language.") { $0.current },
        .flag("translated", "Whether the link leads to this page's translation (not the language's home).") { $0.translated },
    ]
}

/// A link with its text: breadcrumbs, previous and next, tags.
public struct Link: TemplateValues, Equatable {
    public var title: String
    public var url: String

    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }

    public static let templateSummary = "A link."

    public static let templateFields: [TemplateField<Link>] = [
        .text("title", "The link's text.") { $0.title },
        .text("url", "Where it leads.") { $0.url },
    ]
}
