/// sitemap.xml (sitemaps.org 0.9): every page, folder listing and tag page under the base URL,
/// with the page's `modified` (or `created`) date, from front matter or git. Sorted, so two builds give the same bytes.
enum Sitemap {
    static func xml(model: SiteModel, baseURL: String) -> String {
        var entries: [(path: String, lastModified: CalendarDate?)] = model.pages.map {
            ($0.outputPath, $0.dates.modified ?? $0.dates.created)
        }
        entries += model.generatedSections.map { (SitePath.sectionOutputPath($0), nil) }
        if !model.tags.tags.isEmpty {
            entries.append((TagIndex.indexOutputPath, nil))
            entries += model.tags.tags.map { ($0.outputPath, nil) }
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            xml += "  <url><loc>\(escapeHTML(baseURL + SitePath.percentEncodePath(entry.path)))</loc>"
            if let date = entry.lastModified { xml += "<lastmod>\(date.iso)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }
}
