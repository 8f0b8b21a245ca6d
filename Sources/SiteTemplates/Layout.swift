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

    public init(siteTitle: String, language: String, title: String, description: String? = nil, noindex: Bool = false,
                canonical: String? = nil, stylesheet: String, homeURL: String, root: String,
                searchIndex: String? = nil, searchScript: String? = nil, sidebarHTML: String,
                breadcrumbs: [Link] = [], tagsURL: String? = nil, wideContent: Bool = false) {
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
    }

    public static let templateSummary = "What the layout shows around every page; every page type has these values too."

    public static let templateFields: [TemplateField<Layout>] = [
        .text("siteTitle", "The site's title (`site.title`).") { $0.siteTitle },
        .text("language", "The language code of `<html lang>` (`site.language`).") { $0.language },
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
