import ArgumentParser
import Dispatch
import Foundation
import HelpSite
import HelpSiteServer

#if canImport(Glibc)
import Glibc
#endif

extension HelpSiteCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build, serve the site on 127.0.0.1, rebuild on every change and reload open pages.",
            usage: "helpsite serve [<options>]",
            discussion: """
                Watches content/, Templates/ and the configuration file. Pages are built with the local \
                address as their base URL, so rebuild with helpsite build before publishing the \
                output folder. A build error is shown in the browser (file:line) until it is fixed. \
                Stop with Ctrl-C.
                """)

        @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "path"))
        var config: String?

        @Option(name: .long, help: ArgumentHelp("The port to listen on, on 127.0.0.1 (0 picks a free one).", valueName: "port"))
        var port: UInt16 = 8000

        @Option(name: .long, help: ArgumentHelp("Write the site here instead of site.output.", valueName: "folder"))
        var output: String?

        @Flag(name: .long, help: "Include pages marked draft: true.")
        var drafts = false

        @Option(name: .long, help: ArgumentHelp("Whether broken links, anchors and media are errors (the default) or warnings.", valueName: "error|warn"))
        var links: CommonOptions.LinkSeverity = .error

        @Flag(name: .long, help: "Print only the summary of each build, not each warning.")
        var quiet = false

        @Flag(name: .long, help: "Print how long each step of each build took.")
        var timings = false

        @Flag(name: .long, help: ArgumentHelp(
            "Look for changes every 200 ms instead of waiting for the system to report them.",
            discussion: "serve already polls folders on the network file systems it recognises (NFS, SMB, 9p, FUSE); use this where edits still go unnoticed."))
        var poll = false

        func run() async throws {
            var options = PreviewOptions()
            options.configPath = config
            options.port = port
            options.outputDirectory = output
            options.includeDrafts = drafts
            options.brokenLinksAreWarnings = links == .warn
            options.usesChangeNotifications = !poll
            let quiet = quiet, timings = timings
            let stop = Self.interruptions()
            let session = Task {
                try await PreviewSession.run(options) { event in Self.print(event, quiet: quiet, timings: timings) }
            }
            // Ctrl-C (SIGINT) or SIGTERM ends the session: the server closes its socket and the
            // rebuild loop stops between looks; the process then exits 0.
            let signalWatch = Task {
                for await number in stop {
                    Report.line(toStandardError: false, "Stopping (\(number == SIGINT ? "Ctrl-C" : "SIGTERM")).")
                    session.cancel()
                    return
                }
            }
            do {
                try await session.value
            } catch {
                Report.line(toStandardError: true, "error: \(error)")
                throw ExitCode.failure
            }
            signalWatch.cancel()
        }

        /// SIGINT and SIGTERM as a stream, delivered on a dispatch queue instead of interrupting
        /// whatever the process is doing.
        static func interruptions() -> AsyncStream<Int32> {
            AsyncStream { continuation in
                let sources = SignalSources([SIGINT, SIGTERM].map { number in
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                    source.setEventHandler { continuation.yield(number) }
                    source.resume()
                    return source
                })
                continuation.onTermination = { _ in sources.cancel() }
            }
        }

        static func print(_ event: PreviewSession.Event, quiet: Bool, timings: Bool) {
            switch event {
            case .listening(let url):
                Report.line(toStandardError: false, "Serving at \(url) (Ctrl-C to stop)")
            case .built(let report, let changed):
                if !quiet { Report.diagnostics(report.warnings) }
                let reused = changed.isEmpty ? "" : " (\(report.reusedPages) of \(report.pageCount) pages unchanged, "
                    + (report.writtenFiles == 1 ? "1 file written)" : "\(report.writtenFiles) files written)")
                Report.line(toStandardError: false, cause(changed) + report.summary + reused)
                if timings { Report.printTimings(report.steps) }
            case .polling(let reason, let interval):
                let milliseconds = interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
                Report.line(toStandardError: true, "note: looking for changes every \(milliseconds) ms (\(reason))")
            case .failed(let failure, let changed):
                Report.diagnostics(failure.diagnostics)
                Report.line(toStandardError: true, cause(changed) + "error: \(failure.summary.replacingOccurrences(of: "nothing was written", with: "the error is shown in the browser"))")
            }
        }

        static func cause(_ changed: [String]) -> String {
            guard let first = changed.first else { return "" }
            let shown = first.hasPrefix("./") ? String(first.dropFirst(2)) : first
            return changed.count == 1 ? "\(shown) changed: " : "\(shown) and \(changed.count - 1) more changed: "
        }
    }
}

/// Keeps the signal sources alive while the stream is. Immutable once made, and cancelling a
/// dispatch source is thread-safe, hence the unchecked conformance.
final class SignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    func cancel() { sources.forEach { $0.cancel() } }
}
