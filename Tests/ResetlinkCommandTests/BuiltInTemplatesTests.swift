import DefaultTemplates
import Foundation
import SiteTemplates
import Testing

/// The templates compiled into resetlink are the repository's `Templates/` files, every one the
/// code renders, byte for byte.
@Suite struct BuiltInTemplatesTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates").path

    @Test func builtInTemplatesAreTheRepositorysFiles() throws {
        var onDisk = ["layout", "partials/sidebar", "partials/sidebar-item"]
        for folder in ["endpoint", "admin", "mail"] {
            onDisk += try FileManager.default.contentsOfDirectory(atPath: Self.templates + "/" + folder)
                .filter { $0.hasSuffix(".mustache") }.map { folder + "/" + $0.dropLast(".mustache".count) }
        }
        #expect(Set(DefaultTemplates.files.map(\.name)) == Set(onDisk))
        for file in DefaultTemplates.files {
            let text = try String(contentsOfFile: Self.templates + "/" + file.name + ".mustache", encoding: .utf8)
            #expect(file.text == text, "\(file.name)")
        }
        // Every template resetlink checks against a type is built in.
        for root in ResetlinkTemplates.roots {
            #expect(DefaultTemplates.text(root.name) != nil, "\(root.name)")
        }
    }
}
