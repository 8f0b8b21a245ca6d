import Diagnostics
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
    struct Entry: Sendable {
        /// The page's whole file (front matter and body).
        var text: String
        var html: String
        var ids: Set<String>
        /// The page's entries in the search index.
        var searchEntries: String
        var fragmentReferences: [FragmentReference]
        var diagnostics: [Diagnostic]
    }

    /// A page's parse (front matter split and decoded), by the text it was made from.
    struct Parsed: Sendable {
        var text: String
        var page: SitePage?
        var problems: [Diagnostic]
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

    func entry(for page: String, text: String) -> Entry? {
        state.withLock { $0.entries[page] }.flatMap { $0.text == text ? $0 : nil }
    }

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

    /// The tag index, made again only when a page's title, tags or path changed.
    func tags(_ pages: [TagIndex.Page]) -> TagIndex {
        if let hit = memo.withLock({ $0.tags }), hit.pages == pages { return hit.index }
        let index = TagIndex(pages: pages)
        memo.withLock { $0.tags = (pages, index) }
        return index
    }

    func parsedPage(file: String, text: String) -> Parsed? {
        parsed.withLock { $0[file] }.flatMap { $0.text == text ? $0 : nil }
    }

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
