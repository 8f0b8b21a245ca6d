/// A Mustache template parsed once, rendered many times.
///
/// Supported spec modules: comments, delimiters, interpolation, sections, inverted, partials and
/// `~inheritance` (parents and blocks: the layouts use them). Not supported: `~lambdas`, because
/// values are data (issue 17 wants every name checked against a type at load time, which code
/// run from a template would defeat), and `~dynamic-names`, which no template here needs.
public struct Template: Sendable {
    public let file: String
    let nodes: [Node]
    let lines: LineTable

    /// Parses `source`; `file` names it in diagnostics (`file:line:column: error: …`). With
    /// `strings`, each `{{t.key}}` tag becomes that language's string (TemplateStrings).
    public init(source: String, file: String, strings: TemplateStrings? = nil) throws(TemplateParseError) {
        let bytes = Array(source.utf8)
        let lines = LineTable(bytes)
        var parser = Parser(bytes: bytes, file: file, lines: lines, strings: strings)
        self.nodes = try parser.parse()
        self.file = file
        self.lines = lines
    }

    /// Renders with `value` as the only context; partials and parents come from `partials`.
    public func render(_ value: TemplateValue, partials: TemplateLibrary = TemplateLibrary()) -> String {
        String(decoding: renderBytes(value, partials: partials), as: UTF8.self)
    }

    /// `escapes: false` renders as after `{{% CONTENT_TYPE: TEXT}}`: plain text, nothing escaped
    /// (strings built in code for mails and logs).
    public func renderBytes(_ value: TemplateValue, partials: TemplateLibrary = TemplateLibrary(), escapes: Bool = true) -> [UInt8] {
        var renderer = Renderer(library: partials, stack: [value], escapes: escapes)
        renderer.render(nodes, overrides: [:])
        return renderer.output
    }
}

/// Templates by the name partial and parent tags use (`{{>name}}`, `{{<name}}`).
public struct TemplateLibrary: Sendable {
    public var templates: [String: Template]
    /// Names `parse` could not parse (their problems were reported then): the load-time check
    /// does not report them again as missing wherever they are used.
    public var unparsed: Set<String> = []

    public init(_ templates: [String: Template] = [:]) {
        self.templates = templates
    }

    public subscript(name: String) -> Template? {
        get { templates[name] }
        set { templates[name] = newValue }
    }
}
