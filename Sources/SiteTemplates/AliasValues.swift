import TemplateEngine

/// What `Templates/alias.mustache` receives: a redirect left at a page's old address (`aliases:`).
/// It does not use the layout.
public struct AliasValues: TemplateValues, Equatable {
    public var language: String
    public var title: String
    public var url: String
    public var canonical: String

    public init(language: String, title: String, url: String, canonical: String) {
        self.language = language
        self.title = title
        self.url = url
        self.canonical = canonical
    }

    public static let templateSummary = "A redirect from a page's old address to the page."

    public static let templateFields: [TemplateField<AliasValues>] = [
        .text("language", "The language code of `<html lang>`: the page's language (`site.language` for the default language's pages).") { $0.language },
        .text("title", "The title of the page it leads to.") { $0.title },
        .text("url", "The page it leads to, relative to the old address.") { $0.url },
        .text("canonical", "The page's absolute URL.") { $0.canonical },
    ]
}
