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

    /// Folders whose absolute paths cross 1 KB (at 100-character steps, and at 7-character steps).
    @Test func foldersPastOneKilobyteAreNoLoop() throws {
        for (step, count) in [(100, 3), (7, 80)] {
            let base = try makeTemporaryDirectory() + "/" + Array(repeating: String(repeating: "y", count: 100), count: 8).joined(separator: "/")
            let folders = Array(repeating: String(repeating: "z", count: step), count: count).joined(separator: "/")
            try FileManager.default.createDirectory(atPath: base + "/content/" + folders, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: base + "/content/" + folders + "/page.md"))
            #expect((base + "/content/" + folders).utf8.count > 1100)
            let tree = try ContentTree.scan(root: base + "/content", display: "content")
            #expect(tree.pages == [folders + "/page.md"])
        }
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

    /// 400 nested folders without index.md: each gets a listing page, but a chain of folders is one
    /// sidebar and breadcrumb entry, so the output grows with the square of the depth (the path
    /// lengths), not its cube (179 MiB before, when every listing page listed every folder above).
    @Test func nestedFoldersWithoutIndexStaySmall() async throws {
        let depth = 400
        let folders = Array(repeating: "d", count: depth).joined(separator: "/")
        let site = try HostileContentTests.Site([
            "index.md": HostileContentTests.page("Home", "[deep](\(folders)/page.md) [middle](\(Array(repeating: "d", count: 200).joined(separator: "/"))/)\n"),
            "\(folders)/page.md": HostileContentTests.page("Deep", "[home](/index.md)\n"),
        ])
        _ = try await site.build()
        let bytes = try snapshot(site.root + "/public").values.reduce(0) { $0 + $1.count }
        #expect(bytes < 20_000_000)
        let deep = try site.output(folders + "/page.html")
        #expect(deep.components(separatedBy: "D / D").count > depth / 2)
        #expect(FileManager.default.fileExists(atPath: site.root + "/public/" + folders + "/index.html"))
    }

    /// 400 nested folders, each with an index.md: the sidebar nests 400 levels deep, through the
    /// recursive partial, on the rendering workers' threads, and is rendered whole (the renderer
    /// stops silently at 1,500 levels of sections and partials).
    @Test func sidebarOfFourHundredNestedFoldersRendersWhole() async throws {
        let depth = 400
        var files = ["index.md": HostileContentTests.page("Home", "Top.\n")]
        for level in 1...depth {
            let folder = Array(repeating: "d", count: level).joined(separator: "/")
            files[folder + "/index.md"] = HostileContentTests.page("Level \(level)", "Level.\n")
        }
        let deepest = Array(repeating: "d", count: depth).joined(separator: "/")
        files[deepest + "/page.md"] = HostileContentTests.page("Deep", "Bottom.\n")
        let site = try HostileContentTests.Site(files)
        _ = try await site.build()
        let html = try site.output(deepest + "/page.html")
        let sidebar = try #require(html.components(separatedBy: "<nav class=\"sidebar\" aria-label=\"Guide\">").last?
            .components(separatedBy: "</nav>").first)
        #expect(sidebar.components(separatedBy: "<li class=\"nav-item").count - 1 == depth + 2)
        #expect(sidebar.contains(">Level \(depth)</a>"))
        #expect(sidebar.contains("aria-current=\"page\">Deep</a>"))
        #expect(sidebar.components(separatedBy: "</ul>").count - 1 == depth + 1)
    }

    @Test func chainOfFoldersIsOneSidebarAndBreadcrumbEntry() {
        let tree = NavigationTree(pages: [NavigationTree.Entry(source: "index.md", title: "Home"),
                                          NavigationTree.Entry(source: "a/b/c/page.md", title: "Page"),
                                          NavigationTree.Entry(source: "a/b/other/x.md", title: "X")])
        #expect(tree.items.map(\.title) == ["Home", "A / B"])
        #expect(tree.items.last?.outputPath == "a/b/index.html")
        #expect(tree.items.last?.children.map(\.title) == ["C", "Other"])
        #expect(tree.breadcrumbs(for: "a/b/c/page.md").map(\.title) == ["Home", "A / B", "C"])
        #expect(tree.chainFolders == ["a"])
        #expect(tree.sections["a"]?.children.map(\.title) == ["B"])
    }
}
