import TemplateEngine

/// An entry of a page listing (`partials/page-list-item`): a folder's pages, a tag's pages.
public struct ListingEntry: TemplateValues, Equatable {
    public var title: String
    public var url: String
    public var description: String?

    public init(title: String, url: String, description: String? = nil) {
        self.title = title
        self.url = url
        self.description = description
    }

    public static let templateSummary = "A page or folder in a listing."

    public static let templateFields: [TemplateField<ListingEntry>] = [
        .text("title", "The page's or folder's title.") { $0.title },
        .text("url", "Where it leads.") { $0.url },
        .optionalText("description", "The page's description, when it has one.") { $0.description },
    ]
}
