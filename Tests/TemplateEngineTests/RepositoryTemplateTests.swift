import Foundation
import Testing
import TemplateEngine

/// The repository's own templates (Templates/) parse, and render through their layout.
@Suite struct RepositoryTemplateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Templates").standardized

    /// Every `.mustache` file under Templates/, by the name partial tags use (`partials/toc-entry`).
    static func library() throws -> TemplateLibrary {
        var library = TemplateLibrary()
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".mustache") {
            let source = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            library[String(file.dropLast(".mustache".count))] = try Template(source: source, file: "Templates/" + file)
        }
        return library
    }

    @Test func everyTemplateParses() throws {
        #expect(try Self.library().templates.count >= 30)
    }

    @Test func pageRendersThroughLayout() throws {
        let library = try Self.library()
        let page = try #require(library["page"])
        let value = TemplateValue.object(TemplateObject([
            ("title", .string("Reset <a> password")), ("siteTitle", .string("Help")), ("language", .string("en")),
            ("content", .string("<p>Body</p>")), ("hasTags", .bool(true)),
            ("tags", .list([.object(TemplateObject([("url", .string("t.html")), ("name", .string("sso"))]))])),
        ]))
        let html = page.render(value, partials: library)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<title>Reset &lt;a&gt; password · Help</title>"))
        #expect(html.contains("<div class=\"page-body\">\n<p>Body</p>\n</div>\n"))
        #expect(html.contains("<li><a class=\"tag\" rel=\"tag\" href=\"t.html\">sso</a></li>"))
        #expect(html.hasSuffix("</html>\n"))
    }
}
