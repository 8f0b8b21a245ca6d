/// sitemap.xml (sitemaps.org 0.9): every page, folder listing and tag page under the base URL,
/// with the page's `modified` (or `created`) date. Sorted, so two builds give the same bytes. On a
/// site in several languages each URL lists its language versions as `xhtml:link` alternates
/// (Google's way of giving hreflang in a sitemap), `x-default` being the default language's.
enum Sitemap {
    static func xml(model: SiteModel, baseURL: String) -> String {
        var entries: [(path: String, lastModified: CalendarDate?)] = model.pages.map {
            ($0.outputPath, $0.frontMatter.modified ?? $0.frontMatter.created)
        }
        entries += model.generatedSections.map { (SitePath.sectionOutputPath($0), nil) }
        for index in model.tagIndexes where !index.tags.isEmpty {
            entries.append((index.indexOutputPath, nil))
            entries += index.tags.map { ($0.outputPath, nil) }
        }
        let multilingual = model.languages.isMultilingual
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
            + (multilingual ? " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n" : ">\n")
        func url(_ path: String) -> String { escapeHTML(baseURL + SitePath.percentEncodePath(path)) }
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            xml += "  <url><loc>\(url(entry.path))</loc>"
            if let date = entry.lastModified { xml += "<lastmod>\(date.iso)</lastmod>" }
            let versions = multilingual ? model.versions(of: entry.path) : []
            if versions.count > 1 {
                for version in versions {
                    xml += "\n    <xhtml:link rel=\"alternate\" hreflang=\"\(version.language)\" href=\"\(url(version.output))\"/>"
                }
                if let original = versions.first(where: { $0.language == model.languages.defaultLanguage }) {
                    xml += "\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(url(original.output))\"/>"
                }
                xml += "\n  "
            }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }
}
