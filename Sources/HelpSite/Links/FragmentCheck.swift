import Diagnostics

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
}
