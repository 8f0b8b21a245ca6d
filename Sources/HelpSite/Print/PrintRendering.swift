import Diagnostics

extension SiteRenderer {
    /// Renders and writes every print view. Each page of a whole guide's view is rendered once
    /// more, for that view (its ids and links are the view's), and fitted to the folders' views
    /// (`PrintBody`); serve's cache keeps those bodies by page text, so an edit renders one page again.
    func renderPrintViews(into outcome: inout RenderOutcome) {
        let views = model.printViews
        guard !views.isEmpty else { return }
        let kept = cache?.printBodies ?? [:]
        let guides = views.filter { $0.guidePath == $0.outputPath }
        let jobs = guides.flatMap { guide in guide.pages.compactMap { source in model.pageIndex[source].map { (guide, model.pages[$0]) } } }
        let rendered = jobs.parallelMap { guide, page -> (key: String, body: RenderCache.PrintBody) in
            let key = guide.outputPath + "\u{0}" + page.source
            if let hit = kept[key], hit.text == page.body.base { return (key, hit) }
            let body = pageRenderer.render(page.body, page: page.source, file: page.file, firstLine: page.bodyLine, print: guide)
            return (key, RenderCache.PrintBody(text: page.body.base, html: body.html))
        }
        cache?.storePrintBodies(rendered)
        let bodies = Dictionary(rendered.map { ($0.key, $0.body.html) }, uniquingKeysWith: { first, _ in first })
        let guideByPath = Dictionary(guides.map { ($0.outputPath, $0) }, uniquingKeysWith: { first, _ in first })
        for view in views {
            guard let guide = guideByPath[view.guidePath] else { continue }
            let pages = view.pages.compactMap { model.pageIndex[$0].map { model.pages[$0] } }
            let html = pages.map { page in
                PrintBody.fitted(bodies[guide.outputPath + "\u{0}" + page.source] ?? "", to: view, whole: guide, baseURL: pageRenderer.baseURL)
            }
            let values = contexts.print(view, pages: pages, bodies: html)
            do throws(Diagnostic) { try output?.write(view.outputPath, bytes: templates.renderBytes("print", values)) } catch {
                outcome.diagnostics.append(error)
            }
        }
    }
}
