import TemplateEngine

/// What `Templates/tags.mustache` receives: the index of every tag.
public struct TagsValues: TemplateValues {
    public var layout: Layout
    public var tags: [Entry]

    public init(layout: Layout, tags: [Entry]) {
        self.layout = layout
        self.tags = tags
    }

    /// A tag with the number of pages that carry it.
    public struct Entry: TemplateValues, Equatable {
        public var name: String
        public var url: String
        public var count: Int

        public init(name: String, url: String, count: Int) {
            self.name = name
            self.url = url
            self.count = count
        }

        public static let templateSummary = "A tag in the tag index."

        public static let templateFields: [TemplateField<Entry>] = [
            .text("name", "The tag.") { $0.name },
            .text("url", "The tag's page.") { $0.url },
            .number("count", "How many pages carry it.") { $0.count },
            .flag("single", "Whether exactly one page carries it (for “1 page”).") { $0.count == 1 },
        ]
    }

    public static let templateSummary = "The index of every tag."

    public static let templateFields: [TemplateField<TagsValues>] = TemplateField.include { $0.layout } + [
        .list("tags", "Every tag, in name order.") { $0.tags },
    ]
}
