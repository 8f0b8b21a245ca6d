/// The sidebar: pages grouped by folder, ordered by `weight` then title, or by the explicit order
/// in `site.nav`. Previous/next links follow the sidebar from top to bottom.
struct NavigationTree: Sendable {
    struct Item: Sendable {
        var title: String
        /// The page this entry opens; nil for a folder without an index.md (whose listing page the
        /// build generates).
        var page: String?
        /// Set for a folder: its content path.
        var directory: String?
        var children: [Item]

        /// The output file the entry links to.
        var outputPath: String {
            if let page { return SitePath.outputPath(forPage: page) }
            return SitePath.sectionOutputPath(directory ?? "")
        }
    }

    struct Entry: Equatable, Sendable {
        var source: String
        var title: String
        var weight: Int?
    }

    /// Everything the tree is made of (serve's cache keeps a tree by it).
    struct Inputs: Equatable, Sendable {
        var pages: [Entry]
        var explicitOrder: [String]
    }

    /// Top-level entries, the home page first.
    var items: [Item]
    /// Every page in sidebar order.
    var order: [String]
    /// Each page's index in `order`.
    private var positions: [String: Int]
    /// Titles by page, for breadcrumbs and previous/next.
    var titles: [String: String]
    /// Every folder's entry, by content path ("" is the site root).
    var sections: [String: Item]
    /// Folders with no page of their own and one subfolder as their only entry (`a` of
    /// `a/b/page.md`): the sidebar and breadcrumbs show the chain as one entry, `A / B`, as
    /// GitHub does. Without this, each of n nested folders' listing pages listed all n
    /// folders in its sidebar and breadcrumbs: output and time grew as n³.
    var chainFolders: Set<String> = []
    /// The entry that stands for a folder and the chain above it, by the folder's path.
    private var chainEntries: [String: Item] = [:]

    /// - Parameter explicitOrder: content paths in the order `site.nav` lists them; pages it does not
    ///   list follow those it does, by weight and title.
    init(pages: [Entry], explicitOrder: [String] = []) {
        titles = Dictionary(pages.map { ($0.source, $0.title) }, uniquingKeysWith: { first, _ in first })
        let position = Dictionary(explicitOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let byDirectory = Dictionary(grouping: pages, by: { SitePath.directory(of: $0.source) })
        let subdirectories = Dictionary(grouping: Set(byDirectory.keys.flatMap(Self.folderAndAncestors)), by: SitePath.directory)
        var sections: [String: Item] = [:]
        var chainFolders: Set<String> = []
        var chainEntries: [String: Item] = [:]

        func sortKey(_ entry: Entry?, fallback: String) -> (Int, Int, String, String) {
            guard let entry else { return (Int.max, Int.max, fallback.lowercased(), fallback) }
            return (position[entry.source] ?? Int.max, entry.weight ?? Int.max, entry.title.lowercased(), entry.source)
        }
        func section(_ directory: String) -> Item {
            var keyed: [((Int, Int, String, String), Item)] = []
            for entry in byDirectory[directory] ?? [] where SitePath.fileName(of: entry.source) != "index.md" {
                keyed.append((sortKey(entry, fallback: entry.source), Item(title: entry.title, page: entry.source, children: [])))
            }
            for sub in subdirectories[directory] ?? [] where !sub.isEmpty {
                let index = byDirectory[sub]?.first { SitePath.fileName(of: $0.source) == "index.md" }
                keyed.append((sortKey(index, fallback: SitePath.fileName(of: sub)), section(sub)))
            }
            let indexPath = directory.isEmpty ? "index.md" : directory + "/index.md"
            let index = byDirectory[directory]?.first { $0.source == indexPath }
            let item = Item(title: index?.title ?? Self.humanize(directory), page: index?.source,
                            directory: directory, children: keyed.sorted { $0.0 < $1.0 }.map(\.1))
            sections[directory] = item
            guard !directory.isEmpty, item.page == nil, item.children.count == 1, let only = item.children.first,
                  let sub = only.directory else { return item }
            chainFolders.insert(directory)
            let chain = Item(title: item.title + " / " + only.title, page: only.page, directory: sub, children: only.children)
            chainEntries[sub] = chain
            return chain
        }

        let root = section("")
        var top = root.children
        top.insert(Item(title: root.title, page: root.page, directory: "", children: []), at: 0)
        items = top
        self.sections = sections
        self.chainFolders = chainFolders
        self.chainEntries = chainEntries
        var order: [String] = []
        func visit(_ items: [Item]) {
            for item in items {
                if let page = item.page { order.append(page) }
                visit(item.children)
            }
        }
        visit(top)
        self.order = order
        positions = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `admin/people` → ["", "admin", "admin/people"]: a folder and all folders above it.
    static func folderAndAncestors(of directory: String) -> [String] {
        var result = [""]
        var current = ""
        for part in directory.split(separator: "/") {
            current = current.isEmpty ? String(part) : current + "/" + part
            result.append(current)
        }
        return result
    }

    /// A title for a folder without an index page: `getting-started` → `Getting started`.
    static func humanize(_ directory: String) -> String {
        let name = SitePath.fileName(of: directory).replacingDashes()
        guard let first = name.first else { return "Home" }
        return first.uppercased() + name.dropFirst()
    }

    /// The folders above `page`, from the site root down, as (title, folder) pairs. A folder's
    /// own index page does not list its folder.
    func breadcrumbs(for page: String) -> [Item] {
        let directory = SitePath.directory(of: page)
        let isIndex = SitePath.fileName(of: page) == "index.md"
        return Self.folderAndAncestors(of: directory).compactMap { folder in
            if (isIndex && folder == directory) || chainFolders.contains(folder) { return nil }
            return chainEntries[folder] ?? sections[folder]
        }
    }

    func neighbours(of page: String) -> (previous: String?, next: String?) {
        neighbours(of: page) { _ in true }
    }

    /// The nearest pages before and after `page` in reading order that `belongs` accepts: another
    /// language's pages (a folder of their own, somewhere in the order) are stepped over.
    func neighbours(of page: String, where belongs: (String) -> Bool) -> (previous: String?, next: String?) {
        guard let index = positions[page] else { return (nil, nil) }
        return (order[..<index].last(where: belongs), order[(index + 1)...].first(where: belongs))
    }
}

extension String {
    func replacingDashes() -> String {
        String(map { $0 == "-" || $0 == "_" ? " " : $0 })
    }
}
