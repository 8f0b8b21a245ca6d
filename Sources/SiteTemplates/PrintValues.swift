import TemplateEngine

/// What `Templates/print.mustache` receives: a print view, several pages of the guide in reading
/// order in one file (`print.html` for the whole guide, `FOLDER/print.html` for a folder).
public struct PrintValues: TemplateValues {
    public var layout: Layout
    public var pages: [PrintPage]
    /// Set on a folder's view: the whole guide's view.
    public var wholeGuideURL: String?

    public init(layout: Layout, pages: [PrintPage], wholeGuideURL: String? = nil) {
        self.layout = layout
        self.pages = pages
        self.wholeGuideURL = wholeGuideURL
    }

    public static let templateSummary = "A print view: several pages of the guide in reading order, in one file."

    public static let templateFields: [TemplateField<PrintValues>] = TemplateField.include { $0.layout } + [
        .list("pages", "The pages, in the sidebar's order.") { $0.pages },
        .optionalText("wholeGuideURL", "On a folder's print view: the whole guide's print view.") { $0.wholeGuideURL },
    ]
}

/// A page inside a print view.
public struct PrintPage: TemplateValues, Equatable {
    public var id: String
    public var href: String
    public var title: String
    public var description: String?
    /// The page's body, rendered for the view: its ids and links are the view's.
    public var content: String
    /// How deep the page sits below the view's folder (0 at its top), for indenting the contents.
    public var depth: Int

    public init(id: String, href: String, title: String, description: String? = nil, content: String, depth: Int = 0) {
        self.id = id
        self.href = href
        self.title = title
        self.description = description.flatMap { $0.isEmpty ? nil : $0 }
        self.content = content
        self.depth = depth
    }

    public static let templateSummary = "A page in a print view."

    public static let templateFields: [TemplateField<PrintPage>] = [
        .text("id", "The id of the page's `<article>` (`/admin/index`); its headings' ids start with it and `:`.") { $0.id },
        .text("href", "The in-page link to the page (`#/admin/index`).") { $0.href },
        .text("title", "The page's title.") { $0.title },
        .optionalText("description", "The page's description, when it has one.") { $0.description },
        .html("content", "The page's body, rendered from Markdown for the view.") { $0.content },
        .number("depth", "How deep the page sits below the view's folder: 0, 1, 2…") { $0.depth },
    ]
}
