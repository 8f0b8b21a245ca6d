import Foundation
import ResetTemplates
import Testing

/// What a request loads: built-in groups are not checked again (the suite checks them), a group
/// with an overriding file is, whichever of its files the problem is in.
@Suite struct ResetTemplateLoaderTests {
    func overrides(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("overrides-\(UUID().uuidString)").path
        for (name, text) in files {
            let path = folder + "/" + name + ".mustache"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func builtInTemplatesLoadWithAndWithoutTheCheck() throws {
        let library = try ResetTemplateLoader.load(TemplateGroup.allCases, overrides: nil)
        #expect(library["endpoint/forgot"] != nil && library["mail/reset-link.subject"] != nil)
        _ = try ResetTemplateLoader.load(TemplateGroup.allCases, overrides: nil, checkBuiltIn: true)
    }

    @Test func anOverrideIsCheckedWhenARequestLoadsItsGroup() throws {
        let folder = try overrides(["mail/reset-link.subject": "{{% CONTENT_TYPE: TEXT}}Reset {{usernmae}}"])
        _ = try ResetTemplateLoader.load([.pages], overrides: folder)
        #expect(throws: TemplateLoadError.self) { try ResetTemplateLoader.load([.mails], overrides: folder) }
        do {
            _ = try ResetTemplateLoader.load([.mails], overrides: folder)
        } catch {
            #expect(error.problems.map(\.formatted) == [
                folder + "/mail/reset-link.subject.mustache:1:31: error: unknown value 'usernmae' (did you mean 'username'?)",
            ])
        }
    }
}
