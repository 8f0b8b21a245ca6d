import Diagnostics
import Settings
import Translations

/// Builds the help site. Each step is named and timed; the body of `run` is the table of contents:
///
/// 1. **load** – list content/, read every page, parse the templates;
/// 2. **parse** – split and decode front matter; build the sidebar, tags and the inventory of
///    everything a link may point at;
/// 3. **resolve links** – fix the base URL and the link resolver every page renders with;
/// 4. **render** – Markdown to HTML (links rewritten and checked, ids, callouts, videos), templates,
///    generated pages, into a staging folder;
/// 5. **check** – cross-page `#fragment`s against the rendered headings; any error (or, when
///    strict, any warning) stops here and the staging folder is thrown away;
/// 6. **publish** – swap the staging folder in for the output folder.
public enum SiteBuild {
    /// - Parameter cache: pages rendered by earlier builds in this process (`helpsite serve`), reused
    ///   when nothing they depend on changed.
    public static func run(_ options: BuildOptions, strict: Bool = false, cache: RenderCache? = nil) async throws(BuildFailure) -> BuildReport {
        var clock = StepClock()
        var log = DiagnosticLog()
        let folders = SiteFolders(options)

        let sources = try clock.time("load") { () throws(BuildFailure) in
            try SiteSources.load(folders, languages: SiteLanguages(options.configuration.site), cache: cache?.sources, log: &log)
        }
        let model = clock.time("parse") {
            SiteModel.parse(sources, folders: folders, options: options, cache: cache, log: &log)
        }
        guard let templates = sources.templates else { throw log.failure }
        let renderer = try clock.time("resolve links") { () throws(BuildFailure) in
            try resolveLinks(model, templates: templates, options: options, log: &log)
        }
        let (outcome, output) = try await clock.time("render") { () async throws(BuildFailure) in
            let output = try stage(folders, options: options, cache: cache, log: &log)
            let contexts = TemplateContexts(site: options.configuration.site, baseURL: renderer.baseURL, model: model, templates: templates)
            if let cache {
                // Worked out again only when something they are made of changed.
                let key = model.inputs.map {
                    RenderCache.SignatureKey(model: $0, templates: templates.signature, site: options.configuration.site,
                                             reset: options.configuration.reset, baseURL: renderer.baseURL,
                                             brokenLinksAreWarnings: options.brokenLinksAreWarnings, includeDrafts: options.includeDrafts)
                }
                func make() -> (pages: String, generated: String) {
                    let pages = signature(model, templates: templates, options: options, baseURL: renderer.baseURL)
                    return (pages, generatedSignature(model, pagesSignature: pages + "\u{0}" + templates.signature))
                }
                let signatures = key.map { cache.signatures.value(for: $0) { _ in make() } } ?? make()
                let languages = model.languages
                var languageSignatures: [String: String] = [:]
                for language in languages.all { languageSignatures[language] = templates.translations?.signature(of: language) ?? "" }
                cache.begin(signature: signatures.pages, generatedSignature: signatures.generated,
                            languageSignatures: languageSignatures, languageOf: languages.language(of:))
            }
            let outcome = await SiteRenderer(model: model, templates: templates, contexts: contexts,
                                             pageRenderer: renderer.pages, output: output,
                                             contentFolder: folders.content, cache: cache).render()
            return (outcome, output)
        }
        try clock.time("check") { () throws(BuildFailure) in
            log.add(outcome.diagnostics)
            let fragments = FragmentCheck.problems(outcome.fragmentReferences, ids: outcome.ids)
            if options.configuration.site.checkResetlinkLinks {
                log.add(FragmentCheck.guideLinkProblems(ids: outcome.ids, files: model.pages.map(\.file), content: folders.contentDisplay,
                                                        translations: model.languages.others))
            }
            log.add(options.brokenLinksAreWarnings ? fragments.map { Diagnostic(.warning, $0.message, at: $0.location) } : fragments)
            if log.hasErrors || (strict && !log.warnings.isEmpty) {
                output?.discard()
                throw log.failure
            }
        }
        try clock.time("publish") { () throws(BuildFailure) in
            do throws(Diagnostic) { try output?.publish() } catch {
                log.add(error)
                throw log.failure
            }
        }

        var report = BuildReport()
        report.pageCount = model.pages.count
        report.tagCount = model.tagIndexes.reduce(0) { $0 + $1.tags.count }
        report.fileCount = outcome.fileCount
        report.writtenFiles = output?.writtenCount ?? 0
        report.reusedPages = outcome.reusedPages
        report.droppedHTMLWords = outcome.droppedHTMLWords
        report.droppedHTMLPages = outcome.droppedHTMLPages
        report.warnings = log.warnings
        report.steps = clock.steps
        report.outputDirectory = output == nil ? nil : folders.outputDisplay
        return report
    }

    /// The base URL and the per-page renderer, whose resolver knows every page, asset and
    /// generated file by name.
    static func resolveLinks(_ model: SiteModel, templates: TemplateSet?, options: BuildOptions, log: inout DiagnosticLog) throws(BuildFailure)
        -> (baseURL: String, pages: PageRenderer)
    {
        let site = options.configuration.site
        var baseURL = site.baseURL
        if let override = options.baseURL {
            guard let checked = SiteSettings.normalizedBaseURL(override) else {
                log.add(.error("--base-url must be an absolute http:// or https:// URL, not '\(override)'", at: SourceLocation(file: "--base-url")))
                throw log.failure
            }
            baseURL = checked
        }
        let translations = templates?.translations
        let strings = { (language: String) in translations?[language] ?? Translations.builtInEnglish }
        var pages = PageRenderer(resolver: LinkResolver(inventory: model.inventory, languages: model.languages),
                                 smartPunctuation: site.smartPunctuation, unsafeHTML: site.unsafeHTML,
                                 brokenLinksAreWarnings: options.brokenLinksAreWarnings,
                                 // On a site in several languages the default language's links ask for it too: a reader of
                                 // the English guide gets the English form whatever the browser prefers.
                                 facts: Facts(options.configuration, strings: strings(model.languages.defaultLanguage),
                                              linkLanguage: model.languages.isMultilingual ? model.languages.defaultLanguage : nil),
                                 baseURL: baseURL)
        for language in model.languages.others {
            pages.translatedFacts[language] = Facts(options.configuration, strings: strings(language), linkLanguage: language)
        }
        return (baseURL, pages)
    }

    /// Everything besides a page's own file that its HTML depends on, for the render cache.
    static func signature(_ model: SiteModel, templates: TemplateSet, options: BuildOptions, baseURL: String) -> String {
        // Dictionaries print in an order that differs between equal values: list contacts sorted.
        var reset = options.configuration.reset
        let contacts = reset.contacts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        reset.contacts = [:]
        // Strings are not in it: each language's pages are kept by their own (`RenderCache.begin`).
        var parts = [templates.templatesSignature, "\(options.configuration.site)", "\(reset)", contacts.joined(separator: "\u{1}"), baseURL,
                     "\(options.brokenLinksAreWarnings)", "\(options.includeDrafts)"]
        // One string for all pages, appended to in place (a rebuild makes it for every page).
        var pages = ""
        for page in model.pages {
            let matter = page.frontMatter
            pages += page.source
            pages += "\u{1}"
            pages += matter.title
            pages += "\u{1}"
            pages += matter.weight.map(String.init) ?? "-"
            pages += "\u{1}"
            pages += matter.description ?? "-"
            pages += "\u{1}"
            for (index, tag) in matter.tags.enumerated() {
                if index > 0 { pages += "," }
                pages += tag
            }
            pages += matter.draft ? "\u{1}true\u{0}" : "\u{1}false\u{0}"
        }
        parts.append(pages)
        parts.append(model.inventory.assets.sorted().joined(separator: ","))
        parts.append(model.inventory.directories.sorted().joined(separator: ","))
        parts.append(model.inventory.draftPages.sorted().joined(separator: ","))
        parts.append(model.inventory.generatedOutputs.sorted().joined(separator: ","))
        parts.append(model.aliases.map { $0.outputPath + ">" + $0.page }.joined(separator: ","))
        return parts.joined(separator: "\u{0}")
    }

    /// Everything the generated pages (listings, tags, 404, aliases, sitemap) depend on: what the
    /// pages do, plus every page's whole front matter and the dates it shows (for the sitemap; they
    /// may come from git), never its body.
    static func generatedSignature(_ model: SiteModel, pagesSignature: String) -> String {
        var signature = pagesSignature
        for page in model.pages {
            signature += "\u{0}"
            signature += page.file
            signature += "\u{1}"
            signature += page.body.base[..<page.body.startIndex]
            signature += "\u{1}"
            signature += page.dates.modified?.iso ?? "-"
            signature += page.dates.created?.iso ?? "-"
        }
        return signature
    }

    /// Where the build writes: nil when it only checks; with serve's cache, the folder its previous
    /// build published, patched (`IncrementalOutput`); otherwise a staging folder swapped in whole.
    static func stage(_ folders: SiteFolders, options: BuildOptions, cache: RenderCache?, log: inout DiagnosticLog) throws(BuildFailure) -> (any SiteOutput)? {
        guard options.writesOutput else { return nil }
        let protected = [folders.content, folders.templates, folders.configurationFolder]
        do {
            if let published = cache?.published {
                let (absolute, parent, name) = try StagedOutput.resolve(target: folders.output, display: folders.outputDisplay, protected: protected)
                if let incremental = try IncrementalOutput(target: absolute, display: folders.outputDisplay, parent: parent, name: name,
                                                           published: published) {
                    return incremental
                }
            }
            return try StagedOutput(target: folders.output, display: folders.outputDisplay, protected: protected, published: cache?.published)
        } catch {
            log.add(error)
            throw log.failure
        }
    }
}
