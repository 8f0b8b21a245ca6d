import Testing
import TemplateEngine

/// Parse errors are typed and say `file:line:column: error: …`.
@Suite struct ParseErrorTests {
    private func diagnostic(_ source: String) -> String? {
        do {
            _ = try Template(source: source, file: "Templates/page.mustache")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unclosedSection() {
        #expect(diagnostic("a\n  {{#items}}\n{{name}}\n")
            == "Templates/page.mustache:2:3: error: section 'items' is never closed")
    }

    @Test func mismatchedClose() {
        #expect(diagnostic("{{#a}}\n{{#b}}x{{/a}}\n")
            == "Templates/page.mustache:2:8: error: '{{/a}}' does not close the open section 'b'")
        #expect(diagnostic("x\n{{/a}}") == "Templates/page.mustache:2:1: error: '{{/a}}' closes no open section")
    }

    @Test func badDelimiter() {
        #expect(diagnostic("{{=<% %> x=}}")
            == "Templates/page.mustache:1:1: error: bad delimiter change '{{=<% %> x=}}': give two delimiters separated by whitespace")
        #expect(diagnostic("{{= <%=}}") != nil)
    }

    @Test func unclosedTag() {
        #expect(diagnostic("<p>\n<b>{{title</b>") == "Templates/page.mustache:2:4: error: tag is never closed")
        #expect(diagnostic("{{{title}}") == "Templates/page.mustache:1:1: error: tag is never closed")
    }

    @Test func badName() {
        #expect(diagnostic("{{a..b}}") == "Templates/page.mustache:1:1: error: bad name 'a..b' in tag")
        #expect(diagnostic("{{ }}") == "Templates/page.mustache:1:1: error: bad name '' in tag")
    }

    @Test func unknownPragma() {
        #expect(diagnostic("x\n{{% CONTENT_TYPE: JSON}}")
            == "Templates/page.mustache:2:1: error: unknown pragma '{{%CONTENT_TYPE: JSON}}': use CONTENT_TYPE: TEXT or CONTENT_TYPE: HTML")
    }

    /// The mail templates' pragma: no escaping after it, in its section or template and their partials.
    @Test func textContentType() throws {
        let value = TemplateValue.object(TemplateObject([("a", .string("<&>")), ("on", .bool(true))]))
        let template = try Template(source: "{{a}}\n{{#on}}\n{{% CONTENT_TYPE: TEXT}}\n{{a}}{{>p}}\n{{/on}}\n{{a}}", file: "t")
        let partials = TemplateLibrary(["p": try Template(source: "{{a}}", file: "p")])
        #expect(template.render(value, partials: partials) == "&lt;&amp;&gt;\n<&><&>\n&lt;&amp;&gt;")
    }

    /// Rendering recurses per section: nesting is bounded where the template is read.
    @Test func nestedTooDeeply() throws {
        let deep = String(repeating: "{{#a}}", count: 10_000) + String(repeating: "{{/a}}", count: 10_000)
        #expect(diagnostic(deep) == "Templates/page.mustache:1:601: error: sections nested more than 100 deep")
    }

    /// A template including itself without end stops at the render depth limit, within the stack.
    @Test func endlessInclusionStopsWithinStack() throws {
        let nested = String(repeating: "{{#a}}", count: 100) + "{{>self}}" + String(repeating: "{{/a}}", count: 100)
        let template = try Template(source: nested, file: "self")
        let value = TemplateValue.object(TemplateObject([("a", .bool(true))]))
        #expect(template.render(value, partials: TemplateLibrary(["self": template])).isEmpty)
    }

    /// The sidebar's recursive partial, 400 folders deep (bench/nested-folders.sh), renders whole.
    @Test func deepSidebarRendersWhole() throws {
        let library = try RepositoryTemplateTests.library()
        let sidebar = try #require(library["partials/sidebar"])
        var item = TemplateObject([("url", .string("leaf.html")), ("title", .string("Leaf"))])
        for level in 0..<400 {
            item = TemplateObject([("url", .string("\(level).html")), ("title", .string("Folder")), ("open", .bool(true)),
                                   ("hasChildren", .bool(true)), ("children", .list([.object(item)]))])
        }
        let html = sidebar.render(.object(TemplateObject([("items", .list([.object(item)]))])), partials: library)
        #expect(html.contains("<a href=\"leaf.html\">Leaf</a>"))
    }

    @Test func errorIsTyped() {
        #expect(throws: TemplateParseError(reason: .unclosedSection("x"),
                                           position: SourcePosition(file: "f", line: 1, column: 1))) {
            try Template(source: "{{#x}}", file: "f")
        }
    }
}
