import Foundation
import SiteTemplates
import TemplateEngine
import Testing
import Translations

/// The repository's Templates/ pass the load-time check against the types both tools render them
/// with, and docs/templates.md's reference is the one made from those types.
@Suite struct RepositoryTemplatesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    static var roots: [(name: String, shape: ObjectShape)] {
        HelpSiteTemplates.roots + ResetlinkTemplates.roots
    }

    /// The repository's strings, every language checked against English.
    static func translations() throws -> Translations {
        try Translations.load(languages: ["en", "de"], defaultLanguage: "en",
                              templatesDirectory: repository.appendingPathComponent("Templates").path, display: "Templates")
    }

    /// Templates/ parsed with one language's strings (English unless asked).
    static func library(language: String = "en") throws -> TemplateLibrary {
        let strings = try translations()[language].templateStrings
        let folder = repository.appendingPathComponent("Templates")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        let sources = try files.filter { $0.hasSuffix(".mustache") }.sorted().map { file in
            TemplateSource(name: String(file.dropLast(".mustache".count)),
                           text: try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8),
                           file: "Templates/" + file)
        }
        let (library, problems) = TemplateLibrary.parse(sources, strings: strings)
        #expect(problems.isEmpty, "\(problems)")
        return library
    }

    /// In every language: a string may use only the names its template's type has.
    @Test(arguments: ["en", "de"])
    func everyTemplatePassesTheCheck(language: String) throws {
        let library = try Self.library(language: language)
        #expect(Self.roots.count >= 20)
        for (name, shape) in Self.roots {
            #expect(library.check(name, against: shape).map(\.description) == [], "\(language): \(name)")
        }
    }

    @Test func everyTemplateFileIsRenderedBySomeone() throws {
        let library = try Self.library()
        // A template no root reaches is never checked: it must be a partial or parent of a root.
        var reached = Set(Self.roots.map(\.name))
        var pending = Array(reached)
        while let name = pending.popLast() {
            for use in library[name]?.usedNames ?? [] where use.kind == .partial || use.kind == .parent {
                if reached.insert(use.path.joined()).inserted { pending.append(use.path.joined()) }
            }
        }
        #expect(Set(library.templates.keys).subtracting(reached) == [])
    }

    @Test func noTypeNamesAFieldTwice() {
        var seen: Set<String> = []
        var pending = Self.roots.map(\.shape)
        while let shape = pending.popLast() {
            guard seen.insert(shape.name).inserted else { continue }
            let names = shape.fields.map(\.name)
            #expect(Set(names).count == names.count, "\(shape.name) repeats a name: \(names)")
            for field in shape.fields {
                var type = field.type
                while true {
                    switch type {
                    case .optional(let inner), .list(let inner): type = inner; continue
                    case .object(let inner): pending.append(inner)
                    default: break
                    }
                    break
                }
            }
        }
        #expect(seen.count >= 10)
    }

    /// Set RESETKIT_UPDATE_DOCS=1 to rewrite the generated part of docs/templates.md.
    @Test func referenceInDocsIsGeneratedFromTheTypes() throws {
        let path = Self.repository.appendingPathComponent("docs/templates.md")
        let text = try String(contentsOf: path, encoding: .utf8)
        let begin = "<!-- generated from the template types by Tests/SiteTemplatesTests; do not edit by hand -->\n"
        let end = "<!-- end of generated reference -->"
        let start = try #require(text.range(of: begin))
        let stop = try #require(text.range(of: end))
        // Both tools render the sidebar partial with the same type: document it once.
        var documented: Set<String> = []
        let entries = Self.roots.filter { documented.insert($0.name).inserted }.map { TemplateReference.Entry(template: $0.name, shape: $0.shape) }
        let generated = TemplateReference.markdown(entries)
        if ProcessInfo.processInfo.environment["RESETKIT_UPDATE_DOCS"] == "1" {
            try (String(text[..<start.upperBound]) + "\n" + generated + String(text[stop.lowerBound...])).write(to: path, atomically: true, encoding: .utf8)
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == "\n" + generated,
                "docs/templates.md is out of date: run RESETKIT_UPDATE_DOCS=1 swift test --filter RepositoryTemplatesTests")
    }
}
