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
        // Each language's strings, under their own file names (both tools fall back to them).
        onDisk += try FileManager.default.contentsOfDirectory(atPath: Self.templates + "/strings")
            .filter { $0.hasSuffix(".yaml") }.map { "strings/" + $0 }
        #expect(Set(DefaultTemplates.files.map(\.name)) == Set(onDisk))
        for file in DefaultTemplates.files {
            let path = Self.templates + "/" + file.name + (file.name.hasSuffix(".yaml") ? "" : ".mustache")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(file.text == text, "\(file.name)")
        }
        // Every template resetlink checks against a type is built in.
        for root in ResetlinkTemplates.roots {
            #expect(DefaultTemplates.text(root.name) != nil, "\(root.name)")
        }
    }
}
