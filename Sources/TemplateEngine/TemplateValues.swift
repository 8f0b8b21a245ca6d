/// A Swift value type that a template receives: it lists its fields once, and from that list come
/// the values rendered, the load-time check of every name a template uses, and the reference
/// documentation (docs/templates.md). A template can use nothing a type does not list.
public protocol TemplateValues: Sendable {
    /// Every name the template may use, in the order the documentation lists them.
    static var templateFields: [TemplateField<Self>] { get }
    /// One sentence on what the value is, for the documentation.
    static var templateSummary: String { get }
}

extension TemplateValues {
    public static var templateSummary: String { "" }

    /// The shape the load-time check and the documentation see.
    public static var shape: ObjectShape {
        ObjectShape(name: typeName, summary: templateSummary) {
            templateFields.map { FieldShape(name: $0.name, summary: $0.summary, type: $0.type, includedFrom: $0.includedFrom?()) }
        }
    }

    /// The type's name without its module, keeping the enclosing type of a nested one
    /// (`SidebarEntry.More`), so that the documentation's names are unambiguous.
    static var typeName: String {
        let full = String(reflecting: Self.self)
        guard let dot = full.firstIndex(of: ".") else { return full }
        return String(full[full.index(after: dot)...])
    }

    /// The value the renderer walks. Every field is present (an absent optional is null), so a
    /// name never falls through to an enclosing section's value of the same name.
    public var templateValue: TemplateValue {
        .record(TemplateRecord(self))
    }
}

/// One field of a `TemplateValues` type: its name, what it holds and how to read it.
public struct TemplateField<Root>: Sendable {
    public let name: String
    public let summary: String
    public let type: ValueType
    let value: @Sendable (Root) -> TemplateValue
    /// The shape of the type this field was included from, made on demand like nested fields.
    let includedFrom: (@Sendable () -> ObjectShape)?

    init(_ name: String, _ summary: String, _ type: ValueType, includedFrom: (@Sendable () -> ObjectShape)? = nil,
         _ value: @escaping @Sendable (Root) -> TemplateValue) {
        self.name = name
        self.summary = summary
        self.type = type
        self.includedFrom = includedFrom
        self.value = value
    }

    public static func text(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> String) -> Self {
        Self(name, summary, .text) { .string(get($0)) }
    }

    public static func optionalText(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> String?) -> Self {
        Self(name, summary, .optional(.text)) { get($0).map(TemplateValue.string) ?? .null }
    }

    public static func html(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> String) -> Self {
        Self(name, summary, .html) { .string(get($0)) }
    }

    public static func number(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> Int) -> Self {
        Self(name, summary, .number) { .int(get($0)) }
    }

    public static func flag(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> Bool) -> Self {
        Self(name, summary, .flag) { .bool(get($0)) }
    }

    public static func textList(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> [String]) -> Self {
        Self(name, summary, .list(.text)) { .list(get($0).map(TemplateValue.string)) }
    }

    public static func list<Item: TemplateValues>(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> [Item]) -> Self {
        Self(name, summary, .list(.object(Item.shape))) { .list(get($0).map(\.templateValue)) }
    }

    public static func object<Item: TemplateValues>(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> Item) -> Self {
        Self(name, summary, .object(Item.shape)) { get($0).templateValue }
    }

    public static func optionalObject<Item: TemplateValues>(_ name: String, _ summary: String, _ get: @escaping @Sendable (Root) -> Item?) -> Self {
        Self(name, summary, .optional(.object(Item.shape))) { get($0)?.templateValue ?? .null }
    }

    /// Another type's fields as this type's own: every page type includes the layout's this way.
    public static func include<Part: TemplateValues>(_ get: @escaping @Sendable (Root) -> Part) -> [Self] {
        Part.templateFields.map { field in
            Self(field.name, field.summary, field.type, includedFrom: field.includedFrom ?? { Part.shape }) { field.value(get($0)) }
        }
    }
}

extension TemplateLibrary {
    /// Renders the template `name` with this library's partials; nil when there is no such template.
    public func render(_ name: String, _ values: some TemplateValues) -> String? {
        self[name]?.render(values, partials: self)
    }
}

extension Template {
    /// Renders `values` (the type the template was checked against) with `partials`.
    public func render(_ values: some TemplateValues, partials: TemplateLibrary = TemplateLibrary()) -> String {
        render(values.templateValue, partials: partials)
    }
}

/// A typed value as the renderer sees it. Building a whole object tree per page cost three times
/// the rendering (bench/template-engine-own.sh), so fields are read only when a tag names them.
public struct TemplateRecord: Sendable, Equatable {
    private let box: RecordBox

    init<Values: TemplateValues>(_ values: Values) {
        box = TypedRecordBox(values)
    }

    func member(_ name: String) -> TemplateValue? {
        box.member(name)
    }

    /// Every field, read: for comparing records in tests.
    public var fields: TemplateObject { box.fields }

    public static func == (lhs: TemplateRecord, rhs: TemplateRecord) -> Bool {
        lhs.fields == rhs.fields
    }
}

/// One allocation per record; the subclass knows the value's type.
class RecordBox: @unchecked Sendable {
    func member(_ name: String) -> TemplateValue? { nil }
    var fields: TemplateObject { TemplateObject() }
}

/// Immutable after init (a `let` of a Sendable value), hence safe to share between threads.
final class TypedRecordBox<Values: TemplateValues>: RecordBox, @unchecked Sendable {
    let values: Values

    init(_ values: Values) {
        self.values = values
    }

    /// A linear search: a type has a few dozen fields, and short names compare in one step.
    override func member(_ name: String) -> TemplateValue? {
        for field in Values.templateFields where field.name == name { return field.value(values) }
        return nil
    }

    override var fields: TemplateObject {
        TemplateObject(Values.templateFields.map { ($0.name, $0.value(values)) })
    }
}
