import Foundation

/// A print view: one HTML file holding several pages of the guide in reading order, each in an
/// `<article>`, so that a browser prints them as one document. Its pages are rendered again for
/// print (`PageRenderer.render(…, print:)`, for the whole guide's view, then `PrintBody.fitted`):
/// links between them become in-page fragments and their ids are made unique across pages; links
/// to pages outside it lead to the published site.
struct PrintScope: Sendable, Equatable {
    /// The view's file (`print.html`, `admin/print.html`).
    var outputPath: String
    /// Its pages (content paths), in reading order.
    var pages: [String]
    /// The same, for look-ups.
    var members: Set<String>
    /// The title at its top: the site's for the whole guide, the folder's for a section.
    var title: String
    /// The folder it prints ("" for the whole guide).
    var folder: String
    /// The whole guide's view of the same language, whose page bodies this view's are made from (`PrintBody`).
    var guidePath: String

    init(outputPath: String, pages: [String], title: String, folder: String, guidePath: String? = nil) {
        self.outputPath = outputPath
        self.pages = pages
        self.members = Set(pages)
        self.title = title
        self.folder = folder
        self.guidePath = guidePath ?? outputPath
    }

    /// `print.html` for the whole guide, `admin/print.html` for the folder `admin`.
    static func outputPath(forFolder folder: String) -> String {
        folder.isEmpty ? fileName : folder + "/" + fileName
    }

    static let fileName = "print.html"

    /// For each language: its whole guide (every page of that language in the sidebar's order),
    /// then one view per folder that holds pages, each with the pages under it in the same order.
    /// A language's views go under its output folder (`print.html`, `de/print.html`,
    /// `de/admin/print.html`); its whole guide's `folder` is that folder ("" or `de`).
    static func views(_ navigation: NavigationTree, languages: SiteLanguages, siteTitle: String) -> [PrintScope] {
        languages.all.flatMap { language -> [PrintScope] in
            let root = languages.root(of: language)
            let order = navigation.order.filter { languages.language(of: $0) == language }
            guard !order.isEmpty else { return [] }
            var views = [PrintScope(outputPath: outputPath(forFolder: root), pages: order, title: siteTitle, folder: root)]
            for folder in navigation.sections.keys.sorted()
            where folder != root && languages.language(of: folder + "/") == language && !navigation.chainFolders.contains(folder)
                && (root.isEmpty || folder.hasPrefix(root + "/")) {
                let pages = order.filter { $0.hasPrefix(folder + "/") }
                guard !pages.isEmpty else { continue }
                let title = navigation.sections[folder]?.title ?? NavigationTree.humanize(folder)
                views.append(PrintScope(outputPath: outputPath(forFolder: folder), pages: pages, title: title, folder: folder,
                                        guidePath: views[0].outputPath))
            }
            return views
        }
    }
}

/// The ids pages get inside a print view. A page's id is its content path without `.md`, after a
/// `/` (`/admin/index`); a heading's is the page's, `:`, and the heading's own id
/// (`/admin/index:who-can-reset`). Template ids never start with `/`, and a page's part has any
/// `:` escaped, so no two ids of a view can be equal.
enum PrintAnchor {
    static func id(page: String) -> String {
        let name = page.hasSuffix(".md") ? String(page.dropLast(3)) : page
        return "/" + name.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ":", with: "%3A")
    }

    static func id(page: String, fragment: String?) -> String {
        guard let fragment, !fragment.isEmpty else { return id(page: page) }
        return id(page: page) + ":" + fragment
    }

    /// The page and heading an in-page `href` (`#/admin/index:tasks`) leads to; nil for other fragments.
    static func parse(_ href: String) -> (page: String, fragment: String?)? {
        guard href.hasPrefix("#/"), let decoded = SitePath.percentDecode(String(href.dropFirst())) else { return nil }
        let name = decoded.prefix { $0 != ":" }
        let fragment = name.endIndex == decoded.endIndex ? nil : String(decoded[decoded.index(after: name.endIndex)...])
        let page = String(name.dropFirst()).replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%25", with: "%")
        return (page + ".md", fragment)
    }

    /// The `href` that leads to it inside the view.
    static func href(page: String, fragment: String?) -> String {
        "#" + SitePath.percentEncodePath(id(page: page, fragment: fragment))
    }
}
