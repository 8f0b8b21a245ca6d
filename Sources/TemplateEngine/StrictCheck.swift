extension TemplateLibrary {
    /// Checks the template `name`, with the partials and parents it uses, against the type it
    /// will be rendered with: every problem at once, sorted by position, before anything renders.
    /// `file` names the template in the problem when it does not exist.
    public func check(_ name: String, against shape: ObjectShape, file: String = "") -> [TemplateProblem] {
        guard let template = self[name] else {
            let where_ = SourcePosition(file: file.isEmpty ? name + ".mustache" : file, line: 0, column: 0)
            return [TemplateProblem("missing template '\(name)'", at: where_)]
        }
        var checker = StrictChecker(library: self, root: shape)
        checker.include(template, named: name, kind: "template", at: nil)
        return Array(Set(checker.problems)).sorted()
    }

    /// `check` for a `TemplateValues` type.
    public func check<Values: TemplateValues>(_ name: String, against type: Values.Type, file: String = "") -> [TemplateProblem] {
        check(name, against: Values.shape, file: file)
    }
}

/// Walks a template the way the renderer would, but over the types of the values instead of
/// values: the context stack holds what each section pushed, so every name is resolved the way
/// Mustache will resolve it, and every partial and parent is checked where it is included.
struct StrictChecker {
    let library: TemplateLibrary
    var problems: [TemplateProblem] = []

    /// What a section pushed; `descends` when it came from the value on top of the stack, which
    /// is what lets a partial include itself without repeating forever (the sidebar's folders).
    private struct Scope {
        /// nil after a name that could not be resolved: names inside are not reported again.
        var type: ValueType?
        var descends: Bool
    }

    private struct Inclusion {
        var name: String
        var scopeCount: Int
        var top: String
    }

    /// A block that a `{{<parent}}` tag fills, with the template it was written in.
    struct Override {
        var nodes: [Node]
        var template: Template
    }

    private var scopes: [Scope]
    private var includes: [Inclusion] = []
    private var escapes = true
    /// Block names met while checking each parent being checked (innermost last).
    private var blocksMet: [Set<String>] = []
    /// Inclusions already checked in the same context: a partial used twice in the same place is
    /// checked once, which keeps the check linear on templates that fan out.
    private var checked: Set<String> = []
    private var fieldsByShape: [String: [String: FieldShape]] = [:]
    /// Partials and parents nest at most this deep; deeper nesting is reported, not followed.
    static let maximumInclusions = 64

    init(library: TemplateLibrary, root: ObjectShape) {
        self.library = library
        self.scopes = [Scope(type: .object(root), descends: false)]
    }

    // MARK: Templates

    mutating func include(_ template: Template, named name: String, kind: String, at tag: (Template, Int)?,
                          overrides: [String: Override] = [:]) {
        if let earlier = includes.lastIndex(where: { $0.name == name }) {
            let since = scopes[includes[earlier].scopeCount...]
            if !since.isEmpty && since.allSatisfy(\.descends) {
                // Recursion into the value's own items ends with the data; check again only if
                // the item is of another type than last time.
                if includes[earlier].top == topSignature { return }
            } else if let (holder, offset) = tag {
                let chain = (includes[earlier...].map(\.name) + [name]).joined(separator: " → ")
                report("\(kind) cycle: \(chain) never ends; include '\(name)' only inside a section over the current item's own list",
                       in: holder, at: offset)
                return
            }
        }
        if includes.count >= Self.maximumInclusions, let (holder, offset) = tag {
            report("partials and parents nest more than \(Self.maximumInclusions) deep", in: holder, at: offset)
            return
        }
        let key = name + "\u{0}" + contextSignature + "\u{0}" + overrides.keys.sorted().joined(separator: ",")
            + (escapes ? "" : "\u{0}text")
        guard checked.insert(key).inserted else { return }
        includes.append(Inclusion(name: name, scopeCount: scopes.count, top: topSignature))
        let savedEscapes = escapes
        check(template.nodes, in: template, overrides: overrides)
        escapes = savedEscapes
        includes.removeLast()
    }

    private mutating func check(_ nodes: [Node], in template: Template, overrides: [String: Override]) {
        for node in nodes {
            switch node {
            case .text, .localized:
                break
            case .contentType(let escapes):
                self.escapes = escapes
            case .variable(let path, let escaped, let offset):
                checkVariable(path, escaped: escaped, in: template, at: offset)
            case .section(let path, let inverted, let children, let offset):
                checkSection(path, inverted: inverted, children, in: template, at: offset, overrides: overrides)
            case .partial(let name, _, let offset):
                guard let partial = find(name, kind: "partial", in: template, at: offset) else { continue }
                include(partial, named: name, kind: "partial", at: (template, offset), overrides: overrides)
            case .parent(let name, _, let blocks, let fills, let offset):
                guard let parent = find(name, kind: "parent", in: template, at: offset) else { continue }
                var merged = overrides
                for (block, nodes) in blocks where merged[block] == nil { merged[block] = Override(nodes: nodes, template: template) }
                blocksMet.append([])
                include(parent, named: name, kind: "parent", at: (template, offset), overrides: merged)
                let met = blocksMet.removeLast()
                for case .block(let block, _, _, _, let blockOffset) in fills where !met.contains(block) {
                    let hint = suggestion(for: block, among: Self.blockNames(in: parent))
                    report("block '\(block)' fills nothing: '\(name)' has no block of that name\(hint)", in: template, at: blockOffset)
                }
            case .block(let name, let children, _, _, _):
                if !blocksMet.isEmpty { blocksMet[blocksMet.count - 1].insert(name) }
                if let override = overrides[name] {
                    check(override.nodes, in: override.template, overrides: overrides)
                } else {
                    check(children, in: template, overrides: overrides)
                }
            }
        }
    }

    private mutating func find(_ name: String, kind: String, in template: Template, at offset: Int) -> Template? {
        if let found = library[name] { return found }
        if library.unparsed.contains(name) { return nil }
        let hint = suggestion(for: name, among: Array(library.templates.keys))
        report("no template '\(name)' for this \(kind)\(hint)", in: template, at: offset)
        return nil
    }

    // MARK: Tags

    private mutating func checkVariable(_ path: [String], escaped: Bool, in template: Template, at offset: Int) {
        guard let (type, _) = resolve(path, in: template, at: offset), let type else { return }
        let name = Self.display(path)
        switch type {
        case .list, .object, .optional(.list), .optional(.object):
            report("'\(name)' is \(Self.withArticle(type.summary)), which has no text to output; use {{#\(name)}}…{{/\(name)}}", in: template, at: offset)
        case .flag, .optional(.flag):
            report("'\(name)' is a flag, which has no text to output; use {{#\(name)}}…{{/\(name)}}", in: template, at: offset)
        case .html, .optional(.html):
            if escaped && escapes {
                report("'\(name)' is HTML: write {{{\(name)}}} to output it as markup", in: template, at: offset)
            }
        case .text, .optional(.text):
            if !escaped && escapes {
                report("'\(name)' is text: write {{\(name)}} so that it is escaped", in: template, at: offset)
            }
        case .number, .optional:
            break
        }
    }

    private mutating func checkSection(_ path: [String], inverted: Bool, _ children: [Node], in template: Template,
                                       at offset: Int, overrides: [String: Override]) {
        let savedEscapes = escapes
        defer { escapes = savedEscapes }
        guard let (type, onTop) = resolve(path, in: template, at: offset) else {
            scopes.append(Scope(type: nil, descends: false))
            check(children, in: template, overrides: overrides)
            scopes.removeLast()
            return
        }
        let name = Self.display(path)
        var pushed: ValueType?
        switch type {
        case nil, .flag?:
            pushed = nil
        case .list(let item)?, .optional(let item)?:
            pushed = item
        case let other?:
            let tag = inverted ? "an inverted section" : "a section"
            report("\(tag) over '\(name)', which is \(other.summary) and always present: a section needs a list, a flag or an optional value",
                   in: template, at: offset)
            pushed = other
        }
        if inverted || pushed == nil && type != nil {
            check(children, in: template, overrides: overrides)
            return
        }
        scopes.append(Scope(type: pushed, descends: onTop))
        check(children, in: template, overrides: overrides)
        scopes.removeLast()
    }

    // MARK: Names

    /// The type `path` has where it is used, and whether it was found on top of the stack; nil
    /// (after a report) when it names nothing. The inner optional is nil when the name cannot be
    /// judged because an enclosing section's name was unknown.
    private mutating func resolve(_ path: [String], in template: Template, at offset: Int) -> (ValueType?, Bool)? {
        guard let first = path.first else { return (scopes.last?.type, true) }
        var found: ValueType
        var onTop: Bool
        if first.isEmpty {
            guard path.count > 1 else { return (scopes.last?.type, true) }
            guard let top = scopes.last?.type else { return (nil, true) }
            guard let field = Self.object(top).flatMap({ field(path[1], in: $0) }) else {
                let hint = suggestion(for: path[1], among: Self.object(top)?.fields.map(\.name) ?? [])
                report("unknown value '\(path[1])' in the current \(top.summary)\(hint)", in: template, at: offset)
                return nil
            }
            found = field.type
            onTop = true
            return walk(path.dropFirst(2), from: found, onTop: onTop, shown: "." + path[1], in: template, at: offset)
        }
        var hit: (ValueType, Bool)?
        for (index, scope) in scopes.enumerated().reversed() {
            guard let type = scope.type else { return (nil, false) }
            if let field = Self.object(type).flatMap({ field(first, in: $0) }) {
                hit = (field.type, index == scopes.count - 1)
                break
            }
        }
        guard let hit else {
            let visible = scopes.compactMap { $0.type.flatMap(Self.object) }.flatMap { $0.fields.map(\.name) }
            report("unknown value '\(first)'\(suggestion(for: first, among: visible))", in: template, at: offset)
            return nil
        }
        (found, onTop) = hit
        return walk(path.dropFirst(), from: found, onTop: onTop, shown: first, in: template, at: offset)
    }

    /// The rest of a dotted name, inside what its first part found.
    private mutating func walk(_ rest: ArraySlice<String>, from start: ValueType, onTop: Bool, shown: String,
                               in template: Template, at offset: Int) -> (ValueType?, Bool)? {
        var found = start
        var shown = shown
        for part in rest {
            guard let shape = Self.object(found) else {
                report("'\(shown)' is \(found.summary) and has no value '\(part)'", in: template, at: offset)
                return nil
            }
            guard let field = field(part, in: shape) else {
                let hint = suggestion(for: part, among: shape.fields.map(\.name))
                report("unknown value '\(part)' in '\(shown)' (\(shape.name))\(hint)", in: template, at: offset)
                return nil
            }
            found = field.type
            shown += "." + part
        }
        return (found, onTop)
    }

    /// A shape's field by name. Shapes make their fields on demand (so that a type may contain
    /// itself), which is too costly to repeat for every name a template uses: each shape's fields
    /// are made once per check.
    private mutating func field(_ name: String, in shape: ObjectShape) -> FieldShape? {
        if let fields = fieldsByShape[shape.name] { return fields[name] }
        let fields = Dictionary(shape.fields.map { ($0.name, $0) }) { first, _ in first }
        fieldsByShape[shape.name] = fields
        return fields[name]
    }

    private static func object(_ type: ValueType) -> ObjectShape? {
        switch type {
        case .object(let shape), .optional(.object(let shape)): shape
        default: nil
        }
    }

    private static func withArticle(_ summary: String) -> String {
        (summary.first.map { "aeiouAEIOU".contains($0) } ?? false ? "an " : "a ") + summary
    }

    private static func display(_ path: [String]) -> String {
        path.isEmpty ? "." : path.joined(separator: ".")
    }

    private var topSignature: String {
        scopes.last?.type?.summary ?? "?"
    }

    private var contextSignature: String {
        scopes.map { ($0.type?.summary ?? "?") + ($0.descends ? "+" : "") }.joined(separator: "/")
    }

    /// Blocks a parent offers: its own and those of the parents it extends.
    private static func blockNames(in template: Template) -> [String] {
        template.usedNames.filter { $0.kind == .block }.map { $0.path.joined() }
    }

    // MARK: Reporting

    private mutating func report(_ message: String, in template: Template, at offset: Int) {
        problems.append(TemplateProblem(message, at: template.lines.position(of: offset, in: template.file)))
    }

    private func suggestion(for name: String, among candidates: [String]) -> String {
        guard let best = Suggestion.closest(to: name, among: candidates) else { return "" }
        return " (did you mean '\(best)'?)"
    }
}
