import Diagnostics

extension SiteRenderer {
    /// Renders and writes every print view. A view depends on the bodies of all its pages, so each
    /// page is rendered again for each view it is in (its ids and links are the view's); serve's
    /// cache keeps those bodies by view and page text, so an edit renders one page again per view.
    func renderPrintViews(into outcome: inout RenderOutcome) {
        let views = model.printViews
        guard !views.isEmpty else { return }
        let kept = cache?.printBodies ?? [:]
        let members = views.map { view in view.pages.compactMap { model.pageIndex[$0].map { model.pages[$0] } } }
        let jobs = zip(views, members).flatMap { view, pages in pages.map { (view, $0) } }
        let bodies = jobs.parallelMap { view, page -> (key: String, body: RenderCache.PrintBody) in
            let key = view.outputPath + "\u{0}" + page.source
            if let hit = kept[key], hit.text == page.body.base { return (key, hit) }
            let body = pageRenderer.render(page.body, page: page.source, file: page.file, firstLine: page.bodyLine, print: view)
            return (key, RenderCache.PrintBody(text: page.body.base, html: body.html))
        }
        cache?.storePrintBodies(bodies)
        var start = 0
        for (view, pages) in zip(views, members) {
            let html = bodies[start..<start + pages.count].map(\.body.html)
            start += pages.count
            let values = contexts.print(view, pages: pages, bodies: html)
            do throws(Diagnostic) { try output?.write(view.outputPath, bytes: templates.renderBytes("print", values)) } catch {
                outcome.diagnostics.append(error)
            }
        }
    }
}
