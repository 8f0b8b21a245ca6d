import Diagnostics

extension SiteRenderer {
    /// Renders and writes every print view. Each page of a whole guide's view is rendered once
    /// more, for that view (its ids and links are the view's), and fitted to the folders' views
    /// (`PrintBody`); serve's cache keeps those bodies by page text, so an edit renders one page again.
    /// A view is written as its template's text with each page's body put in as it is fitted, and
    /// the whole guide's view comes last and uses up the bodies: a 10,000-page guide's bodies are
    /// in memory about once, not three times (bodies, fitted bodies, the view).
    func renderPrintViews(into outcome: inout RenderOutcome) {
        let views = model.printViews
        guard !views.isEmpty else { return }
        let kept = cache?.printBodies ?? [:]
        let guides = views.filter { $0.guidePath == $0.outputPath }
        let jobs = guides.flatMap { guide in guide.pages.compactMap { source in model.pageIndex[source].map { (guide, model.pages[$0]) } } }
        var rendered = jobs.parallelMap { guide, page -> (key: String, body: RenderCache.PrintBody) in
            let key = Self.printKey(guide, page.source)
            if let hit = kept[key], hit.text == page.body.base { return (key, hit) }
            let body = pageRenderer.render(page.body, page: page.source, file: page.file, firstLine: page.bodyLine, print: guide)
            return (key, RenderCache.PrintBody(text: page.body.base, html: body.html))
        }
        cache?.storePrintBodies(rendered)
        var bodies = Dictionary(rendered.map { ($0.key, $0.body.html) }, uniquingKeysWith: { first, _ in first })
        rendered = []
        let guideByPath = Dictionary(guides.map { ($0.outputPath, $0) }, uniquingKeysWith: { first, _ in first })
        for view in views.filter({ $0.guidePath != $0.outputPath }) + guides {
            guard let guide = guideByPath[view.guidePath] else { continue }
            let isGuide = view.outputPath == guide.outputPath
            let pages = view.pages.compactMap { model.pageIndex[$0].map { model.pages[$0] } }
            // The template runs with a mark in place of each body; the bodies go in as the bytes are written.
            let marks = pages.indices.map { "\u{1}print-body-\($0)\u{1}" }
            let frame = templates.renderBytes("print", contexts.print(view, pages: pages, bodies: marks),
                                              language: model.languages.language(of: view.outputPath))
            var bytes: [UInt8] = []
            // Room for the frame and the bodies, and a little for what fitting adds (`../`, absolute URLs).
            let bodyBytes = pages.reduce(0) { $0 + (bodies[Self.printKey(guide, $1.source)]?.utf8.count ?? 0) }
            bytes.reserveCapacity(frame.count + bodyBytes + bodyBytes / 16)
            var copied = 0
            for (index, page) in pages.enumerated() {
                let key = Self.printKey(guide, page.source)
                let body = (isGuide ? bodies.removeValue(forKey: key) : bodies[key]) ?? ""
                guard let range = Self.range(of: marks[index], in: frame, from: copied) else { continue }
                bytes += frame[copied..<range.lowerBound]
                bytes += PrintBody.fitted(body, to: view, whole: guide, baseURL: pageRenderer.baseURL).utf8
                copied = range.upperBound
            }
            bytes += frame[copied...]
            do throws(Diagnostic) { try output?.write(view.outputPath, bytes: bytes) } catch {
                outcome.diagnostics.append(error)
            }
        }
    }

    private static func printKey(_ guide: PrintScope, _ page: String) -> String {
        guide.outputPath + "\u{0}" + page
    }

    /// Where `mark` first occurs in `bytes` at or after `start`.
    private static func range(of mark: String, in bytes: [UInt8], from start: Int) -> Range<Int>? {
        let needle = Array(mark.utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return index..<index + needle.count }
            index += 1
        }
        return nil
    }
}
