/// The values a template renders. The tools give typed values (`TemplateValues`), which become
/// `.record`s read field by field as the template asks; `.object` is for values made at run time
/// (the spec suite's data).
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([TemplateValue])
    case object(TemplateObject)
    /// A `TemplateValues` value: only the fields the template names are read, when it names them.
    case record(TemplateRecord)

    /// Mustache's falsiness: null, false and an empty list. An empty string is true, as in
    /// swift-mustache, so that moving the tools to this engine changes no page (the typed
    /// contexts of issue 17 will use optionals where a value may be missing).
    var isFalsey: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .list(let items): items.isEmpty
        case .string, .int, .double, .object, .record: false
        }
    }

    /// The member `name` of an object; nil for anything else (a name is looked up further down the stack).
    func member(_ name: String) -> TemplateValue? {
        switch self {
        case .object(let object): object[name]
        case .record(let record): record.member(name)
        default: nil
        }
    }
}

/// A map with its keys in insertion order, so templates and documentation can list them stably.
public struct TemplateObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: TemplateValue] = [:]

    public init() {}

    public init(_ pairs: [(String, TemplateValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: String) -> TemplateValue? {
        get { values[key] }
        set {
            if newValue != nil, values[key] == nil { keys.append(key) }
            if newValue == nil, values[key] != nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }
}
