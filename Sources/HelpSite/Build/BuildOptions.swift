import Diagnostics
import Settings

/// What to build and how.
public struct BuildOptions: Sendable {
    public var configuration: Configuration
    /// Replaces `site.output` (`--output`).
    public var outputDirectory: String?
    /// Replaces `site.base_url` (`--base-url`); checked like the configured one.
    public var baseURL: String?
    /// Publish pages marked `draft: true`.
    public var includeDrafts = false
    /// False for `helpsite check`: everything is built and checked, nothing is written.
    public var writesOutput = true
    /// Report broken links, anchors and media as warnings instead of errors (`--links warn`), for
    /// a draft site or content imported from elsewhere. Still every one is reported.
    public var brokenLinksAreWarnings = false


    public init(configuration: Configuration) {
        self.configuration = configuration
    }
}

/// What a successful build did.
public struct BuildReport: Sendable {
    public var pageCount = 0
    public var tagCount = 0
    public var fileCount = 0
    /// Files written into the output folder: all of them (the marker file included), or for serve's
    /// rebuilds only those whose bytes changed. 0 when nothing was written.
    public var writtenFiles = 0
    /// Pages reused from the render cache (serve's incremental rebuilds).
    public var reusedPages = 0
    public var warnings: [Diagnostic] = []
    /// Words of raw HTML that safe mode left out, and on how many pages: said in the summary, as
    /// a page whose content was raw HTML is published nearly empty.
    public var droppedHTMLWords = 0
    public var droppedHTMLPages = 0
    public var steps: [StepTiming] = []
    /// The folder written, or nil when nothing was written.
    public var outputDirectory: String?

    public var milliseconds: Int { Int(steps.reduce(0) { $0 + $1.milliseconds }.rounded()) }

    /// One line for the terminal.
    public var summary: String {
        let warningText = warnings.count == 1 ? "1 warning" : "\(warnings.count) warnings"
        let pages = pageCount == 1 ? "1 page" : "\(pageCount) pages"
        let tags = tagCount == 1 ? "1 tag" : "\(tagCount) tags"
        if let outputDirectory {
            return "Built \(pages), \(tags), \(warningText) in \(milliseconds) ms into \(outputDirectory)" + droppedHTMLText
        }
        return "Checked \(pages), \(tags): no errors, \(warningText) in \(milliseconds) ms" + droppedHTMLText
    }

    private var droppedHTMLText: String {
        guard droppedHTMLWords > 0 else { return "" }
        let words = droppedHTMLWords == 1 ? "1 word" : "\(droppedHTMLWords) words"
        let pages = droppedHTMLPages == 1 ? "1 page" : "\(droppedHTMLPages) pages"
        return "; raw HTML left out (site.unsafe_html is off): \(words) on \(pages)"
    }
}

public struct StepTiming: Sendable {
    public var name: String
    public var milliseconds: Double
}

/// A build that found errors. Nothing was written; the previous output is as it was.
public struct BuildFailure: Error, Sendable {
    /// Errors and warnings, sorted by place.
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.count - errorCount }

    public var summary: String {
        let errors = errorCount == 1 ? "1 error" : "\(errorCount) errors"
        let warnings = warningCount == 1 ? "1 warning" : "\(warningCount) warnings"
        return "build failed with \(errors) and \(warnings); nothing was written"
    }
}
