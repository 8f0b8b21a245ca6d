import Foundation
import SiteTemplates
import TemplateEngine
import Testing
@testable import HelpSite

/// Templates are checked against the values they receive when they are loaded (issue 17), so a
/// designer's typo fails the build at its place instead of rendering as nothing.
@Suite struct TemplateStrictnessTests {
    /// A site whose Templates/ is a copy of the repository's with `edit` applied to `file`.
    func site(editing file: String, _ edit: (String) -> String) throws -> String {
        let root = try makeTemporaryDirectory()
        try FileManager.default.copyItem(atPath: Paths.packageRoot.appendingPathComponent("Templates").path, toPath: root + "/Templates")
        let path = root + "/Templates/" + file
        try edit(try readText(path)).write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
        try "---\ntitle: Home\n---\n\nHello.\n".write(toFile: root + "/content/index.md", atomically: true, encoding: .utf8)
        try "site:\n  check_resetlink_links: false\n".write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        return root
    }

    @Test
    func unknownNameFailsTheBuildAtItsPlace() throws {
        let root = try site(editing: "page.mustache") { $0.replacingOccurrences(of: "<h1>{{title}}</h1>", with: "<h1>{{titel}}</h1>") }
        let result = try run(Paths.helpsiteExecutable, ["build"], in: root)
        #expect(result.status == 1)
        #expect(result.standardError.split(separator: "\n").first == "Templates/page.mustache:5:5: error: unknown value 'titel' (did you mean 'title'?)")
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }

    /// Syntax errors of every template are reported at once, at file:line:column, before any page.
    @Test func syntaxErrorsOfEveryTemplateAreReportedTogether() throws {
        let root = try site(editing: "page.mustache") { $0.replacingOccurrences(of: "{{/hasTOC}}", with: "") }
        try "<ul>\n{{#items}}{{/item}}\n".write(toFile: root + "/Templates/partials/sidebar.mustache", atomically: true, encoding: .utf8)
        let result = try run(Paths.helpsiteExecutable, ["build"], in: root)
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        // Where `{{/main}}` is in the repository's page.mustache (the edit keeps the lines).
        let page = try readText(Paths.packageRoot.appendingPathComponent("Templates/page.mustache").path)
        let mainLine = try #require(page.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "{{/main}}" }) + 1
        #expect(lines.contains("Templates/page.mustache:\(mainLine):1: error: '{{/main}}' does not close the open section 'hasTOC'"))
        #expect(lines.contains("Templates/partials/sidebar.mustache:2:11: error: '{{/item}}' does not close the open section 'items'"))
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }

    /// A syntax error in one template does not hide the check of the others, nor is the broken
    /// template reported again as missing by the roots that use it.
    @Test func syntaxErrorAndUnknownNameAreReportedTogether() throws {
        let root = try site(editing: "tags.mustache") { $0.replacingOccurrences(of: "{{.name}}", with: "{{.nmae}}") }
        try "<li>{{#.url}}\n".write(toFile: root + "/Templates/partials/page-list-item.mustache", atomically: true, encoding: .utf8)
        let result = try run(Paths.helpsiteExecutable, ["build"], in: root)
        #expect(result.status == 1)
        #expect(result.standardError.split(separator: "\n").map(String.init) == [
            "Templates/partials/page-list-item.mustache:1:5: error: section '.url' is never closed",
            "Templates/tags.mustache:9:46: error: unknown value 'nmae' in the current TagsValues.Entry (did you mean 'name'?)",
            "error: build failed with 2 errors and 0 warnings; nothing was written",
        ])
    }

    /// The catalogue names every template helpsite renders, each in Templates/, and no type lists a
    /// name twice (a page type's own field named like one of the layout's would hide it).
    @Test func catalogueNamesEveryRootOnceWithDistinctFields() throws {
        let names = HelpSiteTemplates.roots.map(\.name)
        #expect(names == ["page", "section", "tag", "tags", "404", "alias", "print", "partials/sidebar"])
        for name in names {
            #expect(FileManager.default.fileExists(atPath: Paths.packageRoot.appendingPathComponent("Templates/\(name).mustache").path))
        }
        var pending = HelpSiteTemplates.roots.map(\.shape)
        var seen: Set<String> = []
        while let shape = pending.popLast() {
            guard seen.insert(shape.name).inserted else { continue }
            let fields = shape.fields.map(\.name)
            #expect(Set(fields).count == fields.count, "\(shape.name) lists a name twice: \(fields)")
            for field in shape.fields { pending += Self.objects(in: field.type) }
        }
        #expect(seen.isSuperset(of: ["PageValues", "TOCEntry", "PageDate", "TagLink", "Link", "ListingEntry", "SidebarEntry", "TagsValues.Entry"]))
    }

    static func objects(in type: ValueType) -> [ObjectShape] {
        switch type {
        case .object(let shape): [shape]
        case .optional(let wrapped), .list(let wrapped): objects(in: wrapped)
        case .text, .number, .html, .flag: []
        }
    }
}
