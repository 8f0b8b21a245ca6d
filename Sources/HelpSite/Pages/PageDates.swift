import Diagnostics

/// The dates and author a page shows: each from its front matter when it says, else from git's
/// history of its file (`GitHistory`), else none. Values only: the templates format them.
struct PageDates: Sendable, Equatable {
    var created: CalendarDate?
    var modified: CalendarDate?
    var author: String?

    init(created: CalendarDate? = nil, modified: CalendarDate? = nil, author: String? = nil) {
        self.created = created
        self.modified = modified
        self.author = author
    }

    init(_ matter: FrontMatter) {
        self.init(created: matter.created, modified: matter.modified, author: matter.author)
    }

    /// Front matter first, git for what it leaves out. A git date that contradicts a front-matter
    /// date (created after the stated `modified`, or modified before the stated `created`, as when
    /// a page was imported with its old dates) is left out rather than shown wrong.
    init(_ matter: FrontMatter, history: GitHistory.File) {
        self.init(matter)
        if created == nil, modified.map({ $0 >= history.created }) ?? true { created = history.created }
        if modified == nil, created.map({ $0 <= history.modified }) ?? true { modified = history.modified }
        if author == nil { author = history.author }
    }

    /// Whether git's history could add anything to what the front matter says.
    static func wantsHistory(_ matter: FrontMatter) -> Bool {
        matter.created == nil || matter.modified == nil || matter.author == nil
    }
}

/// Fills in the pages' missing dates and authors from git, with one `git log` for the whole
/// content folder (kept by serve's cache until HEAD moves). Outside a checkout, without git, or in
/// a shallow clone (whose history would date every page by its one commit) pages keep what their
/// front matter says; a shallow clone is reported once, with the fix.
enum GitDating {
    /// What one run of git found, kept by serve's cache under the checkout it read.
    struct Found: Sendable {
        var history: GitHistory?
        var problem: Diagnostic?
    }

    struct Key: Equatable, Sendable {
        var content: String
        var checkout: GitCheckout
    }

    static func apply(to pages: [SitePage], diskPaths: [String: String], folders: SiteFolders, enabled: Bool,
                      cache: RenderCache?, log: inout DiagnosticLog) -> [SitePage] {
        guard enabled, pages.contains(where: { PageDates.wantsHistory($0.frontMatter) }) else { return pages }
        let found = history(folders: folders, cache: cache)
        if let problem = found.problem { log.add(problem) }
        guard let history = found.history else { return pages }
        return pages.map { page in
            guard PageDates.wantsHistory(page.frontMatter), let file = history.files[diskPaths[page.source] ?? page.source] else { return page }
            return page.dated(PageDates(page.frontMatter, history: file))
        }
    }

    static func history(folders: SiteFolders, cache: RenderCache?) -> Found {
        let location = SourceLocation(file: folders.contentDisplay)
        switch GitCheckout.find(content: folders.content) {
        case .none:
            return Found()
        case .unreadable(let reason):
            return Found(problem: .warning("pages get no dates from git: git could not read the checkout (\(reason))", at: location))
        case .found(let checkout) where checkout.isShallow:
            return Found(problem: .warning(shallowMessage, at: location))
        case .found(let checkout):
            func read(_ key: Key) -> Found {
                do throws(GitCheckout.HistoryError) {
                    return Found(history: try key.checkout.history(content: key.content))
                } catch {
                    guard case .failed(let reason) = error else { return Found() }
                    return Found(problem: .warning("pages get no dates from git: \(reason)", at: location))
                }
            }
            let key = Key(content: folders.content, checkout: checkout)
            return cache?.gitHistory.value(for: key, make: read) ?? read(key)
        }
    }

    static let shallowMessage = "this is a shallow git clone, so pages without created/modified in their front matter get "
        + "no dates (git's history here would date them wrongly); fetch the whole history: `git fetch --unshallow`, or in "
        + "GitHub Actions give actions/checkout `fetch-depth: 0`"
}
