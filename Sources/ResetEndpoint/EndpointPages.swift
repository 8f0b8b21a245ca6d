import Foundation
import GuideLinks
import Mustache
import Settings

/// The endpoint's pages, rendered with the help site's layout and stylesheet (`Templates/layout`,
/// `Templates/endpoint/*.mustache`) and linking into the published guide, so the reset pages look
/// and read like the help pages around them.
struct EndpointPages {
    let library: MustacheLibrary
    let configuration: Configuration

    static let pages = ["forgot", "sent", "invalid-link", "new-password", "changed", "error"]
    /// Admin > People's pages (`Templates/admin/`), loaded only for its requests.
    static let adminPages = ["people", "person", "sent", "handover", "refused", "signed-in"]
    let hasAdminPages: Bool

    /// Loads only what the endpoint renders: the layout, the sidebar partial and its own pages.
    static func load(_ configuration: Configuration, admin: Bool = false) throws -> EndpointPages {
        let folder = configuration.resolve(configuration.site.templatesDirectory)
        var library = MustacheLibrary()
        let names = ["layout", "partials/sidebar", "partials/sidebar-item"] + pages.map({ "endpoint/" + $0 })
            + (admin ? adminPages.map({ "admin/" + $0 }) : [])
        for name in names {
            let path = folder + "/" + name + ".mustache"
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw EndpointError.templates("cannot read \(path)")
            }
            do { library.register(try MustacheTemplate(string: text), named: name) } catch {
                throw EndpointError.templates("\(path): \(error)")
            }
        }
        return EndpointPages(library: library, configuration: configuration, hasAdminPages: admin)
    }

    var guide: String { configuration.site.baseURL }
    var endpoint: String { configuration.reset.endpointURL }

    /// The values the layout needs; links are absolute, into the guide.
    func layout(title: String) -> [String: Any] {
        let links: [(String, GuideLinks)] = [
            ("Password help", .home),
            ("Reset your password", .resetPassword),
            ("Accounts managed by SSO or a directory", .ssoAccounts),
            ("Forgotten username", .forgottenUsername),
            ("The reset link does not work", .linkProblems),
        ]
        return [
            "siteTitle": configuration.site.title,
            "language": configuration.site.language,
            "title": title,
            "root": guide,
            "homeURL": GuideLinks.home.url(base: guide),
            "stylesheet": guide + "assets/style.css",
            "noindex": true,
            "hasBreadcrumbs": false,
            "breadcrumbs": [Any](),
            "sidebarHTML": sidebar(links.map { ($0.0, $0.1.url(base: guide), false) }),
            "formURL": endpoint + "/forgot",
            "linkHelpURL": GuideLinks.linkProblems.url(base: guide),
        ]
    }

    /// The sidebar's flat list of links, through the guide's own partial.
    func sidebar(_ links: [(title: String, url: String, current: Bool)]) -> String {
        library.render(["items": links.map { ["title": $0.title, "url": $0.url, "current": $0.current, "open": false,
                                             "hasChildren": false, "children": [Any](), "more": false] }],
                       withTemplate: "partials/sidebar") ?? ""
    }

    /// An Admin > People page: the sidebar leads to the admin pages and the administrators' guide,
    /// the breadcrumbs are `trail`, and the page says who is signed in.
    func renderAdmin(_ page: String, title: String, user: String, trail: [(String, String)], _ values: [String: Any]) throws -> String {
        let links: [(String, String, Bool)] = [
            ("People", endpoint + "/admin/people", page == "people"),
            ("Guide for administrators", GuideLinks.adminReset.url(base: guide), false),
            ("Password help", GuideLinks.home.url(base: guide), false),
        ]
        var context = layout(title: title)
        context["sidebarHTML"] = sidebar(links)
        context["hasBreadcrumbs"] = true
        context["breadcrumbs"] = trail.map { ["title": $0.0, "url": $0.1] }
        context["adminUser"] = user
        // The people table has nine columns: the admin pages take the window's width.
        context["wideContent"] = true
        context = context.merging(values) { _, new in new }
        guard let html = library.render(context, withTemplate: "admin/" + page) else {
            throw EndpointError.templates("no template admin/\(page)")
        }
        return html
    }

    func render(_ page: String, title: String, _ values: [String: Any] = [:]) throws -> String {
        let context = layout(title: title).merging(values) { _, new in new }
        guard let html = library.render(context, withTemplate: "endpoint/" + page) else {
            throw EndpointError.templates("no template endpoint/\(page)")
        }
        return html
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
