import Diagnostics
import HelpSite

/// What the browser shows instead of a stale page while the latest build has errors.
enum ErrorPage {
    static func html(_ diagnostics: [Diagnostic], version: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let items = diagnostics.map { diagnostic in
            "<li class=\"\(diagnostic.severity.rawValue)\"><code>\(escapeHTML(diagnostic.formatted))</code></li>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Build failed – helpsite serve</title>
            <style>
            body { font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
            h1 { color: #a4000f; }
            ol { padding-left: 1.25rem; }
            li { margin: .5rem 0; }
            code { white-space: pre-wrap; overflow-wrap: anywhere; }
            li.warning code { color: #6b4e00; }
            @media (prefers-color-scheme: dark) { body { background: #16181c; color: #e8e8e8; } h1 { color: #ff8a8a; } li.warning code { color: #f0c674; } }
            </style>
            </head>
            <body>
            <main>
            <h1>Build failed</h1>
            <p>The site could not be built (\(errors == 1 ? "1 error" : "\(errors) errors")). Fix the problem and save: this page reloads by itself.</p>
            <ol class="diagnostics">
            \(items)
            </ol>
            </main>
            \(LiveReload.tag(version: version))
            </body>
            </html>

            """
    }
}
