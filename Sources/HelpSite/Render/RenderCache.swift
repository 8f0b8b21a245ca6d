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
        let ids: Set<PublishedID>
        /// The page's entries in the search index.
        let searchEntries: String
        let fragmentReferences: [FragmentReference]
        let diagnostics: [Diagnostic]
        /// Words of raw HTML safe mode left out of the page.
        let droppedHTMLWords: Int

        init(text: String, html: String, ids: Set<PublishedID>, searchEntries: String, fragmentReferences: [FragmentReference],
             diagnostics: [Diagnostic], droppedHTMLWords: Int = 0) {
            self.text = text
            self.html = html
            self.ids = ids
            self.searchEntries = searchEntries
            self.fragmentReferences = fragmentReferences
            self.diagnostics = diagnostics
            self.droppedHTMLWords = droppedHTMLWords
        }
    }

    /// A page's parse (front matter split and decoded), by the text it was made from and the
    /// front-matter keys the settings ignored then.
    final class Parsed: Sendable {
        let text: String
        let ignoredKeys: [String]
        let page: SitePage?
        let problems: [Diagnostic]

        init(text: String, ignoredKeys: [String], page: SitePage?, problems: [Diagnostic]) {
            self.text = text
            self.ignoredKeys = ignoredKeys
            self.page = page
            self.problems = problems
        }
    }

    private struct State: Sendable {
        var signature = ""
        /// Each language's strings as its pages see them (`SiteBuild.languageSignatures`).
        var languageSignatures: [String: String] = [:]
        var entries: [String: Entry] = [:]
        var generatedSignature = ""
        var generated: [(path: String, html: String)]?
    }

    private let state = Mutex(State())
    private let parsed = Mutex<[String: Parsed]>([:])
    /// The site model and the problems found while making it (`SiteModel.parse`).
    let model = Memo<SiteModel.ModelInputs, (model: SiteModel, diagnostics: [Diagnostic])>()
    let navigation = Memo<NavigationTree.Inputs, NavigationTree>()
    let tags = Memo<[TagIndex.Page], TagIndex>()
    /// The page and generated-page signatures (`SiteBuild.signature`, `generatedSignature`).
    let signatures = Memo<SignatureKey, (pages: String, generated: String)>()
    /// The search index, by every page's entries in order.
    let searchIndex = Memo<[String], String>()
    let sources: SourceCache
    let published = PublishedFiles()

    /// Everything the two site signatures are made of.
    struct SignatureKey: Equatable, Sendable {
        var model: SiteModel.ModelInputs
        var templates: String
        var site: SiteSettings
        var reset: ResetSettings
        var baseURL: String
        var brokenLinksAreWarnings: Bool
        var includeDrafts: Bool
    }

    public convenience init() {
        self.init(sources: SourceCache())
    }

    init(sources: SourceCache) {
        self.sources = sources
    }

    /// Starts a build: keeps the pages only if the site-wide inputs are the same, and the
    /// generated pages only if those and every front matter are.
    /// A page is also dropped when its language's strings changed (`languageOf` tells a page's
    /// language): editing `de.yaml` renders the German pages again, not the English ones.
    func begin(signature: String, generatedSignature: String, languageSignatures: [String: String] = [:],
               languageOf: (String) -> String = { _ in "" }) {
        state.withLock { state in
            if state.signature != signature {
                state.entries = [:]
            } else if state.languageSignatures != languageSignatures {
                state.entries = state.entries.filter { page, _ in
                    let language = languageOf(page)
                    return state.languageSignatures[language] == languageSignatures[language]
                }
            }
            if state.generatedSignature != generatedSignature { state.generated = nil }
            state.signature = signature
            state.languageSignatures = languageSignatures
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

/// A value kept with the input it was made from, and made again when the input differs. Inputs
/// that come from serve's cache compare quickly: equal strings share their storage.
final class Memo<Input: Equatable & Sendable, Value: Sendable>: Sendable {
    private let kept = Mutex<(input: Input, value: Value)?>(nil)

    func value(for input: Input, make: (Input) -> Value) -> Value {
        if let kept = kept.withLock({ $0 }), kept.input == input { return kept.value }
        let value = make(input)
        kept.withLock { $0 = (input, value) }
        return value
    }
}
