import DefaultTemplates
import Foundation
import ResetTemplates
import Testing
import Translations

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

    static let english = Translations.builtInEnglish.templateStrings

    @Test(arguments: ["en", "de"])
    func builtInTemplatesLoadWithAndWithoutTheCheck(language: String) throws {
        let strings = try ResetStrings.load(language, overrides: nil).templateStrings
        let library = try ResetTemplateLoader.load(TemplateGroup.allCases, overrides: nil, strings: strings)
        #expect(library["endpoint/forgot"] != nil && library["mail/reset-link.subject"] != nil)
        _ = try ResetTemplateLoader.load(TemplateGroup.allCases, overrides: nil, strings: strings, checkBuiltIn: true)
    }

    /// `site.templates/strings/de.yaml` replaces the built-in German alone: English stays built in.
    @Test func aStringsFileOverridesItsLanguageOnly() throws {
        let folder = try overrides([:])
        try FileManager.default.createDirectory(atPath: folder + "/strings", withIntermediateDirectories: true)
        let builtIn = try #require(DefaultTemplates.text("strings/de.yaml"))
        try builtIn.replacing("title: Passwort vergessen?", with: "title: Kennwort vergessen?")
            .write(toFile: folder + "/strings/de.yaml", atomically: true, encoding: .utf8)
        #expect(try ResetStrings.load("de", overrides: folder).text("endpoint.forgot.title") == "Kennwort vergessen?")
        #expect(try ResetStrings.load("en", overrides: folder).text("endpoint.forgot.title") == "Forgot your password?")
        // A key missing from the override is reported at its file, against the default language's.
        try builtIn.replacing("    submit: Link zum Zurücksetzen senden\n", with: "")
            .write(toFile: folder + "/strings/de.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try ResetStrings.checkAll(languages: ["en", "de"], defaultLanguage: "en", overrides: folder)
            Issue.record("a missing key was not reported")
        } catch {
            let messages = error.problems.map(\.formatted)
            #expect(messages.contains { $0.hasPrefix(folder + "/strings/de.yaml:") && $0.contains("endpoint.forgot.submit") }, "\(messages)")
        }
    }

    @Test func anOverrideIsCheckedWhenARequestLoadsItsGroup() throws {
        let folder = try overrides(["mail/reset-link.subject": "{{% CONTENT_TYPE: TEXT}}Reset {{usernmae}}"])
        _ = try ResetTemplateLoader.load([.pages], overrides: folder, strings: Self.english)
        #expect(throws: TemplateLoadError.self) { try ResetTemplateLoader.load([.mails], overrides: folder, strings: Self.english) }
        do {
            _ = try ResetTemplateLoader.load([.mails], overrides: folder, strings: Self.english)
        } catch {
            #expect(error.problems.map(\.formatted) == [
                folder + "/mail/reset-link.subject.mustache:1:31: error: unknown value 'usernmae' (did you mean 'username'?)",
            ])
        }
    }
}
