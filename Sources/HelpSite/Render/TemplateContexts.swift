import Foundation
import Settings
import SiteTemplates
import Synchronization

/// Builds the typed values the templates receive (Sources/SiteTemplates). Every URL in them is
/// relative to the page being rendered (`root` leads back to the site root), so the site works from
/// any folder or from disk; only the 404 page, served at arbitrary paths, uses the base URL's path.
struct TemplateContexts: Sendable {
    let site: SiteSettings
    let baseURL: String
    let model: SiteModel
    /// Renders the sidebar (`partials/sidebar`); nil in tests that only build values.
    var templates: TemplateSet?
    /// Sidebars rendered so far: all pages of a folder share one unless the current page is listed.
    let sidebars = FragmentCache()
    /// Folders with more entries than this show a link to their listing page instead.
    static let sidebarLimit = 30

    /// Where the current page sits, for marking the sidebar.
    struct Position {
        var page: String?
        var folder: String
    }

    /// The layout's values for every page the guide renders: the one place they are assembled.
    /// - Parameter root: the prefix back to the site's root; by default the relative one from `outputPath`.
    /// - Parameter indexed: false for the 404 page: no canonical URL, and search engines asked not to index it.
    func layout(title: String, description: String?, outputPath: String, position: Position,
                root: String? = nil, indexed: Bool = true, crumbs: [NavigationTree.Item] = []) -> Layout {
        let root = root ?? SitePath.rootPrefix(from: outputPath)
        return Layout(
            siteTitle: site.title, language: site.language, title: title, description: description,
            noindex: !indexed, canonical: indexed ? baseURL + SitePath.percentEncodePath(outputPath) : nil,
            stylesheet: root + SiteModel.stylesheet, homeURL: root + "index.html", root: root,
            searchIndex: root + SearchIndex.outputPath, searchScript: root + "assets/search.js",
            sidebarHTML: sidebarHTML(position: position, root: root),
            breadcrumbs: crumbs.map { Link(title: $0.title, url: SitePath.url(root: root, to: $0.outputPath)) },
            tagsURL: model.tags.tags.isEmpty ? nil : root + TagIndex.indexOutputPath)
    }

    /// The sidebar through `partials/sidebar`, rendered once per distinct result: it depends on the
    /// root prefix, the open folder and the current page only when that page is listed.
    func sidebarHTML(position: Position, root: String) -> String {
        guard let templates else { return "" }
        let current = position.page.map { isListed($0, in: model.navigation.items, position: position) ? $0 : "" } ?? "\u{1}"
        let key = root + "\u{0}" + position.folder + "\u{0}" + current
        return sidebars.value(for: key) {
            templates.render("partials/sidebar", Sidebar(items: sidebar(model.navigation.items, position: position, root: root)))
        }
    }

    /// Whether the sidebar shows `page` itself (not just its folder).
    func isListed(_ page: String, in items: [NavigationTree.Item], position: Position) -> Bool {
        for item in items {
            if item.page == page { return true }
            if let folder = item.directory, !folder.isEmpty, position.folder == folder || position.folder.hasPrefix(folder + "/"),
               item.children.count <= Self.sidebarLimit, isListed(page, in: item.children, position: position) {
                return true
            }
        }
        return false
    }

    func sidebar(_ items: [NavigationTree.Item], position: Position, root: String) -> [SidebarEntry] {
        items.map { item in
            let url = SitePath.url(root: root, to: item.outputPath)
            var entry = SidebarEntry(title: item.title, url: url,
                                     current: item.page.map { $0 == position.page } ?? (item.directory == position.folder && position.page == nil))
            if let folder = item.directory, !folder.isEmpty,
               position.folder == folder || position.folder.hasPrefix(folder + "/") {
                entry.open = true
                if item.children.count <= Self.sidebarLimit {
                    entry.children = sidebar(item.children, position: position, root: root)
                } else {
                    entry.more = SidebarEntry.More(count: item.children.count, url: url)
                }
            }
            return entry
        }
    }

    func page(_ page: SitePage, body: RenderedBody) -> PageValues {
        let output = page.outputPath
        let root = SitePath.rootPrefix(from: output)
        let matter = page.frontMatter
        let folder = SitePath.directory(of: page.source)
        var values = PageValues(
            layout: layout(title: matter.title, description: matter.description, outputPath: output,
                           position: Position(page: page.source, folder: folder),
                           crumbs: model.navigation.breadcrumbs(for: page.source)),
            content: body.html, toc: tableOfContents(body.headings),
            created: matter.created.map { PageDate(iso: $0.iso, text: $0.longEnglish) },
            modified: matter.modified.map { PageDate(iso: $0.iso, text: $0.longEnglish) },
            author: matter.author,
            tags: matter.tags.compactMap { model.tags.tag(named: $0) }.map {
                TagLink(name: $0.name, url: SitePath.url(root: root, to: $0.outputPath))
            })
        let (previous, next) = model.navigation.neighbours(of: page.source)
        values.previous = previous.map { link(to: $0, root: root) }
        values.next = next.map { link(to: $0, root: root) }
        if SitePath.fileName(of: page.source) == "index.md", !folder.isEmpty, let section = model.navigation.sections[folder] {
            values.children = listing(section.children, root: root)
        }
        values.printGuideURL = model.printViewPaths[""].map { SitePath.relativeURL(from: output, to: $0) }
        values.printSectionURL = folder.isEmpty ? nil : model.printViewPaths[folder].map { SitePath.relativeURL(from: output, to: $0) }
        return values
    }

    /// A print view, from its pages' bodies rendered for it (`PageRenderer.render(…, print:)`), in its order.
    func print(_ view: PrintScope, pages: [SitePage], bodies: [String]) -> PrintValues {
        let layout = layout(title: view.title, description: nil, outputPath: view.outputPath,
                            position: Position(page: nil, folder: view.folder), indexed: false)
        let base = view.folder.isEmpty ? 0 : view.folder.split(separator: "/").count
        let entries = zip(pages, bodies).map { page, body in
            let source = page.source, matter = page.frontMatter
            // A folder's index page stands at its folder's level, above the folder's pages.
            let isIndex = SitePath.fileName(of: source) == "index.md"
            let depth = SitePath.directory(of: source).split(separator: "/").count - (isIndex ? 1 : 0) - base
            return PrintPage(id: PrintAnchor.id(page: source), href: PrintAnchor.href(page: source, fragment: nil),
                             title: matter.title, description: matter.description, content: body, depth: max(0, depth))
        }
        let whole = view.folder.isEmpty ? nil : model.printViewPaths[""].map { SitePath.relativeURL(from: view.outputPath, to: $0) }
        return PrintValues(layout: layout, pages: entries, wholeGuideURL: whole)
    }

    /// The listing page of a folder that has no index.md.
    func section(_ folder: String) -> (outputPath: String, values: SectionValues) {
        let item = model.navigation.sections[folder]
        let output = SitePath.sectionOutputPath(folder)
        let layout = layout(title: item?.title ?? NavigationTree.humanize(folder), description: nil, outputPath: output,
                            position: Position(page: nil, folder: folder),
                            crumbs: folder.isEmpty ? [] : model.navigation.breadcrumbs(for: folder + "/index.md"))
        return (output, SectionValues(layout: layout, children: listing(item?.children ?? [], root: layout.root)))
    }

    func tag(_ tag: TagIndex.Tag) -> TagValues {
        let layout = layout(title: "Pages tagged “\(tag.name)”", description: nil, outputPath: tag.outputPath,
                            position: Position(page: nil, folder: "tags"))
        return TagValues(layout: layout, tag: tag.name, pages: tag.pages.map { pageLink(to: $0, root: layout.root) })
    }

    func tagsIndex() -> TagsValues {
        let layout = layout(title: "Tags", description: nil, outputPath: TagIndex.indexOutputPath, position: Position(page: nil, folder: "tags"))
        return TagsValues(layout: layout, tags: model.tags.tags.map {
            TagsValues.Entry(name: $0.name, url: SitePath.url(root: layout.root, to: $0.outputPath), count: $0.pages.count)
        })
    }

    /// Served for any missing path, so its links start from the base URL's path.
    func notFound() -> NotFoundValues {
        NotFoundValues(layout: layout(title: "Page not found", description: nil, outputPath: "404.html",
                                      position: Position(page: nil, folder: "-"), root: Self.path(of: baseURL), indexed: false))
    }

    func alias(_ alias: AliasRedirect) -> AliasValues {
        let target = SitePath.outputPath(forPage: alias.page)
        return AliasValues(language: site.language, title: model.navigation.titles[alias.page] ?? "",
                           url: SitePath.relativeURL(from: alias.outputPath, to: target),
                           canonical: baseURL + SitePath.percentEncodePath(target))
    }

    // MARK: Pieces

    /// Level-2 headings, each holding the level-3 headings after it; level-3 headings before the
    /// first level-2 heading stand at the top level.
    func tableOfContents(_ headings: [Heading]) -> [TOCEntry] {
        var entries: [TOCEntry] = []
        var children: [TOCEntry] = []
        func flush() {
            guard !children.isEmpty else { return }
            if entries.isEmpty {
                entries = children
            } else {
                entries[entries.count - 1].children = children
            }
            children = []
        }
        for heading in headings where heading.level == 2 || heading.level == 3 {
            let entry = TOCEntry(id: heading.id, href: "#" + SitePath.percentEncode(heading.id), text: heading.text)
            if heading.level == 2 {
                flush()
                entries.append(entry)
            } else {
                children.append(entry)
            }
        }
        flush()
        return entries
    }

    func listing(_ items: [NavigationTree.Item], root: String) -> [ListingEntry] {
        items.map { item in
            ListingEntry(title: item.title, url: SitePath.url(root: root, to: item.outputPath),
                         description: item.page.flatMap { model.description(of: $0) })
        }
    }

    func link(to page: String, root: String) -> Link {
        Link(title: model.navigation.titles[page] ?? page, url: SitePath.url(root: root, to: SitePath.outputPath(forPage: page)))
    }

    func pageLink(to page: String, root: String) -> ListingEntry {
        let link = link(to: page, root: root)
        return ListingEntry(title: link.title, url: link.url, description: model.description(of: page))
    }

    /// `https://host/help/` → `/help/`.
    static func path(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let afterHost = url[schemeEnd.upperBound...].drop { $0 != "/" }
        return afterHost.isEmpty ? "/" : String(afterHost)
    }
}

/// Memoised fragments, shared by the threads that render pages.
final class FragmentCache: Sendable {
    private let storage = Mutex<[String: String]>([:])

    func value(for key: String, make: () -> String) -> String {
        if let hit = storage.withLock({ $0[key] }) { return hit }
        let made = make()
        storage.withLock { $0[key] = made }
        return made
    }
}

extension SiteModel {
    func description(of page: String) -> String? {
        pageIndex[page].flatMap { pages[$0].frontMatter.description }
    }
}
