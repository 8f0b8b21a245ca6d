/// The values a template renders, for this first slice: a small dynamic type.
///
/// Typed contexts (issue 17) come later; the compiled template already keeps every name it
/// uses with its position (`Template.usedNames`), so they can be checked against a schema then.
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([TemplateValue])
    case object(TemplateObject)

    /// Mustache's falsiness: null, false and an empty list. An empty string is true, as in
    /// swift-mustache, so that moving the tools to this engine changes no page (the typed
    /// contexts of issue 17 will use optionals where a value may be missing).
    var isFalsey: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .list(let items): items.isEmpty
        case .string, .int, .double, .object: false
        }
    }

    /// The member `name` of an object; nil for anything else (a name is looked up further down the stack).
    func member(_ name: String) -> TemplateValue? {
        if case .object(let object) = self { return object[name] }
        return nil
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
