import Diagnostics
import Settings

/// The languages a site publishes, and where each language's pages live. A translation sits
/// beside its original with the language before `.md` (`reset-password.de.md`); the build reads
/// it as the content path `de/reset-password.md`, so it is published under `de/` and everything
/// that works on content paths (sidebar, links, listings) works on each language's pages as a
/// folder of their own. The default language keeps its paths.
struct SiteLanguages: Sendable, Equatable {
    let defaultLanguage: String
    /// Every language, in `site.languages` order.
    let all: [String]

    init(defaultLanguage: String, all: [String]) {
        self.defaultLanguage = defaultLanguage
        self.all = all.contains(defaultLanguage) ? all : [defaultLanguage] + all
    }

    init(_ site: SiteSettings) {
        self.init(defaultLanguage: site.language, all: site.languages)
    }

    /// The languages besides the default one, each published under its own folder.
    var others: [String] { all.filter { $0 != defaultLanguage } }
    var isMultilingual: Bool { all.count > 1 }

    /// The folder prefix of a language's pages: "" for the default language, `de/` for German.
    func prefix(_ language: String) -> String {
        language == defaultLanguage ? "" : language + "/"
    }

    /// The language of a content or output path: the first folder when it is another language's.
    func language(of path: String) -> String {
        guard isMultilingual, let slash = path.firstIndex(of: "/") else { return defaultLanguage }
        let first = String(path[..<slash])
        return others.contains(first) ? first : defaultLanguage
    }

    /// The path in the default language's tree: `de/admin/x.md` → `admin/x.md`.
    func original(of path: String) -> String {
        let language = language(of: path)
        return language == defaultLanguage ? path : String(path.dropFirst(language.count + 1))
    }

    /// `admin/x.md` in `language`: `de/admin/x.md`.
    func path(_ original: String, in language: String) -> String {
        prefix(language) + original
    }

    /// The content path of a translation's file name: `admin/x.de.md` → `de/admin/x.md`; nil when
    /// the file is not another configured language's translation.
    func translatedPath(ofFile path: String) -> String? {
        guard isMultilingual, path.hasSuffix(".md") else { return nil }
        let stem = path.dropLast(3)
        guard let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/") else { return nil }
        let language = String(stem[stem.index(after: dot)...])
        guard others.contains(language) else { return nil }
        return language + "/" + stem[..<dot] + ".md"
    }
}

extension ContentTree {
    /// The tree with each translation at its language's content path (`x.de.md` → `de/x.md`),
    /// still read from its own file. A translation whose path a real `content/de/` file also has
    /// is an error: both would be published as one page.
    func placingTranslations(_ languages: SiteLanguages, display: String) throws(DiagnosticsError) -> ContentTree {
        guard languages.isMultilingual else { return self }
        var tree = self
        var problems: [Diagnostic] = []
        let existing = Set(pages)
        var placed: [String] = []
        for page in pages {
            guard let path = languages.translatedPath(ofFile: page) else {
                placed.append(page)
                continue
            }
            let disk = diskPath(of: page)
            if existing.contains(path) {
                problems.append(.error("'\(disk)' and '\(diskPath(of: path))' are both the page \(path); keep one",
                                       at: SourceLocation(file: display + "/" + disk)))
                continue
            }
            tree.diskPaths[page] = nil
            tree.diskPaths[path] = disk
            placed.append(path)
            var folder = SitePath.directory(of: path)
            while !folder.isEmpty, tree.directories.insert(folder).inserted {
                folder = SitePath.directory(of: folder)
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        tree.pages = placed.sorted()
        return tree
    }
}
