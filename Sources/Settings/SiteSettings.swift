import Diagnostics
import TypedYAML

/// The `site:` section: what `helpsite` needs to build the guide.
public struct SiteSettings: Sendable, Equatable {
    public var title = "Password help"
    /// Absolute http(s) URL the site is published under, always ending in `/`. Used for the sitemap,
    /// canonical links and the 404 page; pages link to each other with relative URLs.
    public var baseURL = "https://intranet.example.com/help/"
    /// BCP 47 language tag for `<html lang>`: the default language, whose pages keep their paths.
    public var language = "en"
    /// The languages the site publishes and resetlink serves (BCP 47 codes, e.g. `[en, de]`), in the
    /// order the language switcher lists them; always contains `language`. Default: `[language]`.
    public var languages: [String] { explicitLanguages ?? [language] }
    /// `site.languages` as written, nil when the file leaves it out (it then follows `language`).
    public var explicitLanguages: [String]?
    public var contentDirectory = "content"
    public var templatesDirectory = "Templates"
    /// Whether the file sets `site.templates`. resetlink renders its built-in templates unless it
    /// does (then that folder's files override them one by one); helpsite always reads the folder.
    public var templatesDirectoryIsSet = false
    public var outputDirectory = "public"
    /// Let raw HTML and `javascript:` URLs in Markdown through (cmark's unsafe mode).
    public var unsafeHTML = false
    /// Curly quotes, dashes and ellipses.
    public var smartPunctuation = true
    /// An explicit sidebar order: content paths such as `reset-password.md`. Empty means ordering
    /// by each page's `weight`, then title.
    public var navigation: [NavigationEntry] = []
    /// Check that the guide has every page and anchor `resetlink` links to (GuideLinks). Off for
    /// sites that are not the password guide.
    public var checkResetlinkLinks = true
    /// Front-matter keys pages may carry for other tools (a migrated site's `sidebar_label`,
    /// `slug`, `linkTitle`): accepted and not used, where any other unknown key is an error.
    public var ignoredFrontMatterKeys: [String] = []
    /// Take the dates and author a page's front matter leaves out from git's history of its file.
    public var datesFromGit = true
    /// "Edit this page": a URL with `{path}` (the page's file under content, percent-encoded).
    public var editURL: String?

    public struct NavigationEntry: Sendable, Equatable {
        public var path: String
        /// Where the entry is written, for errors about it.
        public var location: SourceLocation

        public init(path: String, location: SourceLocation) {
            self.path = path
            self.location = location
        }
    }

    public init() {}

    static let keys = [
        "title", "base_url", "language", "languages", "content", "templates", "output",
        "unsafe_html", "smart_punctuation", "nav", "check_resetlink_links", "ignored_front_matter",
        "dates_from_git", "edit_url",
    ]

    init(_ value: YAMLValue) throws(DiagnosticsError) {
        let section = try value.mapping("the site section", knownKeys: Self.keys)
        var problems = section.problems
        func read<T>(_ key: String, _ convert: (YAMLValue) throws(Diagnostic) -> T) -> T? {
            guard let field = section[key] else { return nil }
            do { return try convert(field) } catch { problems.append(error); return nil }
        }
        if let title = read("title", { v throws(Diagnostic) in try v.string("site.title") }) { self.title = title }
        if let url = read("base_url", { v throws(Diagnostic) in try Self.checkedBaseURL(v) }) { baseURL = url }
        if let language = read("language", { v throws(Diagnostic) in
            // It names a strings file and goes into pages and URLs, like each of site.languages.
            let code = try v.string("site.language")
            guard Self.isLanguageCode(code) else { throw v.error("site.language '\(code)' is not a language code such as en, de or pt-BR") }
            return code
        }) { self.language = language }
        if let list = read("languages", { v throws(Diagnostic) in try Self.checkedLanguages(v) }) {
            if list.codes.contains(language) {
                explicitLanguages = list.codes
            } else {
                problems.append(list.value.error("site.languages must contain site.language ('\(language)'), the default language"))
            }
        }
        if let dir = read("content", { v throws(Diagnostic) in try v.string("site.content") }) { contentDirectory = dir }
        if let dir = read("templates", { v throws(Diagnostic) in try v.string("site.templates") }) {
            templatesDirectory = dir
            templatesDirectoryIsSet = true
        }
        if let dir = read("output", { v throws(Diagnostic) in try v.string("site.output") }) { outputDirectory = dir }
        if let flag = read("unsafe_html", { v throws(Diagnostic) in try v.bool("site.unsafe_html") }) { unsafeHTML = flag }
        if let flag = read("smart_punctuation", { v throws(Diagnostic) in try v.bool("site.smart_punctuation") }) { smartPunctuation = flag }
        if let flag = read("check_resetlink_links", { v throws(Diagnostic) in try v.bool("site.check_resetlink_links") }) { checkResetlinkLinks = flag }
        if let keys = read("ignored_front_matter", { v throws(Diagnostic) in try v.stringList("site.ignored_front_matter") }) {
            ignoredFrontMatterKeys = keys
        }
        if let flag = read("dates_from_git", { v throws(Diagnostic) in try v.bool("site.dates_from_git") }) { datesFromGit = flag }
        if let url = read("edit_url", { v throws(Diagnostic) in try Self.checkedEditURL(v) }) { editURL = url }
        if let entries = read("nav", { v throws(Diagnostic) in try v.list("site.nav") }) {
            for entry in entries {
                do {
                    navigation.append(NavigationEntry(path: try entry.string("each entry of site.nav"), location: entry.location))
                } catch { problems.append(error) }
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// Normalises a base URL to end in `/`, rejecting anything that is not an absolute http(s) URL.
    public static func normalizedBaseURL(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        let afterScheme = text[text.index(text.firstIndex(of: ":") ?? text.startIndex, offsetBy: 3)...]
        guard let host = afterScheme.split(separator: "/", omittingEmptySubsequences: false).first,
              !host.isEmpty,
              !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "?#\"<>\\".unicodeScalars.contains($0) })
        else { return nil }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// A BCP 47 tag as the site uses it: letters, digits and hyphens, starting with a 2–3 letter
    /// language (`de`, `pt-BR`, `zh-Hant`); it becomes a folder name and a URL parameter.
    public static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    static func checkedLanguages(_ value: YAMLValue) throws(Diagnostic) -> (codes: [String], value: YAMLValue) {
        var codes: [String] = []
        for item in try value.list("site.languages") {
            let code = try item.string("each entry of site.languages")
            guard isLanguageCode(code) else {
                throw item.error("'\(code)' in site.languages is not a language code such as en, de or pt-BR")
            }
            guard !codes.contains(where: { $0.lowercased() == code.lowercased() }) else {
                throw item.error("'\(code)' is listed twice in site.languages")
            }
            codes.append(code)
        }
        guard !codes.isEmpty else { throw value.error("site.languages must list at least the default language") }
        return (codes, value)
    }

    /// The placeholder in `site.edit_url` that a page's path replaces.
    public static let editURLPlaceholder = "{path}"

    static func checkedEditURL(_ value: YAMLValue) throws(Diagnostic) -> String {
        let text = try value.string("site.edit_url")
        let lower = text.lowercased()
        let host = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !host.isEmpty, !host.contains("{"),
              !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "\"<>\\".unicodeScalars.contains($0) })
        else {
            throw value.error("site.edit_url must be an absolute http:// or https:// URL, not '\(text)'")
        }
        guard text.contains(editURLPlaceholder) else {
            throw value.error("site.edit_url must contain {path}, where each page's file path goes (e.g. https://git.example.com/help/edit/main/content/{path})")
        }
        return text
    }

    static func checkedBaseURL(_ value: YAMLValue) throws(Diagnostic) -> String {
        let text = try value.string("site.base_url")
        guard let url = normalizedBaseURL(text) else {
            throw value.error("site.base_url must be an absolute http:// or https:// URL without a query or fragment, not '\(text)'")
        }
        return url
    }
}
