/// A parsed template: text runs and tags, each tag with its byte offset in the source for
/// diagnostics and name listings. Sections, parents and blocks hold their children.
indirect enum Node: Sendable {
    /// Source bytes output as they are (standalone-tag lines already removed).
    case text([UInt8])
    /// A translated string's literal text (`{{t.key}}`, TemplateStrings): `escaped` where the
    /// template escapes at that point, `raw` after `{{% CONTENT_TYPE: TEXT}}`.
    case localized(raw: [UInt8], escaped: [UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (raw). An empty path is `.`.
    case variable(path: [String], escaped: Bool, offset: Int)
    /// `{{#name}}…{{/name}}` or, inverted, `{{^name}}…{{/name}}`.
    case section(path: [String], inverted: Bool, children: [Node], offset: Int)
    /// `{{>name}}`; `indent` is the whitespace before a standalone partial tag, added to each of its lines.
    case partial(name: String, indent: [UInt8], offset: Int)
    /// `{{<name}}…{{/name}}`: render `name` with these blocks overriding its own; `overrides`
    /// are the same `.block` nodes in source order, for name listings.
    case parent(name: String, indent: [UInt8], blocks: [String: [Node]], overrides: [Node], offset: Int)
    /// `{{% CONTENT_TYPE: TEXT}}` (or `HTML`), swift-mustache's pragma, which the mail templates use:
    /// whether the variables after it, here and in the partials it includes, are HTML-escaped.
    case contentType(escapes: Bool)
    /// `{{$name}}default{{/name}}`: a place a parent's caller may fill. An override is given
    /// `indent` at each line's start (from the first line too when the tag is standalone).
    case block(name: String, children: [Node], indent: [UInt8], standalone: Bool, offset: Int)
}
