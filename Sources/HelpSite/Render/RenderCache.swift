import Synchronization

/// Pages rendered by earlier builds in this process (`helpsite serve`), reused when nothing a page
/// depends on has changed. A page's HTML depends on its own file and on site-wide inputs (settings
/// and facts, templates, every page's title, weight, description, tags and draft state, the files
/// that exist, aliases, the base URL); the cache keeps the site-wide signature of the build that
/// filled it, compared in full, and forgets everything when it differs. Pages are compared by
/// their whole source text, so a reused page is exactly what rendering it again would give.
public final class RenderCache: Sendable {
    struct Entry: Sendable {
        /// The page's whole file (front matter and body).
        var text: String
        var html: String
        var ids: Set<String>
        var sections: [SearchSection]
        var fragmentReferences: [FragmentReference]
        var diagnostics: [Diagnostic]
    }

    private let state = Mutex<(signature: String, entries: [String: Entry])>(("", [:]))

    public init() {}

    /// Starts a build: keeps the entries only if the site-wide inputs are the same.
    func begin(signature: String) {
        state.withLock { state in
            if state.signature != signature { state = (signature, [:]) }
        }
    }

    func entry(for page: String, text: String) -> Entry? {
        state.withLock { $0.entries[page] }.flatMap { $0.text == text ? $0 : nil }
    }

    func store(_ entry: Entry, for page: String) {
        state.withLock { $0.entries[page] = entry }
    }

    /// How many pages the last build could reuse (for the serve log and tests).
    public var count: Int { state.withLock { $0.entries.count } }
}

import Diagnostics
