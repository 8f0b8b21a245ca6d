import Testing
import TemplateEngine

/// Standalone-line cases the spec leaves open.
@Suite struct StandaloneTests {
    /// Only tags inside a parent tag may stand alone after it: a section after `{{/p}}` shares a
    /// line with the parent's output, so its newline stays.
    @Test func sectionAfterParentIsNotStandalone() throws {
        let partials = TemplateLibrary(["p": try Template(source: "P", file: "p")])
        let template = try Template(source: "{{<p}}{{/p}}{{#a}}\nX{{/a}}", file: "t")
        #expect(template.render(.object(TemplateObject([("a", .bool(true))])), partials: partials) == "P\nX")
    }
}
