import TemplateEngine

/// What `Templates/partials/sidebar.mustache` receives: the guide's navigation on guide pages, a
/// flat list of links on the endpoint's pages. Rendered once per distinct sidebar, then given to
/// the layout as `sidebarHTML`.
public struct Sidebar: TemplateValues {
    public var items: [SidebarEntry]

    public init(items: [SidebarEntry]) {
        self.items = items
    }

    public static let templateSummary = "The sidebar's entries."

    public static let templateFields: [TemplateField<Sidebar>] = [
        .list("items", "The entries at the top level.") { $0.items },
    ]
}

/// One entry of the sidebar; an open folder's entry holds its own entries.
public struct SidebarEntry: TemplateValues {
    public var title: String
    public var url: String
    public var current: Bool
    public var open: Bool
    public var children: [SidebarEntry]
    /// Set instead of `children` when the folder has too many entries to list.
    public var more: More?

    public init(title: String, url: String, current: Bool = false, open: Bool = false, children: [SidebarEntry] = [], more: More? = nil) {
        self.title = title
        self.url = url
        self.current = current
        self.open = open
        self.children = children
        self.more = more
    }

    /// A folder too large to list: how many entries it has and where its listing page is.
    public struct More: TemplateValues {
        public var count: Int
        public var url: String

        public init(count: Int, url: String) {
            self.count = count
            self.url = url
        }

        public static let templateSummary = "A folder with too many entries to list in the sidebar."

        public static let templateFields: [TemplateField<More>] = [
            .number("count", "How many entries the folder has.") { $0.count },
            .text("url", "The folder's listing page.") { $0.url },
        ]
    }

    public static let templateSummary = "An entry of the sidebar: a page, or a folder with its own entries."

    public static let templateFields: [TemplateField<SidebarEntry>] = [
        .text("title", "The entry's title.") { $0.title },
        .text("url", "Where it leads.") { $0.url },
        .flag("current", "Whether it is the page being shown.") { $0.current },
        .flag("open", "Whether it is a folder that holds the page being shown.") { $0.open },
        .flag("hasChildren", "Whether `children` has entries.") { !$0.children.isEmpty },
        .list("children", "An open folder's entries.") { $0.children },
        .optionalObject("more", "Set when the open folder has too many entries to list.") { $0.more },
    ]
}
