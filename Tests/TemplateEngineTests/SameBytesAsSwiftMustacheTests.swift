import Foundation
import Mustache
import Testing
import TemplateEngine

/// Every template under Templates/ rendered by both engines over values made from the names the
/// template uses: the bytes must be the same, so that moving helpsite and resetlink later changes
/// no output. Each name gets a string with all five escaped characters; a name used only as a
/// section gets a list of two items that carry every name again, or, in the second run, true.
@Suite struct SameBytesAsSwiftMustacheTests {
    static let names: [String] = (try? RepositoryTemplateTests.library().templates.keys.sorted()) ?? []

    @Test(arguments: names, [false, true]) func sameBytes(_ name: String, sectionsTrue: Bool) throws {
        let library = try RepositoryTemplateTests.library()
        let template = try #require(library[name])
        let value = Self.value(for: library, sectionsTrue: sectionsTrue)
        var mustache = MustacheLibrary()
        for (other, own) in library.templates {
            let source = try String(contentsOf: RepositoryTemplateTests.root.appendingPathComponent(String(own.file.dropFirst("Templates/".count))), encoding: .utf8)
            mustache.register(try MustacheTemplate(string: source), named: other)
        }
        let expected = mustache.render(Self.any(value), withTemplate: name)
        #expect(template.render(value, partials: library) == expected)
    }

    /// What is true and false in a section, and how each kind of value prints, as swift-mustache does.
    @Test func truthAndPrintingAsSwiftMustache() throws {
        let source = "{{#e}}[{{e}}]{{/e}}{{^e}}no{{/e}}|{{#z}}{{z}}{{/z}}|{{#n}}x{{/n}}{{^n}}none{{/n}}|{{#l}}x{{/l}}{{^l}}empty{{/l}}|{{t}} {{f}} {{i}} {{d}}"
        let value = TemplateValue.object(TemplateObject([
            ("e", .string("")), ("z", .int(0)), ("n", .null), ("l", .list([])), ("t", .bool(true)), ("f", .bool(false)),
            ("i", .int(-12)), ("d", .double(1.5)),
        ]))
        let ours = try Template(source: source, file: "t").render(value)
        let theirs = MustacheLibrary(templates: ["t": try MustacheTemplate(string: source)]).render(Self.any(value), withTemplate: "t")
        #expect(ours == theirs)
        #expect(ours == "[]|0|none|empty|true false -12 1.5")
    }

    /// Values for every name any template uses.
    static func value(for library: TemplateLibrary, sectionsTrue: Bool) -> TemplateValue {
        var variables: Set<String> = []
        var sections: Set<String> = []
        var stringLists: Set<String> = []
        for template in library.templates.values {
            var open: [String] = []
            for use in template.usedNames {
                open = Array(open.prefix(use.sectionDepth))
                if use.kind == .section || use.kind == .invertedSection, let last = use.path.last { open.append(last) }
                guard let last = use.path.last else {
                    // `{{.}}` in a section: that section iterates over strings.
                    if let section = open.last { stringLists.insert(section) }
                    continue
                }
                switch use.kind {
                case .variable, .rawVariable: variables.insert(last)
                case .section, .invertedSection: sections.insert(last)
                case .partial, .parent, .block: break
                }
            }
        }
        func item(_ suffix: String) -> TemplateObject {
            TemplateObject(variables.sorted().map { ($0, .string("\($0) <&> 'single' \"double\" \(suffix)")) })
        }
        var root = item("root")
        for name in sections.subtracting(variables).sorted() {
            root[name] = sectionsTrue ? .bool(true) : .list([.object(item("one")), .object(item("two"))])
        }
        // The sidebar and toc partials include themselves under {{#.children}}: over true, endlessly.
        if sectionsTrue { root["children"] = .list([]) }
        for name in stringLists.subtracting(variables).sorted() {
            root[name] = .list([.string("first <&> 'single' \"double\""), .string("second")])
        }
        return .object(root)
    }

    /// The same values as swift-mustache takes them.
    static func any(_ value: TemplateValue) -> Any {
        switch value {
        case .null: return Optional<String>.none as Any
        case .bool(let flag): return flag
        case .int(let number): return number
        case .double(let number): return number
        case .string(let text): return text
        case .list(let items): return items.map(any)
        case .object(let object):
            var map: [String: Any] = [:]
            // A null member is left out: a boxed nil is a value to swift-mustache, true in a section.
            for key in object.keys where object[key] != .null { map[key] = object[key].map(any) }
            return map
        case .record(let record):
            return any(.object(record.fields))
        }
    }
}
