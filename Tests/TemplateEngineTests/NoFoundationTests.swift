import Foundation
import Testing

/// resetlink's start-up is to drop Foundation (issue 17), so the engine must not bring it back.
@Suite struct NoFoundationTests {
    @Test func engineImportsNothing() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/TemplateEngine").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let imports = text.split(separator: "\n").filter { $0.hasPrefix("import ") }
            #expect(imports.isEmpty, "\(file) imports \(imports)")
        }
    }
}
