import Diagnostics
import Settings

/// One page to publish: its front matter and the Markdown body still to render. A class, so the
/// many lists of pages a build makes (and serve's cache) share one copy of each.
final class SitePage: Sendable {
    let source: String
    /// The path shown in diagnostics (`content/admin/index.md`).
    let file: String
    let frontMatter: FrontMatter
    let body: Substring
    let bodyLine: Int

    init(source: String, file: String, frontMatter: FrontMatter, body: Substring, bodyLine: Int) {
        self.source = source
        self.file = file
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLine = bodyLine
    }

    var outputPath: String { SitePath.outputPath(forPage: source) }
}

/// An old path that redirects to a page.
struct AliasRedirect: Sendable {
    var outputPath: String
    var page: String
}

/// The site as parsed: pages with their front matter, the sidebar, tags, generated pages and the
/// inventory that every link is resolved against.
struct SiteModel: Sendable {
    var pages: [SitePage]
    /// Position of each page in `pages`, by content path.
    var pageIndex: [String: Int]
    var navigation: NavigationTree
    /// The default language's tags.
    var tags: TagIndex
    /// Every language's tags, the default language's first.
    var tagIndexes: [TagIndex] = []
    var languages = SiteLanguages(defaultLanguage: "en", all: ["en"])
    /// Folders without an index.md, which get a generated listing page.
    var generatedSections: [String]
    var aliases: [AliasRedirect]
    var inventory: SiteInventory
    /// Files to copy: content assets (same path) and template assets (under `assets/`).
    var contentAssets: [String]
    /// Where each content path whose file has another name on disk really is (`ContentTree`).
    var diskPaths: [String: String] = [:]
    var templateAssets: [String]
    /// What the model was made from (set by `parse`), for serve's cache.
    var inputs: ModelInputs?

    static let stylesheet = "assets/style.css"

    /// - Parameter cache: serve's cache, whose parses are reused for texts that did not change.
    static func parse(_ sources: SiteSources, folders: SiteFolders, options: BuildOptions, cache: RenderCache? = nil,
                      log: inout DiagnosticLog) -> SiteModel {
        // Front matter is decoded for every page at once, on every core.
        let kept = cache?.parses ?? [:]
        let ignored = options.configuration.site.ignoredFrontMatterKeys
        let parsed = Array(zip(sources.tree.pages, sources.texts)).parallelMap { source, text -> (SitePage?, [Diagnostic]) in
            guard let text else { return (nil, []) }
            let file = folders.contentDisplay + "/" + sources.tree.diskPath(of: source)
            // The source too: a translation's content path changes with site.languages (`x.de.md` is `de/x.md`).
            if let hit = kept[file], hit.text == text, hit.ignoredKeys == ignored, hit.page?.source == source { return (hit.page, hit.problems) }
            let (page, problems) = parsePage(source: source, text: text, file: file, ignoring: ignored)
            cache?.storeParsed(RenderCache.Parsed(text: text, ignoredKeys: ignored, page: page, problems: problems), file: file)
            return (page, problems)
        }
        cache?.keepParsed(files: sources.tree.pages.map { folders.contentDisplay + "/" + sources.tree.diskPath(of: $0) })
        var pages: [SitePage] = []
        var drafts: Set<String> = []
        for (page, problems) in parsed {
            log.add(problems)
            guard let page else { continue }
            if page.frontMatter.draft && !options.includeDrafts {
                drafts.insert(page.source)
            } else {
                pages.append(page)
            }
        }

        // The rest depends on the pages' front matter and the files that exist, never on a body:
        // after a body edit, serve's cache hands back the previous model with the new pages.
        let inputs = ModelInputs(
            pages: pages.map { ModelInputs.Page(source: $0.source, file: $0.file, frontMatter: $0.frontMatter) },
            drafts: drafts, assets: sources.tree.assets, directories: sources.tree.directories, diskPaths: sources.tree.diskPaths,
            templateAssets: sources.templates?.assets ?? [], navigation: options.configuration.site.navigation,
            contentFolder: folders.contentDisplay, languages: SiteLanguages(options.configuration.site))
        func make(_ inputs: ModelInputs) -> (model: SiteModel, diagnostics: [Diagnostic]) {
            var problems = DiagnosticLog()
            var model = assemble(pages: pages, drafts: drafts, sources: sources, folders: folders, options: options,
                                 cache: cache, log: &problems)
            model.inputs = inputs
            return (model, problems.all)
        }
        let made = cache?.model.value(for: inputs, make: make) ?? make(inputs)
        log.add(made.diagnostics)
        return made.model.replacingPages(pages)
    }

    /// Everything the model is made of besides the page bodies, for serve's cache.
    struct ModelInputs: Equatable, Sendable {
        struct Page: Equatable, Sendable {
            var source: String
            var file: String
            var frontMatter: FrontMatter
        }
        var pages: [Page]
        var drafts: Set<String>
        var assets: [String]
        var directories: Set<String>
        /// Where files are on disk (a README that became its folder's index.md, for one).
        var diskPaths: [String: String]
        var templateAssets: [String]
        var navigation: [SiteSettings.NavigationEntry]
        var contentFolder: String
        var languages: SiteLanguages
    }

    /// The same model over pages whose sources, order and front matter are those of its own
    /// (after a body edit, the kept model is handed back with the new pages).
    func replacingPages(_ pages: [SitePage]) -> SiteModel {
        var model = self
        model.pages = pages
        return model
    }

    /// The sidebar, tags, generated pages, aliases and the inventory, from the parsed pages.
    private static func assemble(pages: [SitePage], drafts: Set<String>, sources: SiteSources, folders: SiteFolders,
                                 options: BuildOptions, cache: RenderCache?, log: inout DiagnosticLog) -> SiteModel {
        let explicitOrder = options.configuration.site.navigation
        let published = Set(pages.map(\.source))
        for entry in explicitOrder where !published.contains(entry.path) {
            log.add(.error("site.nav lists '\(entry.path)', which is not a published page under \(folders.contentDisplay)/", at: entry.location))
        }
        let languages = SiteLanguages(options.configuration.site)
        // site.nav orders each language's translations as it orders the originals.
        let order = explicitOrder.map(\.path)
        let navigationInputs = NavigationTree.Inputs(
            pages: pages.map { NavigationTree.Entry(source: $0.source, title: $0.frontMatter.title, weight: $0.frontMatter.weight) },
            explicitOrder: order + languages.others.flatMap { language in order.map { languages.path($0, in: language) } })
        func makeTree(_ inputs: NavigationTree.Inputs) -> NavigationTree { NavigationTree(pages: inputs.pages, explicitOrder: inputs.explicitOrder) }
        let navigation = cache?.navigation.value(for: navigationInputs, make: makeTree) ?? makeTree(navigationInputs)
        let allTagPages = pages.map { TagIndex.Page(source: $0.source, title: $0.frontMatter.title, tags: $0.frontMatter.tags, file: $0.file) }
        let tagPages = allTagPages.filter { languages.language(of: $0.source) == languages.defaultLanguage }
        let tags = cache?.tags.value(for: tagPages, make: TagIndex.init) ?? TagIndex(pages: tagPages)
        var tagIndexes = [tags]
        for language in languages.others {
            tagIndexes.append(TagIndex(pages: allTagPages.filter { languages.language(of: $0.source) == language }, prefix: languages.prefix(language)))
        }
        for index in tagIndexes { log.add(index.diagnostics) }
        let generatedSections = navigation.sections.values.filter { $0.page == nil }.compactMap(\.directory).sorted()
        let templateAssets = sources.templates?.assets ?? []

        // Every output path has one origin; a clash would make one file overwrite another.
        var origins: [String: String] = [:]
        func claim(_ output: String, by origin: String, at location: SourceLocation?) {
            if let existing = origins[output] {
                log.add(.error("'\(output)' would be written twice: by \(existing) and by \(origin)",
                               at: location ?? SourceLocation(file: folders.contentDisplay)))
            } else {
                origins[output] = origin
            }
        }
        for page in pages { claim(page.outputPath, by: page.file, at: SourceLocation(file: page.file, line: 1, column: 1)) }
        for asset in sources.tree.assets {
            let file = folders.contentDisplay + "/" + sources.tree.diskPath(of: asset)
            claim(asset, by: file, at: SourceLocation(file: file))
        }
        var generated: Set<String> = ["404.html", "sitemap.xml", StagedOutput.marker]
        for language in languages.all { generated.insert(languages.prefix(language) + SearchIndex.outputPath) }
        for index in tagIndexes where !index.tags.isEmpty || index.prefix.isEmpty {
            generated.insert(index.indexOutputPath)
            generated.formUnion(index.tags.map(\.outputPath))
        }
        generated.formUnion(generatedSections.map(SitePath.sectionOutputPath))
        generated.formUnion(templateAssets.map { "assets/" + $0 })
        for output in generated.sorted() { claim(output, by: "the generated '\(output)'", at: nil) }

        var aliases: [AliasRedirect] = []
        for page in pages {
            for alias in page.frontMatter.aliases {
                guard let output = aliasOutputPath(alias.path) else {
                    log.add(.error("alias '\(alias.path)' is not a path inside the site", at: alias.location))
                    continue
                }
                claim(output, by: "an alias of \(page.file)", at: alias.location)
                aliases.append(AliasRedirect(outputPath: output, page: page.source))
                generated.insert(output)
            }
        }

        let inventory = SiteInventory(
            pages: published, draftPages: drafts, assets: Set(sources.tree.assets),
            directories: sources.tree.directories, generatedOutputs: generated, readmeIndexes: sources.tree.readmeIndexes)
        let pageIndex = Dictionary(pages.enumerated().map { ($1.source, $0) }, uniquingKeysWith: { first, _ in first })
        return SiteModel(pages: pages, pageIndex: pageIndex, navigation: navigation, tags: tags, tagIndexes: tagIndexes,
                         languages: languages, generatedSections: generatedSections,
                         aliases: aliases, inventory: inventory, contentAssets: sources.tree.assets, diskPaths: sources.tree.diskPaths,
                         templateAssets: templateAssets)
    }

    /// One page's front matter and body. A page with bad front matter is kept (titled by its file
    /// name) so its links are still checked; the build fails on the errors anyway.
    static func parsePage(source: String, text: String, file: String, ignoring ignored: [String] = []) -> (SitePage?, [Diagnostic]) {
        do {
            let split = try PageText.split(text, file: file)
            do {
                let frontMatter = try FrontMatter(yaml: split.frontMatter, file: file, firstLine: split.frontMatterLine, ignoring: ignored)
                return (SitePage(source: source, file: file, frontMatter: frontMatter, body: split.body, bodyLine: split.bodyLine), [])
            } catch {
                return (SitePage(source: source, file: file, frontMatter: FrontMatter(title: SitePath.fileName(of: source)),
                                 body: split.body, bodyLine: split.bodyLine), error.diagnostics)
            }
        } catch {
            return (SitePage(source: source, file: file, frontMatter: FrontMatter(title: SitePath.fileName(of: source)),
                             body: Substring(text), bodyLine: 1), [error])
        }
    }

    /// `old/reset/` → `old/reset/index.html`, `old-reset.html` stays, `old/reset` → `old/reset/index.html`;
    /// in NFC, as every published name.
    static func aliasOutputPath(_ alias: String) -> String? {
        guard !alias.contains("?"), !alias.contains("#"), !alias.contains("\\"),
              let path = SitePath.resolve(PublishedNames.nfc(alias), in: ""), !path.isEmpty else { return nil }
        if alias.hasSuffix("/") || !SitePath.fileName(of: path).contains(".") { return path + "/index.html" }
        return path
    }
}
