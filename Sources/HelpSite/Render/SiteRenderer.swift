import Diagnostics
import Foundation
import Synchronization

/// What rendering the pages found out, for the check step.
struct RenderOutcome: Sendable {
    /// Heading ids of every page, by content path.
    var ids: [String: Set<String>] = [:]
    var fragmentReferences: [FragmentReference] = []
    var diagnostics: [Diagnostic] = []
    var fileCount = 0
    /// Pages taken from the render cache instead of rendered again.
    var reusedPages = 0
}

/// Renders every page and generated page through the templates, into the staging folder when
/// there is one. Pages are independent (links were resolved against the inventory), so they are
/// rendered in parallel.
struct SiteRenderer: Sendable {
    let model: SiteModel
    let templates: TemplateSet
    let contexts: TemplateContexts
    let pageRenderer: PageRenderer
    let output: (any SiteOutput)?
    let contentFolder: String
    /// Pages from earlier builds (serve), or nil.
    var cache: RenderCache?
    /// How many pages were reused from the cache.
    let reused = Counter()

    func render() async -> RenderOutcome {
        var outcome = RenderOutcome()
        let generated: [(path: String, html: String)]
        if let kept = cache?.generatedPages {
            generated = kept
        } else {
            generated = generatedPages()
            cache?.storeGenerated(generated)
        }
        let outputs = model.pages.map(\.outputPath) + generated.map(\.path) + [SearchIndex.outputPath]
            + model.contentAssets + model.templateAssets.map { "assets/" + $0 }
        do {
            try output?.createDirectories(for: outputs)
        } catch {
            outcome.diagnostics.append(error)
            return outcome
        }
        var searchEntries: [String: String] = [:]
        for result in await renderPages() {
            outcome.ids[result.source] = result.ids
            searchEntries[result.source] = result.searchEntries
            outcome.fragmentReferences += result.fragmentReferences
            outcome.diagnostics += result.diagnostics
        }
        for page in generated { write(page.path, page.html, into: &outcome) }
        let pageEntries = model.pages.map { searchEntries[$0.source] ?? "" }
        let search = cache?.searchIndex.value(for: pageEntries, make: SearchIndex.script) ?? SearchIndex.script(pageEntries: pageEntries)
        write(SearchIndex.outputPath, search, into: &outcome)
        for asset in model.contentAssets { copy(contentFolder + "/" + asset, to: asset, into: &outcome) }
        for asset in model.templateAssets { copy(templates.directory + "/assets/" + asset, to: "assets/" + asset, into: &outcome) }
        outcome.fileCount = outputs.count
        outcome.reusedPages = reused.count
        return outcome
    }

    private struct PageResult: Sendable {
        var source: String
        var ids: Set<String>
        var searchEntries: String
        var fragmentReferences: [FragmentReference]
        var diagnostics: [Diagnostic]
    }

    private func renderPages() async -> [PageResult] {
        let pages = model.pages
        let kept = cache?.entries ?? [:]
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return await withTaskGroup(of: [PageResult].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    stride(from: worker, to: pages.count, by: workers).map { renderPage(pages[$0], kept: kept) }
                }
            }
            var results: [PageResult] = []
            for await chunk in group { results += chunk }
            return results
        }
    }

    /// - Parameter kept: the cache's pages when the build began.
    private func renderPage(_ page: SitePage, kept: [String: RenderCache.Entry]) -> PageResult {
        let entry: RenderCache.Entry
        if let cached = kept[page.source], cached.text == page.body.base {
            entry = cached
            reused.increment()
        } else {
            let body = pageRenderer.render(page.body, page: page.source, file: page.file, firstLine: page.bodyLine)
            entry = RenderCache.Entry(text: page.body.base, html: templates.render("page", contexts.page(page, body: body)),
                                      ids: Set(body.headings.map(\.id)), searchEntries: SearchIndex.entries(for: page, sections: body.sections),
                                      fragmentReferences: body.fragmentReferences, diagnostics: body.diagnostics)
            cache?.store(entry, for: page.source)
        }
        var diagnostics = entry.diagnostics
        if let output {
            do { try output.write(page.outputPath, entry.html) } catch { diagnostics.append(error) }
        }
        return PageResult(source: page.source, ids: entry.ids, searchEntries: entry.searchEntries,
                          fragmentReferences: entry.fragmentReferences, diagnostics: diagnostics)
    }

    /// Folder listings, tag pages, the 404 page, alias redirects and the sitemap.
    private func generatedPages() -> [(path: String, html: String)] {
        var pages: [(path: String, html: String)] = []
        for folder in model.generatedSections {
            let section = contexts.section(folder)
            pages.append((section.outputPath, templates.render("section", section.context)))
        }
        if !model.tags.tags.isEmpty {
            pages.append((TagIndex.indexOutputPath, templates.render("tags", contexts.tagsIndex())))
            for tag in model.tags.tags { pages.append((tag.outputPath, templates.render("tag", contexts.tag(tag)))) }
        }
        pages.append(("404.html", templates.render("404", contexts.notFound())))
        for alias in model.aliases { pages.append((alias.outputPath, templates.render("alias", contexts.alias(alias)))) }
        pages.append(("sitemap.xml", Sitemap.xml(model: model, baseURL: contexts.baseURL)))
        return pages
    }

    private func write(_ path: String, _ contents: String, into outcome: inout RenderOutcome) {
        do { try output?.write(path, contents) } catch { outcome.diagnostics.append(error) }
    }

    private func copy(_ source: String, to path: String, into outcome: inout RenderOutcome) {
        do { try output?.copy(from: source, to: path) } catch { outcome.diagnostics.append(error) }
    }
}

/// Counts across the threads that render pages.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
