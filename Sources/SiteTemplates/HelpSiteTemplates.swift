import TemplateEngine

/// The templates `helpsite` renders itself (partials are reached through them), each with the type
/// it receives: the load-time check runs each against its type, and docs/templates.md lists them.
public enum HelpSiteTemplates {
    public static let roots: [(name: String, shape: ObjectShape)] = [
        ("page", PageValues.shape),
        ("section", SectionValues.shape),
        ("tag", TagValues.shape),
        ("tags", TagsValues.shape),
        ("404", NotFoundValues.shape),
        ("alias", AliasValues.shape),
        ("print", PrintValues.shape),
        ("partials/sidebar", Sidebar.shape),
    ]
}
