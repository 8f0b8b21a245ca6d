import TemplateEngine

/// What `Templates/section.mustache` receives: the listing page of a folder without an index.md.
public struct SectionValues: TemplateValues {
    public var layout: Layout
    public var children: [ListingEntry]

    public init(layout: Layout, children: [ListingEntry]) {
        self.layout = layout
        self.children = children
    }

    public static let templateSummary = "The listing page of a folder that has no index.md."

    public static let templateFields: [TemplateField<SectionValues>] = TemplateField.include { $0.layout } + [
        .flag("hasChildren", "Whether the folder has pages or subfolders.") { !$0.children.isEmpty },
        .list("children", "The folder's pages and subfolders.") { $0.children },
    ]
}
