import Foundation
import Settings
import Synchronization

/// Builds the values the Mustache templates see. Every URL in them is relative to the page being
/// rendered (`root` leads back to the site root), so the site works from any folder or from disk;
/// only the 404 page, served at arbitrary paths, uses the base URL's path instead.
struct TemplateContexts: Sendable {
    let site: SiteSettings
    let baseURL: String
    let model: SiteModel
    /// Renders the sidebar (`partials/sidebar`); nil in tests that only build contexts.
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

    /// The values every page shares: site, head, sidebar, breadcrumbs.
    func layout(title: String, description: String?, outputPath: String, position: Position,
                root: String? = nil, crumbs: [NavigationTree.Item] = []) -> [String: Any] {
        let root = root ?? SitePath.rootPrefix(from: outputPath)
        var context: [String: Any] = [
            "siteTitle": site.title,
            "language": site.language,
            "title": title,
            "root": root,
            "homeURL": root + "index.html",
            "stylesheet": root + SiteModel.stylesheet,
            "canonical": baseURL + SitePath.percentEncodePath(outputPath),
            "sidebarHTML": sidebarHTML(position: position, root: root),
            "breadcrumbs": crumbs.map { ["title": $0.title, "url": SitePath.url(root: root, to: $0.outputPath)] },
            "hasBreadcrumbs": !crumbs.isEmpty,
            "searchIndex": root + SearchIndex.outputPath,
            "searchScript": root + "assets/search.js",
        ]
        if !model.tags.tags.isEmpty { context["tagsURL"] = root + TagIndex.indexOutputPath }
        if let description, !description.isEmpty { context["description"] = description }
        return context
    }

    /// The sidebar through `partials/sidebar`, rendered once per distinct result: it depends on the
    /// root prefix, the open folder and the current page only when that page is listed.
    func sidebarHTML(position: Position, root: String) -> String {
        guard let templates else { return "" }
        let current = position.page.map { isListed($0, in: model.navigation.items, position: position) ? $0 : "" } ?? "\u{1}"
        let key = root + "\u{0}" + position.folder + "\u{0}" + current
        return sidebars.value(for: key) {
            templates.render("partials/sidebar", ["items": sidebar(model.navigation.items, position: position, root: root)])
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

    func sidebar(_ items: [NavigationTree.Item], position: Position, root: String) -> [[String: Any]] {
        items.map { item in
            let url = SitePath.url(root: root, to: item.outputPath)
            // Every key is set on every entry: Mustache looks a missing name up in the enclosing
            // entry, which in this recursive list would repeat the parent's children forever.
            var entry: [String: Any] = [
                "title": item.title,
                "url": url,
                "current": item.page.map { $0 == position.page } ?? (item.directory == position.folder && position.page == nil),
                "open": false, "hasChildren": false, "children": [Any](), "more": false,
            ]
            if let folder = item.directory, !folder.isEmpty,
               position.folder == folder || position.folder.hasPrefix(folder + "/") {
                entry["open"] = true
                if item.children.count <= Self.sidebarLimit {
                    entry["children"] = sidebar(item.children, position: position, root: root)
                    entry["hasChildren"] = !item.children.isEmpty
                } else {
                    entry["more"] = ["count": item.children.count, "url": url]
                }
            }
            return entry
        }
    }

    func page(_ page: SitePage, body: RenderedBody) -> [String: Any] {
        let output = page.outputPath
        let root = SitePath.rootPrefix(from: output)
        let matter = page.frontMatter
        var context = layout(title: matter.title, description: matter.description, outputPath: output,
                             position: Position(page: page.source, folder: SitePath.directory(of: page.source)),
                             crumbs: model.navigation.breadcrumbs(for: page.source))
        context["content"] = body.html
        let toc = tableOfContents(body.headings)
        context["toc"] = toc
        context["hasTOC"] = !toc.isEmpty
        if let created = matter.created { context["created"] = ["iso": created.iso, "text": created.longEnglish] }
        if let modified = matter.modified { context["modified"] = ["iso": modified.iso, "text": modified.longEnglish] }
        if let author = matter.author { context["author"] = author }
        let tags = matter.tags.compactMap { model.tags.tag(named: $0) }
        context["tags"] = tags.map { ["name": $0.name, "url": SitePath.url(root: root, to: $0.outputPath)] }
        context["hasTags"] = !tags.isEmpty
        let (previous, next) = model.navigation.neighbours(of: page.source)
        if let previous { context["previous"] = link(to: previous, root: root) }
        if let next { context["next"] = link(to: next, root: root) }
        context["hasPager"] = previous != nil || next != nil
        let folder = SitePath.directory(of: page.source)
        if SitePath.fileName(of: page.source) == "index.md", !folder.isEmpty, let section = model.navigation.sections[folder] {
            context["children"] = listing(section.children, root: root)
            context["hasChildren"] = !section.children.isEmpty
        }
        return context
    }

    /// The listing page of a folder that has no index.md.
    func section(_ folder: String) -> (outputPath: String, context: [String: Any]) {
        let item = model.navigation.sections[folder]
        let output = SitePath.sectionOutputPath(folder)
        var context = layout(title: item?.title ?? NavigationTree.humanize(folder), description: nil, outputPath: output,
                             position: Position(page: nil, folder: folder),
                             crumbs: folder.isEmpty ? [] : model.navigation.breadcrumbs(for: folder + "/index.md"))
        context["children"] = listing(item?.children ?? [], root: SitePath.rootPrefix(from: output))
        context["hasChildren"] = !(item?.children.isEmpty ?? true)
        return (output, context)
    }

    func tag(_ tag: TagIndex.Tag) -> [String: Any] {
        let root = SitePath.rootPrefix(from: tag.outputPath)
        var context = layout(title: "Pages tagged “\(tag.name)”", description: nil, outputPath: tag.outputPath,
                             position: Position(page: nil, folder: "tags"))
        context["tag"] = tag.name
        context["tagsURL"] = root + "tags/index.html"
        context["pages"] = tag.pages.map { pageLink(to: $0, root: root) }
        return context
    }

    func tagsIndex() -> [String: Any] {
        let output = TagIndex.indexOutputPath
        let root = SitePath.rootPrefix(from: output)
        var context = layout(title: "Tags", description: nil, outputPath: output, position: Position(page: nil, folder: "tags"))
        context["tags"] = model.tags.tags.map {
            ["name": $0.name, "url": SitePath.url(root: root, to: $0.outputPath), "count": $0.pages.count, "single": $0.pages.count == 1]
        }
        return context
    }

    /// Served for any missing path, so its links start from the base URL's path.
    func notFound() -> [String: Any] {
        var context = layout(title: "Page not found", description: nil, outputPath: "404.html",
                             position: Position(page: nil, folder: "-"), root: Self.path(of: baseURL))
        context["noindex"] = true
        context.removeValue(forKey: "canonical")
        return context
    }

    func alias(_ alias: AliasRedirect) -> [String: Any] {
        let target = SitePath.outputPath(forPage: alias.page)
        return [
            "language": site.language,
            "title": model.navigation.titles[alias.page] ?? "",
            "url": SitePath.relativeURL(from: alias.outputPath, to: target),
            "canonical": baseURL + SitePath.percentEncodePath(target),
        ]
    }

    // MARK: Pieces

    func tableOfContents(_ headings: [Heading]) -> [[String: Any]] {
        var entries: [[String: Any]] = []
        var children: [[String: Any]] = []
        func flush() {
            guard !children.isEmpty else { return }
            if entries.isEmpty {
                entries = children
            } else {
                entries[entries.count - 1]["children"] = children
                entries[entries.count - 1]["hasChildren"] = true
            }
            children = []
        }
        for heading in headings where heading.level == 2 || heading.level == 3 {
            let entry: [String: Any] = ["id": heading.id, "href": "#" + SitePath.percentEncode(heading.id),
                                        "text": heading.text, "children": [Any](), "hasChildren": false]
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

    func listing(_ items: [NavigationTree.Item], root: String) -> [[String: Any]] {
        items.map { item in
            var entry: [String: Any] = ["title": item.title, "url": SitePath.url(root: root, to: item.outputPath)]
            if let page = item.page, let description = model.description(of: page) { entry["description"] = description }
            return entry
        }
    }

    func link(to page: String, root: String) -> [String: Any] {
        ["title": model.navigation.titles[page] ?? page, "url": SitePath.url(root: root, to: SitePath.outputPath(forPage: page))]
    }

    func pageLink(to page: String, root: String) -> [String: Any] {
        var entry = link(to: page, root: root)
        if let description = model.description(of: page) { entry["description"] = description }
        return entry
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
