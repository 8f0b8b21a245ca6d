import Diagnostics
import GuideLinks

/// Checks `#fragment`s once every page's heading ids are known.
enum FragmentCheck {
    static func problems(_ references: [FragmentReference], ids: [String: Set<String>]) -> [Diagnostic] {
        references.compactMap { reference in
            let known = ids[reference.page] ?? []
            guard !known.contains(reference.fragment) else { return nil }
            var message = reference.samePage
                ? "no heading with id '\(reference.fragment)' on this page"
                : "'\(reference.page)' has no heading with id '\(reference.fragment)'"
            if let near = known.sorted().first(where: { $0.lowercased() == reference.fragment.lowercased() })
                ?? known.sorted().first(where: { HeadingSlugger.slug($0) == HeadingSlugger.slug(reference.fragment) }) {
                message += " (did you mean '\(near)'?)"
            }
            return .error(message, at: reference.location)
        }
    }

    /// The guide pages and anchors resetlink's pages and emails link to must exist.
    static func guideLinkProblems(ids: [String: Set<String>], files: [String], content: String) -> [Diagnostic] {
        GuideLinks.allCases.compactMap { link in
            let file = files.first { $0.hasSuffix("/" + link.page) } ?? content
            guard let known = ids[link.page] else {
                return .error("resetlink's pages and emails link to '\(link.page)', which is not a published page", at: SourceLocation(file: file))
            }
            if let fragment = link.fragment, !known.contains(fragment) {
                return .error("resetlink's pages and emails link to '\(link.rawValue)': this page has no heading with id '\(fragment)'",
                              at: SourceLocation(file: file))
            }
            return nil
        }
    }
}
