/// What a name in a template holds, as the load-time check and the reference documentation see it.
/// Built from the Swift types that templates receive (`TemplateValues`), never written by hand.
public indirect enum ValueType: Sendable {
    /// A string, HTML-escaped by `{{name}}`.
    case text
    /// An integer.
    case number
    /// Markup the tools made safe (the page body, the sidebar): only `{{{name}}}` outputs it as is.
    case html
    /// `{{#name}}…{{/name}}` renders when true, `{{^name}}…{{/name}}` when false.
    case flag
    /// Present or absent: a section over it renders once when present, with the value as `.`.
    case optional(ValueType)
    /// A section renders once per item, with the item as `.`.
    case list(ValueType)
    /// Named values, looked up by `{{name}}` inside a section over it or as `{{object.name}}`.
    case object(ObjectShape)

    /// How the reference documentation and diagnostics name the kind of value.
    public var summary: String {
        switch self {
        case .text: "text"
        case .number: "number"
        case .html: "HTML"
        case .flag: "flag"
        case .optional(let wrapped): "optional \(wrapped.summary)"
        case .list(let item): "list of \(item.plural)"
        case .object(let shape): shape.name
        }
    }

    private var plural: String {
        switch self {
        case .text: "texts"
        case .number: "numbers"
        case .html: "HTML fragments"
        case .flag: "flags"
        case .optional(let wrapped): "optional \(wrapped.plural)"
        case .list(let item): "lists of \(item.plural)"
        case .object(let shape): shape.name
        }
    }
}

/// The names an object offers, with what each holds. Fields are made on demand so that a shape
/// may contain itself (a sidebar entry's children are sidebar entries).
public struct ObjectShape: Sendable {
    public let name: String
    public let summary: String
    private let makeFields: @Sendable () -> [FieldShape]

    public init(name: String, summary: String, fields: @escaping @Sendable () -> [FieldShape]) {
        self.name = name
        self.summary = summary
        self.makeFields = fields
    }

    public var fields: [FieldShape] { makeFields() }

    public func field(_ name: String) -> FieldShape? {
        fields.first { $0.name == name }
    }
}

/// One name of an object.
public struct FieldShape: Sendable {
    public let name: String
    public let summary: String
    public let type: ValueType
    /// The type whose fields were included (`TemplateField.include`), for the documentation.
    public let includedFrom: ObjectShape?

    public init(name: String, summary: String, type: ValueType, includedFrom: ObjectShape? = nil) {
        self.name = name
        self.summary = summary
        self.type = type
        self.includedFrom = includedFrom
    }
}
