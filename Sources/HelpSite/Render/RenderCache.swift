import Diagnostics
import Settings
import Synchronization

/// What `helpsite serve` keeps between builds, so that a rebuild after an edit does work in
/// proportion to the edit: page texts (read again only when a file's status changed), parsed
/// front matter, rendered pages, generated pages and the files last published.
///
/// A page's HTML depends on its own file and on site-wide inputs (settings and facts, templates,
/// every page's title, weight, description, tags and draft state, the files that exist, aliases,
/// the base URL); the cache keeps the site-wide signature of the build that filled it, compared in
/// full, and forgets every page when it differs. Pages are compared by their whole source text, so
/// a reused page is exactly what rendering it again would give. Generated pages depend on the
/// same inputs plus every page's whole front matter, and are kept under that longer signature.
public final class RenderCache: Sendable {
    // Entries are classes: a rebuild looks up every page, and handing out a reference is cheaper
    // than copying each field.
    final class Entry: Sendable {
        /// The page's whole file (front matter and body).
        let text: String
        let html: String
        let ids: Set<String>
        /// The page's entries in the search index.
        let searchEntries: String
        let fragmentReferences: [FragmentReference]
        let diagnostics: [Diagnostic]

        init(text: String, html: String, ids: Set<String>, searchEntries: String, fragmentReferences: [FragmentReference],
             diagnostics: [Diagnostic]) {
            self.text = text
            self.html = html
            self.ids = ids
            self.searchEntries = searchEntries
            self.fragmentReferences = fragmentReferences
            self.diagnostics = diagnostics
        }
    }

    /// A page's parse (front matter split and decoded), by the text it was made from.
    final class Parsed: Sendable {
        let text: String
        let page: SitePage?
        let problems: [Diagnostic]

        init(text: String, page: SitePage?, problems: [Diagnostic]) {
            self.text = text
            self.page = page
            self.problems = problems
        }
    }

    private struct State: Sendable {
        var signature = ""
        var entries: [String: Entry] = [:]
        var generatedSignature = ""
        var generated: [(path: String, html: String)]?
    }

    private let state = Mutex(State())
    /// The last search index and the page entries it was made from.
    private let search = Mutex<(entries: [String], script: String)>(([], ""))
    private let parsed = Mutex<[String: Parsed]>([:])
    private struct Memo: Sendable {
        var navigation: (pages: [NavigationTree.Entry], order: [String], tree: NavigationTree)?
        var tags: (pages: [TagIndex.Page], index: TagIndex)?
        var model: (inputs: SiteModel.ModelInputs, model: SiteModel, diagnostics: [Diagnostic])?
        var signatures: (key: SignatureKey, pages: String, generated: String)?
    }

    /// Everything the two site signatures are made of (`SiteBuild.signature`, `generatedSignature`).
    struct SignatureKey: Equatable, Sendable {
        var model: SiteModel.ModelInputs
        var templates: String
        var site: SiteSettings
        var reset: ResetSettings
        var baseURL: String
        var brokenLinksAreWarnings: Bool
        var includeDrafts: Bool
    }

    /// The page and generated-page signatures for `key`: the last ones when it is the same, else
    /// `make()`'s. Without a key they are always made.
    func signatures(for key: SignatureKey?, make: () -> (String, String)) -> (pages: String, generated: String) {
        if let key, let kept = memo.withLock({ $0.signatures }), kept.key == key { return (kept.pages, kept.generated) }
        let (pages, generated) = make()
        if let key { memo.withLock { $0.signatures = (key, pages, generated) } }
        return (pages, generated)
    }
    private let memo = Mutex(Memo())
    let sources: SourceCache
    let published = PublishedFiles()

    public convenience init() {
        self.init(sources: SourceCache())
    }

    init(sources: SourceCache) {
        self.sources = sources
    }

    /// Starts a build: keeps the pages only if the site-wide inputs are the same, and the
    /// generated pages only if those and every front matter are.
    func begin(signature: String, generatedSignature: String) {
        state.withLock { state in
            if state.signature != signature { state.entries = [:] }
            if state.generatedSignature != generatedSignature { state.generated = nil }
            state.signature = signature
            state.generatedSignature = generatedSignature
        }
    }

    /// The rendered pages kept so far, for a build to look up without taking the lock per page.
    var entries: [String: Entry] { state.withLock { $0.entries } }

    func store(_ entry: Entry, for page: String) {
        state.withLock { $0.entries[page] = entry }
    }

    /// The generated pages of the build that had this build's generated signature.
    var generatedPages: [(path: String, html: String)]? { state.withLock { $0.generated } }

    func storeGenerated(_ pages: [(path: String, html: String)]) {
        state.withLock { $0.generated = pages }
    }

    /// The search index for these page entries: the last one when they are the same (entries
    /// handed out by the cache share their storage, so the comparison is quick).
    func searchIndex(pageEntries: [String], make: ([String]) -> String) -> String {
        if let hit = search.withLock({ $0.entries == pageEntries ? $0.script : nil }) { return hit }
        let script = make(pageEntries)
        search.withLock { $0 = (pageEntries, script) }
        return script
    }

    /// The sidebar, made again only when a page's title, weight or path or `site.nav` changed
    /// (the inputs are compared in full; texts kept by the cache compare at once).
    func navigation(_ pages: [NavigationTree.Entry], explicitOrder: [String]) -> NavigationTree {
        if let hit = memo.withLock({ $0.navigation }), hit.pages == pages, hit.order == explicitOrder { return hit.tree }
        let tree = NavigationTree(pages: pages, explicitOrder: explicitOrder)
        memo.withLock { $0.navigation = (pages, explicitOrder, tree) }
        return tree
    }

    /// The site model of the last build, when everything it was made from is the same, with the
    /// problems found while making it.
    func model(for inputs: SiteModel.ModelInputs) -> (SiteModel, [Diagnostic])? {
        memo.withLock { memo in
            guard let kept = memo.model, kept.inputs == inputs else { return nil }
            return (kept.model, kept.diagnostics)
        }
    }

    func storeModel(_ model: SiteModel, diagnostics: [Diagnostic], for inputs: SiteModel.ModelInputs) {
        memo.withLock { $0.model = (inputs, model, diagnostics) }
    }

    /// The tag index, made again only when a page's title, tags or path changed.
    func tags(_ pages: [TagIndex.Page]) -> TagIndex {
        if let hit = memo.withLock({ $0.tags }), hit.pages == pages { return hit.index }
        let index = TagIndex(pages: pages)
        memo.withLock { $0.tags = (pages, index) }
        return index
    }

    /// The parses kept so far (a snapshot, as `entries`).
    var parses: [String: Parsed] { parsed.withLock { $0 } }

    func storeParsed(_ entry: Parsed, file: String) {
        parsed.withLock { $0[file] = entry }
    }

    /// Forgets parses of files that are gone (there are some only when more are kept than `files`).
    func keepParsed(files: [String]) {
        parsed.withLock { parsed in
            guard parsed.count > files.count else { return }
            let current = Set(files)
            parsed = parsed.filter { current.contains($0.key) }
        }
    }

    /// How many pages the last build could reuse (for the serve log and tests).
    public var count: Int { state.withLock { $0.entries.count } }
}
