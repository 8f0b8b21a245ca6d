import TemplateEngine

/// What `Templates/tag.mustache` receives: the page of one tag, listing the pages that carry it.
public struct TagValues: TemplateValues {
    public var layout: Layout
    public var tag: String
    public var pages: [ListingEntry]

    public init(layout: Layout, tag: String, pages: [ListingEntry]) {
        self.layout = layout
        self.tag = tag
        self.pages = pages
    }

    public static let templateSummary = "The page of one tag."

    public static let templateFields: [TemplateField<TagValues>] = TemplateField.include { $0.layout } + [
        .text("tag", "The tag.") { $0.tag },
        .list("pages", "The pages that carry the tag.") { $0.pages },
    ]
}
