import TemplateEngine
import Testing
import Translations

/// `{{t.key}}` tags replaced at load time by a language's string, parsed as a Mustache fragment.
@Suite struct TemplateStringsTests {
    static let strings = TemplateStrings(language: "de", file: "Templates/strings/de.yaml", texts: [
        "guide.greeting": "Hallo {{name}} & <Freunde>",
        "guide.link_html": "<a href=\"{{url}}\">Mehr & mehr</a>",
        "guide.pages.one": "{{count}} Seite",
        "guide.raw": "Hallo {{{name}}} und {{&name}}",
        "guide.raw_html": "<b>{{{name}}}</b>",
    ])

    func render(_ source: String, _ values: [(String, TemplateValue)] = [("name", .string("<Ann>")), ("url", .string("a?b&c"))]) throws -> String {
        try Template(source: source, file: "page.mustache", strings: Self.strings).render(.object(TemplateObject(values)))
    }

    @Test func literalTextIsEscapedInHTML() throws {
        #expect(try render("<p>{{t.guide.greeting}}</p>") == "<p>Hallo &lt;Ann&gt; &amp; &lt;Freunde&gt;</p>")
    }

    @Test func htmlKeysKeepTheirMarkup() throws {
        #expect(try render("{{t.guide.link_html}}") == "<a href=\"a?b&amp;c\">Mehr & mehr</a>")
    }

    /// Only `_html` keys may show a value unescaped: a text string's `{{{name}}}` is escaped.
    @Test func aTextStringEscapesEveryValue() throws {
        #expect(try render("<p>{{t.guide.raw}}</p>") == "<p>Hallo &lt;Ann&gt; und &lt;Ann&gt;</p>")
        #expect(try render("{{t.guide.raw_html}}") == "<b><Ann></b>")
        #expect(try render("{{% CONTENT_TYPE: TEXT}}\n{{t.guide.raw}}") == "Hallo <Ann> und <Ann>")
    }

    @Test func textTemplatesInsertAsIs() throws {
        #expect(try render("{{% CONTENT_TYPE: TEXT}}\n{{t.guide.greeting}}") == "Hallo <Ann> & <Freunde>")
        // Triple mustaches too.
        #expect(try render("{{{t.guide.greeting}}}") == "Hallo &lt;Ann&gt; & <Freunde>")
    }

    @Test func fragmentsSeeTheSections() throws {
        let values: [(String, TemplateValue)] = [("tags", .list([.object(TemplateObject([("count", .int(1))]))]))]
        #expect(try render("{{#tags}}[{{t.guide.pages.one}}]{{/tags}}", values) == "[1 Seite]")
    }

    @Test func unknownKeyIsAnErrorAtTheTag() {
        #expect(throws: TemplateParseError.self) { try Template(source: "x\n  {{t.guide.greting}}", file: "page.mustache", strings: Self.strings) }
        do {
            _ = try Template(source: "x\n  {{t.guide.greting}}", file: "page.mustache", strings: Self.strings)
        } catch {
            #expect(error.description == "page.mustache:2:3: error: no string 'guide.greting' for language 'de' in Templates/strings/de.yaml (did you mean 't.guide.greeting'?)")
        }
    }

    @Test func namesInStringsAreCheckedAtTheTag() throws {
        let library = TemplateLibrary(["page": try Template(source: "a\n{{t.guide.greeting}}", file: "page.mustache", strings: Self.strings)])
        let shape = ObjectShape(name: "Values", summary: "values", fields: { [] })
        #expect(library.check("page", against: shape).map(\.description) == ["page.mustache:2:1: error: unknown value 'name'"])
    }

    @Test func withoutStringsTIsAnOrdinaryName() throws {
        let template = try Template(source: "{{t.x}}", file: "page.mustache")
        #expect(template.render(.object(TemplateObject([("t", .object(TemplateObject([("x", .string("y"))])))]))) == "y")
    }
}
