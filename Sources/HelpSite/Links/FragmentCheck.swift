import Diagnostics
import GuideLinks

/// Checks `#fragment`s once every page's heading ids are known.
enum FragmentCheck {
    /// Ids and fragments are compared by their bytes (PublishedID), as the browser compares them;
    /// fragments arrive in NFC (LinkResolver), as do heading ids, while raw HTML's ids are as written.
    static func problems(_ references: [FragmentReference], ids: [String: Set<PublishedID>]) -> [Diagnostic] {
        // Hints come from an index made once per target page, so that a page's broken links cost
        // one look-up each, not a pass over its headings each (14,092 × 6,860 took 305 s).
        var hints: [String: Hints] = [:]
        return references.compactMap { reference in
            let known = ids[reference.page] ?? []
            guard !known.contains(PublishedID(reference.fragment)) else { return nil }
            var message = reference.samePage
                ? "no heading with id '\(reference.fragment)' on this page"
                : "'\(reference.page)' has no heading with id '\(reference.fragment)'"
            let pageHints = hints[reference.page] ?? Hints(known)
            hints[reference.page] = pageHints
            if let written = pageHints.otherForm(of: reference.fragment) {
                message += " (its id '\(written)' is written in another Unicode form, which the browser does not match: write the id in NFC)"
            } else if let near = pageHints.nearest(to: reference.fragment) {
                message += " (did you mean '\(near)'?)"
            }
            return .error(message, at: reference.location)
        }
    }

    /// A page's ids by their NFC bytes, by their lower-cased form and by their slug, the first in
    /// sorted order winning, so a hint is the same whatever order the ids came in.
    struct Hints {
        var byNFC: [PublishedID: String] = [:]
        var byLowercase: [String: String] = [:]
        var bySlug: [String: String] = [:]

        init(_ ids: Set<PublishedID>) {
            for id in ids.map(\.text).sorted() {
                let nfc = PublishedID(PublishedNames.nfc(id))
                if byNFC[nfc] == nil { byNFC[nfc] = id }
                let lower = id.lowercased()
                if byLowercase[lower] == nil { byLowercase[lower] = id }
                let slug = HeadingSlugger.slug(id)
                if bySlug[slug] == nil { bySlug[slug] = id }
            }
        }

        /// An id that is the fragment in another normalisation form (an NFD `id=` in raw HTML).
        func otherForm(of fragment: String) -> String? {
            byNFC[PublishedID(PublishedNames.nfc(fragment))]
        }

        func nearest(to fragment: String) -> String? {
            byLowercase[fragment.lowercased()] ?? bySlug[HeadingSlugger.slug(fragment)]
        }
    }

    /// The guide pages and anchors resetlink's pages and emails link to must exist; so must the
    /// anchors in each translation of those pages (`translations`: the other languages), since
    /// resetlink links to the page in the person's language. A translated heading gets another
    /// id: it keeps the original's with `{#id}`.
    static func guideLinkProblems(ids: [String: Set<PublishedID>], files: [String], content: String,
                                  translations: [String] = []) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var untranslated: Set<String> = []
        for language in translations {
            for link in GuideLinks.allCases {
                let translated = String(link.page.dropLast(3)) + "." + language + ".md"
                // resetlink cannot know which pages are translated: a reader of this language
                // following its link to a page not translated would find nothing there.
                guard let known = ids[language + "/" + link.page] else {
                    if untranslated.insert(translated).inserted {
                        problems.append(.error("resetlink's pages and emails link readers of '\(language)' to '\(language)/\(String(link.page.dropLast(3))).html': "
                                               + "translate '\(link.page)' as '\(translated)'", at: SourceLocation(file: content)))
                    }
                    continue
                }
                guard let fragment = link.fragment, !known.contains(PublishedID(fragment)) else { continue }
                let file = files.first { $0.hasSuffix("/" + translated) } ?? content
                problems.append(.error("resetlink's pages and emails link to '\(link.rawValue)' in this translation too: give its heading the same id, "
                                       + "'## … {#\(fragment)}'", at: SourceLocation(file: file)))
            }
        }
        return problems + GuideLinks.allCases.compactMap { link in
            let file = files.first { $0.hasSuffix("/" + link.page) } ?? content
            guard let known = ids[link.page] else {
                return .error("resetlink's pages and emails link to '\(link.page)', which is not a published page", at: SourceLocation(file: file))
            }
            if let fragment = link.fragment, !known.contains(PublishedID(fragment)) {
                return .error("resetlink's pages and emails link to '\(link.rawValue)': this page has no heading with id '\(fragment)'",
                              at: SourceLocation(file: file))
            }
            return nil
        }
    }
}
