import Testing
import TemplateEngine

/// `usedNames` lists every tag's name with its position and use, for a later check against a type.
@Suite struct NameUsageTests {
    @Test func listsEveryNameInSourceOrder() throws {
        let source = """
            {{<layout}}
            {{$main}}
            <h1>{{title}}</h1>
            {{#tags}}{{{.}}}{{/tags}}{{^tags}}none{{/tags}}
            {{>footer}}{{page.author.name}}
            {{/main}}
            {{/layout}}
            """
        let template = try Template(source: source, file: "page.mustache")
        let names = template.usedNames.map { "\($0.position): \($0.kind) \($0.path.joined(separator: ".")) depth \($0.sectionDepth)" }
        #expect(names == [
            "page.mustache:1:1: parent layout depth 0",
            "page.mustache:2:1: block main depth 0",
            "page.mustache:3:5: variable title depth 0",
            "page.mustache:4:1: section tags depth 0",
            "page.mustache:4:10: rawVariable  depth 1",
            "page.mustache:4:26: invertedSection tags depth 0",
            "page.mustache:5:1: partial footer depth 0",
            "page.mustache:5:12: variable page.author.name depth 0",
        ])
    }
}
