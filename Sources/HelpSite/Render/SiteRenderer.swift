import Diagnostics
import Foundation
import Synchronization

/// What rendering the pages found out, for the check step.
struct RenderOutcome: Sendable {
    /// Heading ids of every page, by content path.
    var ids: [String: Set<PublishedID>] = [:]
    var fragmentReferences: [FragmentReference] = []
    var diagnostics: [Diagnostic] = []
    var fileCount = 0
    /// Pages taken from the render cache instead of rendered again.
    var reusedPages = 0
    /// Words of raw HTML safe mode left out, and on how many pages.
    var droppedHTMLWords = 0
    var droppedHTMLPages = 0
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
        let kept = cache?.generatedPages
        // Generated pages are rendered alongside the pages, on the same workers: the tag pages of a
        // large site list thousands of pages each and took 15 % of a build when rendered first, alone.
        let jobs = kept == nil ? generatedPageJobs() : []
        let generatedPaths = kept?.map(\.path) ?? jobs.map(\.path)
        let searchPaths = model.languages.all.map { model.languages.prefix($0) + SearchIndex.outputPath }
        let outputs = model.pages.map(\.outputPath) + generatedPaths + searchPaths
            + model.contentAssets + model.templateAssets.map { "assets/" + $0 }
        do {
            try output?.createDirectories(for: outputs)
        } catch {
            outcome.diagnostics.append(error)
            return outcome
        }
        let rendered = await renderConcurrently(jobs)
        var searchEntries: [String: String] = [:]
        for result in rendered.pages {
            outcome.ids[result.source] = result.ids
            searchEntries[result.source] = result.searchEntries
            outcome.fragmentReferences += result.fragmentReferences
            outcome.diagnostics += result.diagnostics
            outcome.droppedHTMLWords += result.droppedHTMLWords
            if result.droppedHTMLWords > 0 { outcome.droppedHTMLPages += 1 }
        }
        outcome.diagnostics += rendered.generatedDiagnostics
        if let kept {
            for page in kept { write(page.path, page.html, into: &outcome) }
        } else {
            cache?.storeGenerated(rendered.generated)
        }
        // One index per language, of that language's pages.
        for language in model.languages.all {
            let pageEntries = model.pages.filter { model.languages.language(of: $0.source) == language }.map { searchEntries[$0.source] ?? "" }
            let make = SearchIndex.script
            let search = language == model.languages.defaultLanguage
                ? cache?.searchIndex.value(for: pageEntries, make: make) ?? make(pageEntries)
                : make(pageEntries)
            write(model.languages.prefix(language) + SearchIndex.outputPath, search, into: &outcome)
        }
        for asset in model.contentAssets { copy(contentFolder + "/" + (model.diskPaths[asset] ?? asset), to: asset, into: &outcome) }
        for asset in model.templateAssets { copy(templates.directory + "/assets/" + asset, to: "assets/" + asset, into: &outcome) }
        outcome.fileCount = outputs.count
        outcome.reusedPages = reused.count
        return outcome
    }

    private struct PageResult: Sendable {
        var source: String
        var ids: Set<PublishedID>
        var searchEntries: String
        var fragmentReferences: [FragmentReference]
        var diagnostics: [Diagnostic]
        var droppedHTMLWords: Int
    }

    /// A generated page: where it goes and how to make it.
    private struct GeneratedJob: Sendable {
        var path: String
        /// The page's bytes (the engine renders bytes; a `String` only for serve's cache).
        var make: @Sendable () -> [UInt8]
    }

    private struct Rendered {
        var pages: [PageResult] = []
        var generated: [(path: String, html: String)] = []
        var generatedDiagnostics: [Diagnostic] = []
    }

    /// Renders and writes the generated pages, then the pages, on one worker per core. Workers take
    /// the next job as they finish one, so a few large tag pages do not leave a core idle.
    /// Pages come back in the model's order, generated pages in the jobs' order.
    private func renderConcurrently(_ jobs: [GeneratedJob]) async -> Rendered {
        let pages = model.pages
        let kept = cache?.entries ?? [:]
        let queue = JobCounter(count: jobs.count + pages.count)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        enum Done: Sendable {
            case page(Int, PageResult)
            case generated(Int, String?, Diagnostic?)
        }
        let done = await withTaskGroup(of: [Done].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var done: [Done] = []
                    while let index = queue.take() {
                        if index < jobs.count {
                            let job = jobs[index]
                            let html = job.make()
                            var problem: Diagnostic?
                            if let output {
                                do throws(Diagnostic) { try output.write(job.path, bytes: html) } catch { problem = error }
                            }
                            done.append(.generated(index, cache == nil ? nil : String(decoding: html, as: UTF8.self), problem))
                        } else {
                            done.append(.page(index - jobs.count, renderPage(pages[index - jobs.count], kept: kept)))
                        }
                    }
                    return done
                }
            }
            var all: [Done] = []
            for await chunk in group { all += chunk }
            return all
        }
        var pageResults = [PageResult?](repeating: nil, count: pages.count)
        var generated = [String?](repeating: nil, count: jobs.count)
        var problems = [Diagnostic?](repeating: nil, count: jobs.count)
        for item in done {
            switch item {
            case .page(let index, let result): pageResults[index] = result
            case .generated(let index, let html, let problem): generated[index] = html; problems[index] = problem
            }
        }
        return Rendered(pages: pageResults.compactMap { $0 },
                        generated: zip(jobs, generated).map { ($0.path, $1 ?? "") },
                        generatedDiagnostics: problems.compactMap { $0 })
    }

    /// - Parameter kept: the cache's pages when the build began.
    private func renderPage(_ page: SitePage, kept: [String: RenderCache.Entry]) -> PageResult {
        let entry: RenderCache.Entry
        var bytes: [UInt8]?
        if let cached = kept[page.source], cached.text == page.body.base {
            entry = cached
            reused.increment()
        } else {
            let body = pageRenderer.render(page.body, page: page.source, file: page.file, firstLine: page.bodyLine)
            let rendered = templates.renderBytes("page", contexts.page(page, body: body), language: model.languages.language(of: page.source))
            // Written as rendered; only serve's cache keeps the page as a String (making one
            // validates the UTF-8 again, which showed in a build's profile).
            bytes = rendered
            entry = RenderCache.Entry(text: page.body.base, html: cache == nil ? "" : String(decoding: rendered, as: UTF8.self),
                                      ids: Set(body.headings.map { PublishedID($0.id) }).union(body.rawIDs), searchEntries: SearchIndex.entries(for: page, sections: body.sections),
                                      fragmentReferences: body.fragmentReferences, diagnostics: body.diagnostics,
                                      droppedHTMLWords: body.droppedHTMLWords)
            cache?.store(entry, for: page.source)
        }
        var diagnostics = entry.diagnostics
        if let output {
            do {
                if let bytes { try output.write(page.outputPath, bytes: bytes) } else { try output.write(page.outputPath, entry.html) }
            } catch { diagnostics.append(error) }
        }
        return PageResult(source: page.source, ids: entry.ids, searchEntries: entry.searchEntries,
                          fragmentReferences: entry.fragmentReferences, diagnostics: diagnostics, droppedHTMLWords: entry.droppedHTMLWords)
    }

    /// Folder listings, tag pages, the 404 page, alias redirects and the sitemap, largest first.
    private func generatedPageJobs() -> [GeneratedJob] {
        let contexts = contexts, templates = templates, model = model
        var jobs: [GeneratedJob] = []
        let languages = model.languages
        for index in model.tagIndexes where !index.tags.isEmpty {
            let language = languages.language(of: index.indexOutputPath)
            for tag in index.tags.sorted(by: { $0.pages.count > $1.pages.count }) {
                jobs.append(GeneratedJob(path: tag.outputPath) { templates.renderBytes("tag", contexts.tag(tag), language: language) })
            }
            jobs.append(GeneratedJob(path: index.indexOutputPath) { templates.renderBytes("tags", contexts.tagsIndex(index), language: language) })
        }
        jobs.append(GeneratedJob(path: "sitemap.xml") { Array(Sitemap.xml(model: model, baseURL: contexts.baseURL).utf8) })
        for folder in model.generatedSections {
            let language = languages.language(of: folder + "/")
            jobs.append(GeneratedJob(path: SitePath.sectionOutputPath(folder)) {
                templates.renderBytes("section", contexts.section(folder).values, language: language)
            })
        }
        jobs.append(GeneratedJob(path: "404.html") { templates.renderBytes("404", contexts.notFound()) })
        for alias in model.aliases {
            jobs.append(GeneratedJob(path: alias.outputPath) {
                templates.renderBytes("alias", contexts.alias(alias), language: languages.language(of: alias.page))
            })
        }
        return jobs
    }

    private func write(_ path: String, _ contents: String, into outcome: inout RenderOutcome) {
        do { try output?.write(path, contents) } catch { outcome.diagnostics.append(error) }
    }

    private func copy(_ source: String, to path: String, into outcome: inout RenderOutcome) {
        do { try output?.copy(from: source, to: path) } catch { outcome.diagnostics.append(error) }
    }
}

/// Hands out job numbers 0..<count to the rendering workers, each once.
final class JobCounter: Sendable {
    private let next = Atomic(0)
    let count: Int
    init(count: Int) { self.count = count }
    func take() -> Int? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}

/// Counts across the threads that render pages.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
