import Diagnostics

/// Pages grouped by tag. Tags that slug to the same name (`Password reset`, `password-reset`) are
/// one tag, shown under the spelling that sorts first; the others get a warning.
struct TagIndex: Sendable {
    struct Tag: Sendable {
        var name: String
        var slug: String
        /// Content paths, sorted by title.
        var pages: [String]
        /// The language's folder (`de/`), empty for the default language.
        var prefix = ""

        var outputPath: String { prefix + "tags/\(slug).html" }
    }

    var tags: [Tag]
    var diagnostics: [Diagnostic] = []
    static let indexOutputPath = "tags/index.html"
    /// Each language has its own tags, under its folder (`de/tags/…`): the default language's are at the root.
    var prefix = ""
    var indexOutputPath: String { prefix + Self.indexOutputPath }

    /// What the index is made from, for each page.
    struct Page: Equatable, Sendable {
        var source: String
        var title: String
        var tags: [String]
        /// Where warnings about the page's tags point.
        var file: String
    }

    init(pages: [Page]) {
        var spellings: [String: Set<String>] = [:]
        // Titles are lowered once per page, not in every comparison of the sort.
        var members: [String: [(title: String, source: String)]] = [:]
        var slugs: [String: String] = [:]
        for page in pages {
            var seen: Set<String> = []
            var sortTitle: String?
            // NFC, like every published name: tags that differ only by form are one tag.
            for name in page.tags.map(PublishedNames.nfc) {
                let slug = slugs[name] ?? Self.slug(name)
                slugs[name] = slug
                spellings[slug, default: []].insert(name)
                if seen.insert(slug).inserted {
                    if sortTitle == nil { sortTitle = page.title.lowercased() }
                    members[slug, default: []].append((sortTitle ?? "", page.source))
                }
            }
        }
        tags = spellings.keys.sorted().map { slug in
            let names = spellings[slug, default: []].sorted()
            let pages = (members[slug] ?? []).sorted { ($0.title, $0.source) < ($1.title, $1.source) }
            return Tag(name: names.first ?? slug, slug: slug, pages: pages.map(\.source))
        }
        for tag in tags {
            let names = spellings[tag.slug, default: []]
            guard names.count > 1 else { continue }
            for page in pages.sorted(by: { $0.source < $1.source }) {
                for name in page.tags where name != tag.name && Self.slug(name) == tag.slug {
                    diagnostics.append(.warning("tag '\(name)' is spelled '\(tag.name)' on other pages; both are shown as '\(tag.name)'", at: SourceLocation(file: page.file, line: 0)))
                }
            }
        }
        tags.sort { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }
    }

    /// The index of one language's pages, published under its folder.
    init(pages: [Page], prefix: String) {
        self.init(pages: pages)
        self.prefix = prefix
        for index in tags.indices { tags[index].prefix = prefix }
    }

    /// NFC (HeadingSlugger's slugs are), so the output path is the URL the web server is asked for.
    static func slug(_ name: String) -> String {
        let name = PublishedNames.nfc(name)
        let slug = HeadingSlugger.slug(name.trimmingSpaces())
        return slug.isEmpty ? "tag-" + name.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "-") : slug
    }

    func tag(named name: String) -> Tag? {
        let slug = Self.slug(name)
        return tags.first { $0.slug == slug }
    }
}
