import Diagnostics

/// What exists in the site, for resolving links before any page is rendered: the link map is
/// decided by file names alone, so pages can be rendered independently (and in parallel).
struct SiteInventory: Sendable {
    /// Published pages, by content path (`admin/index.md`).
    var pages: Set<String>
    /// Draft pages left out of this build.
    var draftPages: Set<String>
    /// Non-Markdown files under content/, copied as they are.
    var assets: Set<String>
    /// Folders under content/.
    var directories: Set<String>
    /// Other output files the build makes (tag pages, 404.html, sitemap.xml, assets/…).
    var generatedOutputs: Set<String>
    /// `docs/README.md` → `docs/index.md` for each README published as its folder's index page.
    var readmeIndexes: [String: String]

    /// The page whose output is `output`, if any (`admin/index.html` → `admin/index.md`).
    func page(forOutput output: String) -> String? {
        guard output.hasSuffix(".html") else { return nil }
        let source = String(output.dropLast(5)) + ".md"
        return pages.contains(source) ? source : nil
    }

    /// Lower-cased page and asset paths to the real ones, for "did you mean" hints; built once.
    private var byLowercase: [String: String] = [:]

    init(pages: Set<String>, draftPages: Set<String>, assets: Set<String>, directories: Set<String>, generatedOutputs: Set<String>,
         readmeIndexes: [String: String] = [:]) {
        self.readmeIndexes = readmeIndexes
        self.pages = pages
        self.draftPages = draftPages
        self.assets = assets
        self.directories = directories
        self.generatedOutputs = generatedOutputs
        for path in pages.union(assets).sorted().reversed() { byLowercase[path.lowercased()] = path }
    }

    /// Whether `path` names something of the site: a page, file, folder or generated output.
    func contains(_ path: String) -> Bool {
        pages.contains(path) || assets.contains(path) || directories.contains(path) || generatedOutputs.contains(path)
            || readmeIndexes[path] != nil || draftPages.contains(path)
    }

    /// An existing path that differs only in letter case, for a helpful hint.
    func caseInsensitiveMatch(for path: String) -> String? {
        byLowercase[path.lowercased()]
    }
}

/// A `#fragment` that must name a heading on `page`; checked once every page's ids are known.
struct FragmentReference: Sendable {
    var location: SourceLocation
    var page: String
    var fragment: String
    var samePage: Bool
}

/// Resolves a link or image destination written in a page and rewrites it to the output URL.
struct LinkResolver: Sendable {
    enum Kind { case link, image }

    enum Resolution: Equatable {
        /// External, or nothing to rewrite.
        case unchanged
        /// Site-internal: the new URL, and the page whose heading the fragment must name.
        case rewritten(url: String, fragmentPage: String?, fragment: String?)
        case problem(Diagnostic.Severity, String)
    }

    let inventory: SiteInventory
    /// A link in a translated page to a page that has no translation leads to the original.
    var languages = SiteLanguages(defaultLanguage: "", all: [])

    func resolve(_ destination: String, from page: String, kind: Kind) -> Resolution {
        if destination.isEmpty {
            return .problem(.warning, kind == .image ? "image has no source" : "link has no destination")
        }
        if isExternal(destination, from: page) { return .unchanged }

        var rest = Substring(destination)
        var fragment: String?
        // By scalar: `#` followed by a combining mark is one Character, not "#".
        if let hash = rest.unicodeScalars.firstIndex(of: "#") {
            fragment = String(rest[rest.unicodeScalars.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[mark...])
            rest = rest[..<mark]
        }
        guard let undecodedFragment = fragment.map(SitePath.percentDecode) ?? .some(nil) else {
            return .problem(.error, "malformed percent-encoding in '#\(fragment ?? "")'")
        }
        // Ids are published in NFC and the browser matches a fragment code point by code point, so
        // a fragment typed in NFD is published in NFC (percent-encoded); others are left as typed.
        let decodedFragment = undecodedFragment.map(PublishedNames.nfc)
        var destination = destination
        if let undecodedFragment, let decodedFragment, !PublishedNames.sameBytes(undecodedFragment, decodedFragment) {
            fragment = SitePath.percentEncode(decodedFragment)
            destination = String(destination[..<(destination.unicodeScalars.firstIndex(of: "#") ?? destination.endIndex)]) + "#" + (fragment ?? "")
        }
        let suffix = query + (fragment.map { "#" + $0 } ?? "")
        if rest.isEmpty {
            guard let decodedFragment, !decodedFragment.isEmpty else { return .unchanged }
            return .rewritten(url: destination, fragmentPage: page, fragment: decodedFragment)
        }
        guard let undecoded = SitePath.percentDecode(String(rest)) else {
            return .problem(.error, "malformed percent-encoding in '\(rest)'")
        }
        // Content paths are NFC; so is what the link names, whichever form its author typed.
        let decoded = PublishedNames.nfc(undecoded)
        let base = decoded.hasPrefix("/") ? "" : SitePath.directory(of: page)
        guard var target = SitePath.resolve(decoded, in: base) else {
            return .problem(.error, "'\(rest)' leads outside the content folder")
        }
        // `x.md` in `de/y.md` is `de/x.md` when German has it, else the original `x.md` (or image).
        let language = languages.language(of: page)
        // A draft translation is left out: its original stands in for it.
        func exists(_ path: String) -> Bool {
            (inventory.contains(path) && !inventory.draftPages.contains(path)) || inventory.page(forOutput: path) != nil
        }
        if language != languages.defaultLanguage, target.hasPrefix(language + "/"), !exists(target), exists(languages.original(of: target)) {
            target = languages.original(of: target)
        }
        let from = SitePath.outputPath(forPage: page)
        func link(to output: String, page targetPage: String?) -> Resolution {
            // `page.md#` is the page's top, as `#` alone is: no heading to check.
            .rewritten(url: SitePath.relativeURL(from: from, to: output) + suffix,
                       fragmentPage: targetPage, fragment: decodedFragment?.isEmpty == false ? decodedFragment : nil)
        }

        if kind == .link, decoded.hasSuffix("/") || target.isEmpty || inventory.directories.contains(target) {
            // The folder's index.md (or README.md), else the listing page the build makes for it.
            let index = target.isEmpty ? "index.md" : target + "/index.md"
            if inventory.pages.contains(index) { return link(to: SitePath.outputPath(forPage: index), page: index) }
            let listing = SitePath.sectionOutputPath(target)
            if inventory.generatedOutputs.contains(listing) { return link(to: listing, page: nil) }
            if inventory.draftPages.contains(index) {
                return .problem(.error, "link to folder '\(rest)', whose index page is a draft this build leaves out (build with --drafts to include drafts)")
            }
            return .problem(.error, "link to folder '\(rest)', which has no index.md or README.md and no pages to list")
        }
        if kind == .link, target.hasSuffix(".md") {
            if let index = inventory.readmeIndexes[target], inventory.pages.contains(index) {
                return link(to: SitePath.outputPath(forPage: index), page: index)
            }
            if inventory.pages.contains(target) {
                return link(to: SitePath.outputPath(forPage: target), page: target)
            }
            if inventory.draftPages.contains(target) || inventory.readmeIndexes[target].map(inventory.draftPages.contains) == true {
                return .problem(.error, "link to draft page '\(rest)', which this build leaves out (build with --drafts to include drafts)")
            }
            return .problem(.error, "link to missing page '\(rest)'" + hint(for: target))
        }
        if inventory.assets.contains(target) {
            return link(to: target, page: nil)
        }
        if kind == .link, let targetPage = inventory.page(forOutput: target) {
            return link(to: target, page: targetPage)
        }
        if kind == .link, inventory.generatedOutputs.contains(target) {
            return link(to: target, page: nil)
        }
        if kind == .image {
            if inventory.pages.contains(target) {
                return .problem(.error, "'\(rest)' is a page, not an image or media file (use a link: [text](\(rest)))")
            }
            return .problem(.error, "missing image or media file '\(rest)'" + hint(for: target))
        }
        return .problem(.error, "link to missing file '\(rest)'" + hint(for: target))
    }

    private func hint(for target: String) -> String {
        guard let match = inventory.caseInsensitiveMatch(for: target), match != target else { return "" }
        return " (did you mean '\(match)'? letter case matters on the web server)"
    }

    /// Schemes that are always URLs of another kind, even where a file of the site has that name.
    static let knownSchemes: Set<String> = [
        "http", "https", "mailto", "tel", "sms", "ftp", "sftp", "ssh", "git", "file", "data", "javascript", "vbscript",
        "irc", "ircs", "news", "xmpp", "geo", "webcal", "urn", "about", "blob", "callto", "magnet",
    ]

    /// Whether a destination points outside the site (left alone, not checked). `faq:reset.md`
    /// reads as scheme `faq:`, yet GitHub and migrated docs mean the file; so `name:` is a scheme
    /// only if it is a well-known one, or if the destination names nothing in the site and is not a
    /// `.md` path either (`slack://…`, `zoommtg:…`).
    func isExternal(_ destination: String, from page: String) -> Bool {
        if destination.hasPrefix("//") { return true }
        guard Self.hasScheme(destination), let colon = destination.firstIndex(of: ":") else { return false }
        if Self.knownSchemes.contains(destination[..<colon].lowercased()) { return true }
        let path = destination.prefix { $0 != "?" && $0 != "#" }
        if path.hasSuffix(".md"), !destination.contains("//") { return false }
        let first = path.prefix { $0 != "/" }
        guard let name = SitePath.percentDecode(String(first)).map(PublishedNames.nfc),
              let target = SitePath.resolve(name, in: SitePath.directory(of: page)) else { return true }
        return !inventory.contains(target)
    }

    /// `scheme:` as RFC 3986 defines it (a letter, then letters, digits, `+`, `-`, `.`).
    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// URLs that cmark's safe mode empties (its `_scan_dangerous_url`).
    static func isDangerous(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("data:") {
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lower.hasPrefix($0) }
        }
        return lower.hasPrefix("javascript:") || lower.hasPrefix("vbscript:") || lower.hasPrefix("file:")
    }
}
