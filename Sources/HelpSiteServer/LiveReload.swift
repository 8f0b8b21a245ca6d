#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The script every served page gets, which reloads it once the site has been rebuilt. It waits on
/// `/__helpsite/wait` (long polling: plain HTTP, nothing for the page's own scripts to clash with).
enum LiveReload {
    static let scriptPath = "/__helpsite/reload.js"
    static let waitPath = "/__helpsite/wait"

    static let script = """
        // helpsite serve: reload this page when the site has been rebuilt.
        (function () {
          "use strict";
          var version = document.currentScript.getAttribute("data-version");
          function wait() {
            fetch("\(waitPath)?version=" + encodeURIComponent(version), { cache: "no-store" })
              .then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.text();
              })
              .then(function (now) {
                if (now.trim() !== version) { window.location.reload(); } else { wait(); }
              })
              .catch(function () { window.setTimeout(wait, 1000); });
          }
          wait();
        })();

        """

    static func tag(version: Int) -> String {
        "<script src=\"\(scriptPath)\" data-version=\"\(version)\"></script>"
    }

    /// The page with the script added just before `</body>` (or at the end when there is none).
    static func inject(into html: String, version: Int) -> String {
        let tag = tag(version: version)
        guard let body = html.range(of: "</body>", options: [.backwards, .caseInsensitive]) else { return html + tag }
        var page = html
        page.insert(contentsOf: tag + "\n", at: body.lowerBound)
        return page
    }
}
