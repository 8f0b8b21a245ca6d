import TemplateEngine

/// What `Templates/404.mustache` receives: only the layout's values. Its links start from the
/// base URL's path, since the web server serves it at any missing address.
public struct NotFoundValues: TemplateValues {
    public var layout: Layout

    public init(layout: Layout) {
        self.layout = layout
    }

    public static let templateSummary = "The page served for a missing address."

    public static let templateFields: [TemplateField<NotFoundValues>] = TemplateField.include { $0.layout }
}
