import GuideLinks
import ResetFlow
import ResetTemplates
import Settings
import SiteTemplates
import TemplateEngine
import Translations

/// The endpoint's pages, rendered with the help site's layout and stylesheet (`Templates/layout`,
/// `Templates/endpoint/*.mustache`, built in unless `site.templates` overrides them) and linking
/// into the published guide, so the reset pages look and read like the help pages around them.
struct EndpointPages {
    let library: TemplateLibrary
    let configuration: Configuration
    /// Admin > People's pages (`Templates/admin/`) are loaded and checked only for its requests.
    let hasAdminPages: Bool
    /// The request's language's strings: the templates' `{{t.*}}`, the sentences built here.
    let strings: LanguageStrings
    /// The request's language: `<html lang>`, the guide pages linked.
    var language: String { strings.language }

    /// Loads and checks only what the endpoint renders: the layout, the sidebar and its own pages,
    /// with the strings of the request's language alone.
    static func load(_ configuration: Configuration, admin: Bool = false, strings: LanguageStrings) throws(TemplateLoadError) -> EndpointPages {
        let library = try ResetTemplateLoader.load(admin ? [.pages, .admin] : [.pages], overrides: configuration.templateOverrides,
                                                   strings: strings.templateStrings)
        return EndpointPages(library: library, configuration: configuration, hasAdminPages: admin, strings: strings)
    }

    var guide: String { configuration.site.baseURL }
    var endpoint: String { configuration.reset.endpointURL }

    /// A guide page in this language (`de/…`; the default language's at the root).
    func guide(_ page: GuideLinks) -> String { configuration.guideURL(page, language: language) }

    /// The layout of every endpoint and admin page, the one place its values are assembled: not
    /// indexed, links absolute into the guide, no search box.
    func layout(title: String, sidebar: [SidebarEntry], breadcrumbs: [Link] = [], wide: Bool = false) -> Layout {
        Layout(siteTitle: configuration.site.title, language: language, title: title, noindex: true,
               stylesheet: guide + "assets/style.css", homeURL: guide(.home), root: guide,
               sidebarHTML: library.render("partials/sidebar", Sidebar(items: sidebar)) ?? "", breadcrumbs: breadcrumbs, wideContent: wide)
    }

    /// A page of the reset flow: the sidebar lists the guide's pages about resetting.
    func layout(title: String) -> Layout {
        let links: [(String, GuideLinks)] = [
            ("help", .home), ("reset", .resetPassword), ("sso", .ssoAccounts), ("username", .forgottenUsername),
            ("link_problems", .linkProblems),
        ]
        return layout(title: title, sidebar: links.map { SidebarEntry(title: strings.text("endpoint.sidebar." + $0.0), url: guide($0.1)) })
    }

    /// An Admin > People page: the sidebar leads to the admin pages and the administrators' guide,
    /// the breadcrumbs are `trail`, the page says who is signed in, and it takes the window's width
    /// (the people table has nine columns).
    func adminFrame(_ page: String, title: String, user: String, trail: [Link]) -> AdminFrame {
        let sidebar = [
            SidebarEntry(title: strings.text("admin.people"), url: endpoint + "/admin/people", current: page == AdminPeoplePage.templateName),
            SidebarEntry(title: strings.text("admin.guide"), url: guide(.adminReset)),
            SidebarEntry(title: strings.text("endpoint.sidebar.help"), url: guide(.home)),
        ]
        return AdminFrame(layout: layout(title: title, sidebar: sidebar, breadcrumbs: trail, wide: true), adminUser: user)
    }

    /// The links every page of the flow offers: the forgot form (in this language) and the
    /// guide's page on links.
    var formURL: String { configuration.url(endpoint + "/forgot", inLanguage: language) }
    var linkHelpURL: String { guide(.linkProblems) }

    func render<Page: ResetlinkPage>(_ page: Page) throws(EndpointError) -> String {
        guard let template = library[Page.templateName] else { throw .templates("no template \(Page.templateName)") }
        return template.render(page, partials: library)
    }
}

enum EndpointError: Error, CustomStringConvertible {
    case templates(String)
    case noSigningKey

    var description: String {
        switch self {
        case .templates(let reason): "templates: \(reason)"
        case .noSigningKey: "the keyring has no active key to sign the forgot form with (resetlink keys new)"
        }
    }
}
