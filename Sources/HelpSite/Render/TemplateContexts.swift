import Foundation
import Settings
import SiteTemplates
import Synchronization
import Translations

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
    /// The page's language is its output path's (`de/…` is German); the 404 page is in the default language.
    func layout(title: String, description: String?, outputPath: String, position: Position,
                root: String? = nil, indexed: Bool = true, crumbs: [NavigationTree.Item] = []) -> Layout {
        let root = root ?? SitePath.rootPrefix(from: outputPath)
        let languages = model.languages
        let language = indexed ? languages.language(of: outputPath) : languages.defaultLanguage
        let prefix = languages.prefix(language)
        let tags = tagIndex(language)
        return Layout(
            siteTitle: site.title, language: language, title: title, description: description,
            noindex: !indexed, canonical: indexed ? baseURL + SitePath.percentEncodePath(outputPath) : nil,
            stylesheet: root + SiteModel.stylesheet, homeURL: root + prefix + "index.html", root: root,
            searchIndex: root + prefix + SearchIndex.outputPath, searchScript: root + "assets/search.js",
            sidebarHTML: sidebarHTML(position: position, root: root, language: language),
            breadcrumbs: crumbs.map { Link(title: self.title(of: $0), url: SitePath.url(root: root, to: $0.outputPath)) },
            tagsURL: tags?.tags.isEmpty == false ? root + (tags?.indexOutputPath ?? "") : nil,
            alternates: indexed ? alternates(of: outputPath) : [],
            languageLinks: languageLinks(from: outputPath, language: language, root: root))
    }

    /// The strings of `language` (the built-in English ones in tests that build values without templates).
    func strings(_ language: String) -> LanguageStrings {
        templates?.translations?[language] ?? Translations.builtInEnglish
    }

    func tagIndex(_ language: String) -> TagIndex? {
        let prefix = model.languages.prefix(language)
        return prefix.isEmpty ? model.tags : model.tagIndexes.first { $0.prefix == prefix }
    }

    /// A navigation entry's title; a language's home without a page of its own is called by its strings.
    func title(of item: NavigationTree.Item) -> String {
        guard item.page == nil, let folder = item.directory, model.languages.others.contains(folder) else { return item.title }
        return strings(folder).text("guide.home")
    }

    /// `<link rel="alternate" hreflang>`: every language version (this one included) and
    /// `x-default`, the default language's; nothing on a site in one language.
    func alternates(of output: String) -> [Alternate] {
        guard model.languages.isMultilingual else { return [] }
        let versions = model.versions(of: output)
        guard versions.count > 1 else { return [] }
        var result = versions.map { Alternate(hreflang: $0.language, url: baseURL + SitePath.percentEncodePath($0.output)) }
        if let original = versions.first(where: { $0.language == model.languages.defaultLanguage }) {
            result.append(Alternate(hreflang: "x-default", url: baseURL + SitePath.percentEncodePath(original.output)))
        }
        return result
    }

    /// The language switcher: each language leads to this page in it, or to its home.
    func languageLinks(from output: String, language: String, root: String) -> [LanguageLink] {
        let languages = model.languages
        guard languages.isMultilingual else { return [] }
        let versions = Dictionary(model.versions(of: output).map { ($0.language, $0.output) }) { first, _ in first }
        return languages.all.map { code in
            let target = versions[code] ?? languages.prefix(code) + "index.html"
            return LanguageLink(code: code, name: strings(code).name, url: SitePath.url(root: root, to: target),
                                current: code == language, translated: versions[code] != nil)
        }
    }

    /// The sidebar through `partials/sidebar`, rendered once per distinct result: it depends on the
    /// root prefix, the open folder and the current page only when that page is listed.
    func sidebarHTML(position: Position, root: String, language: String? = nil) -> String {
        guard let templates else { return "" }
        let language = language ?? model.languages.defaultLanguage
        let items = model.navigationItems(in: language)
        let current = position.page.map { isListed($0, in: items, position: position) ? $0 : "" } ?? "\u{1}"
        let key = language + "\u{0}" + root + "\u{0}" + position.folder + "\u{0}" + current
        return sidebars.value(for: key) {
            templates.render("partials/sidebar", Sidebar(items: sidebar(items, position: position, root: root)), language: language)
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
            var entry = SidebarEntry(title: title(of: item), url: url,
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
        let language = model.languages.language(of: page.source)
        let strings = strings(language)
        let tags = tagIndex(language)
        var values = PageValues(
            layout: layout(title: matter.title, description: matter.description, outputPath: output,
                           position: Position(page: page.source, folder: folder),
                           crumbs: model.breadcrumbs(for: page.source)),
            content: body.html, toc: tableOfContents(body.headings),
            created: matter.created.map { PageDate(iso: $0.iso, text: strings.date(year: $0.year, month: $0.month, day: $0.day)) },
            modified: matter.modified.map { PageDate(iso: $0.iso, text: strings.date(year: $0.year, month: $0.month, day: $0.day)) },
            author: matter.author,
            tags: matter.tags.compactMap { tags?.tag(named: $0) }.map {
                TagLink(name: $0.name, url: SitePath.url(root: root, to: $0.outputPath))
            })
        let (previous, next) = model.neighbours(of: page.source)
        values.previous = previous.map { link(to: $0, root: root) }
        values.next = next.map { link(to: $0, root: root) }
        if SitePath.fileName(of: page.source) == "index.md", !folder.isEmpty, let section = model.navigation.sections[folder] {
            values.children = listing(section.children, root: root)
        }
        return values
    }

    /// The listing page of a folder that has no index.md.
    func section(_ folder: String) -> (outputPath: String, values: SectionValues) {
        let item = model.navigation.sections[folder]
        let output = SitePath.sectionOutputPath(folder)
        let title = item.map(self.title(of:)) ?? NavigationTree.humanize(folder)
        let layout = layout(title: title, description: nil, outputPath: output,
                            position: Position(page: nil, folder: folder),
                            crumbs: folder.isEmpty ? [] : model.breadcrumbs(for: folder + "/index.md"))
        return (output, SectionValues(layout: layout, children: listing(model.listedChildren(of: folder), root: layout.root)))
    }

    func tag(_ tag: TagIndex.Tag) -> TagValues {
        let language = model.languages.language(of: tag.outputPath)
        let layout = layout(title: strings(language).text("guide.tag_title", ["tag": tag.name]), description: nil, outputPath: tag.outputPath,
                            position: Position(page: nil, folder: tag.prefix + "tags"))
        return TagValues(layout: layout, tag: tag.name, pages: tag.pages.map { pageLink(to: $0, root: layout.root) })
    }

    func tagsIndex(_ index: TagIndex) -> TagsValues {
        let language = model.languages.language(of: index.indexOutputPath)
        let layout = layout(title: strings(language).text("guide.tags_title"), description: nil, outputPath: index.indexOutputPath,
                            position: Position(page: nil, folder: index.prefix + "tags"))
        return TagsValues(layout: layout, tags: index.tags.map {
            TagsValues.Entry(name: $0.name, url: SitePath.url(root: layout.root, to: $0.outputPath), count: $0.pages.count)
        })
    }

    /// Served for any missing path, so its links start from the base URL's path.
    func notFound() -> NotFoundValues {
        NotFoundValues(layout: layout(title: strings(model.languages.defaultLanguage).text("guide.not_found_title"), description: nil,
                                      outputPath: "404.html", position: Position(page: nil, folder: "-"), root: Self.path(of: baseURL),
                                      indexed: false))
    }

    func alias(_ alias: AliasRedirect) -> AliasValues {
        let target = SitePath.outputPath(forPage: alias.page)
        return AliasValues(language: model.languages.language(of: alias.page), title: model.navigation.titles[alias.page] ?? "",
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
