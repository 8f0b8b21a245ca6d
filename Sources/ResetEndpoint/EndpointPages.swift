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

    /// Loads only what the endpoint renders: the layout, the sidebar partial and its own pages.
    static func load(_ configuration: Configuration) throws -> EndpointPages {
        let folder = configuration.resolve(configuration.site.templatesDirectory)
        var library = MustacheLibrary()
        for name in ["layout", "partials/sidebar", "partials/sidebar-item"] + pages.map({ "endpoint/" + $0 }) {
            let path = folder + "/" + name + ".mustache"
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw EndpointError.templates("cannot read \(path)")
            }
            do { library.register(try MustacheTemplate(string: text), named: name) } catch {
                throw EndpointError.templates("\(path): \(error)")
            }
        }
        return EndpointPages(library: library, configuration: configuration)
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
            "sidebarHTML": library.render(["items": links.map { ["title": $0.0, "url": $0.1.url(base: guide), "current": false, "open": false,
                                                                "hasChildren": false, "children": [Any](), "more": false] }],
                                          withTemplate: "partials/sidebar") ?? "",
            "formURL": endpoint + "/forgot",
            "linkHelpURL": GuideLinks.linkProblems.url(base: guide),
        ]
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
