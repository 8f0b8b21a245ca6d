import Diagnostics
import Foundation
import Testing
@testable import HelpSite

/// Deep and long folder paths load and build (issue 16: a content folder whose absolute path
/// reached about 1 KB gave a false "symbolic link loop", and copying its files failed).
@Suite struct DeepFolderTests {
    /// A site under a folder whose absolute path is over 1 KB (eleven folders of 100 characters).
    @Test func siteUnderAOneKilobytePathBuilds() async throws {
        let base = try makeTemporaryDirectory() + "/" + Array(repeating: String(repeating: "x", count: 100), count: 11).joined(separator: "/")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        #expect(base.utf8.count > 1100)
        let site = try HostileContentTests.Site(at: base, [
            "index.md": HostileContentTests.page("Home", "[deep](a/b/page.md) ![pic](a/pic.png)\n"),
            "a/b/page.md": HostileContentTests.page("Deep", "[home](../../index.md)\n"),
        ])
        try site.write("a/pic.png", Data([1, 2, 3]))
        let tree = try ContentTree.scan(root: base + "/content", display: "content")
        #expect(tree.pages == ["a/b/page.md", "index.md"])
        _ = try await site.build()
        #expect(try Data(contentsOf: URL(fileURLWithPath: base + "/public/a/pic.png")) == Data([1, 2, 3]))
    }

    /// A symbolic link back to a folder above is still a loop.
    @Test func symbolicLinkLoopIsStillFound() throws {
        let root = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/a/b/up", withDestinationPath: "..")
        #expect(throws: DiagnosticsError.self) { try ContentTree.scan(root: root, display: "content") }
        do {
            _ = try ContentTree.scan(root: root, display: "content")
        } catch {
            #expect(error.diagnostics.map(\.formatted) == ["content/a/b/up: error: symbolic link loop: this folder is already part of the site"])
        }
    }

    /// The same folder reached twice by links, but not inside itself, is no loop.
    @Test func sameFolderLinkedTwiceIsNoLoop() throws {
        let root = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/shared", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/shared/a.txt"))
        try FileManager.default.createSymbolicLink(atPath: root + "/again", withDestinationPath: "shared")
        let tree = try ContentTree.scan(root: root, display: "content")
        #expect(tree.assets == ["again/a.txt", "shared/a.txt"])
    }
}
