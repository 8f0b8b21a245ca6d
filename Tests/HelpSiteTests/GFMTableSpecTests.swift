import Foundation
import Testing
@testable import HelpSite

/// The table and task-list examples of the GFM spec (Fixtures/gfm-spec/, copied from cmark-gfm), each
/// rendered by helpsite's page renderer and compared with the spec's HTML byte for byte.
@Suite struct GFMTableSpecTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var fixture: String
        var number: Int
        var line: Int
        var markdown: String
        var html: String
        var testDescription: String { "\(fixture) example \(number) (line \(line))" }
    }

    static let examples = load("gfm-spec/tables.txt")
    static let taskListExamples = load("gfm-spec/task-lists.txt")

    static func load(_ fixture: String) -> [Example] {
        let fence = String(repeating: "`", count: 32)
        guard let text = try? String(contentsOfFile: Paths.fixture(fixture), encoding: .utf8) else { return [] }
        var examples: [Example] = []
        var current: (line: Int, markdown: [String], html: [String], inHTML: Bool)?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix(fence + " example") {
                current = (index + 1, [], [], false)
            } else if line == fence, let example = current {
                examples.append(Example(fixture: fixture, number: examples.count + 1, line: example.line,
                                        markdown: example.markdown.map { $0 + "\n" }.joined(),
                                        html: example.html.map { $0 + "\n" }.joined()))
                current = nil
            } else if current != nil {
                if line == "." && current?.inHTML == false { current?.inHTML = true; continue }
                if current?.inHTML == true { current?.html.append(String(line)) } else { current?.markdown.append(String(line)) }
            }
        }
        return examples
    }

    @Test func theFixturesHoldTheSpecsExamples() {
        #expect(Self.examples.count == 8)
        #expect(Self.taskListExamples.count == 2)
    }

    @Test(arguments: examples + taskListExamples)
    func rendersAsTheSpecSays(_ example: Example) {
        let renderer = PageRenderer(resolver: LinkResolver(inventory: SiteInventory(pages: ["index.md"], draftPages: [], assets: [], directories: [], generatedOutputs: [])),
                                    smartPunctuation: false, unsafeHTML: false)
        let body = renderer.render(Substring(example.markdown), page: "index.md", file: "content/index.md", firstLine: 1)
        // Normalised: the scroll wrapper helpsite puts around each table, and alignment written as
        // `style="text-align: X"` where cmark-gfm writes the obsolete `align="X"` (see TableTests).
        #expect(asCmarkGFMWritesIt(body.html) == example.html)
        #expect(body.diagnostics.isEmpty)
    }
}

/// HTML with the `<div class="table-scroll">` lines around each table taken out.
func withoutTableWrappers(_ html: String) -> String {
    html.replacingOccurrences(of: "<div class=\"table-scroll\" tabindex=\"0\">\n<table>", with: "<table>")
        .replacingOccurrences(of: "</table>\n</div>\n", with: "</table>\n")
}

/// HTML with helpsite's two departures from cmark-gfm's table HTML undone: the scroll wrapper and
/// the alignment style (HTML5 made `align` obsolete).
func asCmarkGFMWritesIt(_ html: String) -> String {
    var result = withoutTableWrappers(html)
    for alignment in ["left", "center", "right"] {
        result = result.replacingOccurrences(of: "style=\"text-align: \(alignment)\"", with: "align=\"\(alignment)\"")
    }
    return result
}
